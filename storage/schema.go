package storage

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// schemaVersion is the layout this code reads and writes. Each step in
// migrations upgrades a database from version i to i+1.
const schemaVersion = 3

// migration is one step: drop removes every key under a prefix (Badger's
// DropPrefix, for an index of any size, which one transaction could not
// hold), then step runs in one transaction with the version's bump. A step
// interrupted before the bump runs again whole at the next open.
type migration struct {
	drop []byte
	step func(txn *badger.Txn) error
}

// migrations[i] upgrades version i to i+1. Version 0 is an empty folder.
var migrations = []migration{
	{},                         // 0 -> 1: first layout, nothing to move
	{step: oneTombstonePerID},  // 1 -> 2
	{drop: legacyStatusPrefix}, // 2 -> 3: the status index, which nothing read
}

// legacyStatusPrefix was an index of posts by status (idx/status/<status>
// \x00<id>). Nothing ever read it, and it cost every post a key to write:
// layout 3 drops it.
var legacyStatusPrefix = []byte("idx/status/")

// oneTombstonePerID (layout 2) leaves one tombstone per deleted post, with
// one index entry, and none for a post that is in the plan. Layout 1 kept
// the tombstone of a post an import brought back, and added a second index
// entry when such a post was deleted again; the purge then left an entry
// pointing at nothing, and every feed failed on it.
func oneTombstonePerID(txn *badger.Txn) error {
	var stale [][]byte
	it := keyIterator(txn, tombTimePrefix)
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().KeyCopy(nil)
		id := calendar.ID(k[len(tombTimePrefix)+8:])
		_, deleted, err := getTombstone(txn, id)
		if err != nil {
			it.Close()
			return err
		}
		_, liveErr := txn.Get(postKey(id))
		if !deleted.Equal(readTime(k[len(tombTimePrefix):])) || liveErr == nil {
			stale = append(stale, k)
		}
	}
	it.Close()
	for _, k := range stale {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	// Tombstones of posts that are in the plan.
	var live []calendar.ID
	it = keyIterator(txn, tombPrefix)
	for it.Rewind(); it.Valid(); it.Next() {
		id := calendar.ID(it.Item().KeyCopy(nil)[len(tombPrefix):])
		if _, err := txn.Get(postKey(id)); err == nil {
			live = append(live, id)
		}
	}
	it.Close()
	for _, id := range live {
		if err := txn.Delete(tombKey(id)); err != nil {
			return err
		}
	}
	return nil
}

// ErrTooNew is returned by Open when the database was written by a newer
// Postplan whose layout this version cannot read.
var ErrTooNew = errors.New("the data folder was written by a newer version of Postplan")

func (db *DB) migrate() error {
	for {
		var v uint64
		err := db.view(func(txn *badger.Txn) error {
			var err error
			v, err = readSchema(txn)
			return err
		})
		if err != nil {
			return err
		}
		if v == schemaVersion {
			return nil
		} else if v > schemaVersion {
			return fmt.Errorf("%w (layout %d, this version reads %d)", ErrTooNew, v, schemaVersion)
		}
		m := migrations[v]
		if m.drop != nil {
			if err := db.bdb.DropPrefix(m.drop); err != nil {
				return fmt.Errorf("upgrade data folder from layout %d: %w", v, err)
			}
		}
		err = db.bdb.Update(func(txn *badger.Txn) error {
			if m.step != nil {
				if err := m.step(txn); err != nil {
					return err
				}
			}
			return txn.Set(schemaKey, binary.BigEndian.AppendUint64(nil, v+1))
		})
		if err != nil {
			return fmt.Errorf("upgrade data folder from layout %d: %w", v, err)
		}
		db.log.Info("schema upgraded", "from", v, "to", v+1)
	}
}

func readSchema(txn *badger.Txn) (uint64, error) {
	item, err := txn.Get(schemaKey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	var v uint64
	err = item.Value(func(b []byte) error {
		if len(b) != 8 {
			return fmt.Errorf("schema version record has %d bytes", len(b))
		}
		v = binary.BigEndian.Uint64(b)
		return nil
	})
	return v, err
}
