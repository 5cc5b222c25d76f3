package calendar

import (
	"slices"
	"time"
)

// Postplan does not post to the networks: someone posts by hand and marks
// the post published. These say when that is due, and what has been missed.

// DueBack is how far back the Due now list and the missed-reminder list
// look for posts that were never published: older ones are history, seen
// in the calendar, not a to-do.
const DueBack = 30 * 24 * time.Hour

// Awaited reports whether a post with status st is still to be posted by
// hand: planned (draft, ready or scheduled), not an idea, not done.
func Awaited(st Status) bool {
	return st == StatusDraft || st == StatusReady || st == StatusScheduled
}

// Overdue reports whether the occurrence's time has come and it is still
// awaited. An all-day post is overdue once its day has ended.
func (o Occurrence) Overdue(now time.Time) bool {
	if !Awaited(o.Status()) {
		return false
	}
	if o.Post.AllDay {
		return !o.End.After(now)
	}
	return !o.Start.After(now)
}

// Reminder is one moment to tell the user about an occurrence: at its
// start (Before 0) or Before ahead of it.
type Reminder struct {
	At         time.Time
	Before     time.Duration
	Occurrence Occurrence
}

// AllDayReminder is the time of day an all-day post is reminded at, in
// its zone: the start of a working day, not midnight.
const AllDayReminder = 9 * time.Hour

// Reminders returns the reminders that fall in (after, until], earliest
// first, for the occurrences given: one at each awaited occurrence's start
// (an all-day post's at AllDayReminder on its first day) and, with
// before > 0, one that long ahead of it. occs must cover the span widened
// by before and a day.
func Reminders(occs []Occurrence, before time.Duration, after, until time.Time) []Reminder {
	var rs []Reminder
	in := func(t time.Time) bool { return t.After(after) && !t.After(until) }
	for _, o := range occs {
		if !Awaited(o.Status()) {
			continue
		}
		at := o.Start
		if o.Post.AllDay {
			y, m, d := o.Start.Date()
			at = Resolve(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Add(AllDayReminder), o.Start.Location())
		}
		if in(at) {
			rs = append(rs, Reminder{At: at, Occurrence: o})
		}
		if before > 0 && in(at.Add(-before)) {
			rs = append(rs, Reminder{At: at.Add(-before), Before: before, Occurrence: o})
		}
	}
	slices.SortStableFunc(rs, func(a, b Reminder) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return byOccurrence(a.Occurrence, b.Occurrence)
	})
	return rs
}

// DueList returns what the Due now panel lists at now: every occurrence of
// today (the day of now in loc) that is still awaited or was published
// today, and those before today, back to DueBack, still awaited. Earliest
// first.
func DueList(occs []Occurrence, now time.Time, loc *time.Location) []Occurrence {
	today := dayStart(now.In(loc))
	tomorrow := today.AddDate(0, 0, 1)
	var due []Occurrence
	for _, o := range occs {
		st := o.Status()
		switch {
		case st == StatusCancelled || st == StatusIdea || !o.Start.Before(tomorrow):
		case !o.Start.Before(today):
			due = append(due, o) // today's, awaited or done
		case Awaited(st) && o.Start.After(now.Add(-DueBack)):
			due = append(due, o)
		}
	}
	slices.SortStableFunc(due, byOccurrence)
	return due
}

// DueWindow is the span DueList needs occurrences for.
func DueWindow(now time.Time, loc *time.Location) (from, to time.Time) {
	today := dayStart(now.In(loc))
	return now.Add(-DueBack), today.AddDate(0, 0, 1)
}

func byOccurrence(a, b Occurrence) int {
	if c := a.Start.Compare(b.Start); c != 0 {
		return c
	}
	if a.Post.ID != b.Post.ID {
		if a.Post.ID < b.Post.ID {
			return -1
		}
		return 1
	}
	return a.Original.Compare(b.Original)
}
