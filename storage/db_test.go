package storage_test

import (
	"bytes"
	"errors"
	"log/slog"
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
