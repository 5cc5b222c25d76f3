package app

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
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
	if err := NewFiles(src, log).ExportFile(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".tmp"); !os.IsNotExist(err) {
		t.Error("the export left its temporary file behind")
	}

	dst, err := storage.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	files := NewFiles(dst, log)
	r, err := files.ImportFile(path)
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
	if r, _ := files.ImportFile(path); r.New != 0 || r.Updated != dated {
		t.Errorf("second import %+v, want every post updated and none new", r)
	}
	if _, err := files.ImportFile(filepath.Join(t.TempDir(), "missing.ics")); err == nil || !strings.Contains(err.Error(), "cannot be read") {
		t.Errorf("missing file: %v", err)
	}
}
