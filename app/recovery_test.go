package app

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"postplan/storage"
	"postplan/transfer"
)

// TestRecoveryStateSaysWhatIsWrongAndWhatCanBeDone: a too-new plan is told
// apart from a damaged one, the newest backup is named with its time, and
// with no backup RestoreNewest says so and changes nothing.
func TestRecoveryStateSaysWhatIsWrongAndWhatCanBeDone(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	dir := t.TempDir()
	if s := NewRecovery(dir, nil, log).State(); s.Needed {
		t.Fatalf("a plan that opened needs recovery: %+v", s)
	}
	tooNew := fmt.Errorf("open: %w (layout 9, this version reads 1)", storage.ErrTooNew)
	r := NewRecovery(dir, tooNew, log)
	s := r.State()
	if !s.Needed || !s.TooNew || s.Backup != "" || !strings.Contains(s.Detail, "layout 9") {
		t.Fatalf("too-new state %+v", s)
	}
	if _, err := r.RestoreNewest(); err == nil || !strings.Contains(err.Error(), "There is no automatic backup") {
		t.Fatalf("restore with no backup: %v", err)
	}

	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	backup, err := transfer.AutoBackup(context.Background(), db, time.Now())
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s = NewRecovery(dir, fmt.Errorf("manifest has bad magic"), log).State()
	if !s.Needed || s.TooNew || s.Backup != backup || s.BackupTaken == "" {
		t.Fatalf("damaged state %+v, want the backup %s", s, backup)
	}
}
