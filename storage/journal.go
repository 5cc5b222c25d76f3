package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// A bulk write's journal keeps, for each of its transactions, one part:
// the IDs of the posts that transaction wrote and what each was before,
// written in that same transaction. One key per transaction rather than
// one per post: a 100,000-post import had 100,000 journal keys to write,
// look up and delete again, a fifth of its time.
//
// Journals written by earlier versions have a key per post
// (journal/<jid>/<post id>); rollBack still reads them.

// partMark starts a part's name after journal/<jid>/; post IDs never
// start with it.
const partMark = '~'

// bulkJournal is one bulk write's journal while it is being written.
type bulkJournal struct {
	id    calendar.ID
	parts uint32               // parts committed so far
	saved map[calendar.ID]bool // posts whose before is in a committed part
	// fresh says the posts are all new (see allNew), while gen, the
	// plan's generation after the import's last write, is the plan's:
	// any other write in between (a restore could bring the IDs back)
	// ends it for the rest of the import.
	fresh bool
	gen   uint64
}

// stillFresh reports whether the next transaction may write without
// reading; called inside it, where a restore cannot come between.
func (j *bulkJournal) stillFresh(db *DB) bool {
	if j.fresh && db.gen.Load() != j.gen {
		j.fresh = false
	}
	return j.fresh
}

// journalPart is what one transaction adds to the journal.
type journalPart struct {
	j   *bulkJournal
	rec []byte // (id, before) pairs; see add
	ids map[calendar.ID]bool
}

func (j *bulkJournal) newPart() *journalPart {
	return &journalPart{j: j, ids: map[calendar.ID]bool{}}
}

// commit records that part's transaction committed.
func (j *bulkJournal) commit(part *journalPart) {
	if len(part.ids) == 0 {
		return
	}
	for id := range part.ids {
		j.saved[id] = true
	}
	j.parts++
}

// add notes what post id was before this write: old, or nothing (nil) for
// a post the write creates. Only the first time matters: a post given
// twice is rolled back to what it was before the first.
func (p *journalPart) add(id calendar.ID, old *calendar.Post) {
	if p.j.saved[id] || p.ids[id] {
		return
	}
	p.ids[id] = true
	p.rec = binary.AppendUvarint(p.rec, uint64(len(id)))
	p.rec = append(p.rec, id...)
	if old == nil {
		p.rec = binary.AppendUvarint(p.rec, 0)
		return
	}
	rec := encodePost(nil, old)
	p.rec = binary.AppendUvarint(p.rec, uint64(len(rec)))
	p.rec = append(p.rec, rec...)
}

// put writes the part in txn, if the transaction wrote any post.
func (p *journalPart) put(txn *badger.Txn) error {
	if len(p.ids) == 0 {
		return nil
	}
	return txn.Set(journalPartKey(p.j.id, p.j.parts), p.rec)
}

func journalPartKey(jid calendar.ID, n uint32) []byte {
	return fmt.Appendf(journalEntryPrefix(jid), "%c%08d", partMark, n)
}

func journalEntryPrefix(jid calendar.ID) []byte {
	return append(journalKey(jid), '/')
}

// partEntry is one post in a part: its ID and its record before the write,
// empty if the write created it.
type partEntry struct {
	id     calendar.ID
	before []byte
}

// readPart splits a part's value into its entries.
func readPart(b []byte) ([]partEntry, error) {
	var out []partEntry
	next := func() ([]byte, error) {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return nil, fmt.Errorf("corrupt journal part")
		}
		v := b[k : k+int(n)]
		b = b[k+int(n):]
		return v, nil
	}
	for len(b) > 0 {
		id, err := next()
		if err != nil {
			return nil, err
		}
		before, err := next()
		if err != nil {
			return nil, err
		}
		out = append(out, partEntry{calendar.ID(id), before})
	}
	return out, nil
}

// writePart is readPart's inverse, for splitting a part in two.
func writePart(es []partEntry) []byte {
	var b []byte
	for _, e := range es {
		b = binary.AppendUvarint(b, uint64(len(e.id)))
		b = append(b, e.id...)
		b = binary.AppendUvarint(b, uint64(len(e.before)))
		b = append(b, e.before...)
	}
	return b
}

