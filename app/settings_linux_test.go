package app

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"postplan/calendar"
)

// TestOpenDataFolderStartsTheFileManager: Help > About's button hands the
// data folder to xdg-open (here a script in PATH that records what it was
// given); without one the user is told where the folder is.
func TestOpenDataFolderStartsTheFileManager(t *testing.T) {
	bin, data := t.TempDir(), filepath.Join(t.TempDir(), "my plan")
	got := filepath.Join(bin, "args")
	script := "#!/bin/sh\nprintf '%s' \"$1\" > " + got + ".tmp && /bin/mv " + got + ".tmp " + got + "\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	s := NewSettings(nil, data, "1.0.0", slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now())
	if err := s.OpenDataFolder(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := os.ReadFile(got)
		if err == nil {
			if string(b) != data {
				t.Fatalf("xdg-open was given %q, want %q", b, data)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("xdg-open was not started")
		}
		time.Sleep(20 * time.Millisecond)
	}

	t.Setenv("PATH", t.TempDir())
	be := bridged(t, s.OpenDataFolder())
	if be.Code != calendar.ENOTFOUND || !strings.Contains(be.Message, data) {
		t.Errorf("without a file manager: %+v", be)
	}
}
