package app

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"postplan/app/feedhttp"
	"postplan/calendar"
	"postplan/calendar/ics"
	"postplan/storage"
)

// ImportReport says what an import did, or would do on a dry run.
type ImportReport struct {
	Posts     int      `json:"posts"`
	New       int      `json:"new"`
	Updated   int      `json:"updated"`
	Unchanged int      `json:"unchanged"` // in the plan as they are: not written
	Campaigns int      `json:"campaigns"` // created for unknown categories
	Channels  int      `json:"channels"`  // created for unknown channels
	Members   int      `json:"members"`   // created for unknown assignees
	LeftOut   int      `json:"leftOut"`   // CSV rows with problems, not imported
	Problems  []string `json:"problems"`
	// Cancelled says the user stopped the import: nothing was written.
	Cancelled bool `json:"cancelled"`
}

func (r ImportReport) String() string {
	return fmt.Sprintf("%d posts (%d new, %d updated, %d unchanged), %d new campaigns, %d new channels",
		r.Posts, r.New, r.Updated, r.Unchanged, r.Campaigns, r.Channels)
}

// ImportICS adds a calendar file's events to the plan; a dry run only
// reports. The window's File > Import and `postplan import` both use it.
func ImportICS(ctx context.Context, db *storage.DB, body []byte, dryRun bool) (ImportReport, error) {
	imp, r, err := readICS(ctx, db, body)
	if err != nil || dryRun {
		return r, err
	}
	_, err = db.SaveImport(ctx, icsImport(imp))
	return r, err
}

// icsImport is what importing a calendar file writes: a post already in
// the plan keeps what the file cannot hold (its text per channel, media,
// experiment).
func icsImport(imp ics.Imported) storage.Import {
	return storage.Import{Team: storage.Team{Campaigns: imp.Plan.Campaigns, Channels: imp.Plan.Channels}, Posts: imp.Plan.Posts,
		Kept: calendar.KeptByICS}
}

// readICS reads a calendar file against the plan and says what importing
// it would do.
func readICS(ctx context.Context, db *storage.DB, body []byte) (ics.Imported, ImportReport, error) {
	opts := ics.ReadOptions{Campaigns: map[string]calendar.Campaign{}, Now: time.Now().UTC()}
	campaigns, err := db.Campaigns(ctx)
	if err == nil {
		opts.Members, err = db.Members(ctx)
	}
	if err == nil {
		opts.Channels, err = db.Channels(ctx)
	}
	if err != nil {
		return ics.Imported{}, ImportReport{}, err
	}
	for _, c := range campaigns {
		opts.Campaigns[c.Tag] = c
	}
	imp, err := ics.Read(bytes.NewReader(body), opts)
	if err != nil {
		return ics.Imported{}, ImportReport{}, err
	}
	r := ImportReport{Posts: len(imp.Plan.Posts), Campaigns: len(imp.Plan.Campaigns), Channels: len(imp.Plan.Channels), Problems: []string{}}
	for _, p := range imp.Problems {
		r.Problems = append(r.Problems, p.String())
	}
	counts, err := db.Classify(ctx, icsImport(imp))
	if err != nil {
		return ics.Imported{}, ImportReport{}, err
	}
	r.New, r.Updated, r.Unchanged = counts.New, counts.Updated, counts.Unchanged
	return imp, r, nil
}

// ExportICS renders the plan's posts, or what one feed shows, as the feed
// server would send it. The whole plan's file holds the posts (experiments'
// included) and not the team's routines, so that importing it gives back the
// same posts and nothing else; a feed shows routines when its filter does.
func ExportICS(ctx context.Context, db *storage.DB, log *slog.Logger, feedName string) ([]byte, error) {
	feed := &calendar.Feed{Name: "Postplan", Filter: calendar.FeedFilter{Kinds: []calendar.Kind{calendar.KindPost, calendar.KindExperiment}}}
	if feedName != "" {
		feeds, err := db.Feeds(ctx)
		if err != nil {
			return nil, err
		}
		feed = nil
		for i := range feeds {
			if feeds[i].Name == feedName {
				feed = &feeds[i]
			}
		}
		if feed == nil {
			return nil, calendar.Errorf(calendar.ENOTFOUND, "There is no feed called %q.", feedName)
		}
	}
	body, err := feedhttp.New(db, log).Render(ctx, feed)
	return body, err
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
