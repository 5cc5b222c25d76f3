// Package storage keeps the plan in a Badger database. It is the only package
// that imports Badger; everything above it talks to the calendar package's
// interfaces.
package storage

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/gofrs/flock"
	"github.com/oklog/ulid/v2"

	"postplan/calendar"
)

// ErrLocked is returned by Open when another process holds the data folder.
var ErrLocked = errors.New("data folder is in use by another process")

// lockName is the file Open holds an OS lock on for as long as the plan is
// open. It is Postplan's own, taken before Badger opens: Badger's lock
// fails differently on each system (on Windows its message is not the one
// on Unix), and a second Postplan must be told "in use", never be offered
// to restore over a plan that is open.
const lockName = "postplan.lock"

// valueThreshold is the size from which Badger keeps a value in its value
// log rather than in the tree. Badger counts only a pointer to such a value
// against a transaction's limit, so any one post fits in a transaction
// however long its texts are.
const valueThreshold = 256 << 10

// DB is an open plan database.
type DB struct {
	// mu is held for reading by every transaction, and for writing while
	// Restore swaps the database under it.
	mu   sync.RWMutex
	bdb  *badger.DB
	dir  string
	log  *slog.Logger
	lock *flock.Flock

	// Now is the clock used for created/updated stamps and tombstones; tests
	// replace it to get deterministic records.
	Now func() time.Time

	idMu    sync.Mutex
	entropy io.Reader // monotonic within a millisecond, so IDs sort by creation

	rev         atomic.Uint64
	gen         atomic.Uint64 // see Generation
	seriesCache sync.Map      // calendar.ID -> *cachedPost
	spanCache   atomic.Pointer[spanList]
	reports     calendar.ReportCache // experiments' series, for the week at a glance
	changes     changeLog            // which posts each recent write changed
	experiments memo[calendar.Experiment]
	importing   sync.Mutex // held by SaveImport
}

// Open opens (creating if needed) the plan database in dir. Badger's own log
// lines go to log, not to the terminal.
func Open(dir string, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	lock := flock.New(filepath.Join(dir, lockName))
	if locked, err := lock.TryLock(); err != nil {
		return nil, fmt.Errorf("lock the data folder: %w", err)
	} else if !locked {
		return nil, ErrLocked
	}
	db, err := open(dir, log, lock)
	if err != nil {
		_ = lock.Unlock()
		return nil, err
	}
	return db, nil
}

func open(dir string, log *slog.Logger, lock *flock.Flock) (*DB, error) {
	if err := finishSwap(dir, log); err != nil {
		return nil, fmt.Errorf("finish an interrupted restore: %w", err)
	}
	bdb, err := openBadger(dir, log)
	if err != nil {
		return nil, err
	}
	db := &DB{bdb: bdb, dir: dir, log: log, lock: lock, Now: time.Now, entropy: ulid.Monotonic(rand.Reader, 0)}
	db.gen.Store(1) // 0 means "unknown" to those who keep one (calendar.ImportResult)
	db.rev.Store(uint64(time.Now().UnixNano()))
	if err := db.migrate(); err != nil {
		bdb.Close()
		return nil, err
	}
	if err := db.finishJournals(); err != nil {
		bdb.Close()
		return nil, fmt.Errorf("finish an interrupted import: %w", err)
	}
	if err := db.purgeTombstones(); err != nil {
		log.Warn("purge old tombstones", "err", err)
	}
	return db, nil
}

func openBadger(dir string, log *slog.Logger) (*badger.DB, error) {
	if err := removeEmptyLogs(dir, log); err != nil {
		return nil, err
	}
	bdb, err := badger.Open(laptopOptions(dir, log))
	if err != nil {
		// Our own lock keeps other Postplans out; this is another program
		// holding Badger's. Badger formats the flock failure with %+v, so
		// errors.Is cannot see EWOULDBLOCK; its message is the only signal.
		if strings.Contains(err.Error(), "Cannot acquire directory lock") {
			return nil, ErrLocked
		}
		return nil, fmt.Errorf("open database in %s: %w", dir, err)
	}
	return bdb, nil
}

