package storage

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// Badger refuses a transaction larger than 15% of a memtable
// (ErrTxnTooBig), counting each entry's key and value. Bulk writes are cut
// into transactions by their size in bytes: a post with a 60,000-character
// text weighs as much as a thousand short ones.
//
// txnBudget is what one transaction of a bulk write is planned to hold:
// four fifths of Badger's limit. postCost counts a post's record three
// times (the record, the start index, the journal's copy of what it
// replaces), so a new post, with nothing to journal, fills two thirds of
// what it is counted for. A transaction that is refused all the same is
// split in two and tried again.
func (db *DB) txnBudget() int64 {
	return db.bdb.Opts().MemTableSize * 15 / 100 * 4 / 5
}

// maxTxnEntries bounds the entries of one planned transaction, Badger's
// other limit (its count of skiplist nodes), with room to spare.
const maxTxnEntries = 4000

// postCost estimates what writing p costs a transaction: its record twice
// (the record and the start index carry it), the record it replaces in the
// journal, and the index keys. A record at or above valueThreshold lives in
// the value log, and the transaction counts only a pointer to it.
func postCost(p *calendar.Post) int64 {
	n := int64(recordSize(p))
	if n >= valueThreshold {
		n = 64
	}
	return 3*n + 64*int64(8+len(p.Tags))
}

// Progress is told how far a bulk write has come: done of total posts.
type Progress func(done, total int)

type progressKey struct{}

// WithProgress returns a context under which SaveImport and SavePosts
// report their progress to fn: once the posts are checked, then after each
// transaction. The window draws its progress bar from it.
func WithProgress(ctx context.Context, fn Progress) context.Context {
	return context.WithValue(ctx, progressKey{}, fn)
}

func report(ctx context.Context, done, total int) {
	if fn, ok := ctx.Value(progressKey{}).(Progress); ok {
		fn(done, total)
	}
}

var _ calendar.ImportStore = (*DB)(nil)

// SaveImport writes an import: posts are created or replaced by ID, a post
// already in the plan keeps what the file cannot hold, its created time and
// its sequence (which goes up when a calendar must notice); a post whose
// content the import does not change is not written at all, nor one the
// plan changed after the file's copy was written (calendar.Older). Posts are
// validated before any is written, and the write is all or nothing:
// cancelling ctx, an error or a crash half-way leaves the plan as it was,
// team included. An imported post whose ID was deleted comes back, and its
// tombstone goes.
func (db *DB) SaveImport(ctx context.Context, imp calendar.Import) (calendar.ImportResult, error) {
	// One import at a time: allNew's verdict holds only while no other
	// write can bring posts of the same IDs.
	db.importing.Lock()
	defer db.importing.Unlock()
	res, writes, err := db.checkedImport(imp)
	if err != nil {
		return res, err
	}
	team := teamOf(imp)
	report(ctx, 0, len(writes))
	if len(writes) == 0 && team.empty() {
		report(ctx, 0, 0)
		return res, nil
	}
	cost, costs := int64(0), make([]int64, len(writes))
	for i, p := range writes {
		costs[i] = postCost(p)
		cost += costs[i]
	}
	if cost <= db.txnBudget() && len(writes)*8 <= maxTxnEntries {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		err := db.update(func(txn *badger.Txn) error {
			if err := putTeam(txn, team, ""); err != nil {
				return err
			}
			return db.putPosts(txn, writes, nil, nil, imp.Kept, false)
		})
		if err == nil {
			report(ctx, len(writes), len(writes))
			return res, nil
		}
		if !errors.Is(err, badger.ErrTxnTooBig) {
			return res, err
		}
		// Larger than estimated: write it in parts, under a journal.
	}
	return res, db.saveJournalled(ctx, imp, writes, costs, db.allNew(res, writes), res.Generation)
}

