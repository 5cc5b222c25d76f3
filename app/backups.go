package app

import (
	"path/filepath"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"postplan/transfer"
)

// File > Back up and Restore a backup, in the window as File > Import and
// Export are (transfers.go): a native file dialog, then the work, one
// transfer at a time.

// ChooseBackup asks where to write a backup, titled in the window's
// language; "" when the user cancels.
func (f *Files) ChooseBackup(title string) (string, error) {
	path, err := runtime.SaveFileDialog(f.ctx, runtime.SaveDialogOptions{
		Title: title, DefaultFilename: "postplan-" + time.Now().Format("2006-01-02") + ".backup",
		Filters: []runtime.FileFilter{{DisplayName: "Backups (*.backup)", Pattern: "*.backup"}},
	})
	if err != nil || path == "" {
		return "", toBridge(f.log, "choose a file", err)
	}
	if strings.ToLower(filepath.Ext(path)) != ".backup" {
		path += ".backup"
	}
	return path, nil
}

// Backup writes a backup of the whole plan to path.
func (f *Files) Backup(path string) error {
	ctx, end, err := f.begin()
	if err != nil {
		return toBridge(f.log, "backup", err)
	}
	defer end()
	f.progress(ctx, TransferProgress{Phase: "read"})
	if err := transfer.BackupFile(ctx, f.db, path); err != nil {
		return toBridge(f.log, "backup", err)
	}
	f.log.Info("backed up", "file", path)
	return nil
}

// ChooseRestore asks for a backup file, starting in the automatic
// backups' folder; "" when the user cancels.
func (f *Files) ChooseRestore(title string) (string, error) {
	path, err := runtime.OpenFileDialog(f.ctx, runtime.OpenDialogOptions{
		Title: title, DefaultDirectory: transfer.BackupDir(f.db.Dir()),
		Filters: []runtime.FileFilter{{DisplayName: "Backups (*.backup)", Pattern: "*.backup"}, {DisplayName: "All files", Pattern: "*"}},
	})
	return path, toBridge(f.log, "choose a file", err)
}

// Restore replaces the whole plan with the backup at path. The plan as it
// was is backed up first; Restore returns where ("" when it was empty).
func (f *Files) Restore(path string) (string, error) {
	ctx, end, err := f.begin()
	if err != nil {
		return "", toBridge(f.log, "restore", err)
	}
	defer end()
	f.progress(ctx, TransferProgress{Phase: "read"})
	replaced, err := transfer.RestoreFile(ctx, f.db, path, true)
	if err != nil {
		return "", toBridge(f.log, "restore", err)
	}
	f.log.Info("restored", "file", path, "replaced plan kept in", replaced)
	emit(f.ctx, "plan:changed")
	return replaced, nil
}
