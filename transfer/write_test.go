package transfer_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"postplan/transfer"
)

// TestFilesAreWrittenForTheUserOnlyAndNeverCollide: exports and backups
// hold the feeds' secret addresses, so they are readable by the user only;
// each write has a temporary name of its own, so two writes to one folder
// (an export while the daily backup runs, two windows) never mix their
// bytes, and no temporary file is left.
func TestFilesAreWrittenForTheUserOnlyAndNeverCollide(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.json")
	bodies := make([][]byte, 8)
	for i := range bodies {
		bodies[i] = bytes.Repeat([]byte(fmt.Sprintf("writer %d; ", i)), 200_000+i*1000)
	}
	var wg sync.WaitGroup
	for _, b := range bodies {
		wg.Go(func() {
			if err := transfer.WriteFile(context.Background(), path, b, nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	whole := false
	for _, b := range bodies {
		whole = whole || bytes.Equal(got, b)
	}
	if !whole {
		t.Fatalf("the file is none of the bodies written whole (%d bytes): the writes mixed", len(got))
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600: the file holds the feeds' secret addresses", st.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left in the folder: %v", entries)
	}
}