// allNew reports whether every post of writes is new to the plan and has
// no tombstone, as of now: then the transactions that write them need not
// look each up, twice (that was a seventh of a 100,000-post import, for
// the common first import into an empty plan). The check it trusts was
// made at the plan's current generation; the IDs are all different; and
// while SaveImport runs, no other write can add a post of one of these
// IDs (new posts get new IDs, other imports wait) or a tombstone for one
// (only a post that exists can be deleted). A restore could, between two
// transactions: each transaction trusts the verdict only while the plan's
// generation moved by the import's own writes alone (see bulkJournal).
func (db *DB) allNew(res calendar.ImportResult, writes []*calendar.Post) bool {
	if res.Generation == 0 || res.Generation != db.gen.Load() || res.New != len(writes) || res.Updated+res.Unchanged+res.Older != 0 {
		return false
	}
	seen := make(map[calendar.ID]struct{}, len(writes))
	for _, p := range writes {
		if _, twice := seen[p.ID]; twice {
			return false
		}
		seen[p.ID] = struct{}{}
	}
	noTombs, err := db.noneUnder(tombPrefix)
	return err == nil && noTombs
}

// checkedImport is planImport, unless Classify checked imp against the
// plan as it still is: validating 100,000 posts is a second's work, and the
// preview has just done it. Unchanged posts are then left to putPosts,
// which writes nothing for them either.
func (db *DB) checkedImport(imp calendar.Import) (calendar.ImportResult, []*calendar.Post, error) {
	if c := imp.Checked; c.Generation != 0 && c.Generation == db.gen.Load() {
		if c.New+c.Updated == 0 {
			return c, nil, nil
		}
		return c, imp.Posts, nil
	}
	return db.planImport(imp)
}

// planImport validates an import against the plan and returns the posts it
// writes: new ones and those it changes.
func (db *DB) planImport(imp calendar.Import) (calendar.ImportResult, []*calendar.Post, error) {
	// Read first: a write after it moves the generation on, and the
	// check is not trusted (see checkedImport).
	res := calendar.ImportResult{Generation: db.gen.Load()}
	team := teamOf(imp)
	if err := team.validate(); err != nil {
		return res, nil, err
	}
	for _, p := range imp.Posts {
		if p.ID == "" {
			p.ID = db.newID()
		}
	}
	// Each post is read and checked on its own, so the posts are shared
	// among the cores: checking is most of a large import's preview.
	type verdict struct {
		isNew, same, older bool
		err                error
	}
	verdicts := make([]verdict, len(imp.Posts))
	workers := min(runtime.GOMAXPROCS(0), 1+len(imp.Posts)/2000)
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() {
			errs[w] = db.view(func(txn *badger.Txn) error {
				look := newTeamLookup(team, newCachedLookup(txnLookup{txn}))
				// Into a plan without posts (a first import), nothing is
				// looked up: each miss was a search of every level and an
				// error made.
				none := !anyUnder(txn, postPrefix)
				for i := w; i < len(imp.Posts); i += workers {
					p := imp.Posts[i]
					merged := p
					var old *calendar.Post
					if !none {
						var err error
						old, err = getPost(txn, p.ID)
						switch {
						case err == nil && calendar.Older(old, p):
							verdicts[i].older = true
							continue
						case err == nil:
							merged = calendar.Merge(old, p, imp.Kept)
						case calendar.ErrorCode(err) != calendar.ENOTFOUND:
							return err
						}
					}
					v := &verdicts[i]
					v.isNew, v.same = old == nil, old != nil && calendar.SameContent(old, merged)
					if v.isNew && imp.Validated == res.Generation {
						continue
					}
					if err := merged.Validate(look); err != nil {
						v.err = fmt.Errorf("post %d (%q): %w", i+1, p.Title, err)
					}
				}
				return nil
			})
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return res, nil, err
	}
	var writes []*calendar.Post
	seen := map[calendar.ID]bool{}
	for i, p := range imp.Posts {
		v := verdicts[i]
		if v.err != nil {
			return res, nil, v.err // the first in the file
		}
		switch {
		case v.older:
			res.Older++
			continue
		case v.isNew:
			res.New++
		case v.same && !seen[p.ID]:
			res.Unchanged++
			continue
		default:
			res.Updated++
		}
		seen[p.ID] = true
		writes = append(writes, p)
	}
	return res, writes, nil
}

