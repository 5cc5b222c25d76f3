package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/oklog/ulid/v2"

	"postplan/calendar"
)

var _ calendar.PostStore = (*DB)(nil)

// singleMaxLen is the longest post kept in the start index. A window query
// looks back this far for posts that began before the window; longer posts
// (multi-day ones) go in the span index with the series.
const singleMaxLen = 26 * time.Hour

// maxRetries bounds retries of a transaction that lost a write conflict.
const maxRetries = 10

// newID returns a ULID stamped with the store's clock: sortable by creation.
func (db *DB) newID() calendar.ID {
	db.idMu.Lock()
	defer db.idMu.Unlock()
	return calendar.ID(ulid.MustNew(ulid.Timestamp(db.Now()), db.entropy).String())
}

// update runs fn in a read-write transaction, retrying when a concurrent
// transaction wrote the same keys first. With SyncWrites the data is on disk
// when it returns nil.
//
// The write leaves a gap in the change log: a write that knows which posts
// it changed says so with updateChanging.
func (db *DB) update(fn func(txn *badger.Txn) error) error {
	return db.updateChanging(fn, nil)
}

// updateChanging is update for a write that says which posts it changed:
// fn leaves their IDs in *changed (none for a write that changes no post),
// and they go in the change log under the write's generation once the
// write is on disk.
func (db *DB) updateChanging(fn func(txn *badger.Txn) error, changed *[]calendar.ID) error {
	db.mu.RLock()
	defer db.mu.RUnlock()
	for range maxRetries {
		err := db.bdb.Update(fn)
		if err == nil {
			g := db.gen.Add(1)
			if changed != nil {
				db.changes.add(g, *changed)
			}
		}
		if !errors.Is(err, badger.ErrConflict) {
			return err
		}
	}
	return calendar.Errorf(calendar.ECONFLICT, "The plan is busy; try again.")
}

// CreatePost saves a new post.
func (db *DB) CreatePost(_ context.Context, p *calendar.Post) error {
	now := db.Now().UTC()
	saved := *p
	saved.ID, saved.Created, saved.Updated, saved.Sequence = db.newID(), now, now, 0
	saved.Experiment = "" // only CreateExperiment makes a series an experiment's
	if saved.Status == "" {
		saved.Status = calendar.StatusIdea
	}
	entries, err := db.postEntries(&saved)
	if err != nil {
		return err
	}
	changed := []calendar.ID{saved.ID}
	err = db.updateChanging(func(txn *badger.Txn) error {
		if err := saved.Validate(txnLookup{txn}); err != nil {
			return err
		}
		if touchesSpans(entries) {
			if err := db.bumpSpanGen(txn); err != nil {
				return err
			}
		}
		return setAll(txn, entries)
	}, &changed)
	if err != nil {
		return err
	}
	*p = saved
	return nil
}