// view runs fn in a read-only transaction.
func (db *DB) view(fn func(txn *badger.Txn) error) error {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return db.bdb.View(fn)
}

// removeEmptyLogs deletes value logs (.vlog) and memtable logs (.mem) that
// are shorter than their own header. Badger creates such a file, then writes
// its header; a process killed between the two (a crash or power cut, at
// start-up or when a memtable fills) leaves a 0-byte file that Badger then
// refuses to open ("... Create a new file"), locking the user out of an
// intact plan. A file without a header cannot hold any data. The crash test
// in crash_test.go found both cases.
func removeEmptyLogs(dir string, log *slog.Logger) error {
	const logHeaderSize = 20 // key id (8) + base IV (12)
	vlogs, err := filepath.Glob(filepath.Join(dir, "*.vlog"))
	if err != nil {
		return err
	}
	mems, err := filepath.Glob(filepath.Join(dir, "*.mem"))
	if err != nil {
		return err
	}
	for _, name := range append(vlogs, mems...) {
		st, err := os.Stat(name)
		if err != nil || st.Size() >= logHeaderSize {
			continue
		}
		log.Warn("removing an empty log file left by an interrupted write", "file", filepath.Base(name), "bytes", st.Size())
		if err := os.Remove(name); err != nil {
			return fmt.Errorf("remove empty log file: %w", err)
		}
	}
	return nil
}

// laptopOptions sizes Badger for a plan of at most a few hundred thousand
// posts on a laptop: the defaults (64 MiB memtables x5, 256 MiB block cache,
// 1 GiB value log files) are made for servers and would dominate the app's
// memory and disk footprint.
func laptopOptions(dir string, log *slog.Logger) badger.Options {
	return badger.DefaultOptions(dir).
		WithLogger(badgerLogger{log.With("component", "badger")}).
		WithSyncWrites(true). // every acknowledged edit survives a power cut
		WithMemTableSize(8 << 20).
		WithNumMemtables(2).
		WithNumLevelZeroTables(3).
		WithNumLevelZeroTablesStall(8).
		// Blocks of 32 kB, not Badger's 4 kB: a week's posts are read
		// together (a week query read some 60 blocks), compression works
		// across more records (the 100,000-post folder: 25 to 15 MB), and
		// a lone post's read, decompressing more, measured no slower.
		WithBlockSize(32 << 10).
		WithBlockCacheSize(16 << 20).
		WithIndexCacheSize(8 << 20).
		WithValueLogFileSize(32 << 20).
		WithValueThreshold(valueThreshold).
		WithNumCompactors(2).
		WithNumGoroutines(2).
		WithMetricsEnabled(false)
}

// Dir is the folder the database lives in.
func (db *DB) Dir() string { return db.dir }

// Close flushes and closes the database and lets go of the data folder.
func (db *DB) Close() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	// Long texts live in the value log; reclaim what edits left behind.
	// It does little and returns quickly when there is nothing to reclaim.
	for range 4 {
		if db.bdb.RunValueLogGC(0.5) != nil {
			break
		}
	}
	err := db.bdb.Close()
	if db.lock != nil {
		err = errors.Join(err, db.lock.Unlock())
	}
	return err
}

// badgerLogger sends Badger's log lines to slog. Badger is chatty at info
// level about routine compaction, so its info lines become debug lines.
type badgerLogger struct{ log *slog.Logger }

func (l badgerLogger) Errorf(f string, a ...any) {
	l.log.Error(strings.TrimSpace(fmt.Sprintf(f, a...)))
}
func (l badgerLogger) Warningf(f string, a ...any) {
	l.log.Warn(strings.TrimSpace(fmt.Sprintf(f, a...)))
}
func (l badgerLogger) Infof(f string, a ...any) { l.log.Debug(strings.TrimSpace(fmt.Sprintf(f, a...))) }
func (l badgerLogger) Debugf(f string, a ...any) {
	l.log.Debug(strings.TrimSpace(fmt.Sprintf(f, a...)))
}