// Classify says what SaveImport would do with an import, without writing:
// the previews' counts.
func (db *DB) Classify(_ context.Context, imp calendar.Import) (calendar.ImportResult, error) {
	res, _, err := db.planImport(imp)
	return res, err
}

// saveJournalled writes an import too large for one transaction, in
// transactions sized by bytes, under a journal that Open rolls back should
// the process die half-way.
func (db *DB) saveJournalled(ctx context.Context, imp calendar.Import, posts []*calendar.Post, costs []int64, fresh bool, gen uint64) error {
	j := &bulkJournal{id: db.newID(), saved: map[calendar.ID]bool{}, fresh: fresh, gen: gen}
	err := db.update(func(txn *badger.Txn) error {
		j.stillFresh(db)
		if err := txn.Set(journalKey(j.id), journalOpen); err != nil {
			return err
		}
		return putTeam(txn, teamOf(imp), j.id)
	})
	if err != nil {
		return err
	}
	j.gen++ // the write just made
	undo := func(err error) error {
		if rbErr := db.rollBack(j.id); rbErr != nil {
			return errors.Join(err, fmt.Errorf("undo the unfinished import: %w", rbErr))
		}
		return err
	}
	// While one transaction is written, the next one's posts are made
	// ready (stamped, encoded, their index entries made) on the other
	// core: a write and its preparation each took half of an import.
	stop := make(chan struct{})
	defer close(stop)
	batches := make(chan batch, 1)
	go db.prepareBatches(posts, costs, stop, batches)
	done := 0
	for b := range batches {
		if err := ctx.Err(); err != nil {
			return undo(err)
		}
		if b.err != nil {
			return undo(b.err)
		}
		if err := db.writeParts(posts[b.start:b.end], b.ready, j, imp.Kept); err != nil {
			return undo(err)
		}
		done += b.end - b.start
		report(ctx, done, len(posts))
	}
	if err := db.update(func(txn *badger.Txn) error { return txn.Set(journalKey(j.id), journalDone) }); err != nil {
		return undo(err)
	}
	return db.clearJournal(j.id)
}

// batch is one planned transaction of a bulk write: posts[start:end],
// made ready as new posts.
type batch struct {
	start, end int
	ready      []readyPost
	err        error
}

// readyPost is a post made ready to be written as a new one: stamped, with
// its entries. putPosts uses it if the post is still not in the plan.
type readyPost struct {
	p       calendar.Post
	entries []entry
}

// prepareBatches cuts posts into transactions of at most the budget and
// sends each, made ready, on out, until all are sent or stop is closed.
func (db *DB) prepareBatches(posts []*calendar.Post, costs []int64, stop <-chan struct{}, out chan<- batch) {
	defer close(out)
	budget := db.txnBudget()
	for start := 0; start < len(posts); {
		end, cost := start, int64(0)
		for end < len(posts) && (end == start || (cost+costs[end] <= budget && end-start < maxTxnEntries/8)) {
			cost += costs[end]
			end++
		}
		b := batch{start: start, end: end, ready: make([]readyPost, end-start)}
		now := db.Now().UTC()
		for i, in := range posts[start:end] {
			r := &b.ready[i]
			r.p = *in
			stampNew(&r.p, now)
			if r.entries, b.err = db.postEntries(&r.p); b.err != nil {
				break
			}
		}
		select {
		case out <- b:
		case <-stop:
			return
		}
		if b.err != nil {
			return
		}
		start = end
	}
}

// stampNew gives a post written for the first time its stamps: an import
// keeps those it brings, unless they are in the future.
func stampNew(p *calendar.Post, now time.Time) {
	if p.Created.IsZero() {
		p.Created = now
	}
	if p.Updated.IsZero() || p.Updated.After(now) {
		p.Updated = now
	}
}

