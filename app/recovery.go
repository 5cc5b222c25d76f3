package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"postplan/calendar"
	"postplan/storage"
	"postplan/transfer"
)

// Recovery serves the window Postplan opens instead of the planner when
// the plan cannot be opened: damaged, or written by a newer Postplan. It
// says so, names the data folder and the newest backup, and offers to
// restore that backup or another one; the plan's files are kept aside, not
// deleted. The planner's window binds it too, so the bindings are one set;
// there State says nothing is wrong.
type Recovery struct {
	ctx     context.Context
	dir     string
	problem error
	log     *slog.Logger

	mu      sync.Mutex
	kept    string // where a restore put the plan's files
	restart bool   // the user asked to open the restored plan
}

// RecoveryState is what the recovery window shows.
type RecoveryState struct {
	Needed  bool   `json:"needed"`
	TooNew  bool   `json:"tooNew"`  // written by a newer Postplan
	Detail  string `json:"detail"`  // the error itself, for whoever helps
	DataDir string `json:"dataDir"` // where the plan is
	Backup  string `json:"backup"`  // the newest automatic backup; "" if none
	// BackupTaken is when Backup was written, RFC 3339, for the window to
	// say in the user's words.
	BackupTaken string `json:"backupTaken"`
	Kept        string `json:"kept"` // after a restore: where the old files are
}

// NewRecovery returns the service for a plan in dir that failed to open
// with problem (nil: it opened, and nothing needs recovering).
func NewRecovery(dir string, problem error, log *slog.Logger) *Recovery {
	return &Recovery{ctx: context.Background(), dir: dir, problem: problem, log: log}
}

func (r *Recovery) startup(ctx context.Context) { r.ctx = ctx }

// State says what is wrong and what can be done.
func (r *Recovery) State() RecoveryState {
	if r.problem == nil {
		return RecoveryState{DataDir: r.dir}
	}
	s := RecoveryState{Needed: true, TooNew: errors.Is(r.problem, storage.ErrTooNew), Detail: r.problem.Error(), DataDir: r.dir,
		Backup: transfer.NewestBackup(r.dir)}
	if st, err := os.Stat(s.Backup); s.Backup != "" && err == nil {
		s.BackupTaken = st.ModTime().Format(time.RFC3339)
	}
	r.mu.Lock()
	s.Kept = r.kept
	r.mu.Unlock()
	return s
}

// RestoreNewest replaces the plan with its newest automatic backup.
func (r *Recovery) RestoreNewest() (RecoveryState, error) {
	backup := transfer.NewestBackup(r.dir)
	if backup == "" {
		return r.State(), toBridge(r.log, "recover",
			calendar.Errorf(calendar.ENOTFOUND, "There is no automatic backup in %s.", transfer.BackupDir(r.dir)))
	}
	return r.restore(backup)
}

// RestoreChosen asks for a backup file with the native dialog, titled in
// the window's language, and replaces the plan with it; a cancelled dialog
// changes nothing.
func (r *Recovery) RestoreChosen(title string) (RecoveryState, error) {
	path, err := runtime.OpenFileDialog(r.ctx, runtime.OpenDialogOptions{
		Title: title, DefaultDirectory: transfer.BackupDir(r.dir),
		Filters: []runtime.FileFilter{{DisplayName: "Backups (*.backup)", Pattern: "*.backup"}, {DisplayName: "All files", Pattern: "*"}},
	})
	if err != nil || path == "" {
		return r.State(), toBridge(r.log, "recover", err)
	}
	return r.restore(path)
}

func (r *Recovery) restore(backup string) (RecoveryState, error) {
	r.log.Info("restoring a backup over a plan that would not open", "backup", backup, "problem", r.problem)
	kept, err := transfer.RecoverFromBackup(context.Background(), r.dir, backup, r.log)
	if err != nil {
		return r.State(), toBridge(r.log, "recover", err)
	}
	r.log.Info("restored", "backup", backup, "kept", kept)
	r.mu.Lock()
	r.kept = kept
	r.mu.Unlock()
	return r.State(), nil
}

// OpenPlan closes the recovery window so that Postplan starts again over
// the restored plan.
func (r *Recovery) OpenPlan() {
	r.mu.Lock()
	r.restart = r.kept != ""
	r.mu.Unlock()
	runtime.Quit(r.ctx)
}

// Quit closes the recovery window and Postplan with it.
func (r *Recovery) Quit() { runtime.Quit(r.ctx) }

// RecoveryConfig is what the recovery window needs from main.
type RecoveryConfig struct {
	Assets  fs.FS
	Icon    []byte
	Version string
	Log     *slog.Logger
	Dir     string
	Problem error
}

// RunRecovery opens the recovery window and blocks until it is closed. It
// reports whether the user restored a backup and asked to open it, for
// main to start Postplan again.
func RunRecovery(c RecoveryConfig) (restart bool, err error) {
	rec := NewRecovery(c.Dir, c.Problem, c.Log)
	// Only Recovery is bound: the frontend shows the recovery page when the
	// planner's services are not there.
	err = wails.Run(&options.App{
		Title:            "Postplan",
		Width:            760,
		Height:           560,
		AssetServer:      &assetserver.Options{Assets: c.Assets},
		BackgroundColour: &options.RGBA{R: 250, G: 250, B: 249, A: 1},
		Logger:           wailsLogger{c.Log.With("component", "wails")},
		OnStartup:        rec.startup,
		OnDomReady: func(context.Context) {
			c.Log.Info("recovery window shown", "problem", c.Problem)
		},
		Bind:  []any{rec},
		Linux: &linux.Options{Icon: c.Icon, ProgramName: "postplan", WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
	if err != nil {
		return false, fmt.Errorf("open window: %w", err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.restart, nil
}
