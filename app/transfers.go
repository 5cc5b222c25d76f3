package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"postplan/calendar"
	"postplan/storage"
	"postplan/transfer"
)

// File > Import and File > Export happen in the window: it asks for a file
// (ChooseImport, ChooseExport), shows what an import would do
// (PreviewImport), then runs it (Import, Export) with a progress bar fed by
// "transfer:progress" events and a Cancel button (CancelTransfer). Wails
// runs each call in its own goroutine, so CancelTransfer arrives while
// Import is still writing.

// TransferProgress is how far an import or export has come.
type TransferProgress struct {
	// Phase is "read" (reading and checking, no count yet), "write"
	// (posts written to the plan) or "save" (bytes written to the file).
	Phase string `json:"phase"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// RowProblem is one problem in one row of a CSV file, with what the window
// needs to say it in the user's language.
type RowProblem struct {
	Row     int      `json:"row"`
	Column  string   `json:"column"` // empty: the whole row
	Code    string   `json:"code"`
	Message string   `json:"message"`
	Format  string   `json:"format"`
	Args    []string `json:"args"`
}

// ImportPreview is what importing a file would do; nothing has changed.
type ImportPreview struct {
	Name    string `json:"name"`   // the file's name, for the dialog's title
	Format  string `json:"format"` // csv, ics or json
	Rows    int    `json:"rows"`   // CSV rows; for the others, posts
	Posts   int    `json:"posts"`  // posts the import writes
	New     int    `json:"new"`
	Updated int    `json:"updated"`
	// Unchanged posts are in the plan as the file has them: nothing is
	// written for them.
	Unchanged int `json:"unchanged"`
	// Older posts were changed in the plan after the file was written:
	// they are kept as the plan has them.
	Older   int `json:"older"`
	Invalid int `json:"invalid"` // CSV rows with problems
	// New campaigns, channels and members the import adds, by name.
	Campaigns []string `json:"campaigns"`
	Channels  []string `json:"channels"`
	Members   []string `json:"members"`
	// Problems are the first maxProblems of the CSV rows' problems;
	// MoreProblems counts the rest.
	Problems     []RowProblem `json:"problems"`
	MoreProblems int          `json:"moreProblems"`
	// Notes are what a calendar file holds that is not imported as posts.
	Notes   []string `json:"notes"`
	Ignored []string `json:"ignored"` // CSV columns not read
	// Encoding is what a CSV file that is not UTF-8 was read as:
	// "windows-1252" or "macintosh"; "" for UTF-8.
	Encoding string `json:"encoding"`
	// EncodingSample is some of that file's text as it was read, with a
	// letter outside ASCII, for the user to check.
	EncodingSample string `json:"encodingSample"`
	// Dates says how a CSV file's dates such as 03/04/2026 were read.
	Dates DatesRead `json:"dates"`
}

// DatesRead is the order a CSV file's dates with slashes or dashes were
// read in: month first, as a date of the file shows (row and cell), or
// day first though no date shows it (the first that could be either, and
// the date it was read as, 2006-01-02). Both false: day first, shown, or
// no such dates.
type DatesRead struct {
	MonthFirst bool   `json:"monthFirst"`
	Assumed    bool   `json:"assumed"`
	Row        int    `json:"row"`
	Cell       string `json:"cell"`
	Read       string `json:"read"`
}

// maxProblems bounds the problems a preview lists: a table of thousands
// helps nobody, and the count says how many more there are.
const maxProblems = 500

// ExportReport says what an export wrote.
type ExportReport struct {
	Bytes     int  `json:"bytes"`
	Cancelled bool `json:"cancelled"` // nothing was written
}

var importFilters = []runtime.FileFilter{
	{DisplayName: "Plans (*.csv, *.ics, *.json)", Pattern: "*.csv;*.ics;*.json"},
	{DisplayName: "All files", Pattern: "*"},
}

// exportFormats are the files File > Export writes, by format.
var exportFormats = map[string]runtime.FileFilter{
	"csv":  {DisplayName: "CSV (*.csv)", Pattern: "*.csv"},
	"json": {DisplayName: "JSON (*.json)", Pattern: "*.json"},
	"ics":  {DisplayName: "iCalendar (*.ics)", Pattern: "*.ics"},
}

// ChooseImport asks for a file to import with the native dialog, titled in
// the window's language; "" when the user cancels.
func (f *Files) ChooseImport(title string) (string, error) {
	path, err := runtime.OpenFileDialog(f.ctx, runtime.OpenDialogOptions{Title: title, Filters: importFilters})
	return path, toBridge(f.log, "choose a file", err)
}

// ChooseExport asks where to write an export of format (csv, json, ics);
// "" when the user cancels. A name typed without the extension gets it.
func (f *Files) ChooseExport(title, format string) (string, error) {
	filter, ok := exportFormats[format]
	if !ok {
		return "", toBridge(f.log, "choose a file", calendar.FieldErrorf("format", "Postplan exports csv, json or ics, not %q.", format))
	}
	path, err := runtime.SaveFileDialog(f.ctx, runtime.SaveDialogOptions{
		Title: title, DefaultFilename: "postplan-" + time.Now().Format("2006-01-02") + "." + format,
		Filters: []runtime.FileFilter{filter},
	})
	if err != nil || path == "" {
		return "", toBridge(f.log, "choose a file", err)
	}
	if strings.ToLower(filepath.Ext(path)) != "."+format {
		path += "." + format
	}
	return path, nil
}

// PreviewImport reads a file against the plan and says what importing it
// would do, CSV row by row. Rows without a time zone get the machine's.
func (f *Files) PreviewImport(path string) (*ImportPreview, error) {
	p, err := f.preview(f.ctx, path)
	return p, toBridge(f.log, "preview", err)
}

func (f *Files) preview(ctx context.Context, path string) (*ImportPreview, error) {
	p, err := readFile(ctx, f.db, path)
	if err != nil {
		return nil, err
	}
	out := &ImportPreview{Name: filepath.Base(path), Format: string(p.Format), Rows: p.Rows, Posts: p.Posts, New: p.New,
		Updated: p.Updated, Unchanged: p.Unchanged, Older: p.Older, Invalid: p.Invalid,
		Campaigns: orEmpty(p.Campaigns), Channels: orEmpty(p.Channels), Members: orEmpty(p.Members),
		Problems: []RowProblem{}, Notes: []string{}, Ignored: orEmpty(p.Ignored), Encoding: p.Encoding,
		EncodingSample: p.EncodingSample, Dates: DatesRead(p.Dates)}
	for _, pr := range p.Problems {
		if pr.Row == 0 { // a calendar's event: a note in English words
			out.Notes = append(out.Notes, pr.String())
			continue
		}
		if len(out.Problems) == maxProblems {
			out.MoreProblems++
			continue
		}
		rp := RowProblem{Row: pr.Row, Column: pr.Field, Code: pr.Err.Code, Message: pr.Err.Message, Format: pr.Err.Format, Args: []string{}}
		for _, a := range pr.Err.Args {
			rp.Args = append(rp.Args, fmt.Sprint(a))
		}
		out.Problems = append(out.Problems, rp)
	}
	return out, nil
}

// readFile reads a file to import and says what importing it would do.
// Rows and events without a time zone get the machine's.
func readFile(ctx context.Context, db *storage.DB, path string) (*transfer.Preview, error) {
	format, err := transfer.FormatOf(path)
	if err != nil {
		return nil, err
	}
	body, err := transfer.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return transfer.Read(ctx, db, format, body, transfer.Options{})
}

// Import imports a file: a CSV file's rows all or, with validOnly, those
// without problems; a calendar file's events; a JSON export's whole plan.
// The write is all or nothing; cancelled, it reports Cancelled and the plan
// is as it was.
func (f *Files) Import(path string, validOnly bool) (ImportReport, error) {
	ctx, end, err := f.begin()
	if err != nil {
		return ImportReport{}, toBridge(f.log, "import", err)
	}
	defer end()
	r, err := f.importFile(ctx, path, validOnly)
	if errors.Is(err, context.Canceled) {
		f.log.Info("import cancelled", "file", path)
		return ImportReport{Problems: []string{}, Cancelled: true}, nil
	}
	if err != nil {
		return r, toBridge(f.log, "import", err)
	}
	f.log.Info("imported", "file", path, "posts", r.Posts, "left out", r.LeftOut)
	emit(f.ctx, "plan:changed")
	return r, nil
}

func (f *Files) importFile(ctx context.Context, path string, validOnly bool) (ImportReport, error) {
	f.progress(ctx, TransferProgress{Phase: "read"})
	p, err := readFile(ctx, f.db, path)
	if err != nil {
		return ImportReport{Problems: []string{}}, err
	}
	wctx := storage.WithProgress(ctx, func(done, total int) {
		f.progress(ctx, TransferProgress{Phase: "write", Done: done, Total: total})
	})
	r, err := transfer.Import(wctx, f.db, p, validOnly)
	if err != nil {
		return ImportReport{Problems: []string{}}, err
	}
	return toImportReport(r), nil
}

// Export writes the plan to path, by its extension: .json everything, .csv
// the posts the window's filter shows, .ics the whole plan as a calendar.
// Cancelled, it writes nothing and leaves any file already there as it was.
func (f *Files) Export(path string) (ExportReport, error) {
	ctx, end, err := f.begin()
	if err != nil {
		return ExportReport{}, toBridge(f.log, "export", err)
	}
	defer end()
	f.progress(ctx, TransferProgress{Phase: "read"})
	body, err := f.exportBody(ctx, path)
	if err == nil {
		err = transfer.WriteFile(ctx, path, body, func(done, total int) {
			f.progress(ctx, TransferProgress{Phase: "save", Done: done, Total: total})
		})
	}
	if errors.Is(err, context.Canceled) {
		f.log.Info("export cancelled", "file", path)
		return ExportReport{Cancelled: true}, nil
	}
	if err != nil {
		return ExportReport{}, toBridge(f.log, "export", err)
	}
	f.log.Info("exported", "file", path, "bytes", len(body))
	return ExportReport{Bytes: len(body)}, nil
}

func (f *Files) exportBody(ctx context.Context, path string) ([]byte, error) {
	format, err := transfer.FormatOf(path)
	if err != nil {
		return nil, calendar.Errorf(calendar.EINVALID, "%s is not a file Postplan exports; it writes .csv, .json and .ics files.", filepath.Base(path))
	}
	var o transfer.ExportOptions
	if format == transfer.CSV {
		// A spreadsheet is for the posts in view: the window's filter.
		prefs := defaultPreferences
		if _, err := f.db.Setting(ctx, "preferences", &prefs); err != nil {
			return nil, err
		}
		match := prefs.Filter.matcher()
		o.Keep = func(p *calendar.Post) bool { return match(p, p.Title, p.Body, p.Status) }
		if prefs.CSVSeparator == ";" {
			o.Comma = ';'
		}
	}
	return transfer.Export(ctx, f.db, format, o)
}

// begin starts a transfer, refusing a second one: two imports at once
// would each be all or nothing, but the user could not tell which
// progress bar is which.
func (f *Files) begin() (context.Context, func(), error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cancel != nil {
		return nil, nil, calendar.Errorf(calendar.ECONFLICT, "An import or export is already running; wait for it or cancel it.")
	}
	ctx, cancel := context.WithCancel(f.ctx)
	f.cancel = cancel
	return ctx, func() {
		f.mu.Lock()
		f.cancel = nil
		f.mu.Unlock()
		cancel()
	}, nil
}

// CancelTransfer stops the running import or export, if any; what it
// wrote is undone before Import or Export returns.
func (f *Files) CancelTransfer() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cancel != nil {
		f.cancel()
	}
}
