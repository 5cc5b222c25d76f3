package transfer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"postplan/storage"
)

// NewestBackup names the latest automatic backup of the plan in dataDir,
// or "" when there is none.
func NewestBackup(dataDir string) string {
	daily, err := DailyBackups(BackupDir(dataDir))
	if err != nil || len(daily) == 0 {
		return ""
	}
	if _, err := os.Stat(daily[len(daily)-1]); err != nil {
		return ""
	}
	return daily[len(daily)-1]
}

// isDatabaseFile reports whether name in the data folder is one of
// Badger's own files, as opposed to the log, the backups and what the user
// put there.
func isDatabaseFile(name string) bool {
	switch name {
	case "MANIFEST", "REWRITEMANIFEST", "KEYREGISTRY", "REWRITE-KEYREGISTRY", "DISCARD", "LOCK":
		return true
	}
	for _, ext := range []string{".sst", ".vlog", ".mem"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// RecoverFromBackup replaces a plan that cannot be opened (damaged, or
// written by a newer Postplan) with a backup. The backup is restored into a
// fresh database beside it first; only when that worked are the old
// database's files moved into a "damaged-<time>" folder, kept for a later
// rescue, and the restored ones put in their place. It returns that folder.
// A failure leaves the data folder as it was.
func RecoverFromBackup(ctx context.Context, dataDir, backup string, log *slog.Logger) (string, error) {
	staging := filepath.Join(dataDir, ".restoring")
	if err := os.RemoveAll(staging); err != nil {
		return "", err
	}
	db, err := storage.Open(staging, log)
	if err != nil {
		return "", fmt.Errorf("open a fresh plan to restore into: %w", err)
	}
	_, err = RestoreFile(ctx, db, backup, false)
	if closeErr := db.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		_ = os.RemoveAll(staging)
		return "", err
	}
	kept := filepath.Join(dataDir, "damaged-"+time.Now().Format("2006-01-02-150405"))
	if err := os.Mkdir(kept, 0o700); err != nil {
		return "", err
	}
	if err := moveFiles(dataDir, kept, isDatabaseFile); err != nil {
		// Put back what moved, so the folder is as it was.
		return "", fmt.Errorf("set the damaged plan aside: %w", errors.Join(err, moveFiles(kept, dataDir, isDatabaseFile)))
	}
	if err := moveFiles(staging, dataDir, func(string) bool { return true }); err != nil {
		return kept, fmt.Errorf("move the restored plan in place: %w", err)
	}
	return kept, os.RemoveAll(staging)
}

func moveFiles(from, to string, which func(name string) bool) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !which(e.Name()) {
			continue
		}
		if err := os.Rename(filepath.Join(from, e.Name()), filepath.Join(to, e.Name())); err != nil {
			return err
		}
	}
	return nil
}
