package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/storage"
)

// transferCSV is a file of n rows that bring a new campaign and a new
// channel, with a bad time in row bad (0: none).
func transferCSV(t *testing.T, n, bad int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("Date,Time,Time zone,Title,Channels,Campaigns\n")
	for i := range n {
		clock := fmt.Sprintf("%02d:%02d", 8+i%10, i%60)
		if i+2 == bad {
			clock = "25:00"
		}
		fmt.Fprintf(&b, "%s,%s,Europe/Stockholm,Row %d,Nyhetsbrev,vinter\n", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%365).Format("2006-01-02"), clock, i)
	}
	path := filepath.Join(t.TempDir(), "plan.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type planCounts struct{ posts, campaigns, channels int }

func countPlan(t *testing.T, db *storage.DB) planCounts {
	t.Helper()
	ctx := context.Background()
	posts, err := db.AllPosts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	campaigns, err := db.Campaigns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	channels, err := db.Channels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return planCounts{len(posts), len(campaigns), len(channels)}
}

func sampleFiles(t *testing.T) (*Files, *storage.DB) {
	t.Helper()
	db, err := storage.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.LoadPlan(context.Background(), calendar.SamplePlan(time.Now())); err != nil {
		t.Fatal(err)
	}
	return NewFiles(db, slog.New(slog.DiscardHandler)), db
}

// TestImportPreviewThenCancelThenImport is File > Import in the window: the
// preview names the bad row and column and the new campaign; Cancel
// half-way leaves the plan, team included, as it was; a second import
// while one runs is refused; importing the valid rows reports progress to
// the end.
func TestImportPreviewThenCancelThenImport(t *testing.T) {
	files, db := sampleFiles(t)
	before := countPlan(t, db)
	path := transferCSV(t, 3000, 14)

	p, err := files.PreviewImport(path)
	if err != nil {
		t.Fatal(err)
	}
	if p.Rows != 3000 || p.Posts != 2999 || p.Invalid != 1 || len(p.Problems) != 1 || p.Problems[0].Row != 14 || p.Problems[0].Column != "Time" ||
		!strings.Contains(p.Problems[0].Message, "25:00") || p.Problems[0].Format == "" {
		t.Fatalf("preview %+v", p)
	}
	if fmt.Sprint(p.Campaigns, p.Channels) != "[vinter] [Nyhetsbrev]" {
		t.Fatalf("preview's new campaigns and channels: %v %v", p.Campaigns, p.Channels)
	}
	if _, err := files.Import(path, false); err == nil || !strings.Contains(err.Error(), "1 of 3000 rows have problems") {
		t.Fatalf("importing a file with a bad row, all of it: %v", err)
	}

	var during error
	files.progress = func(_ context.Context, pr TransferProgress) {
		if pr.Phase == "write" && pr.Done > 0 {
			_, during = files.Import(path, true)
			files.CancelTransfer()
		}
	}
	r, err := files.Import(path, true)
	if err != nil || !r.Cancelled {
		t.Fatalf("cancelled import: %+v, %v", r, err)
	}
	var be bridgeError
	if during == nil || json.Unmarshal([]byte(during.Error()), &be) != nil || be.Code != calendar.ECONFLICT {
		t.Fatalf("a second import while one ran: %v", during)
	}
	if got := countPlan(t, db); got != before {
		t.Fatalf("after the cancelled import the plan has %+v, want %+v as before", got, before)
	}

	var seen []TransferProgress
	files.progress = func(_ context.Context, pr TransferProgress) { seen = append(seen, pr) }
	if r, err = files.Import(path, true); err != nil || r.Posts != 2999 || r.LeftOut != 1 || r.Campaigns != 1 || r.Channels != 1 {
		t.Fatalf("import of the valid rows: %+v, %v", r, err)
	}
	if got := countPlan(t, db); got != (planCounts{before.posts + 2999, before.campaigns + 1, before.channels + 1}) {
		t.Fatalf("after the import the plan has %+v, before %+v", got, before)
	}
	last := seen[len(seen)-1]
	if seen[0].Phase != "read" || last != (TransferProgress{Phase: "write", Done: 2999, Total: 2999}) || len(seen) < 4 {
		t.Fatalf("progress %+v, want read, then writes up to 2999 of 2999", seen)
	}
}

// TestCancelledExportLeavesTheOldFile: an export cancelled while it writes
// leaves the file that was there untouched and no temporary file.
func TestCancelledExportLeavesTheOldFile(t *testing.T) {
	files, _ := sampleFiles(t)
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, []byte("the export of last week"), 0o644); err != nil {
		t.Fatal(err)
	}
	files.progress = func(_ context.Context, pr TransferProgress) {
		if pr.Phase == "save" {
			files.CancelTransfer()
		}
	}
	r, err := files.Export(path)
	if err != nil || !r.Cancelled {
		t.Fatalf("cancelled export: %+v, %v", r, err)
	}
	if body, _ := os.ReadFile(path); string(body) != "the export of last week" {
		t.Fatalf("the cancelled export changed the file: %.60q", body)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Fatalf("the cancelled export left its temporary file: %v", entries)
	}

	var saved []TransferProgress
	files.progress = func(_ context.Context, pr TransferProgress) { saved = append(saved, pr) }
	if r, err = files.Export(path); err != nil || r.Bytes == 0 {
		t.Fatalf("export: %+v, %v", r, err)
	}
	last := saved[len(saved)-1]
	if last.Phase != "save" || last.Done != r.Bytes || last.Total != r.Bytes {
		t.Fatalf("export progress %+v, want to end at %d of %d bytes saved", saved, r.Bytes, r.Bytes)
	}
	if _, err := files.Export(filepath.Join(t.TempDir(), "plan.txt")); err == nil || !strings.Contains(err.Error(), "plan.txt is not a file Postplan exports") {
		t.Fatalf("export to .txt: %v", err)
	}
}

