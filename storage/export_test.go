package storage

import (
	"encoding/binary"

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
	err := db.bdb.View(func(txn *badger.Txn) error {
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
	err := db.bdb.View(func(txn *badger.Txn) error {
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
