package storage

import (
	"encoding/binary"
	"fmt"
	"slices"

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