// writeParts writes posts in one transaction, or, when Badger finds it too
// large, in two halves, each the same way. ready, if not nil, holds each
// post made ready as a new one.
func (db *DB) writeParts(posts []*calendar.Post, ready []readyPost, j *bulkJournal, kept calendar.Kept) error {
	var part *journalPart
	err := db.update(func(txn *badger.Txn) error {
		part = j.newPart() // afresh: update runs this again after a conflict
		if err := db.putPosts(txn, posts, ready, part, kept, j.stillFresh(db)); err != nil {
			return err
		}
		return part.put(txn)
	})
	if err == nil {
		j.commit(part)
		j.gen++ // the write just made
		return nil
	}
	if !errors.Is(err, badger.ErrTxnTooBig) || len(posts) == 1 {
		if errors.Is(err, badger.ErrTxnTooBig) {
			return calendar.Errorf(calendar.EINVALID, "The post %q is too large to save; shorten its texts.", posts[0].Title)
		}
		return err
	}
	half := len(posts) / 2
	var first, second []readyPost
	if ready != nil {
		first, second = ready[:half], ready[half:]
	}
	if err := db.writeParts(posts[:half], first, j, kept); err != nil {
		return err
	}
	return db.writeParts(posts[half:], second, j, kept)
}

// putPosts writes posts in one transaction, journalling each in part
// unless part is nil. A post already stored is merged with it as kept
// says; one the merge leaves as it was is not written. ready, if not nil,
// is each post made ready as a new one, used if it is. fresh says every
// post is new and has no tombstone (see allNew): none is looked up.
func (db *DB) putPosts(txn *badger.Txn, posts []*calendar.Post, ready []readyPost, part *journalPart, kept calendar.Kept, fresh bool) error {
	now := db.Now().UTC()
	for i, in := range posts {
		p := in
		var entries []entry // made below, unless ready
		var old *calendar.Post
		if !fresh {
			var err error
			if old, err = getPost(txn, in.ID); err != nil && calendar.ErrorCode(err) != calendar.ENOTFOUND {
				return err
			}
		}
		switch {
		case old != nil && calendar.Older(old, in):
			continue // the plan changed it after the file was written
		case old != nil:
			p = calendar.Merge(old, in, kept)
			if calendar.SameContent(old, p) {
				continue
			}
			p.Sequence = max(in.Sequence, old.Sequence)
			if calendar.NeedsNewSequence(old, p) {
				p.Sequence = max(p.Sequence, old.Sequence+1)
			}
			if !in.Created.IsZero() {
				p.Created = in.Created
			}
			// Later than any stamp the post had: caches of rendered
			// events are keyed on it.
			p.Updated = now
			if !p.Updated.After(old.Updated) {
				p.Updated = old.Updated.Add(time.Microsecond)
			}
		case ready != nil:
			p, entries = &ready[i].p, ready[i].entries
		default:
			c := *in // encoded below, before the caller can change it
			p = &c
		}
		stampNew(p, now)
		if part != nil {
			part.add(p.ID, old)
		}
		var jid calendar.ID
		if part != nil {
			jid = part.j.id
		}
		seq := p.Sequence
		if !fresh {
			if err := db.unbury(txn, p, jid); err != nil {
				return err
			}
		}
		if entries == nil || p.Sequence != seq { // made, or made before unbury raised the sequence
			var err error
			if entries, err = db.postEntries(p); err != nil {
				return err
			}
		}
		if err := db.replaceWith(txn, old, entries); err != nil {
			return err
		}
		*in = *p
	}
	return nil
}

// unbury removes the tombstone of a post that comes back under its ID, so
// a feed never carries a live and a cancelled event with one UID, and puts
// its sequence above the tombstone's, so calendars told it was cancelled
// take it back. Under a journal the tombstone is journalled first.
func (db *DB) unbury(txn *badger.Txn, p *calendar.Post, jid calendar.ID) error {
	tomb, deleted, err := getTombstone(txn, p.ID)
	if err != nil || tomb == nil {
		return err
	}
	p.Sequence = max(p.Sequence, tomb.Sequence+1)
	for _, k := range [][]byte{tombKey(p.ID), tombTimeKey(deleted, p.ID)} {
		if jid != "" {
			if err := journalRaw(txn, jid, k); err != nil {
				return err
			}
		}
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
