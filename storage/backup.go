package storage

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/gofrs/flock"
	"google.golang.org/protobuf/proto"

	"postplan/calendar"
)

// A backup is the line "postplan backup <format>", then Badger's own backup
// stream, gzipped. The line lets restore say "this is not a Postplan
// backup", or "made by a newer Postplan", before it reads a byte of the
// stream.
const (
	backupPrefix = "postplan backup "
	backupFormat = 1
)

// maxBackupBytes bounds what a backup may unpack to, so that a file built
// to expand without end is refused rather than filling the disk.
const maxBackupBytes = 4 << 30

// writeBackupStream writes what txn sees in the stream Badger's DB.Backup
// writes and DB.Load reads: KVLists, each after its length. Badger's own
// Backup reads with a goroutine per core into 32 MB buffers and sends
// batches of up to 100 MB, with every version of every key: a
// 100,000-post plan's daily backup took 400 MB, which the app then held
// for minutes. This writes each key's current value, a megabyte at a time.
func writeBackupStream(txn *badger.Txn, w io.Writer) error {
	// Values are copied once, below: the iterator's prefetch would copy
	// each a first time.
	opt := badger.DefaultIteratorOptions
	opt.PrefetchValues = false
	it := txn.NewIterator(opt)
	defer it.Close()
	var list pb.KVList
	size := 0
	flush := func() error {
		if len(list.Kv) == 0 {
			return nil
		}
		b, err := proto.Marshal(&list)
		if err != nil {
			return err
		}
		if err := binary.Write(w, binary.LittleEndian, uint64(len(b))); err != nil {
			return err
		}
		_, err = w.Write(b)
		list.Kv, size = list.Kv[:0], 0
		return err
	}
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		v, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		kv := &pb.KV{Key: item.KeyCopy(nil), Value: v, UserMeta: []byte{item.UserMeta()}, Version: item.Version(), ExpiresAt: item.ExpiresAt()}
		list.Kv = append(list.Kv, kv)
		if size += len(kv.Key) + len(v); size >= 1<<20 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// Backup writes every record of the plan to w.
func (db *DB) Backup(_ context.Context, w io.Writer) error {
	if _, err := fmt.Fprintf(w, "%s%d\n", backupPrefix, backupFormat); err != nil {
		return err
	}
	gz, err := gzip.NewWriterLevel(w, gzip.BestSpeed)
	if err != nil {
		return err
	}
	db.mu.RLock()
	err = db.bdb.View(func(txn *badger.Txn) error { return writeBackupStream(txn, gz) })
	db.mu.RUnlock()
	if err != nil {
		return err
	}
	return gz.Close()
}

// CheckBackup reads a backup through and says what is wrong with it, if
// anything, without loading it: not a Postplan backup, made by a newer
// Postplan, cut short, damaged. Restore checks the same, and more, in a
// database of its own.
func CheckBackup(r io.Reader) error {
	br := bufio.NewReader(r)
	if err := readBackupHeader(br); err != nil {
		return err
	}
	return checkStream(br)
}

func readBackupHeader(br *bufio.Reader) error {
	line, err := br.ReadSlice('\n')
	rest, ok := bytes.CutPrefix(line, []byte(backupPrefix))
	if err != nil || !ok {
		return calendar.Errorf(calendar.EINVALID, "The file is not a Postplan backup; nothing was restored.")
	}
	format, err := strconv.Atoi(string(bytes.TrimSpace(rest)))
	switch {
	case err != nil || format < 1:
		return calendar.Errorf(calendar.EINVALID, "The file is not a Postplan backup; nothing was restored.")
	case format > backupFormat:
		return calendar.Errorf(calendar.EINVALID,
			"The backup was made by a newer Postplan (backup format %d; this one reads format %d). Update Postplan to restore it; nothing was restored.", format, backupFormat)
	}
	return nil
}

// checkStream reads the gzipped stream through: whole, and made of
// Badger's frames (a length, then that many bytes) to its end. Badger's
// loader allocates what a frame's length says before it reads, so a length
// that is not true must be caught first.
func checkStream(r io.Reader) error {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return damaged(err)
	}
	br := bufio.NewReader(io.LimitReader(gz, maxBackupBytes+1))
	total := int64(0)
	for {
		var sz uint64
		err := binary.Read(br, binary.LittleEndian, &sz)
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return damaged(err)
		}
		if sz > maxBackupBytes {
			return damaged(fmt.Errorf("a record of %d bytes", sz))
		}
		n, err := io.CopyN(io.Discard, br, int64(sz))
		total += 8 + n
		if err != nil {
			return damaged(err)
		}
		if total > maxBackupBytes {
			return calendar.Errorf(calendar.EINVALID, "The backup unpacks to more than 4 GB, more than any plan; nothing was restored.")
		}
	}
	return nil
}

