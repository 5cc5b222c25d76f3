// Package atomicfile writes a file whole or not at all: under a name of its
// own beside the target, synced, renamed over it, and the folder synced so
// the rename survives a power cut. Exports, backups, the restore marker,
// the publish state and password files all go through it.
package atomicfile

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
)

// chunk is how much is written between progress reports and checks for
// cancellation: a few a second on a slow disk.
const chunk = 1 << 20

// Write writes body to path, readable by the user only (0600: what
// Postplan writes holds feeds' secret addresses or passwords). progress,
// if not nil, hears the bytes written; a cancelled ctx stops the write.
// Cancelled or failed, it removes what it wrote and leaves any earlier
// file at path as it was. Two writes into one folder cannot collide.
func Write(ctx context.Context, path string, body []byte, progress func(done, total int)) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	for done := 0; done < len(body); {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := f.Write(body[done:min(done+chunk, len(body))])
		if err != nil {
			return err
		}
		done += n
		if progress != nil {
			progress(done, len(body))
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return SyncDir(dir)
}

// SyncDir makes a rename or a new file in dir durable. Windows has no such
// call and makes renames durable itself.
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
