package calendar

import (
	"maps"
	"slices"
	"time"
)

// Kept lists what a file format cannot hold. Importing such a file over a
// post already in the plan updates what the file holds and keeps the rest
// from the stored post, so that exporting a plan and importing the file
// back loses nothing.
type Kept struct {
	Variants   bool // the text per channel
	Media      bool // media file paths
	Exceptions bool // changed, skipped and added occurrences, excluded dates
	Experiment bool // the experiment a series is an arm of
	Seconds    bool // the file writes times to the minute
	Live       bool // the addresses of published posts
	Text       bool // texts, notes and links: a feed of titles only
}

// KeptByCSV is what a CSV row cannot hold: one row is one post's main
// fields, its time to the minute.
var KeptByCSV = Kept{Variants: true, Exceptions: true, Experiment: true, Seconds: true, Live: true}

// KeptByICS is what an iCalendar file cannot hold.
var KeptByICS = Kept{Variants: true, Media: true, Experiment: true, Live: true}

// Merge returns the post an import makes of imported, a file's version of
// stored: imported's fields, except those k keeps, which come from stored.
// Its Created, Updated and Sequence are stored's; the store sets them
// when the merged post differs (see SameContent).
func Merge(stored, imported *Post, k Kept) *Post {
	m := imported.Clone()
	m.Created, m.Updated, m.Sequence = stored.Created, stored.Updated, stored.Sequence
	if k.Variants {
		m.Variants = maps.Clone(stored.Variants)
		// A channel the file took off the post takes its text with it.
		maps.DeleteFunc(m.Variants, func(ch, _ string) bool { return !slices.Contains(m.Channels, ch) })
	}
	if k.Media {
		m.Media = slices.Clone(stored.Media)
	}
	if k.Experiment {
		m.Experiment = stored.Experiment
	}
	if k.Seconds && m.Dated() && stored.Dated() && m.Start.Equal(stored.Start.Truncate(time.Minute)) {
		m.Start = stored.Start
	}
	if k.Exceptions && m.Recurring() {
		if stored.Recurrence != nil {
			m.Recurrence.ExDates = slices.Clone(stored.Recurrence.ExDates)
			m.Recurrence.RDates = slices.Clone(stored.Recurrence.RDates)
		}
		m.Overrides = slices.Clone(stored.Overrides)
	}
	if !k.Exceptions && m.Recurring() {
		skippedAsBefore(stored, m)
	}
	if k.Live {
		liveAsBefore(stored, m)
	}
	if k.Text {
		textAsBefore(stored, m)
	}
	return m
}

// Older reports whether in, a file's copy of the stored post, was written
// before the plan last changed that post: a file exported on Monday and
// imported on Wednesday must not undo Tuesday's edits. Only a copy that
// says when it was written can be older (a JSON export's "updated", an
// .ics file's LAST-MODIFIED; a CSV row says nothing, and wins as before).
// LAST-MODIFIED holds whole seconds, so the plan's time is cut to the
// second: a file written from this very version, then edited by hand, is
// not older. A copy with a later SEQUENCE saw a later version, whatever
// its clock said.
func Older(stored, in *Post) bool {
	return OlderCopy(stored.Updated, in.Updated, stored.Sequence, in.Sequence)
}

// OlderCopy is Older for what a JSON export brings beside the posts: a
// routine (which has a sequence) or an experiment (which has none: 0).
func OlderCopy(stored, in time.Time, storedSeq, inSeq int) bool {
	return !in.IsZero() && inSeq <= storedSeq && in.Before(stored.Truncate(time.Second))
}

// textAsBefore keeps the texts, notes and links of the post and of its
// changed occurrences, which a feed of titles only leaves out: there, an
// occurrence changed only in its text looks unchanged, so its change is
// made again.
func textAsBefore(stored, m *Post) {
	m.Body, m.Notes, m.Link = stored.Body, stored.Notes, stored.Link
	if !m.Recurring() {
		return
	}
	for _, o := range stored.Overrides {
		if o.Body == "" && o.Notes == "" {
			continue
		}
		if i := slices.IndexFunc(m.Overrides, func(x Override) bool { return x.Original.Equal(o.Original) }); i >= 0 {
			m.Overrides[i].Body, m.Overrides[i].Notes = o.Body, o.Notes
			continue
		}
		m.Overrides = append(m.Overrides, Override{Original: o.Original, Body: o.Body, Notes: o.Notes})
	}
	slices.SortFunc(m.Overrides, func(a, b Override) int { return a.Original.Compare(b.Original) })
}

