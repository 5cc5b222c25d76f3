package transfer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"postplan/storage"
	"postplan/transfer"
)

// TestRecoverADamagedPlanFromItsNewestBackup: a plan whose manifest is
// garbage cannot be opened; recovering from the newest daily backup gives
// back the plan of the backup, and the damaged files are kept aside.
func TestRecoverADamagedPlanFromItsNewestBackup(t *testing.T) {
	dir := t.TempDir()
	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	samplePlan(t, db, 400)
	want, err := db.AllPosts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	backup, err := transfer.AutoBackup(ctx, db, time.Now())
	if err != nil || backup == "" {
		t.Fatalf("daily backup: %q, %v", backup, err)
	}
	db.Close()
	if err := os.WriteFile(filepath.Join(dir, "MANIFEST"), []byte("not a manifest at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := storage.Open(dir, nil); err == nil {
		t.Fatal("the damaged plan opened; the test damaged nothing")
	}
	if got := transfer.NewestBackup(dir); got != backup {
		t.Fatalf("newest backup %q, want %q", got, backup)
	}

	// A backup that is not one changes nothing.
	bogus := filepath.Join(t.TempDir(), "bogus.backup")
	if err := os.WriteFile(bogus, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := transfer.RecoverFromBackup(ctx, dir, bogus, nil); err == nil {
		t.Fatal("recovering from a file that is no backup succeeded")
	}
	if body, _ := os.ReadFile(filepath.Join(dir, "MANIFEST")); string(body) != "not a manifest at all" {
		t.Fatal("a failed recovery changed the damaged plan's files")
	}

	kept, err := transfer.RecoverFromBackup(ctx, dir, backup, nil)
	if err != nil {
		t.Fatal(err)
	}
	if body, err := os.ReadFile(filepath.Join(kept, "MANIFEST")); err != nil || string(body) != "not a manifest at all" {
		t.Fatalf("the damaged manifest is not kept in %s: %q, %v", kept, body, err)
	}
	if !strings.HasPrefix(filepath.Base(kept), "damaged-") || filepath.Dir(kept) != dir {
		t.Fatalf("damaged files kept in %s, want a damaged- folder in the data folder", kept)
	}
	db, err = storage.Open(dir, nil)
	if err != nil {
		t.Fatalf("the recovered plan does not open: %v", err)
	}
	defer db.Close()
	got, err := db.AllPosts(ctx)
	if err != nil || len(got) != len(want) {
		t.Fatalf("the recovered plan has %d posts (%v), the backup %d", len(got), err, len(want))
	}
	if _, err := os.Stat(transfer.NewestBackup(dir)); err != nil {
		t.Fatalf("the backups went missing in the recovery: %v", err)
	}
}
