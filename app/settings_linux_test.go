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
	opened(t, got, data)

	// Show in folder opens the media file's folder.
	media := filepath.Join(data, "launch video.mp4")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(media, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(got)
	if err := s.ShowInFolder(media); err != nil {
		t.Fatal(err)
	}
	opened(t, got, data) // its folder
	if be := bridged(t, s.ShowInFolder(filepath.Join(data, "gone.png"))); be.Code != calendar.ENOTFOUND {
		t.Errorf("a missing file: %+v", be)
	}

	t.Setenv("PATH", t.TempDir())
	be := bridged(t, s.OpenDataFolder())
	if be.Code != calendar.ENOTFOUND || !strings.Contains(be.Message, data) {
		t.Errorf("without a file manager: %+v", be)
	}
}

// opened waits for the recording xdg-open to have been given want.
func opened(t *testing.T, record, want string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		if b, err := os.ReadFile(record); err == nil {
			if string(b) != want {
				t.Fatalf("xdg-open was given %q, want %q", b, want)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("xdg-open was not started")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
