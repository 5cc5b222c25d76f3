package storage

import (
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// LoadPlan writes a whole plan: campaigns, members, channels and every post
// through SaveImport, all or nothing, then experiments and routines. It
// fills a plan quickly (the sample plan, `postplan demo`, the benchmarks'
// plans, JSON imports).
func (db *DB) LoadPlan(ctx context.Context, plan calendar.Plan) error {
	if _, err := db.SaveImport(ctx, calendar.Import{Campaigns: plan.Campaigns, Channels: plan.Channels, Members: plan.Members, Posts: plan.Posts}); err != nil {
		return err
	}
	for _, e := range plan.Experiments {
		if _, err := db.SaveExperiment(ctx, e); err != nil {
			return fmt.Errorf("experiment %q: %w", e.Name, err)
		}
	}
	for _, r := range plan.Routines {
		if _, err := db.SaveRoutine(ctx, r); err != nil {
			return fmt.Errorf("routine %q: %w", r.Name, err)
		}
	}
	return nil
}

// Empty reports whether the plan has no posts at all.
func (db *DB) Empty(_ context.Context) (bool, error) {
	return db.noneUnder(postPrefix)
}

// noneUnder reports whether no key starts with prefix.
func (db *DB) noneUnder(prefix []byte) (bool, error) {
	empty := true
	err := db.view(func(txn *badger.Txn) error {
		empty = !anyUnder(txn, prefix)
		return nil
	})
	return empty, err
}

// anyUnder reports whether a key in txn's snapshot starts with prefix.
func anyUnder(txn *badger.Txn, prefix []byte) bool {
	it := keyIterator(txn, prefix)
	defer it.Close()
	it.Rewind()
	return it.Valid()
}
