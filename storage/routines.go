package storage

import (
	"context"
	"errors"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// Routines are few and kept as JSON, like the team.

// CreateRoutine gives r an ID and its stamps, checks it against the team and
// saves it.
func (db *DB) CreateRoutine(_ context.Context, r *calendar.Routine) error {
	saved := *r
	if saved.ID == "" {
		saved.ID = db.newID()
	}
	now := db.Now().UTC()
	saved.Created, saved.Updated, saved.Sequence = now, now, 0
	err := db.update(func(txn *badger.Txn) error {
		if err := saved.Validate(txnLookup{txn}); err != nil {
			return err
		}
		return setRecord(txn, routineKey(saved.ID), toRoutineRecord(saved))
	})
	if err != nil {
		return err
	}
	*r = saved
	return nil
}

// ChangeRoutine applies change to the stored routine and saves it when the
// result is valid; nothing is written otherwise. Every change is one a
// subscribed calendar must see, so the sequence goes up.
func (db *DB) ChangeRoutine(_ context.Context, id calendar.ID, change func(r *calendar.Routine) error) (*calendar.Routine, error) {
	var saved calendar.Routine
	err := db.update(func(txn *badger.Txn) error {
		rec, err := getRecord[routineRecord](txn, routineKey(id))
		if notFound(err) {
			return calendar.Errorf(calendar.ENOTFOUND, "That routine is not in the plan.")
		} else if err != nil {
			return err
		}
		r := rec.routine()
		created := r.Created
		if err := change(&r); err != nil {
			return err
		}
		r.ID, r.Created = id, created
		r.Updated = laterThan(db.Now().UTC(), r.Updated)
		r.Sequence++
		if err := r.Validate(txnLookup{txn}); err != nil {
			return err
		}
		saved = r
		return setRecord(txn, routineKey(id), toRoutineRecord(r))
	})
	if err != nil {
		return nil, err
	}
	return &saved, nil
}

// DeleteRoutine removes a routine.
func (db *DB) DeleteRoutine(_ context.Context, id calendar.ID) error {
	return db.update(func(txn *badger.Txn) error {
		if _, err := txn.Get(routineKey(id)); errors.Is(err, badger.ErrKeyNotFound) {
			return calendar.Errorf(calendar.ENOTFOUND, "That routine is not in the plan.")
		} else if err != nil {
			return err
		}
		return txn.Delete(routineKey(id))
	})
}

// Routines returns every routine, oldest first.
func (db *DB) Routines(_ context.Context) ([]calendar.Routine, error) {
	return listRecords(db, routinePrefix, routineRecord.routine)
}

// SaveRoutine writes a routine as it is, under its own ID (given one if it
// has none), for imports and the sample plan. One the plan changed after
// the file's copy was written (calendar.OlderCopy) is left as it is, and
// written says so.
func (db *DB) SaveRoutine(_ context.Context, r calendar.Routine) (written bool, err error) {
	if r.ID == "" {
		r.ID = db.newID()
	}
	now := db.Now().UTC()
	if r.Created.IsZero() {
		r.Created = now
	}
	stamp := r.Updated
	if r.Updated.IsZero() {
		r.Updated = now
	}
	err = db.update(func(txn *badger.Txn) error {
		written = false // afresh: update runs this again after a conflict
		rec, err := getRecord[routineRecord](txn, routineKey(r.ID))
		if old := rec.routine(); err == nil && calendar.OlderCopy(old.Updated, stamp, old.Sequence, r.Sequence) {
			return nil // the plan changed it after the file was written
		} else if err != nil && !notFound(err) {
			return err
		}
		if err := r.Validate(txnLookup{txn}); err != nil {
			return err
		}
		written = true
		return setRecord(txn, routineKey(r.ID), toRoutineRecord(r))
	})
	return written && err == nil, err
}
