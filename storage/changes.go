package storage

import (
	"sync"

	"postplan/calendar"
)

// changeLogSize is how many generations the change log remembers: a feed
// rendered more writes ago than that is rendered again in full.
const changeLogSize = 256

// changeLog remembers which posts each of the plan's last writes changed,
// by the generation the write made, so that a feed rendered at one
// generation can be brought up to date by reading those posts alone (and a
// sync can later say what changed since its token). A write that does not
// say what it changed (an import, a restore, a campaign renamed) leaves a
// gap in the log, and a reader whose span has a gap reads the whole plan.
type changeLog struct {
	mu   sync.Mutex
	ring [changeLogSize]change
}

type change struct {
	gen uint64
	ids []calendar.ID // none: the write changed no post
}

// add records that the write that made generation gen changed ids.
func (l *changeLog) add(gen uint64, ids []calendar.ID) {
	l.mu.Lock()
	l.ring[gen%changeLogSize] = change{gen: gen, ids: ids}
	l.mu.Unlock()
}

// since returns the posts changed by the writes that made the generations
// after from up to to, or false when one of them is not in the log.
func (l *changeLog) since(from, to uint64) ([]calendar.ID, bool) {
	if to < from || to-from > changeLogSize {
		return nil, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var ids []calendar.ID
	for g := from + 1; g <= to; g++ {
		c := l.ring[g%changeLogSize]
		if c.gen != g {
			return nil, false
		}
		ids = append(ids, c.ids...)
	}
	return ids, true
}

// ChangesSince returns the IDs of the posts written (created, changed or
// deleted) since generation from, and the generation they bring a reader
// to; false when the plan cannot tell, because from is too far back or a
// write since did not say which posts it changed: then read it all. An ID
// can come more than once. The generation is read before the log, so a
// write the log does not show yet is a gap, never a change missed.
func (db *DB) ChangesSince(from uint64) (ids []calendar.ID, to uint64, ok bool) {
	to = db.gen.Load()
	ids, ok = db.changes.since(from, to)
	return ids, to, ok
}
