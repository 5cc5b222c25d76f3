package storage

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// The span index holds every series and multi-day post, keyed by when it
// ends. A plan has a few hundred to a few thousand of them, and every window
// query looks at all that have not ended, so the readable part of the index
// is kept in memory as a flat list, tagged with the generation it was read
// at. Every write that touches the span index sets a new generation in the
// same transaction, so a reader knows from one key whether the list it
// holds is the one its snapshot would read.

type spanEntry struct {
	start, end int64 // unix seconds; end is never's for endless series
	id         calendar.ID
	rev        uint64
}

type spanList struct {
	gen     uint64
	entries []spanEntry // by end, as the index is
	// prepared[i] is entries[i]'s post prepared for queries, once a query
	// has found or made it: a query meets hundreds of series, and finding
	// each in seriesCache's map was a fifth of the time spent on them.
	prepared []atomic.Pointer[cachedPost]
}

// touchesSpans reports whether entries include a span index entry.
func touchesSpans(es ...[]entry) bool {
	for _, list := range es {
		for _, e := range list {
			if bytes.HasPrefix(e.key, spanPrefix) {
				return true
			}
		}
	}
	return false
}

// bumpSpanGen marks, inside a writing transaction, that the span index
// changed.
func (db *DB) bumpSpanGen(txn *badger.Txn) error {
	return txn.Set(spanGenKey, binary.BigEndian.AppendUint64(nil, db.nextRev()))
}

// spans returns the span index as of txn's snapshot, from memory when the
// cached list is of the same generation.
func (db *DB) spans(txn *badger.Txn) (*spanList, error) {
	var gen uint64
	item, err := txn.Get(spanGenKey)
	switch {
	case errors.Is(err, badger.ErrKeyNotFound):
	case err != nil:
		return nil, err
	default:
		err = item.Value(func(v []byte) error {
			if len(v) != 8 {
				return errCorrupt
			}
			gen = binary.BigEndian.Uint64(v)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("span generation: %w", err)
		}
	}
	if l := db.spanCache.Load(); l != nil && l.gen == gen {
		return l, nil
	}
	var entries []spanEntry
	it := keyIterator(txn, spanPrefix)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		if len(k) < len(spanPrefix)+8 {
			return nil, fmt.Errorf("span index key %x: %w", k, errCorrupt)
		}
		e := spanEntry{end: readTime(k[len(spanPrefix):]).Unix(), id: calendar.ID(k[len(spanPrefix)+8:])}
		err := it.Item().Value(func(v []byte) error {
			if len(v) != 16 {
				return errCorrupt
			}
			e.start, e.rev = readTime(v).Unix(), binary.BigEndian.Uint64(v[8:])
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("span index %x: %w", k, err)
		}
		entries = append(entries, e)
	}
	l := &spanList{gen: gen, entries: entries, prepared: make([]atomic.Pointer[cachedPost], len(entries))}
	db.spanCache.Store(l)
	return l, nil
}

// cachedSpans appends the occurrences overlapping [from, to) of the
// series (and multi-day posts) in l whose posts are prepared in the cache,
// and returns the indexes of the entries that are not. It reads nothing
// from the plan, so it can run beside a transaction's reads on another
// core.
func (db *DB) cachedSpans(l *spanList, dst []calendar.Occurrence, from, to time.Time) ([]calendar.Occurrence, []int) {
	f, t := from.Unix(), to.Unix()
	var misses []int
	// Entries are in the order of their ends: those that ended before
	// from, most of a long plan's, are skipped in one search.
	first, _ := slices.BinarySearchFunc(l.entries, f+1, func(e spanEntry, end int64) int { return cmp.Compare(e.end, end) })
	for i := first; i < len(l.entries); i++ {
		e := &l.entries[i]
		if e.start >= t || e.end <= f {
			continue
		}
		c := l.prepared[i].Load()
		if c == nil {
			v, ok := db.seriesCache.Load(e.id)
			if !ok || v.(*cachedPost).rev != e.rev {
				misses = append(misses, i)
				continue
			}
			c = v.(*cachedPost)
			l.prepared[i].Store(c)
		}
		if dst = c.between(dst, from, to); len(dst) > calendar.MaxOccurrences {
			break
		}
	}
	return dst, misses
}

// uncachedSpans appends the occurrences of l's entries at misses, whose
// posts are read from txn and prepared (and kept for the next query).
func (db *DB) uncachedSpans(txn *badger.Txn, l *spanList, misses []int, dst []calendar.Occurrence, from, to time.Time) ([]calendar.Occurrence, error) {
	for _, i := range misses {
		e := &l.entries[i]
		c, err := db.cached(txn, e.id, e.rev)
		if err != nil {
			return nil, err
		}
		l.prepared[i].Store(c)
		if dst = c.between(dst, from, to); len(dst) > calendar.MaxOccurrences {
			break
		}
	}
	return dst, nil
}

// cached returns the prepared Series, or the one occurrence of a multi-day
// post, from the cache when it was made from the same revision. The
// revision comes from the index entry read in this transaction, so a reader
// holding an old snapshot can put an old entry in the cache but nobody with
// a newer snapshot will ever take it for current.
func (db *DB) cached(txn *badger.Txn, id calendar.ID, rev uint64) (*cachedPost, error) {
	if c, ok := db.seriesCache.Load(id); ok && c.(*cachedPost).rev == rev {
		return c.(*cachedPost), nil
	}
	p, err := getPost(txn, id)
	if err != nil {
		return nil, fmt.Errorf("span index names post %s: %w", id, err)
	}
	c := &cachedPost{rev: rev}
	if p.Recurring() {
		c.series, err = calendar.NewSeries(p)
	} else {
		c.single, err = calendar.Single(p)
	}
	if err != nil {
		return nil, err
	}
	db.seriesCache.Store(id, c)
	return c, nil
}

// cachedPost is a span-index post prepared for window queries.
type cachedPost struct {
	rev    uint64
	series *calendar.Series
	single calendar.Occurrence // for a multi-day post that does not repeat
}

// between appends the post's occurrences overlapping [from, to).
func (c *cachedPost) between(dst []calendar.Occurrence, from, to time.Time) []calendar.Occurrence {
	if c.series != nil {
		return c.series.Between(dst, from, to)
	}
	if c.single.Start.Before(to) && c.single.End.After(from) {
		return append(dst, c.single)
	}
	return dst
}
