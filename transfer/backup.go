package transfer

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"postplan/calendar"
	"postplan/storage"
)

// BackupStore is what backups need of the plan.
type BackupStore interface {
	// Backup writes every record of the plan.
	Backup(ctx context.Context, w io.Writer) error
	// Restore replaces the plan with a backup's, or changes nothing.
	Restore(ctx context.Context, r io.Reader) error
	// Blank reports whether the plan holds nothing a user made.
	Blank(ctx context.Context) (bool, error)
	// Dir is the data folder; its backups/ holds the backups.
	Dir() string
}

// KeepBackups is how many daily backups the data folder keeps.
const KeepBackups = 7

// BackupDir is where a data folder's backups go.
func BackupDir(dataDir string) string { return filepath.Join(dataDir, "backups") }

// BackupFile writes a backup of the whole plan to path, atomically.
func BackupFile(ctx context.Context, db BackupStore, path string) error {
	var buf bytes.Buffer
	if err := db.Backup(ctx, &buf); err != nil {
		return err
	}
	return WriteFileAtomic(path, buf.Bytes())
}

// RestoreFile replaces the plan with a backup's. The file is checked
// first, so a file that is not a whole Postplan backup this version reads
// is refused before anything else happens. A plan that is not blank (it
// has posts, team, feeds, routines or experiments) is only replaced when
// force is set, and then it is first backed up beside the daily backups;
// that file's path is returned. Every failure leaves the plan unchanged,
// and says so.
func RestoreFile(ctx context.Context, db BackupStore, path string, force bool) (replaced string, err error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", calendar.Errorf(calendar.ENOTFOUND, "%s cannot be read: %v.", path, err)
	} else if st.IsDir() {
		return "", calendar.Errorf(calendar.EINVALID, "%s is a folder, not a backup file.", path)
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return "", calendar.Errorf(calendar.EINVALID, "%s cannot be read: %v.", path, err)
	}
	if err := storage.CheckBackup(bytes.NewReader(body)); err != nil {
		return "", err
	}
	blank, err := db.Blank(ctx)
	if err != nil {
		return "", restoreFailed(err)
	}
	if !blank {
		if !force {
			return "", calendar.Errorf(calendar.ECONFLICT, "The plan is not empty (it has posts, a team, feeds, routines or experiments); restoring would replace it. Use --force to replace it (it is kept as a backup first).")
		}
		if err := os.MkdirAll(BackupDir(db.Dir()), 0o700); err != nil {
			return "", restoreFailed(err)
		}
		replaced = filepath.Join(BackupDir(db.Dir()), "replaced-"+time.Now().Format("2006-01-02-150405")+".backup")
		if err := BackupFile(ctx, db, replaced); err != nil {
			return "", restoreFailed(err)
		}
	}
	if err := db.Restore(ctx, bytes.NewReader(body)); err != nil {
		return replaced, restoreFailed(err)
	}
	return replaced, nil
}

// restoreFailed says that a restore failed and the plan is as it was: a
// refusal keeps its own words; anything else gets these, and its detail
// stays in the error for the log.
func restoreFailed(err error) error {
	if calendar.ErrorCode(err) != calendar.EINTERNAL {
		return err
	}
	return fmt.Errorf("%w: %w", calendar.Errorf(calendar.EINTERNAL, "The restore failed; the plan is unchanged. The log has the details."), err)
}

// AutoBackup backs the plan up into the data folder once a day: when no
// daily backup is younger than a day, it writes one and keeps the newest
// KeepBackups. It returns the new file, or "" when none was due.
func AutoBackup(ctx context.Context, db BackupStore, now time.Time) (string, error) {
	dir := BackupDir(db.Dir())
	daily, err := DailyBackups(dir)
	if err != nil {
		return "", err
	}
	if n := len(daily); n > 0 {
		if st, err := os.Stat(daily[n-1]); err == nil && now.Sub(st.ModTime()) < 24*time.Hour {
			return "", nil
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "daily-"+now.Format("2006-01-02-150405")+".backup")
	if err := BackupFile(ctx, db, path); err != nil {
		return "", err
	}
	daily = append(daily, path)
	for len(daily) > KeepBackups {
		if err := os.Remove(daily[0]); err != nil {
			return path, err
		}
		daily = daily[1:]
	}
	return path, nil
}

// DailyBackups lists the automatic backups in dir, oldest first (their
// names sort by time).
func DailyBackups(dir string) ([]string, error) {
	names, err := filepath.Glob(filepath.Join(dir, "daily-*.backup"))
	if err != nil {
		return nil, err
	}
	names = slices.DeleteFunc(names, func(n string) bool { return strings.HasSuffix(n, ".tmp") })
	slices.Sort(names)
	return names, nil
}
