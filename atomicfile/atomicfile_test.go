package atomicfile

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestAWriteIsWholeOrNothing: a written file is there whole, readable by
// the user only; a cancelled write leaves the earlier file as it was and
// nothing beside it.
func TestAWriteIsWholeOrNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.json")
	body := bytes.Repeat([]byte("x"), 3*chunk+5)
	var reports []int
	if err := Write(context.Background(), path, body, func(done, _ int) { reports = append(reports, done) }); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("read back %d bytes, %v", len(got), err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	if len(reports) != 4 || reports[3] != len(body) {
		t.Errorf("progress %v", reports)
	}
	ctx, cancel := context.WithCancel(context.Background())
	err = Write(ctx, path, []byte("new"), func(int, int) {})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := Write(ctx, path, body[:10], nil); err == nil {
		t.Fatal("a cancelled write succeeded")
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("after a cancelled write: %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %v", entries)
	}
}