func damaged(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return calendar.Errorf(calendar.EINVALID, "The backup is cut short (truncated); nothing was restored.")
	}
	return calendar.Errorf(calendar.EINVALID, "The backup is damaged (%v); nothing was restored.", err)
}

// LoadBackup restores a backup into a new database in dir, upgrades it to
// this version's layout and checks it: every post reads back and every ID
// is one Postplan accepts. dir must hold no database. On failure dir is
// removed and the error says what was wrong with the backup.
func LoadBackup(ctx context.Context, dir string, r io.Reader, log *slog.Logger) (err error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if err := CheckBackup(bytes.NewReader(body)); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST")); err == nil {
		return fmt.Errorf("%s already holds a database", dir)
	}
	defer func() {
		if err != nil {
			_ = os.RemoveAll(dir)
		}
	}()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	bdb, err := openBadger(dir, log)
	if err != nil {
		return err
	}
	staged := &DB{bdb: bdb, dir: dir, log: log, Now: time.Now}
	defer func() {
		if cerr := bdb.Close(); err == nil {
			err = cerr
		}
	}()
	br := bufio.NewReader(bytes.NewReader(body))
	_ = readBackupHeader(br)
	gz, err := gzip.NewReader(br)
	if err != nil {
		return damaged(err)
	}
	if err := bdb.Load(gz, 16); err != nil {
		return damaged(err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var schema uint64
	found := false
	err = staged.view(func(txn *badger.Txn) error {
		_, gerr := txn.Get(schemaKey)
		found = gerr == nil
		schema, err = readSchema(txn)
		return err
	})
	switch {
	case err != nil:
		return damaged(err)
	case !found:
		return calendar.Errorf(calendar.EINVALID, "The file is a backup stream but holds no Postplan plan; nothing was restored.")
	case schema > schemaVersion:
		return calendar.Errorf(calendar.EINVALID,
			"The backup was made by a newer Postplan (plan layout %d; this one reads up to %d). Update Postplan to restore it; nothing was restored.", schema, schemaVersion)
	}
	if err := staged.migrate(); err != nil {
		return err
	}
	// A backup taken while an import was running holds its journal.
	if err := staged.finishJournals(); err != nil {
		return damaged(err)
	}
	return staged.checkRecords()
}

// checkRecords reads every post back and checks its ID, so a backup that
// would fail later, in a feed or in the window, is refused now.
func (db *DB) checkRecords() error {
	return db.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: postPrefix, PrefetchValues: false})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			id := calendar.ID(it.Item().Key()[len(postPrefix):])
			var p *calendar.Post
			err := it.Item().Value(func(v []byte) error {
				var err error
				p, err = decodePost(v)
				return err
			})
			if err != nil {
				return damaged(fmt.Errorf("post %q: %w", id, err))
			}
			if err := calendar.CheckID(p.ID); err != nil || p.ID != id {
				return calendar.Errorf(calendar.EINVALID, "The backup holds a post whose ID %q Postplan does not accept; nothing was restored.", truncated(string(id)))
			}
		}
		return nil
	})
}

