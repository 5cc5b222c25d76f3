package calendar

import "time"

// MaxWindow is the longest span one query may ask for.
const MaxWindow = 10 * 366 * 24 * time.Hour

// MaxOccurrences is the most occurrences one query returns before it is
// refused as too broad.
const MaxOccurrences = 5000

// Occurrence is one appearance of a post on the calendar: the post itself,
// or one instance of a series with its override applied.
type Occurrence struct {
	Post  *Post     // shared with other occurrences of the series: read only
	Start time.Time // an instant, in the post's zone
	End   time.Time // exclusive
	// Original is the wall-clock start the rule gave this occurrence (its
	// RFC 5545 RECURRENCE-ID); zero for a post that does not repeat.
	Original time.Time
	Override *Override // the change made to this one occurrence, if any
}

// Title is the occurrence's title, the override's if it has one.
func (o Occurrence) Title() string {
	if o.Override != nil && o.Override.Title != "" {
		return o.Override.Title
	}
	return o.Post.Title
}

// Body is the occurrence's text, the override's if it has one.
func (o Occurrence) Body() string {
	if o.Override != nil && o.Override.Body != "" {
		return o.Override.Body
	}
	return o.Post.Body
}

// Status is the occurrence's status, the override's if it has one.
func (o Occurrence) Status() Status {
	if o.Override != nil && o.Override.Status != "" {
		return o.Override.Status
	}
	return o.Post.Status
}

// overlaps reports whether the occurrence shares time with [from, to). A
// zero-length occurrence overlaps the window that contains its start.
func (o Occurrence) overlaps(from, to time.Time) bool {
	return o.Start.Before(to) && (o.End.After(from) || o.Start.Equal(from) || (o.End.Equal(o.Start) && !o.Start.Before(from)))
}

// span places an occurrence that starts at the wall clock start and lasts
// length: all-day occurrences end on a later date at midnight (a day in the
// calendar, 23 or 25 hours across DST), timed ones after length of real time.
func span(start time.Time, length time.Duration, allDay bool, loc *time.Location) (time.Time, time.Time) {
	s := Resolve(start, loc)
	if allDay {
		return s, Resolve(start.AddDate(0, 0, int(length/(24*time.Hour))), loc)
	}
	return s, s.Add(length)
}

// CheckWindow refuses windows that are empty, inverted or too long.
func CheckWindow(from, to time.Time) error {
	switch {
	case from.IsZero() || to.IsZero():
		return Errorf(EINVALID, "A window needs both a start and an end.")
	case !to.After(from):
		return Errorf(EINVALID, "The window ends (%s) before it starts (%s).", to.Format(time.RFC3339), from.Format(time.RFC3339))
	case to.Sub(from) > MaxWindow:
		return Errorf(EINVALID, "A window can span at most 10 years.")
	}
	return nil
}
