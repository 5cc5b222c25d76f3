package storage

import (
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// LoadPlan writes a whole plan: campaigns, members and channels, then every
// post through SavePosts, then experiments and routines. It fills a plan quickly (the sample plan,
// `postplan demo`, the benchmarks' plans).
func (db *DB) LoadPlan(ctx context.Context, plan calendar.Plan) error {
	for _, c := range plan.Campaigns {
		if err := db.PutCampaign(ctx, c); err != nil {
			return fmt.Errorf("campaign %q: %w", c.Tag, err)
		}
	}
	for _, m := range plan.Members {
		if err := db.PutMember(ctx, m); err != nil {
			return fmt.Errorf("member %q: %w", m.Name, err)
		}
	}
	for _, c := range plan.Channels {
		if err := db.PutChannel(ctx, c); err != nil {
			return fmt.Errorf("channel %q: %w", c.Name, err)
		}
	}
	if err := db.SavePosts(ctx, plan.Posts); err != nil {
		return err
	}
	for _, e := range plan.Experiments {
		if err := db.SaveExperiment(ctx, e); err != nil {
			return fmt.Errorf("experiment %q: %w", e.Name, err)
		}
	}
	for _, r := range plan.Routines {
		if err := db.SaveRoutine(ctx, r); err != nil {
			return fmt.Errorf("routine %q: %w", r.Name, err)
		}
	}
	return nil
}

// Empty reports whether the plan has no posts at all.
func (db *DB) Empty(_ context.Context) (bool, error) {
	empty := true
	err := db.bdb.View(func(txn *badger.Txn) error {
		it := keyIterator(txn, postPrefix)
		defer it.Close()
		it.Rewind()
		empty = !it.Valid()
		return nil
	})
	return empty, err
}
