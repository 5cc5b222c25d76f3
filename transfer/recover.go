package transfer

import (
	"context"
	"log/slog"
	"os"

	"postplan/calendar"
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

// RecoverFromBackup replaces a plan that cannot be opened (damaged, or
// written by a newer Postplan) with a backup. The backup is restored into a
// fresh database beside it and checked first; only when that worked are
// the old database's files moved into a "damaged-<time>" folder, kept for a
// later rescue, and the restored ones put in their place. It returns that
// folder. A failure leaves the data folder as it was.
func RecoverFromBackup(ctx context.Context, dataDir, backup string, log *slog.Logger) (string, error) {
	f, err := os.Open(backup)
	if err != nil {
		return "", calendar.Errorf(calendar.ENOTFOUND, "%s cannot be read: %v.", backup, err)
	}
	defer f.Close()
	return storage.ReplaceDamaged(ctx, dataDir, f, log)
}
