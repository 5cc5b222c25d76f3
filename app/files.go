package app

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"postplan/app/feedhttp"
	"postplan/app/transfer"
	"postplan/calendar"
	"postplan/calendar/ics"
	"postplan/storage"
)

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
	return r, db.SaveImport(ctx, storage.Team{Campaigns: imp.Plan.Campaigns, Channels: imp.Plan.Channels}, imp.Plan.Posts)
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
	body, _, err := feedhttp.New(db, log).Render(ctx, feed)
	return body, err
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

// ImportFile imports a calendar file, or a JSON export, and tells the
// window to reload. CSV files go through previewCSV and importCSV, so the
// user sees every row's outcome first.
func (f *Files) ImportFile(path string) (ImportReport, error) {
	format, err := transfer.FormatOf(path)
	if err != nil {
		return ImportReport{}, toBridge(f.log, "import", err)
	}
	body, err := transfer.ReadFile(path)
	if err != nil {
		return ImportReport{}, toBridge(f.log, "import", err)
	}
	var r ImportReport
	switch format {
	case ".csv":
		return r, toBridge(f.log, "import", calendar.Errorf(calendar.EINVALID, "A CSV file is previewed before it is imported."))
	case ".json":
		var plan *transfer.Plan
		if plan, err = transfer.ReadJSON(body); err == nil {
			r = ImportReport{Posts: len(plan.Posts), Campaigns: len(plan.Campaigns), Problems: []string{}}
			var skipped []string
			skipped, err = transfer.ImportJSON(f.ctx, f.db, plan)
			for _, name := range skipped {
				r.Problems = append(r.Problems, fmt.Sprintf("The feed %q was not added: the plan has a feed of that name.", name))
			}
		}
	default:
		r, err = ImportICS(f.ctx, f.db, body, false)
	}
	if err != nil {
		return r, toBridge(f.log, "import", err)
	}
	f.log.Info("imported", "file", path, "posts", r.Posts, "problems", len(r.Problems))
	emit(f.ctx, "plan:changed")
	return r, nil
}

// previewCSV reads a CSV file against the plan and says what importing it
// would do, row by row; nothing changes. zone is for rows without one.
func (f *Files) previewCSV(path, zone string) (*transfer.Preview, error) {
	body, err := transfer.ReadFile(path)
	if err != nil {
		return nil, toBridge(f.log, "preview", err)
	}
	p, err := transfer.PreviewCSV(f.ctx, f.db, body, zone)
	return p, toBridge(f.log, "preview", err)
}

// importCSV imports a CSV file's rows in one all-or-nothing write: all of
// them, or with validOnly the rows without problems.
func (f *Files) importCSV(path, zone string, validOnly bool) (*transfer.Preview, error) {
	p, err := f.previewCSV(path, zone)
	if err != nil {
		return nil, err
	}
	if err := transfer.CommitCSV(f.ctx, f.db, p, validOnly); err != nil {
		return p, toBridge(f.log, "import", err)
	}
	f.log.Info("imported", "file", path, "rows", p.Valid, "left out", p.Invalid)
	emit(f.ctx, "plan:changed")
	return p, nil
}

// ExportFile writes the plan: .json everything, .csv the posts the
// window's filter shows, anything else the whole plan as a calendar file.
func (f *Files) ExportFile(path string) error {
	var body []byte
	var err error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		// A spreadsheet is for the posts in view: the window's filter.
		prefs := defaultPreferences
		if _, err = f.db.Setting(f.ctx, "preferences", &prefs); err == nil {
			match := prefs.Filter.matcher()
			body, err = transfer.ExportCSV(f.ctx, f.db, func(p *calendar.Post) bool { return match(p, p.Title, p.Body, p.Status) })
		}
	case ".json":
		body, err = transfer.ExportJSON(f.ctx, f.db)
	default:
		body, err = ExportICS(f.ctx, f.db, f.log, "")
	}
	if err == nil {
		err = transfer.WriteFileAtomic(path, body)
	}
	return toBridge(f.log, "export", err)
}

var importFilters = []runtime.FileFilter{
	{DisplayName: "Plans (*.csv, *.ics, *.json)", Pattern: "*.csv;*.ics;*.json"},
	{DisplayName: "All files", Pattern: "*"},
}

