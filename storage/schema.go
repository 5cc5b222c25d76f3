package storage

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// schemaVersion is the layout this code reads and writes. Each step in
// migrations upgrades a database from version i to i+1 in one transaction.
const schemaVersion = 1

// migrations[i] upgrades version i to i+1. Version 0 is an empty folder.
var migrations = []func(txn *badger.Txn) error{
	func(*badger.Txn) error { return nil }, // 0 -> 1: first layout, nothing to move
}

// ErrTooNew is returned by Open when the database was written by a newer
// Postplan whose layout this version cannot read.
var ErrTooNew = errors.New("the data folder was written by a newer version of Postplan")

func (db *DB) migrate() error {
	for {
		var v uint64
		err := db.bdb.View(func(txn *badger.Txn) error {
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
		step := migrations[v]
		err = db.bdb.Update(func(txn *badger.Txn) error {
			if err := step(txn); err != nil {
				return err
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
