// Package app is the desktop shell: the services bound to the Wails window,
// its menus and its lifecycle. It translates between the window and the
// calendar package; it decides nothing itself.
package app

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"sync"
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
	ready   func() // see Config.Ready
	once    sync.Once
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
func (s *Settings) OpenDataFolder() error {
	return toBridge(s.log, "open data folder", showInFileManager(s.log, s.dataDir, false))
}

// ShowInFolder shows a post's media file in the system's file manager,
// selected where the system can (Explorer, Finder); on Linux its folder.
func (s *Settings) ShowInFolder(path string) error {
	if _, err := os.Stat(path); err != nil {
		return toBridge(s.log, "show in folder", calendar.Errorf(calendar.ENOTFOUND,
			"%s is not there any more; it may have been moved or renamed.", path))
	}
	return toBridge(s.log, "show in folder", showInFileManager(s.log, path, true))
}

// showInFileManager starts the system's opener on path: xdg-open, open or
// Explorer (Wails' BrowserOpenURL refuses file:// addresses). With file
// set, path is a file to show in its folder.
func showInFileManager(log *slog.Logger, path string, file bool) error {
	var name string
	var args []string
	switch {
	case goruntime.GOOS == "windows" && file:
		name, args = "explorer.exe", []string{"/select," + path}
	case goruntime.GOOS == "windows":
		name, args = "explorer.exe", []string{path}
	case goruntime.GOOS == "darwin" && file:
		name, args = "open", []string{"-R", path}
	case goruntime.GOOS == "darwin":
		name, args = "open", []string{path}
	case file:
		name, args = "xdg-open", []string{filepath.Dir(path)}
	default:
		name, args = "xdg-open", []string{path}
	}
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		log.Warn("open file manager", "opener", name, "err", err)
		return calendar.Errorf(calendar.ENOTFOUND, "No file manager could be opened; the folder is %s.", args[len(args)-1])
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
	if s.ready != nil {
		s.once.Do(s.ready)
	}
}
