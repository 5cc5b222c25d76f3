package transfer

import (
	"context"
	"os"
	"path/filepath"

	"postplan/storage"
)

// WriteFileAtomic writes beside the target and renames, so a failed export
// never leaves half a file where a good one was.
func WriteFileAtomic(path string, body []byte) error {
	return WriteFile(context.Background(), path, body, nil)
}

// writeChunk is how much of a file is written between progress reports
// and checks for cancellation: a few a second on a slow disk.
const writeChunk = 1 << 20

// WriteFile is WriteFileAtomic that reports bytes written to progress (nil:
// nobody asks) and stops when ctx is cancelled. Cancelled or failed, it
// removes what it wrote and leaves any earlier file at path as it was.
//
// The file is readable by the user only (0600): exports and backups hold
// the feeds' secret addresses. It is written under a name of its own in the
// same folder, so two writes there cannot collide, then renamed over path,
// and the folder is synced so the rename survives a power cut.
func WriteFile(ctx context.Context, path string, body []byte, progress func(done, total int)) (err error) {
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
		n, err := f.Write(body[done:min(done+writeChunk, len(body))])
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
	return storage.SyncDir(dir)
}
