package app

import (
	"context"
	"log/slog"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"postplan/storage"
	"postplan/transfer"
)

// ImportReport says what an import did.
type ImportReport struct {
	Posts     int `json:"posts"`
	New       int `json:"new"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"` // in the plan as they are: not written
	Older     int `json:"older"`     // changed in the plan since the file was written: kept
	// KeptExperiments and KeptRoutines name what a JSON export brings
	// that the plan changed after the file was written: kept as it is.
	KeptExperiments []string `json:"keptExperiments"`
	KeptRoutines    []string `json:"keptRoutines"`
	Campaigns       int      `json:"campaigns"` // created for unknown categories
	Channels        int      `json:"channels"`  // created for unknown channels
	Members         int      `json:"members"`   // created for unknown assignees
	LeftOut         int      `json:"leftOut"`   // CSV rows with problems, not imported
	Problems        []string `json:"problems"`
	// Cancelled says the user stopped the import: nothing was written.
	Cancelled bool `json:"cancelled"`
}

func toImportReport(r *transfer.Result) ImportReport {
	out := ImportReport{Posts: r.Posts, New: r.New, Updated: r.Updated, Unchanged: r.Unchanged, Older: r.Older, Campaigns: len(r.Campaigns),
		Channels: len(r.Channels), Members: len(r.Members), LeftOut: r.Invalid, Problems: []string{},
		KeptExperiments: orEmpty(r.KeptExperiments), KeptRoutines: orEmpty(r.KeptRoutines)}
	for _, p := range r.Problems {
		out.Problems = append(out.Problems, p.String())
	}
	for _, name := range r.SkippedFeeds {
		out.Problems = append(out.Problems, transfer.SkippedFeedProblem(name))
	}
	return out
}

// Files serves the File menu: import, export, backup and restore.
type Files struct {
	ctx context.Context
	db  *storage.DB
	log *slog.Logger

	mu     sync.Mutex
	cancel context.CancelFunc // of the import or export running, if any
	// progress tells the window how far a transfer has come.
	progress func(ctx context.Context, p TransferProgress)
}

// NewFiles returns the Files service.
func NewFiles(db *storage.DB, log *slog.Logger) *Files {
	return &Files{ctx: context.Background(), db: db, log: log,
		progress: func(ctx context.Context, p TransferProgress) { emit(ctx, "transfer:progress", p) }}
}

func (f *Files) startup(ctx context.Context) { f.ctx = ctx }

// emit sends an event to the window. Without one (tests, the command line)
// there is nobody to tell, and Wails would end the process if asked.
func emit(ctx context.Context, name string, data ...any) {
	if ctx.Value("events") == nil {
		return
	}
	runtime.EventsEmit(ctx, name, data...)
}

// ChooseMedia lets the user pick media files for a post with the native
// dialog. The paths are stored with the post; the files stay where they are.
func (f *Files) ChooseMedia() ([]string, error) {
	paths, err := runtime.OpenMultipleFilesDialog(f.ctx, runtime.OpenDialogOptions{
		Title: "Choose images or videos",
		Filters: []runtime.FileFilter{
			{DisplayName: "Images and videos", Pattern: "*.png;*.jpg;*.jpeg;*.gif;*.webp;*.heic;*.mp4;*.mov;*.webm"},
			{DisplayName: "All files", Pattern: "*"},
		},
	})
	if err != nil {
		return nil, toBridge(f.log, "choose media", err)
	}
	if paths == nil {
		paths = []string{}
	}
	return paths, nil
}
