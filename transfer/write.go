package transfer

import (
	"context"

	"postplan/atomicfile"
)

// WriteFileAtomic writes beside the target and renames, so a failed export
// never leaves half a file where a good one was.
func WriteFileAtomic(path string, body []byte) error {
	return WriteFile(context.Background(), path, body, nil)
}

// WriteFile is WriteFileAtomic that reports bytes written to progress (nil:
// nobody asks) and stops when ctx is cancelled; see package atomicfile.
func WriteFile(ctx context.Context, path string, body []byte, progress func(done, total int)) error {
	return atomicfile.Write(ctx, path, body, progress)
}
