package storage_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"postplan/storage"
)

func TestOpenTwiceIsLocked(t *testing.T) {
	dir := t.TempDir()
	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := storage.Open(dir, nil); !errors.Is(err, storage.ErrLocked) {
		t.Fatalf("second Open: err = %v, want ErrLocked", err)
	}
}

func TestReopenAfterClose(t *testing.T) {
	dir := t.TempDir()
	for i := range 2 {
		db, err := storage.Open(dir, nil)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		if err := db.Close(); err != nil {
			t.Fatalf("close %d: %v", i, err)
		}
	}
}

func TestBadgerLogsGoToOurLogger(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	db, err := storage.Open(t.TempDir(), log)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if !strings.Contains(buf.String(), "component=badger") {
		t.Errorf("no Badger line reached our logger; got:\n%s", buf.String())
	}
}

func TestEmptyValueLogFromAnInterruptedStartIsRepaired(t *testing.T) {
	dir := t.TempDir()
	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// A process killed just after Badger created its next value log, before
	// the header was written, leaves this behind.
	names, _ := filepath.Glob(filepath.Join(dir, "*.vlog"))
	if len(names) == 0 {
		t.Fatal("no value log to imitate")
	}
	slices.Sort(names)
	last := names[len(names)-1]
	next := filepath.Join(dir, fmt.Sprintf("%06d.vlog", mustFid(t, last)+1))
	if err := os.WriteFile(next, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// And one killed as it started a new memtable log.
	if err := os.WriteFile(filepath.Join(dir, "00099.mem"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err = storage.Open(dir, nil)
	if err != nil {
		t.Fatalf("open after an interrupted start: %v", err)
	}
	db.Close()
}

func mustFid(t *testing.T, path string) int {
	t.Helper()
	var fid int
	if _, err := fmt.Sscanf(filepath.Base(path), "%06d.vlog", &fid); err != nil {
		t.Fatal(err)
	}
	return fid
}
