// Package app is the desktop shell: the services bound to the Wails window,
// its menus and its lifecycle. It translates between the window and the
// calendar package; it decides nothing itself.
package app

import (
	"context"
	"log/slog"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"time"

	"postplan/calendar"
)

// Settings tells the window about the running app: where its data lives,
// which version it is, and when it first drew itself.
type Settings struct {
	ctx     context.Context
	store   SettingStore
	dataDir string
	version string
	log     *slog.Logger
	started time.Time
}

// NewSettings returns the Settings service. started is when the process
// began, so that FrontendReady can report the start-up time.
func NewSettings(store SettingStore, dataDir, version string, log *slog.Logger, started time.Time) *Settings {
	return &Settings{ctx: context.Background(), store: store, dataDir: dataDir, version: version, log: log, started: started}
}

func (s *Settings) startup(ctx context.Context) { s.ctx = ctx }

// DataDir returns the folder holding the plan database and the log.
func (s *Settings) DataDir() string { return s.dataDir }

// Version returns the app's version string.
func (s *Settings) Version() string { return s.version }

// LogFile returns the log's path, for the About box.
func (s *Settings) LogFile() string { return filepath.Join(s.dataDir, "postplan.log") }

// OpenDataFolder shows the data folder in the system's file manager.
// Wails' BrowserOpenURL refuses file:// addresses, so the system's own
// opener is started: xdg-open, open, or Explorer.
func (s *Settings) OpenDataFolder() error {
	name := map[string]string{"windows": "explorer.exe", "darwin": "open"}[goruntime.GOOS]
	if name == "" {
		name = "xdg-open"
	}
	cmd := exec.Command(name, s.dataDir)
	if err := cmd.Start(); err != nil {
		s.log.Warn("open data folder", "opener", name, "err", err)
		return toBridge(s.log, "open data folder", calendar.Errorf(calendar.ENOTFOUND,
			"No file manager could be opened; the data folder is %s.", s.dataDir))
	}
	// Explorer exits 1 even when it opened the folder, so the exit status
	// says nothing; waiting only reaps the process.
	go func() { _ = cmd.Wait() }()
	return nil
}

// FrontendReady is called by the window once its first calendar has been
// rendered. The log line it writes is what start-up tests and the benchmark
// script wait for.
func (s *Settings) FrontendReady() {
	s.log.Info("frontend ready", "since_start_ms", time.Since(s.started).Milliseconds())
}