// TestBackupThenRestoreInTheWindow: File > Back up writes the plan; posts
// deleted after it come back with File > Restore, which keeps the plan it
// replaced in a backup of its own.
func TestBackupThenRestoreInTheWindow(t *testing.T) {
	files, db := sampleFiles(t)
	before := countPlan(t, db)
	path := filepath.Join(t.TempDir(), "monday.backup")
	if err := files.Backup(path); err != nil {
		t.Fatal(err)
	}
	posts, err := db.AllPosts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range posts[:5] {
		if err := db.DeletePost(context.Background(), p.ID); err != nil {
			t.Fatal(err)
		}
	}
	replaced, err := files.Restore(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := countPlan(t, db); got != before {
		t.Fatalf("after the restore the plan has %+v, the backup %+v", got, before)
	}
	if st, err := os.Stat(replaced); err != nil || st.Size() == 0 {
		t.Fatalf("the replaced plan was not kept: %q, %v", replaced, err)
	}
	if _, err := files.Restore(filepath.Join(t.TempDir(), "none.backup")); err == nil || !strings.Contains(err.Error(), "cannot be read") {
		t.Fatalf("restore of a missing file: %v", err)
	}
}

// TestCSVExportHasTheChosenSeparator: the export dialog's choice of
// semicolons (Excel in Denmark and Sweden opens them by double click) is
// saved with the preferences, and File > Export writes the posts so; a
// separator that is neither is refused at its field.
func TestCSVExportHasTheChosenSeparator(t *testing.T) {
	files, db := sampleFiles(t)
	settings := NewSettings(db, db.Dir(), "1.0.0", slog.New(slog.DiscardHandler), time.Now())
	settings.startup(context.Background())
	header := func() string {
		path := filepath.Join(t.TempDir(), "plan.csv")
		if _, err := files.Export(path); err != nil {
			t.Fatal(err)
		}
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(strings.TrimPrefix(string(body), "\uFEFF"), "\r\n")
		first, _, _ = strings.Cut(first, "\n")
		return first
	}
	if got := header(); !strings.HasPrefix(got, "ID,Date,Time,") {
		t.Errorf("with no choice saved the header is %q; want commas", got)
	}
	prefs, err := settings.Preferences()
	if err != nil {
		t.Fatal(err)
	}
	prefs.CSVSeparator = ";"
	if err := settings.SavePreferences(prefs); err != nil {
		t.Fatal(err)
	}
	if got := header(); !strings.HasPrefix(got, "ID;Date;Time;") {
		t.Errorf("with semicolons chosen the header is %q", got)
	}
	prefs.CSVSeparator = "|"
	if err := settings.SavePreferences(prefs); err == nil || !strings.Contains(err.Error(), "comma or a semicolon") {
		t.Errorf("a | separator: %v", err)
	}
}
