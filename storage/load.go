package storage

import (
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// LoadPlan writes a whole plan: campaigns, members and channels, then every
// post through SavePosts (IDs kept, given where empty; created/updated
// stamped where zero). It fills a plan quickly (the sample plan, `postplan
// demo`, the benchmarks' plans): every post is validated before the first
// is written, so bad input writes no post, but the posts go in transactions
// of importChunk, not one.
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
	now := db.Now().UTC()
	for _, p := range plan.Posts {
		if p.Created.IsZero() {
			p.Created, p.Updated = now, now
		}
	}
	return db.SavePosts(ctx, plan.Posts)
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

// importChunk is how many posts one import transaction writes: Badger
// refuses transactions much larger than a tenth of a memtable.
const importChunk = 500

// SavePosts creates or replaces posts by ID, for imports: a post already in
// the plan is replaced, its old index entries removed, so importing the same
// file twice changes nothing the second time. Posts are validated before
// any is written; then they are written in transactions of importChunk.
func (db *DB) SavePosts(ctx context.Context, posts []*calendar.Post) error {
	err := db.bdb.View(func(txn *badger.Txn) error {
		look := txnLookup{txn}
		for i, p := range posts {
			if p.ID == "" {
				p.ID = db.newID()
			}
			if err := p.Validate(look); err != nil {
				return fmt.Errorf("post %d (%q): %w", i+1, p.Title, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for start := 0; start < len(posts); start += importChunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		chunk := posts[start:min(start+importChunk, len(posts))]
		err := db.update(func(txn *badger.Txn) error {
			for _, p := range chunk {
				if old, err := getPost(txn, p.ID); err == nil {
					oldEntries, err := db.postEntries(old)
					if err != nil {
						return err
					}
					if err := deleteAll(txn, oldEntries); err != nil {
						return err
					}
				} else if calendar.ErrorCode(err) != calendar.ENOTFOUND {
					return err
				}
				entries, err := db.postEntries(p)
				if err != nil {
					return err
				}
				if err := setAll(txn, entries); err != nil {
					return err
				}
			}
			return db.bumpSpanGen(txn)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
