package storage

import (
	"context"
	"errors"
	"time"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// RestorePost puts p back under its own ID, whatever is stored there now:
// undo of a create, an edit or a delete. A deleted post's tombstone goes, and
// its sequence ends above the tombstone's, so calendars that were told it was
// cancelled take it back.
func (db *DB) RestorePost(_ context.Context, p *calendar.Post) error {
	if p.ID == "" {
		return calendar.Errorf(calendar.EINVALID, "Only a post that has been saved can be restored.")
	}
	var saved calendar.Post
	changed := []calendar.ID{p.ID}
	err := db.updateChanging(func(txn *badger.Txn) error {
		saved = *p
		saved.Updated = db.Now().UTC()
		old, err := getPost(txn, p.ID)
		switch {
		case err == nil:
			saved.Sequence = max(saved.Sequence, old.Sequence+1)
			if !saved.Updated.After(old.Updated) {
				saved.Updated = old.Updated.Add(time.Microsecond)
			}
		case calendar.ErrorCode(err) != calendar.ENOTFOUND:
			return err
		}
		tomb, deleted, err := getTombstone(txn, p.ID)
		if err != nil {
			return err
		}
		if tomb != nil {
			saved.Sequence = max(saved.Sequence, tomb.Sequence+1)
			if err := txn.Delete(tombKey(p.ID)); err != nil {
				return err
			}
			if err := txn.Delete(tombTimeKey(deleted, p.ID)); err != nil {
				return err
			}
		}
		if err := saved.Validate(txnLookup{txn}); err != nil {
			return err
		}
		return db.replaceEntries(txn, old, &saved)
	}, &changed)
	if err != nil {
		return err
	}
	*p = saved
	return nil
}

// getTombstone returns the tombstone of id and when it was deleted, or nil.
func getTombstone(txn *badger.Txn, id calendar.ID) (*calendar.Post, time.Time, error) {
	item, err := txn.Get(tombKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, time.Time{}, nil
	} else if err != nil {
		return nil, time.Time{}, err
	}
	var p *calendar.Post
	var deleted time.Time
	err = item.Value(func(v []byte) error {
		if len(v) < 8 {
			return errCorrupt
		}
		deleted = readTime(v)
		p, err = decodePost(v[8:])
		return err
	})
	return p, deleted, err
}