// importDialog and exportDialog are what File > Import and File > Export
// do: a native file dialog, then the work, then a native message. A CSV
// file's preview is a question: import it, its valid rows, or nothing.
func (f *Files) importDialog() {
	path, err := runtime.OpenFileDialog(f.ctx, runtime.OpenDialogOptions{Title: "Import a plan", Filters: importFilters})
	if err != nil || path == "" {
		return
	}
	if strings.ToLower(filepath.Ext(path)) != ".csv" {
		r, err := f.ImportFile(path)
		f.tell("Import", r.String(), err)
		return
	}
	p, err := f.previewCSV(path, transfer.MachineZone())
	if err != nil {
		f.tell("Import", "", err)
		return
	}
	msg, validOnly := p.String()+".", false
	if problems := p.Problems(); len(problems) > 0 {
		if len(problems) > 12 {
			problems = append(problems[:12], fmt.Sprintf("… and %d more", len(problems)-12))
		}
		msg += "\n\n" + strings.Join(problems, "\n")
		if p.Valid == 0 {
			f.tell("Import", "", calendar.Errorf(calendar.EINVALID, "%s", msg))
			return
		}
		msg += fmt.Sprintf("\n\nImport the %d rows without problems and leave the others out?", p.Valid)
		validOnly = true
	} else {
		msg += "\n\nImport them?"
	}
	answer, err := runtime.MessageDialog(f.ctx, runtime.MessageDialogOptions{
		Type: runtime.QuestionDialog, Title: "Import " + filepath.Base(path), Message: msg,
		Buttons: []string{"Import", "Cancel"}, DefaultButton: "Import", CancelButton: "Cancel",
	})
	if err != nil || (answer != "Import" && answer != "Yes") {
		return
	}
	_, err = f.importCSV(path, transfer.MachineZone(), validOnly)
	f.tell("Import", fmt.Sprintf("Imported %d posts from %s.", p.Valid, filepath.Base(path)), err)
}

func (f *Files) exportDialog() {
	path, err := runtime.SaveFileDialog(f.ctx, runtime.SaveDialogOptions{
		Title: "Export the plan", DefaultFilename: "postplan.csv",
		Filters: []runtime.FileFilter{
			{DisplayName: "CSV for spreadsheets (*.csv)", Pattern: "*.csv"},
			{DisplayName: "Everything, as JSON (*.json)", Pattern: "*.json"},
			{DisplayName: "Calendar file (*.ics)", Pattern: "*.ics"},
		},
	})
	if err != nil || path == "" {
		return
	}
	f.tell("Export", "The plan was written to "+path+".", f.ExportFile(path))
}

// backupDialog and restoreDialog are File > Back up and Restore.
func (f *Files) backupDialog() {
	path, err := runtime.SaveFileDialog(f.ctx, runtime.SaveDialogOptions{
		Title: "Back up the plan", DefaultFilename: "postplan-" + time.Now().Format("2006-01-02") + ".backup",
	})
	if err != nil || path == "" {
		return
	}
	f.tell("Back up", "The plan was backed up to "+path+".", toBridge(f.log, "backup", transfer.BackupFile(f.ctx, f.db, path)))
}

func (f *Files) restoreDialog() {
	path, err := runtime.OpenFileDialog(f.ctx, runtime.OpenDialogOptions{
		Title: "Restore a backup", DefaultDirectory: transfer.BackupDir(f.db.Dir()),
		Filters: []runtime.FileFilter{{DisplayName: "Backups (*.backup)", Pattern: "*.backup"}, {DisplayName: "All files", Pattern: "*"}},
	})
	if err != nil || path == "" {
		return
	}
	answer, err := runtime.MessageDialog(f.ctx, runtime.MessageDialogOptions{
		Type: runtime.QuestionDialog, Title: "Restore " + filepath.Base(path),
		Message: "Replace the whole plan with this backup? The plan as it is now is backed up first.",
		Buttons: []string{"Restore", "Cancel"}, DefaultButton: "Cancel", CancelButton: "Cancel",
	})
	if err != nil || (answer != "Restore" && answer != "Yes") {
		return
	}
	replaced, err := transfer.RestoreFile(f.ctx, f.db, path, true)
	if err == nil {
		emit(f.ctx, "plan:changed")
	}
	f.tell("Restore", "The plan was restored. The plan it replaced is kept in "+replaced+".", toBridge(f.log, "restore", err))
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
