package storage

import (
	"context"
	"errors"

	"github.com/dgraph-io/badger/v4"
)

// Settings are small JSON values under setting/<name>: the window's choices
// that must survive a restart (sharing, later language and filters).
var settingPrefix = []byte("setting/")

// Setting reads a setting into v; it reports false when it was never set.
func (db *DB) Setting(_ context.Context, name string, v any) (bool, error) {
	err := db.view(func(txn *badger.Txn) error { return getJSON(txn, key(settingPrefix, name), v) })
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

// PutSetting saves a setting.
func (db *DB) PutSetting(_ context.Context, name string, v any) error {
	return db.putJSON(key(settingPrefix, name), v)
}
