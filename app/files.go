package app

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"postplan/app/feedhttp"
	"postplan/calendar"
	"postplan/calendar/ics"
	"postplan/storage"
)

// MaxImportBytes refuses files no plan of posts comes near, before reading
// them into memory.
const MaxImportBytes = 50 << 20

// ImportReport says what an import did, or would do on a dry run.
type ImportReport struct {
	Posts     int      `json:"posts"`
	New       int      `json:"new"`
	Updated   int      `json:"updated"`
	Campaigns int      `json:"campaigns"` // created for unknown categories
	Channels  int      `json:"channels"`  // created for unknown channels
	Problems  []string `json:"problems"`
}

func (r ImportReport) String() string {
	return fmt.Sprintf("%d posts (%d new, %d updated), %d new campaigns, %d new channels",
		r.Posts, r.New, r.Updated, r.Campaigns, r.Channels)
}

// ReadImportFile reads a file for import, refusing what is too big to be a
// plan before reading it.
func ReadImportFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, calendar.Errorf(calendar.ENOTFOUND, "%s cannot be read: %v", path, err)
	} else if st.Size() > MaxImportBytes {
		return nil, calendar.Errorf(calendar.EINVALID, "%s is %d MB; files over 50 MB are not imported.", path, st.Size()>>20)
	}
	return os.ReadFile(path)
}

// ImportICS adds a calendar file's events to the plan; a dry run only
// reports. The window's File > Import and `postplan import` both use it.
func ImportICS(ctx context.Context, db *storage.DB, body []byte, dryRun bool) (ImportReport, error) {
	opts := ics.ReadOptions{Campaigns: map[string]calendar.Campaign{}, Now: time.Now().UTC()}
	campaigns, err := db.Campaigns(ctx)
	if err == nil {
		opts.Members, err = db.Members(ctx)
	}
	if err == nil {
		opts.Channels, err = db.Channels(ctx)
	}
	if err != nil {
		return ImportReport{}, err
	}
	for _, c := range campaigns {
		opts.Campaigns[c.Tag] = c
	}
	imp, err := ics.Read(bytes.NewReader(body), opts)
	if err != nil {
		return ImportReport{}, err
	}
	r := ImportReport{Posts: len(imp.Plan.Posts), Campaigns: len(imp.Plan.Campaigns), Channels: len(imp.Plan.Channels), Problems: []string{}}
	for _, p := range imp.Problems {
		r.Problems = append(r.Problems, p.String())
	}
	for _, p := range imp.Plan.Posts {
		if _, err := db.FindPost(ctx, p.ID); err == nil {
			r.Updated++
		}
	}
	r.New = r.Posts - r.Updated
	if dryRun {
		return r, nil
	}
	for _, ch := range imp.Plan.Channels {
		if err := db.PutChannel(ctx, ch); err != nil {
			return r, err
		}
	}
	for _, c := range imp.Plan.Campaigns {
		if err := db.PutCampaign(ctx, c); err != nil {
			return r, err
		}
	}
	return r, db.SavePosts(ctx, imp.Plan.Posts)
}

// ExportICS renders the whole plan, or what one feed shows, as the feed
// server would send it.
func ExportICS(ctx context.Context, db *storage.DB, log *slog.Logger, feedName string) ([]byte, error) {
	feed := &calendar.Feed{Name: "Postplan"}
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
	body, _, err := feedhttp.New(db, log).Render(ctx, feed)
	return body, err
}

// WriteFileAtomic writes beside the target and renames, so a failed export
// never leaves half a file where a good one was.
func WriteFileAtomic(path string, body []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, body, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Files serves the File menu: import and export of calendar files.
type Files struct {
	ctx context.Context
	db  *storage.DB
	log *slog.Logger
}

// NewFiles returns the Files service.
func NewFiles(db *storage.DB, log *slog.Logger) *Files {
	return &Files{ctx: context.Background(), db: db, log: log}
}

func (f *Files) startup(ctx context.Context) { f.ctx = ctx }

// ImportFile imports a calendar file and tells the window to reload.
func (f *Files) ImportFile(path string) (ImportReport, error) {
	body, err := ReadImportFile(path)
	if err != nil {
		return ImportReport{}, toBridge(f.log, "import", err)
	}
	r, err := ImportICS(f.ctx, f.db, body, false)
	if err != nil {
		return r, toBridge(f.log, "import", err)
	}
	f.log.Info("imported", "file", path, "posts", r.Posts, "problems", len(r.Problems))
	emit(f.ctx, "plan:changed")
	return r, nil
}

// ExportFile writes the whole plan as a calendar file.
func (f *Files) ExportFile(path string) error {
	body, err := ExportICS(f.ctx, f.db, f.log, "")
	if err == nil {
		err = WriteFileAtomic(path, body)
	}
	return toBridge(f.log, "export", err)
}

// importDialog and exportDialog are what File > Import and File > Export
// do: a native file dialog, then the work, then a native message.
func (f *Files) importDialog() {
	path, err := runtime.OpenFileDialog(f.ctx, runtime.OpenDialogOptions{
		Title:   "Import a calendar file",
		Filters: []runtime.FileFilter{{DisplayName: "Calendar files (*.ics)", Pattern: "*.ics"}},
	})
	if err != nil || path == "" {
		return
	}
	r, err := f.ImportFile(path)
	f.tell("Import", r.String(), err)
}

func (f *Files) exportDialog() {
	path, err := runtime.SaveFileDialog(f.ctx, runtime.SaveDialogOptions{
		Title: "Export the plan as a calendar file", DefaultFilename: "postplan.ics",
		Filters: []runtime.FileFilter{{DisplayName: "Calendar files (*.ics)", Pattern: "*.ics"}},
	})
	if err != nil || path == "" {
		return
	}
	f.tell("Export", "The plan was written to "+path+".", f.ExportFile(path))
}

func (f *Files) tell(title, done string, err error) {
	kind, msg := runtime.InfoDialog, done
	if err != nil {
		kind, msg = runtime.ErrorDialog, calendar.ErrorMessage(err)
	}
	_, _ = runtime.MessageDialog(f.ctx, runtime.MessageDialogOptions{Type: kind, Title: title, Message: msg})
}

// emit sends an event to the window. Without one (tests, the command line)
// there is nobody to tell, and Wails would end the process if asked.
func emit(ctx context.Context, name string) {
	if ctx.Value("events") == nil {
		return
	}
	runtime.EventsEmit(ctx, name)
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