// liveAsBefore keeps the addresses of published posts and occurrences,
// which files do not hold, on the merged post.
func liveAsBefore(stored, m *Post) {
	m.Live = stored.Live
	if !m.Recurring() {
		return
	}
	for _, o := range stored.Overrides {
		if o.Live == "" {
			continue
		}
		if i := slices.IndexFunc(m.Overrides, func(x Override) bool { return x.Original.Equal(o.Original) }); i >= 0 {
			m.Overrides[i].Live = o.Live
			continue
		}
		m.Overrides = append(m.Overrides, Override{Original: o.Original, Live: o.Live})
	}
	slices.SortFunc(m.Overrides, func(a, b Override) int { return a.Original.Compare(b.Original) })
}

// skippedAsBefore keeps a skipped occurrence skipped the way the plan kept
// it: a file says "skipped" with an EXDATE, the plan with an override that
// may also hold a note, so an EXDATE for an occurrence stored as skipped
// becomes that override again.
func skippedAsBefore(stored, m *Post) {
	for _, o := range stored.Overrides {
		if !o.Skipped || slices.ContainsFunc(m.Overrides, func(x Override) bool { return x.Original.Equal(o.Original) }) {
			continue
		}
		i := slices.IndexFunc(m.Recurrence.ExDates, o.Original.Equal)
		if i < 0 {
			continue
		}
		m.Recurrence.ExDates = slices.Delete(m.Recurrence.ExDates, i, i+1)
		m.Overrides = append(m.Overrides, o)
	}
	slices.SortFunc(m.Overrides, func(a, b Override) int { return a.Original.Compare(b.Original) })
}

// SameContent reports whether two versions of a post show and hold the
// same: every field but Created, Updated and Sequence, an empty list being
// the same as none, and no length the same as the default length. An
// import that changes nothing must write nothing, or every subscriber's
// calendar would see the whole plan change. (A drag in the calendar stores
// a post's length, 30 minutes or a day included; a calendar file cannot
// tell that from no length.)
func SameContent(a, b *Post) bool {
	if a.ID != b.ID || a.Title != b.Title || a.Body != b.Body || !slices.Equal(a.Channels, b.Channels) ||
		!maps.Equal(a.Variants, b.Variants) || !a.Start.Equal(b.Start) || a.TimeZone != b.TimeZone ||
		a.Length() != b.Length() || a.AllDay != b.AllDay || a.Status != b.Status || a.Assignee != b.Assignee ||
		!slices.Equal(a.Tags, b.Tags) || a.Notes != b.Notes || a.Link != b.Link || a.Live != b.Live || !slices.Equal(a.Media, b.Media) ||
		a.Experiment != b.Experiment || a.Recurring() != b.Recurring() {
		return false
	}
	if a.Recurring() {
		ra, rb := a.Recurrence, b.Recurrence
		if ra.Rule != rb.Rule || !sameTimes(ra.ExDates, rb.ExDates) || !sameTimes(ra.RDates, rb.RDates) {
			return false
		}
	}
	if len(a.Overrides) != len(b.Overrides) {
		return false
	}
	byOriginal := func(x, y Override) int { return x.Original.Compare(y.Original) }
	oa, ob := slices.Clone(a.Overrides), slices.Clone(b.Overrides)
	slices.SortFunc(oa, byOriginal)
	slices.SortFunc(ob, byOriginal)
	for i := range oa {
		x, y := oa[i], ob[i]
		if !x.Original.Equal(y.Original) || x.Skipped != y.Skipped || !x.Start.Equal(y.Start) || x.Duration != y.Duration ||
			x.Title != y.Title || x.Body != y.Body || x.Status != y.Status || x.Notes != y.Notes || x.Live != y.Live {
			return false
		}
	}
	return true
}

// sameTimes compares two lists of times as sets.
func sameTimes(a, b []time.Time) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = slices.Clone(a), slices.Clone(b)
	slices.SortFunc(a, time.Time.Compare)
	slices.SortFunc(b, time.Time.Compare)
	return slices.EqualFunc(a, b, time.Time.Equal)
}