func truncated(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// Restore replaces the whole plan with a backup's. The backup is restored
// into a staging folder and checked there (LoadBackup); only then are the
// database files swapped (SwapIn), with the plan closed for the moment it
// takes. Every failure leaves the plan as it was; the caller backs up a
// plan that is not Blank first.
func (db *DB) Restore(ctx context.Context, r io.Reader) error {
	stamp := time.Now().Format("20060102-150405.000000000")
	staging := filepath.Join(db.dir, ".restoring-"+stamp)
	if err := LoadBackup(ctx, staging, r, db.log); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		_ = os.RemoveAll(staging)
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if err := db.bdb.Close(); err != nil {
		_ = os.RemoveAll(staging)
		return fmt.Errorf("close the plan to replace it: %w", err)
	}
	aside := filepath.Join(db.dir, ".replaced-"+stamp)
	swapErr := SwapIn(db.dir, staging, aside, true, db.log)
	if swapErr != nil {
		// A rename failed half-way; the marker says what is left to do.
		if err := finishSwap(db.dir, db.log); err == nil {
			swapErr = nil
		}
	}
	bdb, err := openBadger(db.dir, db.log)
	if err != nil && swapErr == nil {
		// The restored plan would not open: put the plan back.
		swapErr = errors.Join(err, unswap(db.dir, aside))
		bdb, err = openBadger(db.dir, db.log)
	}
	if err != nil {
		return fmt.Errorf("reopen the plan after a failed restore: %w", errors.Join(swapErr, err))
	}
	db.bdb = bdb
	db.forgetCaches()
	if swapErr != nil {
		return swapErr
	}
	if err := os.RemoveAll(aside); err != nil {
		db.log.Warn("remove the replaced plan's files", "err", err)
	}
	return nil
}

// ReplaceDamaged replaces a plan that cannot be opened (damaged, or written
// by a newer Postplan) with a backup's, holding the data folder's lock
// while it does. The backup is restored and checked in a staging folder
// first (LoadBackup); only then are the old database files moved into a
// "damaged-<time>" folder, kept for a later rescue, which it returns. A
// failure leaves the data folder as it was.
func ReplaceDamaged(ctx context.Context, dir string, r io.Reader, log *slog.Logger) (string, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	lock := flock.New(filepath.Join(dir, lockName))
	if locked, err := lock.TryLock(); err != nil {
		return "", fmt.Errorf("lock the data folder: %w", err)
	} else if !locked {
		return "", ErrLocked
	}
	defer lock.Unlock()
	stamp := time.Now().Format("2006-01-02-150405")
	staging := filepath.Join(dir, ".restoring-"+stamp)
	if err := LoadBackup(ctx, staging, r, log); err != nil {
		return "", err
	}
	kept := filepath.Join(dir, "damaged-"+stamp)
	if err := SwapIn(dir, staging, kept, true, log); err != nil {
		return "", err
	}
	return kept, nil
}

// forgetCaches drops what was derived from the records, after they were
// all replaced.
func (db *DB) forgetCaches() {
	db.seriesCache.Clear()
	db.spanCache.Store(nil)
	db.reports.Clear()
	db.gen.Add(1)
	db.rev.Add(1)
}

// Blank reports whether the plan holds nothing a user made: no posts,
// campaigns, members, team channels, experiments, routines or feeds. Only
// a blank plan is replaced by a restore without being asked and kept.
func (db *DB) Blank(_ context.Context) (bool, error) {
	blank := true
	err := db.view(func(txn *badger.Txn) error {
		for _, prefix := range [][]byte{postPrefix, campaignPrefix, memberPrefix, channelPrefix, experimentPrefix, routinePrefix, feedPrefix} {
			it := keyIterator(txn, prefix)
			it.Rewind()
			found := it.Valid()
			it.Close()
			if found {
				blank = false
				return nil
			}
		}
		return nil
	})
	return blank, err
}