// UpdatePost saves p over the stored post with its ID.
func (db *DB) UpdatePost(_ context.Context, p *calendar.Post) error {
	var saved calendar.Post
	changed := []calendar.ID{p.ID}
	err := db.updateChanging(func(txn *badger.Txn) error {
		old, err := getPost(txn, p.ID)
		if err != nil {
			return err
		}
		if !old.Updated.Equal(p.Updated) {
			return calendar.Errorf(calendar.ECONFLICT, "%q was changed elsewhere since it was opened; reload it and try again.", old.Title)
		}
		saved = *p
		saved.Created, saved.Updated, saved.Sequence = old.Created, db.Now().UTC(), old.Sequence
		saved.Experiment = old.Experiment      // the editor does not move a series in or out of an experiment
		if !saved.Updated.After(old.Updated) { // a clock that stood still or went back
			saved.Updated = old.Updated.Add(time.Microsecond)
		}
		if err := checkExperimentSeries(txn, &saved); err != nil {
			return err
		}
		if calendar.NeedsNewSequence(old, &saved) {
			saved.Sequence++
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

// replaceEntries swaps the stored entries of old for those of saved (either
// nil for none), and bumps the span generation when either touches a span.
func (db *DB) replaceEntries(txn *badger.Txn, old, saved *calendar.Post) error {
	var entries []entry
	if saved != nil {
		var err error
		if entries, err = db.postEntries(saved); err != nil {
			return err
		}
	}
	return db.replaceWith(txn, old, entries)
}

// replaceWith is replaceEntries with the saved post's entries made already.
func (db *DB) replaceWith(txn *badger.Txn, old *calendar.Post, entries []entry) error {
	var oldEntries []entry
	if old != nil {
		var err error
		if oldEntries, err = db.postEntries(old); err != nil {
			return err
		}
	}
	if touchesSpans(oldEntries, entries) {
		if err := db.bumpSpanGen(txn); err != nil {
			return err
		}
	}
	if err := deleteAll(txn, oldEntries); err != nil {
		return err
	}
	return setAll(txn, entries)
}

// DeletePost removes a post, leaving a cancelled tombstone for feeds.
func (db *DB) DeletePost(_ context.Context, id calendar.ID) error {
	changed := []calendar.ID{id}
	return db.updateChanging(func(txn *badger.Txn) error {
		old, err := getPost(txn, id)
		if err != nil {
			return err
		}
		if old.Experiment != "" {
			if e, _, err := getExperiment(txn, old.Experiment); err == nil && slices.ContainsFunc(e.Arms, func(a calendar.Arm) bool { return a.Post == id }) {
				return calendar.Errorf(calendar.EINVALID, "%q is the series of the experiment %q; delete the experiment first, or skip single posts.", old.Title, e.Name)
			}
		}
		entries, err := db.postEntries(old)
		if err != nil {
			return err
		}
		if touchesSpans(entries) {
			if err := db.bumpSpanGen(txn); err != nil {
				return err
			}
		}
		if err := deleteAll(txn, entries); err != nil {
			return err
		}
		// A tombstone left from an earlier life of this ID goes: one
		// tombstone per ID, with one index entry.
		if prev, deleted, err := getTombstone(txn, id); err != nil {
			return err
		} else if prev != nil {
			if err := txn.Delete(tombTimeKey(deleted, id)); err != nil {
				return err
			}
		}
		now := db.Now().UTC()
		tomb := *old
		tomb.Status, tomb.Sequence, tomb.Updated = calendar.StatusCancelled, old.Sequence+1, now
		if err := txn.Set(tombKey(id), encodePost(appendTime(nil, now), &tomb)); err != nil {
			return err
		}
		return txn.Set(tombTimeKey(now, id), nil)
	}, &changed)
}

// FindPost returns the post with id.
func (db *DB) FindPost(_ context.Context, id calendar.ID) (*calendar.Post, error) {
	var p *calendar.Post
	err := db.view(func(txn *badger.Txn) error {
		var err error
		p, err = getPost(txn, id)
		return err
	})
	return p, err
}

func getPost(txn *badger.Txn, id calendar.ID) (*calendar.Post, error) {
	item, err := txn.Get(postKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, calendar.Errorf(calendar.ENOTFOUND, "This post no longer exists.")
	} else if err != nil {
		return nil, err
	}
	var p *calendar.Post
	err = item.Value(func(v []byte) error {
		p, err = decodePost(v)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("post %s: %w", id, err)
	}
	return p, nil
}

type entry struct{ key, value []byte }

// postEntries builds the record and every index entry of p, before any
// transaction is opened so that the transaction stays short.
func (db *DB) postEntries(p *calendar.Post) ([]entry, error) {
	rec := encodePost(nil, p)
	es := []entry{
		{postKey(p.ID), rec},
	}
	for _, t := range p.Tags {
		es = append(es, entry{tagIndexKey(t, p.ID), nil})
	}
	switch {
	case !p.Dated():
		es = append(es, entry{undatedIndexKey(p.ID), nil})
	case p.Recurring() || p.Length() > singleMaxLen:
		first, last, err := spanOf(p)
		if err != nil {
			return nil, err
		}
		if last.IsZero() {
			last = never
		}
		v := binary.BigEndian.AppendUint64(appendTime(nil, first), db.nextRev())
		es = append(es, entry{spanIndexKey(last, p.ID), v})
	default:
		o, err := calendar.Single(p)
		if err != nil {
			return nil, err
		}
		es = append(es, entry{startIndexKey(o.Start, p.ID), append(appendTime(make([]byte, 0, 8+len(rec)), o.End), rec...)})
	}
	return es, nil
}

func spanOf(p *calendar.Post) (first, last time.Time, err error) {
	if !p.Recurring() {
		o, err := calendar.Single(p)
		return o.Start, o.End, err
	}
	s, err := calendar.NewSeries(p)
	if err != nil {
		return first, last, err
	}
	first, last = s.Span()
	return first, last, nil
}

func setAll(txn *badger.Txn, es []entry) error {
	for _, e := range es {
		if err := txn.Set(e.key, e.value); err != nil {
			return err
		}
	}
	return nil
}

func deleteAll(txn *badger.Txn, es []entry) error {
	for _, e := range es {
		if err := txn.Delete(e.key); err != nil {
			return err
		}
	}
	return nil
}

// nextRev returns a revision number no earlier process has used: they start
// from the clock at open.
func (db *DB) nextRev() uint64 { return db.rev.Add(1) }

// Backlog returns the undated posts, oldest first.
func (db *DB) Backlog(_ context.Context) ([]*calendar.Post, error) {
	return db.postsUnder(undatedPrefix)
}

// postsUnder loads the posts whose IDs end the keys under an index prefix.
func (db *DB) postsUnder(prefix []byte) ([]*calendar.Post, error) {
	posts, _, err := db.postsUnderHead(prefix, -1)
	return posts, err
}

// postsUnderHead is postsUnder reading only the first n posts (n < 0:
// all), and counting all: the index's keys say how many without a read.
func (db *DB) postsUnderHead(prefix []byte, n int) ([]*calendar.Post, int, error) {
	var posts []*calendar.Post
	total := 0
	err := db.view(func(txn *badger.Txn) error {
		it := keyIterator(txn, prefix)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			total++
			if n >= 0 && len(posts) >= n {
				continue
			}
			p, err := getPost(txn, calendar.ID(it.Item().Key()[len(prefix):]))
			if err != nil {
				return err
			}
			posts = append(posts, p)
		}
		return nil
	})
	return posts, total, err
}

// BacklogHead returns the first n undated posts (ideas), oldest first,
// and how many there are, reading only those n.
func (db *DB) BacklogHead(_ context.Context, n int) ([]*calendar.Post, int, error) {
	return db.postsUnderHead(undatedPrefix, max(n, 0))
}

// Tombstones returns posts deleted since the given time, oldest first.
func (db *DB) Tombstones(_ context.Context, since time.Time) ([]calendar.Tombstone, error) {
	var tombs []calendar.Tombstone
	err := db.view(func(txn *badger.Txn) error {
		it := keyIterator(txn, tombTimePrefix)
		defer it.Close()
		for it.Seek(tombTimeKey(since, "")); it.Valid(); it.Next() {
			k := it.Item().Key()
			id := calendar.ID(k[len(tombTimePrefix)+8:])
			tomb, deleted, err := getTombstone(txn, id)
			if err != nil {
				return fmt.Errorf("tombstone %s: %w", id, err)
			}
			// An index entry whose tombstone is gone or newer, or whose
			// post is back, stands for nothing (databases written before
			// layout 2 can hold such entries); a feed must not fail on it.
			if tomb == nil || !deleted.Equal(readTime(k[len(tombTimePrefix):])) {
				continue
			}
			if _, err := txn.Get(postKey(id)); err == nil {
				continue
			}
			tombs = append(tombs, calendar.Tombstone{Post: tomb, Deleted: deleted.UTC()})
		}
		return nil
	})
	return tombs, err
}

// purgeTombstones forgets posts deleted more than TombstoneTTL ago. A
// tombstone record goes with its own index entry only: an entry left from
// an earlier deletion of the same ID does not take a newer tombstone with
// it.
func (db *DB) purgeTombstones() error {
	cutoff := tombTimeKey(db.Now().Add(-calendar.TombstoneTTL), "")
	var old [][]byte
	err := db.view(func(txn *badger.Txn) error {
		it := keyIterator(txn, tombTimePrefix)
		defer it.Close()
		for it.Rewind(); it.Valid() && bytes.Compare(it.Item().Key(), cutoff) < 0; it.Next() {
			old = append(old, it.Item().KeyCopy(nil))
		}
		return nil
	})
	if err != nil || len(old) == 0 {
		return err
	}
	for len(old) > 0 {
		n := min(len(old), maxTxnEntries/2)
		err := db.update(func(txn *badger.Txn) error {
			for _, k := range old[:n] {
				id := calendar.ID(k[len(tombTimePrefix)+8:])
				_, deleted, err := getTombstone(txn, id)
				if err != nil {
					return err
				}
				if deleted.Equal(readTime(k[len(tombTimePrefix):])) {
					if err := txn.Delete(tombKey(id)); err != nil {
						return err
					}
				}
				if err := txn.Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		old = old[n:]
	}
	return nil
}

// txnLookup answers validation's questions from inside a write transaction.
type txnLookup struct{ txn *badger.Txn }

func (l txnLookup) Channel(name string) (calendar.Channel, bool) {
	if r, err := getRecord[channelRecord](l.txn, channelKey(name)); err == nil {
		return r.channel(), true
	}
	i := slices.IndexFunc(calendar.DefaultChannels, func(c calendar.Channel) bool { return c.Name == name })
	if i < 0 {
		return calendar.Channel{}, false
	}
	return calendar.DefaultChannels[i], true
}

func (l txnLookup) Campaign(tag string) (calendar.Campaign, bool) {
	r, err := getRecord[campaignRecord](l.txn, campaignKey(tag))
	return r.campaign(), err == nil
}

func (l txnLookup) Member(id calendar.ID) (calendar.Member, bool) {
	r, err := getRecord[memberRecord](l.txn, memberKey(id))
	return r.member(), err == nil
}