// undoEntry puts back what journal entry k (under prefix) recorded: a
// part's posts, or one post in an older journal's layout.
func (db *DB) undoEntry(txn *badger.Txn, prefix, k, v []byte) error {
	rest := k[len(prefix):]
	if len(rest) == 0 || rest[0] != partMark {
		return db.undoPost(txn, calendar.ID(rest), v)
	}
	es, err := readPart(v)
	if err != nil {
		return err
	}
	for _, e := range es {
		if err := db.undoPost(txn, e.id, e.before); err != nil {
			return err
		}
	}
	return nil
}

// undoWeight is what undoing journal entry k costs a transaction: for each
// post, its record before twice (the record and the start index), and the
// keys it deletes and sets.
func undoWeight(prefix, k, v []byte) (posts int, cost int64) {
	weigh := func(before []byte) int64 { return 2*int64(min(len(before), valueThreshold)) + 64*8 }
	if rest := k[len(prefix):]; len(rest) == 0 || rest[0] != partMark {
		return 1, weigh(v) + 128
	}
	es, err := readPart(v)
	if err != nil {
		return 1, int64(len(v)) // undoEntry says what is wrong
	}
	cost = 128
	for _, e := range es {
		cost += weigh(e.before)
	}
	return len(es), cost
}

// splitPart replaces the first part at or after from by two, each with
// half its posts, for a part too large to undo in one transaction. It
// reports false when there is nothing left to split.
func (db *DB) splitPart(prefix, from []byte) (bool, error) {
	split := false
	err := db.update(func(txn *badger.Txn) error {
		it := keyIterator(txn, prefix)
		defer it.Close()
		it.Seek(from)
		if !it.Valid() {
			return nil
		}
		k := it.Item().KeyCopy(nil)
		if rest := k[len(prefix):]; len(rest) == 0 || rest[0] != partMark {
			return nil
		}
		v, err := it.Item().ValueCopy(nil)
		if err != nil {
			return err
		}
		es, err := readPart(v)
		if err != nil || len(es) < 2 {
			return err
		}
		half := len(es) / 2
		// k+"0" and k+"1" sort in that order between k and the next part,
		// whose name differs from k before k's end; so do a half's halves.
		if err := txn.Delete(k); err != nil {
			return err
		}
		if err := txn.Set(append(slices.Clip(k), '0'), writePart(es[:half])); err != nil {
			return err
		}
		split = true
		return txn.Set(append(slices.Clip(k), '1'), writePart(es[half:]))
	})
	return split, err
}

// A bulk write larger than one transaction keeps a journal (its keys are
// in keys.go), so that it happens entirely or not at all, even if the
// process is killed half-way. What each transaction wrote is journalled in
// that transaction, so the journal always knows exactly what to undo.
// Open rolls back an "open" journal and clears a "done" one.
var (
	journalOpen = []byte("open")
	journalDone = []byte("done")
)

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
	prefix := journalEntryPrefix(jid)
	weigh := func(k, v []byte) (int, int64) { return undoWeight(prefix, k, v) }
	if err := db.drainEntries(prefix, undo, weigh, func(txn *badger.Txn, k, before []byte) error {
		return db.undoEntry(txn, prefix, k, before)
	}); err != nil {
		return err
	}
	// Raw keys are put back after the posts that named them.
	raw := teamJournalKey(jid, nil)
	if err := db.drainEntries(raw, undo, nil, func(txn *badger.Txn, k, before []byte) error {
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
//
// weigh says what undoing an entry costs: the posts it puts back, counted
// against maxTxnEntries/8 like a bulk write's, and its size; nil is one
// post and three times the value.
func (db *DB) drainEntries(prefix []byte, undo bool, weigh func(k, v []byte) (int, int64), restore func(txn *badger.Txn, k, before []byte) error) error {
	if weigh == nil {
		weigh = func(_, v []byte) (int, int64) { return 1, 3*int64(min(len(v), valueThreshold)) + 128 }
	}
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
			cost, posts := int64(0), 0
			for it.Seek(from); it.Valid() && posts < limit && cost <= db.txnBudget(); it.Next() {
				e := journalEntry{key: it.Item().KeyCopy(nil)}
				if undo {
					v, err := it.Item().ValueCopy(nil)
					if err != nil {
						return err
					}
					e.before = v
					n, c := weigh(e.key, v)
					posts, cost = posts+n, cost+c
				} else {
					posts, cost = posts+1, cost+128
				}
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
		if errors.Is(err, badger.ErrTxnTooBig) && undo {
			// One journal part whose undoing is larger than its writing
			// was (its posts were larger before): halve it.
			split, serr := db.splitPart(prefix, from)
			if serr != nil {
				return serr
			}
			if split {
				continue
			}
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
