package storage

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// A window query: the short posts that do not repeat from the start index,
// the series and multi-day posts from the span list kept in memory (see
// spans.go), merged in start order.

// Occurrences returns the occurrences overlapping [from, to), by start.
func (db *DB) Occurrences(_ context.Context, from, to time.Time) ([]calendar.Occurrence, error) {
	if err := calendar.CheckWindow(from, to); err != nil {
		return nil, err
	}
	var singles, series []calendar.Occurrence
	var order []startKey // series' by start, when made on the other core
	err := db.view(func(txn *badger.Txn) error {
		spans, err := db.spans(txn)
		if err != nil {
			return err
		}
		// The series prepared in memory are expanded on another core while
		// this one reads the singles: each was half of a query. Only this
		// goroutine uses txn, which is not safe for concurrent use.
		var found []calendar.Occurrence
		var missed []int
		done := make(chan struct{})
		go func() {
			defer close(done)
			if found, missed = db.cachedSpans(spans, nil, from, to); len(missed) == 0 {
				order = startOrder(found)
			}
		}()
		recs, err := db.singleRecords(txn, from, to)
		if err == nil {
			singles, err = decodeSingles(recs)
		}
		<-done
		if err != nil {
			return err
		}
		series, err = db.uncachedSpans(txn, spans, missed, found, from, to)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(singles)+len(series) > calendar.MaxOccurrences {
		return nil, calendar.Errorf(calendar.EINVALID, "The window from %s to %s holds more than %d occurrences; choose a shorter one.",
			from.Format("2 Jan 2006"), to.Format("2 Jan 2006"), calendar.MaxOccurrences)
	}
	// The start index gives singles in (start, id) order already; only the
	// series' occurrences need sorting (on the other core, unless some
	// series had to be read) before the two lists are merged.
	if order == nil {
		order = startOrder(series)
	}
	return mergeInOrder(singles, series, order), nil
}

// startKey is an occurrence's place in start order: sorting and merging
// move these small keys, not the occurrences, which are large (sorting a
// month's series by moving them was a tenth of its query).
type startKey struct {
	sec  int64
	nsec int32
	i    int32 // the occurrence's index in the list the key was made from
}

// startOrder returns the keys of occs in the order of their starts, ties
// broken by post ID.
func startOrder(occs []calendar.Occurrence) []startKey {
	keys := make([]startKey, len(occs))
	for i, o := range occs {
		keys[i] = startKey{o.Start.Unix(), int32(o.Start.Nanosecond()), int32(i)}
	}
	slices.SortFunc(keys, func(a, b startKey) int {
		if c := cmp.Compare(a.sec, b.sec); c != 0 {
			return c
		}
		if c := cmp.Compare(a.nsec, b.nsec); c != 0 {
			return c
		}
		return strings.Compare(string(occs[a.i].Post.ID), string(occs[b.i].Post.ID))
	})
	return keys
}

// mergeInOrder merges sorted, in startOrder's order, with others taken in
// the order of keys (from startOrder(others)); on a tie the one from sorted
// comes first. Each occurrence is copied once, into the result.
func mergeInOrder(sorted, others []calendar.Occurrence, keys []startKey) []calendar.Occurrence {
	if len(keys) == 0 {
		return sorted
	}
	out := make([]calendar.Occurrence, 0, len(sorted)+len(keys))
	i, j := 0, 0
	for i < len(sorted) && j < len(keys) {
		k, a := keys[j], &sorted[i]
		c := cmp.Compare(k.sec, a.Start.Unix())
		if c == 0 {
			c = cmp.Compare(int(k.nsec), a.Start.Nanosecond())
		}
		if c == 0 {
			c = strings.Compare(string(others[k.i].Post.ID), string(a.Post.ID))
		}
		if c < 0 {
			out = append(out, others[k.i])
			j++
		} else {
			out = append(out, *a)
			i++
		}
	}
	out = append(out, sorted[i:]...)
	for _, k := range keys[j:] {
		out = append(out, others[k.i])
	}
	return out
}

// singleRecord is a short post that does not repeat, as read from the
// start index and not yet decoded.
type singleRecord struct {
	start, end time.Time
	rec        string
}

// singleRecords reads the short posts that do not repeat and overlap
// [from, to) from the start index. The index value carries the end and the
// record, so one range scan is the whole read. Decoding is left to
// decodeSingles, which then knows how many posts to make at once.
func (db *DB) singleRecords(txn *badger.Txn, from, to time.Time) ([]singleRecord, error) {
	var recs []singleRecord
	it := keyIterator(txn, startPrefix)
	defer it.Close()
	stop := startIndexKey(to, "")
	for it.Seek(startIndexKey(from.Add(-singleMaxLen), "")); it.Valid(); it.Next() {
		item := it.Item()
		k := item.Key()
		if bytes.Compare(k, stop) >= 0 {
			break
		}
		start := readTime(k[len(startPrefix):])
		err := item.Value(func(v []byte) error {
			if len(v) < 8 {
				return errCorrupt
			}
			end := readTime(v)
			if !end.After(from) && !(end.Equal(start) && !start.Before(from)) {
				return nil
			}
			recs = append(recs, singleRecord{start: start, end: end, rec: string(v[8:])})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("start index %x: %w", k, err)
		}
		if len(recs) > calendar.MaxOccurrences {
			break
		}
	}
	return recs, nil
}

// decodeSingles decodes recs into occurrences. (Sharing the decoding out
// between two cores measured slower than one: the other core is busy with
// the series.)
func decodeSingles(recs []singleRecord) ([]calendar.Occurrence, error) {
	occs := make([]calendar.Occurrence, len(recs))
	return occs, decodeSinglesInto(occs, recs)
}

func decodeSinglesInto(dst []calendar.Occurrence, recs []singleRecord) error {
	// The posts are made in one allocation, not one each: they live as
	// long as the query's answer does.
	posts := make([]calendar.Post, len(recs))
	for i, r := range recs {
		p := &posts[i]
		if err := decodeRecord(p, r.rec); err != nil {
			return fmt.Errorf("start index at %s: %w", r.start.UTC().Format(time.RFC3339), err)
		}
		loc, err := p.Location()
		if err != nil {
			return err
		}
		dst[i] = calendar.Occurrence{Post: p, Start: r.start.In(loc), End: r.end.In(loc)}
	}
	return nil
}
