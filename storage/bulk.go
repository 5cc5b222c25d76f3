package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
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
// half of Badger's limit, as the estimate below is rough. A transaction
// that is refused all the same is split in two and tried again.
func (db *DB) txnBudget() int64 {
	return db.bdb.Opts().MemTableSize * 15 / 100 / 2
}

// maxTxnEntries bounds the entries of one planned transaction, Badger's
// other limit (its count of skiplist nodes), with room to spare.
const maxTxnEntries = 4000

// postCost estimates what writing p costs a transaction: its record twice
// (the record and the start index carry it), the record it replaces in the
// journal, and the index keys. A record at or above valueThreshold lives in
// the value log, and the transaction counts only a pointer to it.
func postCost(p *calendar.Post) int64 {
	n := int64(len(encodePost(nil, p)))
	if n >= valueThreshold {
		n = 64
	}
	return 3*n + 64*int64(8+len(p.Tags))
}

// A bulk write larger than one transaction keeps a journal (its keys are
// in keys.go), so that it happens entirely or not at all, even if the
// process is killed half-way. Each post's journal entry is written in the
// same transaction as the post, so the journal always knows exactly what
// to undo. Open rolls back an "open" journal and clears a "done" one.
var (
	journalOpen = []byte("open")
	journalDone = []byte("done")
)

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
// content the import does not change is not written at all. Posts are
// validated before any is written, and the write is all or nothing:
// cancelling ctx, an error or a crash half-way leaves the plan as it was,
// team included. An imported post whose ID was deleted comes back, and its
// tombstone goes.
func (db *DB) SaveImport(ctx context.Context, imp calendar.Import) (calendar.ImportResult, error) {
	res, writes, err := db.planImport(imp)
	if err != nil {
		return res, err
	}
	team := teamOf(imp)
	report(ctx, 0, len(writes))
	if len(writes) == 0 && team.empty() {
		report(ctx, 0, 0)
		return res, nil
	}
	cost := int64(0)
	for _, p := range writes {
		cost += postCost(p)
	}
	if cost <= db.txnBudget() && len(writes)*8 <= maxTxnEntries {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		err := db.update(func(txn *badger.Txn) error {
			if err := putTeam(txn, team, ""); err != nil {
				return err
			}
			return db.putPosts(txn, writes, "", imp.Kept)
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
	return res, db.saveJournalled(ctx, imp, writes)
}

// planImport validates an import against the plan and returns the posts it
// writes: new ones and those it changes.
func (db *DB) planImport(imp calendar.Import) (calendar.ImportResult, []*calendar.Post, error) {
	var res calendar.ImportResult
	team := teamOf(imp)
	if err := team.validate(); err != nil {
		return res, nil, err
	}
	var writes []*calendar.Post
	err := db.view(func(txn *badger.Txn) error {
		look := newTeamLookup(team, txnLookup{txn})
		seen := map[calendar.ID]bool{}
		for i, p := range imp.Posts {
			if p.ID == "" {
				p.ID = db.newID()
			}
			merged := p
			old, err := getPost(txn, p.ID)
			switch {
			case err == nil:
				merged = calendar.Merge(old, p, imp.Kept)
			case calendar.ErrorCode(err) != calendar.ENOTFOUND:
				return err
			}
			if err := merged.Validate(look); err != nil {
				return fmt.Errorf("post %d (%q): %w", i+1, p.Title, err)
			}
			switch {
			case old == nil:
				res.New++
			case calendar.SameContent(old, merged) && !seen[p.ID]:
				res.Unchanged++
				continue
			default:
				res.Updated++
			}
			seen[p.ID] = true
			writes = append(writes, p)
		}
		return nil
	})
	return res, writes, err
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
func (db *DB) saveJournalled(ctx context.Context, imp calendar.Import, posts []*calendar.Post) error {
	jid := db.newID()
	err := db.update(func(txn *badger.Txn) error {
		if err := txn.Set(journalKey(jid), journalOpen); err != nil {
			return err
		}
		return putTeam(txn, teamOf(imp), jid)
	})
	if err != nil {
		return err
	}
	undo := func(err error) error {
		if rbErr := db.rollBack(jid); rbErr != nil {
			return errors.Join(err, fmt.Errorf("undo the unfinished import: %w", rbErr))
		}
		return err
	}
	budget := db.txnBudget()
	done := 0
	for start := 0; start < len(posts); {
		end, cost := start, int64(0)
		for end < len(posts) && (end == start || (cost+postCost(posts[end]) <= budget && end-start < maxTxnEntries/8)) {
			cost += postCost(posts[end])
			end++
		}
		if err := ctx.Err(); err != nil {
			return undo(err)
		}
		if err := db.writeParts(posts[start:end], jid, imp.Kept); err != nil {
			return undo(err)
		}
		done += end - start
		report(ctx, done, len(posts))
		start = end
	}
	if err := db.update(func(txn *badger.Txn) error { return txn.Set(journalKey(jid), journalDone) }); err != nil {
		return undo(err)
	}
	return db.clearJournal(jid)
}

// writeParts writes posts in one transaction, or, when Badger finds it too
// large, in two halves, each the same way.
func (db *DB) writeParts(posts []*calendar.Post, jid calendar.ID, kept calendar.Kept) error {
	err := db.update(func(txn *badger.Txn) error { return db.putPosts(txn, posts, jid, kept) })
	if !errors.Is(err, badger.ErrTxnTooBig) || len(posts) == 1 {
		if errors.Is(err, badger.ErrTxnTooBig) {
			return calendar.Errorf(calendar.EINVALID, "The post %q is too large to save; shorten its texts.", posts[0].Title)
		}
		return err
	}
	half := len(posts) / 2
	if err := db.writeParts(posts[:half], jid, kept); err != nil {
		return err
	}
	return db.writeParts(posts[half:], jid, kept)
}

// putPosts writes posts in one transaction, journalling each under jid
// unless jid is empty. A post already stored is merged with it as kept
// says; one the merge leaves as it was is not written.
func (db *DB) putPosts(txn *badger.Txn, posts []*calendar.Post, jid calendar.ID, kept calendar.Kept) error {
	now := db.Now().UTC()
	for _, in := range posts {
		p := in
		old, err := getPost(txn, in.ID)
		switch {
		case err == nil:
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
		case calendar.ErrorCode(err) != calendar.ENOTFOUND:
			return err
		default:
			p = in.Clone()
		}
		if p.Created.IsZero() {
			p.Created = now
		}
		if p.Updated.IsZero() || p.Updated.After(now) {
			p.Updated = now
		}
		if jid != "" && !journalled(txn, jid, p.ID) {
			var before []byte
			if old != nil {
				before = encodePost(nil, old)
			}
			if err := txn.Set(journalEntryKey(jid, p.ID), before); err != nil {
				return err
			}
		}
		if err := db.unbury(txn, p, jid); err != nil {
			return err
		}
		if err := db.replaceEntries(txn, old, p); err != nil {
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

// journalled reports whether this bulk write already saved what p.ID was
// before it: a post given twice must be rolled back to the first.
func journalled(txn *badger.Txn, jid, id calendar.ID) bool {
	_, err := txn.Get(journalEntryKey(jid, id))
	return err == nil
}

// rollBack undoes what an unfinished bulk write did, then removes its
// journal.
func (db *DB) rollBack(jid calendar.ID) error { return db.drainJournal(jid, true) }

// clearJournal removes a finished bulk write's journal.
func (db *DB) clearJournal(jid calendar.ID) error { return db.drainJournal(jid, false) }

// drainJournal removes a journal's entries in transactions sized by bytes,
// first putting each post back as it was when undo is set, then the raw
// keys (the team, tombstones), then the journal itself. Each entry goes in
// the transaction that acts on it, so a crash half-way is picked up where
// it stopped at the next open.
func (db *DB) drainJournal(jid calendar.ID, undo bool) error {
	prefix := append(journalKey(jid), '/')
	if err := db.drainEntries(prefix, undo, func(txn *badger.Txn, k, before []byte) error {
		return db.undoPost(txn, calendar.ID(k[len(prefix):]), before)
	}); err != nil {
		return err
	}
	// Raw keys are put back after the posts that named them.
	raw := teamJournalKey(jid, nil)
	if err := db.drainEntries(raw, undo, func(txn *badger.Txn, k, before []byte) error {
		orig := k[len(raw):]
		switch {
		case len(before) == 0:
			return txn.Delete(orig)
		case before[0] == 0:
			return txn.Set(orig, before[1:])
		}
		return txn.Set(orig, before) // a journal written before the marker byte: JSON
	}); err != nil {
		return err
	}
	return db.update(func(txn *badger.Txn) error { return txn.Delete(journalKey(jid)) })
}

// drainEntries deletes the entries under prefix, a transaction's worth at
// a time, calling restore on each first when undo is set.
func (db *DB) drainEntries(prefix []byte, undo bool, restore func(txn *badger.Txn, k, before []byte) error) error {
	limit := maxTxnEntries / 8
	// Each chunk starts after the last key of the one before: deleted keys
	// stay in the tree as markers until compaction, and starting every
	// chunk from the prefix walked over all of them again, which made a
	// large import's cleanup take quadratic time.
	from := prefix
	for {
		n := 0
		var last []byte
		err := db.update(func(txn *badger.Txn) error {
			it := keyIterator(txn, prefix)
			defer it.Close()
			type journalEntry struct{ key, before []byte }
			var chunk []journalEntry
			cost := int64(0)
			for it.Seek(from); it.Valid() && len(chunk) < limit && cost <= db.txnBudget(); it.Next() {
				e := journalEntry{key: it.Item().KeyCopy(nil)}
				if undo {
					v, err := it.Item().ValueCopy(nil)
					if err != nil {
						return err
					}
					e.before = v
					cost += 3 * int64(min(len(v), valueThreshold))
				}
				cost += 128
				chunk = append(chunk, e)
			}
			n = len(chunk)
			if n > 0 {
				last = chunk[n-1].key
			}
			for _, e := range chunk {
				if undo {
					if err := restore(txn, e.key, e.before); err != nil {
						return err
					}
				}
				if err := txn.Delete(e.key); err != nil {
					return err
				}
			}
			return nil
		})
		if errors.Is(err, badger.ErrTxnTooBig) && limit > 1 {
			limit /= 2 // the estimate was short: take fewer at a time
			continue
		}
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		from = append(last, 0) // the next key after it
	}
}

// undoPost puts post id back as its journal recorded it: the encoded
// record it had, or (empty) nothing, the bulk write having created it.
func (db *DB) undoPost(txn *badger.Txn, id calendar.ID, before []byte) error {
	cur, err := getPost(txn, id)
	if err != nil && calendar.ErrorCode(err) != calendar.ENOTFOUND {
		return err
	}
	var old *calendar.Post
	if len(before) > 0 {
		if old, err = decodePost(before); err != nil {
			return err
		}
	}
	return db.replaceEntries(txn, cur, old)
}

// finishJournals, at Open, rolls back every bulk write a crash interrupted
// and clears the journals of those that finished.
func (db *DB) finishJournals() error {
	type journal struct {
		id   calendar.ID
		done bool
	}
	var open []journal
	err := db.view(func(txn *badger.Txn) error {
		it := keyIterator(txn, journalPrefix)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			rest := string(it.Item().Key()[len(journalPrefix):])
			if len(rest) == 0 || strings.Contains(rest, "/") {
				continue
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			open = append(open, journal{calendar.ID(rest), string(v) == string(journalDone)})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, j := range open {
		if j.done {
			err = db.clearJournal(j.id)
		} else {
			db.log.Warn("undoing an import that did not finish", "journal", j.id)
			err = db.rollBack(j.id)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
