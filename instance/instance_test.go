package instance_test

import (
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"postplan/instance"
)

func TestASecondLaunchRaisesTheFirst(t *testing.T) {
	dir := t.TempDir()
	if err := instance.Raise(dir, time.Second); err == nil {
		t.Fatal("Raise found a window where none is open")
	}
	var raised atomic.Int32
	l, err := instance.Listen(dir, func() { raised.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, instance.FileName)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("instance file: %v %v", fi, err)
	}
	for range 2 {
		if err := instance.Raise(dir, 2*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	if raised.Load() != 2 {
		t.Fatalf("raised %d times, want 2", raised.Load())
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := instance.Raise(dir, time.Second); err == nil {
		t.Fatal("Raise reached a closed window")
	}
}

// A file left by a crash, or one naming a port without the token, raises
// nothing.
func TestAStaleOrForeignFileRaisesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, instance.FileName)
	if err := os.WriteFile(path, []byte("127.0.0.1:1 0123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := instance.Raise(dir, time.Second); err == nil {
		t.Fatal("a stale file was answered")
	}
	var raised atomic.Int32
	l, err := instance.Listen(dir, func() { raised.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	b, _ := os.ReadFile(path)
	addr := string(b[:len(b)-1])
	addr = addr[:len(addr)-33] // drop " token"
	if err := os.WriteFile(path, []byte(addr+" wrongtoken\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := instance.Raise(dir, time.Second); err == nil || raised.Load() != 0 {
		t.Fatalf("a wrong token raised the window: %v, %d", err, raised.Load())
	}
}
