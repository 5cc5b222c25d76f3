package storage

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// Settings are small JSON values under setting/<name>: the window's choices
// that must survive a restart (sharing, later language and filters).

// Setting reads a setting into v; it reports false when it was never set.
func (db *DB) Setting(_ context.Context, name string, v any) (bool, error) {
	err := db.view(func(txn *badger.Txn) error {
		item, err := txn.Get(settingKey(name))
		if err != nil {
			return err
		}
		return item.Value(func(b []byte) error { return json.Unmarshal(b, v) })
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

// PutSetting saves a setting.
func (db *DB) PutSetting(_ context.Context, name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var none []calendar.ID // a setting is not a post
	return db.updateChanging(func(txn *badger.Txn) error { return txn.Set(settingKey(name), b) }, &none)
}
