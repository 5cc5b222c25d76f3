package app

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/storage"
)

// TestFileMenuExportThenImport is what File > Export and File > Import do
// after their dialogs: the exported file imports into an empty plan as the
// same dated posts, and importing it twice adds nothing the second time.
func TestFileMenuExportThenImport(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	src, err := storage.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if err := src.LoadPlan(context.Background(), calendar.SamplePlan(time.Now())); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "plan.ics")
	if _, err := NewFiles(src, log).Export(path); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("the export left its temporary file behind: %v", entries)
	}

	dst, err := storage.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	files := NewFiles(dst, log)
	preview, err := files.PreviewImport(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := files.Import(path, false)
	if err != nil {
		t.Fatal(err)
	}
	srcPosts, _ := src.AllPosts(context.Background())
	dated := 0
	for _, p := range srcPosts {
		if p.Dated() {
			dated++
		}
	}
	if r.Posts != dated || r.New != dated || len(r.Problems) != 0 {
		t.Errorf("import report %+v, want %d new posts and no problems", r, dated)
	}
	if preview.Format != "ics" || preview.Posts != r.Posts || preview.New != r.New || len(preview.Campaigns) != r.Campaigns {
		t.Errorf("preview %+v does not say what the import then did: %+v", preview, r)
	}
	// The same file again holds nothing new: nothing is written.
	if r, _ := files.Import(path, false); r.New != 0 || r.Updated != 0 || r.Unchanged != dated {
		t.Errorf("second import %+v, want every post unchanged", r)
	}
	if _, err := files.Import(filepath.Join(t.TempDir(), "missing.ics"), false); err == nil || !strings.Contains(err.Error(), "missing.ics does not exist.") {
		t.Errorf("missing file: %v", err)
	}
}

// TestCSVExportKeepsToTheWindowsFilter: File > Export as CSV writes the
// posts the window shows, so a filter on one campaign exports that
// campaign, and the JSON export still holds everything.
func TestCSVExportKeepsToTheWindowsFilter(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	plan := calendar.SamplePlan(time.Now())
	if err := db.LoadPlan(ctx, plan); err != nil {
		t.Fatal(err)
	}
	tag := plan.Campaigns[0].Tag
	if err := db.PutSetting(ctx, "preferences", Preferences{FirstDay: 1, Filter: Filter{Campaigns: []string{tag}}}); err != nil {
		t.Fatal(err)
	}
	files := NewFiles(db, slog.New(slog.DiscardHandler))
	path := filepath.Join(t.TempDir(), "plan.csv")
	if _, err := files.Export(path); err != nil {
		t.Fatal(err)
	}
	body, _ := os.ReadFile(path)
	rows := strings.Count(string(body), "\n01") // each row starts with its post's ID
	want := 0
	for _, p := range plan.Posts {
		if slices.Contains(p.Tags, tag) {
			want++
		}
	}
	if want == 0 || want == len(plan.Posts) || rows != want {
		t.Fatalf("%d rows exported with the filter on %s; %d posts are in it, %d in all", rows, tag, want, len(plan.Posts))
	}
}
