package storage

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"time"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// Test hooks: black-box tests in storage_test reach internals only through
// these.

var (
	EncodePost = func(p *calendar.Post) []byte { return encodePost(nil, p) }
	DecodePost = decodePost
)

// SetSchemaVersion writes a schema version, as a newer Postplan would.
func SetSchemaVersion(db *DB, v uint64) error {
	return db.bdb.Update(func(txn *badger.Txn) error {
		return txn.Set(schemaKey, binary.BigEndian.AppendUint64(nil, v))
	})
}

// IndexKeys lists every key under idx/, for consistency checks.
func IndexKeys(db *DB) ([]string, error) {
	var keys []string
	err := db.view(func(txn *badger.Txn) error {
		it := keyIterator(txn, []byte("idx/"))
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			keys = append(keys, string(it.Item().KeyCopy(nil)))
		}
		return nil
	})
	return keys, err
}

// ExpectedIndexKeys is what the indexes should hold for the given posts.
func ExpectedIndexKeys(db *DB, posts []*calendar.Post) ([]string, error) {
	var keys []string
	for _, p := range posts {
		es, err := db.postEntries(p)
		if err != nil {
			return nil, err
		}
		for _, e := range es[1:] {
			keys = append(keys, string(e.key))
		}
	}
	return keys, nil
}

// JournalKeys counts the keys bulk-write journals hold.
func JournalKeys(db *DB) (int, error) {
	n := 0
	err := db.view(func(txn *badger.Txn) error {
		for _, prefix := range [][]byte{journalPrefix, teamJournalPrefix} {
			it := keyIterator(txn, prefix)
			for it.Rewind(); it.Valid(); it.Next() {
				n++
			}
			it.Close()
		}
		return nil
	})
	return n, err
}

// WriteLayoutOneTombstones writes what layout 1 could leave: a tombstone of
// live, a post that is in the plan, and, gone being deleted, a second index
// entry for its tombstone.
func WriteLayoutOneTombstones(db *DB, live, gone *calendar.Post) error {
	if err := db.DeletePost(context.Background(), gone.ID); err != nil {
		return err
	}
	at := db.Now().UTC().Add(-time.Hour)
	return db.bdb.Update(func(txn *badger.Txn) error {
		if err := txn.Set(tombKey(live.ID), encodePost(appendTime(nil, at), live)); err != nil {
			return err
		}
		if err := txn.Set(tombTimeKey(at, live.ID), nil); err != nil {
			return err
		}
		return txn.Set(tombTimeKey(at, gone.ID), nil)
	})
}

// StartSwapAndStop begins swapping staging's database into dir and stops
// half-way through setting dir's files aside, as a process killed there.
func StartSwapAndStop(dir, staging, aside string) error {
	st := swapState{Staging: filepath.Base(staging), Aside: filepath.Base(aside), Phase: "aside"}
	if err := os.MkdirAll(aside, 0o700); err != nil {
		return err
	}
	if err := writeSwapState(dir, st); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	moved := 0
	for _, e := range entries {
		if !e.IsDir() && IsDatabaseFile(e.Name()) && moved%2 == 0 {
			if err := os.Rename(filepath.Join(dir, e.Name()), filepath.Join(aside, e.Name())); err != nil {
				return err
			}
		}
		moved++
	}
	return nil
}

// PutRawPost stores p as it is, past validation, as a damaged or forged
// backup could hold it.
func PutRawPost(db *DB, p *calendar.Post) error {
	return db.bdb.Update(func(txn *badger.Txn) error { return txn.Set(postKey(p.ID), encodePost(nil, p)) })
}

// WriteLayoutTwoStatusIndex writes the status index layout 2 kept for
// every post in the plan.
func WriteLayoutTwoStatusIndex(db *DB) error {
	posts, err := db.AllPosts(context.Background())
	if err != nil {
		return err
	}
	return db.bdb.Update(func(txn *badger.Txn) error {
		for _, p := range posts {
			if err := txn.Set(key(legacyStatusPrefix, string(p.Status), string(p.ID)), nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteOpenJournal writes the journal of a bulk write that did not finish,
// as the process would have left it when killed: befores are what the
// posts it wrote were before (nil for one it created). With perPost, in the
// layout of earlier versions, a key per post; else one part holding all.
// The posts themselves, as the write left them, are the caller's to save.
func WriteOpenJournal(db *DB, ids []calendar.ID, befores []*calendar.Post, perPost bool) error {
	jid := db.newID()
	return db.bdb.Update(func(txn *badger.Txn) error {
		if err := txn.Set(journalKey(jid), journalOpen); err != nil {
			return err
		}
		part := (&bulkJournal{id: jid, saved: map[calendar.ID]bool{}}).newPart()
		for i, id := range ids {
			if !perPost {
				part.add(id, befores[i])
				continue
			}
			var before []byte
			if befores[i] != nil {
				before = encodePost(nil, befores[i])
			}
			if err := txn.Set(journalEntryKey(jid, id), before); err != nil {
				return err
			}
		}
		return part.put(txn)
	})
}

// journalEntryKey is the key earlier versions journalled one post under.
func journalEntryKey(jid, id calendar.ID) []byte {
	return key(journalPrefix, string(jid)+"/"+string(id))
}
