package ics

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	goical "github.com/emersion/go-ical"

	"postplan/calendar"
)

// Reading a series: its rule and dates, its exceptions (RECURRENCE-ID,
// RANGE=THISANDFUTURE) and exceptions whose series is not in the file.

// recurrence reads RRULE, RDATE and EXDATE into p. An event with RDATEs and
// no rule is a series of those dates: it gets a rule that gives its start
// only (DTSTART is always the first occurrence).
func (rd *reader) recurrence(c *goical.Component, p *calendar.Post) {
	loc, _ := p.Location()
	rule := ""
	var parsed calendar.Rule
	if prop := c.Props.Get(goical.PropRecurrenceRule); prop != nil {
		r, err := calendar.ParseRule(prop.Value, p.Start, loc)
		if err != nil {
			rd.problem(c, "RRULE", calendar.ErrorMessage(err)+" The event is kept without repeating.", false)
		} else {
			rule, parsed = prop.Value, r
		}
	}
	rdates, bad := values(c, goical.PropRecurrenceDates)
	for _, v := range bad {
		rd.problem(c, "RDATE", fmt.Sprintf("%q is not a date or time", v), false)
	}
	if rule != "" && len(rdates) == 0 && parsed.Empty() {
		// Weekly on Thursdays until the Monday after a Friday start: the
		// rule gives no date, and what is left of the set (RFC 5545) is its
		// start. A plan keeps that as a post that does not repeat.
		rd.problem(c, "RRULE", "The repeat rule gives no date after the start; the event is kept once, at its start.", false)
		rule = ""
	}
	if rule == "" && len(rdates) == 0 {
		return
	}
	if rule == "" {
		rule = "FREQ=DAILY;COUNT=1"
	}
	p.Recurrence = &calendar.Recurrence{Rule: rule}
	for _, v := range rdates {
		t := rd.asOccurrence(p, v)
		if !slices.ContainsFunc(p.Recurrence.RDates, t.Equal) {
			p.Recurrence.RDates = append(p.Recurrence.RDates, t)
		}
		// A PERIOD gives this one occurrence its own length.
		if v.period && !p.AllDay && v.length != p.Length() && v.length > 0 && v.length <= calendar.MaxDuration {
			p.Overrides = append(p.Overrides, calendar.Override{Original: t, Duration: v.length})
		}
	}
	exdates, bad := values(c, goical.PropExceptionDates)
	for _, v := range bad {
		rd.problem(c, "EXDATE", fmt.Sprintf("%q is not a date or time", v), false)
	}
	var days []time.Time
	for _, v := range exdates {
		if v.date && !p.AllDay {
			days = append(days, v.wall)
			continue
		}
		p.Recurrence.ExDates = append(p.Recurrence.ExDates, rd.asOccurrence(p, v))
	}
	// A date excludes the series' occurrences on that day, as calendar
	// apps read it.
	p.Recurrence.ExDates = append(p.Recurrence.ExDates, occurrencesOn(p, days)...)
}

// asOccurrence reads a value as the wall-clock start of an occurrence of p:
// the date of a date-time for an all-day series, the series' time of day on
// a date for a timed one, else the same instant in the series' zone.
func (rd *reader) asOccurrence(p *calendar.Post, v value) time.Time {
	switch {
	case p.AllDay:
		w := v.in(p.TimeZone)
		return calendar.Wall(w.Year(), w.Month(), w.Day(), 0, 0, 0)
	case v.date:
		return calendar.Wall(v.wall.Year(), v.wall.Month(), v.wall.Day(), p.Start.Hour(), p.Start.Minute(), p.Start.Second())
	}
	return v.in(rd.zoneFor(v, p.TimeZone))
}

// zoneFor is the zone a value is read in when it has none of its own.
func (rd *reader) zoneFor(v value, zone string) string {
	if v.zone == "" && v.tzid != "" {
		return rd.o.Zone
	}
	return zone
}

// occurrencesOn lists the wall-clock starts the series p gives on any of
// days. Plans' rules are at most daily (calendar/rule.go), so a rule
// without BYHOUR, BYMINUTE or BYSECOND gives at most one a day, at the
// start's time of day: that is the one. Otherwise the series
// is computed once, up to the last of the days and for at most
// calendar.MaxWindow, so a file cannot make the import walk centuries.
func occurrencesOn(p *calendar.Post, days []time.Time) []time.Time {
	if len(days) == 0 {
		return nil
	}
	rule := strings.ToUpper(p.Recurrence.Rule)
	if !strings.Contains(rule, "BYHOUR") && !strings.Contains(rule, "BYMINUTE") && !strings.Contains(rule, "BYSECOND") {
		out := make([]time.Time, len(days))
		for i, d := range days {
			out[i] = calendar.Wall(d.Year(), d.Month(), d.Day(), p.Start.Hour(), p.Start.Minute(), p.Start.Second())
		}
		return out
	}
	loc, err := p.Location()
	if err != nil {
		return nil
	}
	s, err := calendar.NewSeries(p)
	if err != nil {
		return nil
	}
	want := map[time.Time]bool{}
	last := days[0]
	for _, d := range days {
		d = calendar.Wall(d.Year(), d.Month(), d.Day(), 0, 0, 0)
		want[d] = true
		if d.After(last) {
			last = d
		}
	}
	from := calendar.Resolve(p.Start, loc).Add(-24 * time.Hour)
	to := calendar.Resolve(last.AddDate(0, 0, 1), loc)
	if to.Sub(from) > calendar.MaxWindow {
		to = from.Add(calendar.MaxWindow)
	}
	var out []time.Time
	if !to.After(from) {
		return nil
	}
	for _, o := range s.Between(nil, from, to) {
		if want[calendar.Wall(o.Original.Year(), o.Original.Month(), o.Original.Day(), 0, 0, 0)] {
			out = append(out, o.Original)
		}
	}
	return out
}

// recurrenceInstant is when the occurrence an exception changes starts,
// to apply exceptions in order.
func (rd *reader) recurrenceInstant(c *goical.Component) time.Time {
	prop := c.Props.Get(goical.PropRecurrenceID)
	v, err := parseOne(prop, prop.Value)
	if err != nil {
		return time.Time{}
	}
	return v.instant(rd.o.Zone)
}

// seriesFor is the post of an event that holds an occurrence: the last of
// its series that starts before or at it (a change to this and the
// following occurrences splits a series in two).
func seriesFor(series []*calendar.Post, at time.Time) *calendar.Post {
	p := series[0]
	for _, s := range series[1:] {
		if loc, err := s.Location(); err == nil && !calendar.Resolve(s.Start, loc).After(at) {
			p = s
		}
	}
	return p
}

// exception applies a RECURRENCE-ID event to its series: as an override of
// that occurrence, or with RANGE=THISANDFUTURE as a new series from that
// occurrence on. A changed occurrence whose series is not in the file is
// an event all the same, and is imported as a single post.
func (rd *reader) exception(c *goical.Component) {
	uid := uidOf(c)
	rid := c.Props.Get(goical.PropRecurrenceID)
	rv, err := parseOne(rid, rid.Value)
	if err != nil {
		rd.problem(c, "RECURRENCE-ID", "not a date or time", true)
		return
	}
	series := rd.byUID[uid]
	if len(series) == 0 {
		rd.orphan(c, uid)
		return
	}
	if !series[0].Recurring() {
		rd.problem(c, "RECURRENCE-ID", "a change to an occurrence of an event that does not repeat", true)
		return
	}
	master := seriesFor(series, rv.instant(series[0].TimeZone))
	orig := rd.asOccurrence(master, rv)
	dtstart := c.Props.Get(goical.PropDateTimeStart)
	if dtstart == nil {
		rd.problem(c, "DTSTART", "the changed occurrence has no start", true)
		return
	}
	sv, err := parseOne(dtstart, dtstart.Value)
	if err != nil {
		rd.problem(c, "DTSTART", fmt.Sprintf("%q is not a date or time", dtstart.Value), true)
		return
	}
	changed := &calendar.Post{ID: master.ID, TimeZone: master.TimeZone, AllDay: master.AllDay, Created: master.Created, Updated: master.Updated}
	changed.Start = rd.asOccurrence(master, sv)
	if sv.date && !master.AllDay {
		// Postplan's occurrences share their series' all-day or not.
		changed.Start = calendar.Wall(sv.wall.Year(), sv.wall.Month(), sv.wall.Day(), 0, 0, 0)
		rd.problem(c, "DTSTART", "one occurrence of a timed series was made an all-day event; kept as a timed occurrence from midnight", false)
	}
	if !rd.fill(c, changed, sv) {
		return
	}
	for _, t := range []time.Time{orig, changed.Start} {
		if y := t.Year(); y < calendar.MinYear || y > calendar.MaxYear {
			rd.problem(c, "RECURRENCE-ID", fmt.Sprintf("the year %d is outside %d-%d", y, calendar.MinYear, calendar.MaxYear), true)
			return
		}
	}
	if strings.EqualFold(rid.Params.Get("RANGE"), "THISANDFUTURE") {
		rd.thisAndFuture(c, uid, master, orig, changed)
		return
	}
	o := calendar.Override{Original: orig}
	loc, _ := master.Location()
	if !calendar.Resolve(changed.Start, loc).Equal(calendar.Resolve(orig, loc)) {
		o.Start = changed.Start
	}
	if changed.Length() != master.Length() {
		o.Duration = changed.Length()
	}
	if changed.Title != master.Title {
		o.Title = changed.Title
	}
	if changed.Body != master.Body {
		o.Body = changed.Body
	}
	if changed.Status != master.Status {
		o.Status = changed.Status
	}
	if changed.Notes != master.Notes {
		o.Notes = changed.Notes
	}
	if i := slices.IndexFunc(master.Overrides, func(x calendar.Override) bool { return x.Original.Equal(orig) }); i >= 0 {
		// An RDATE with a PERIOD of its own gave it a length already.
		o.Duration = cmp.Or(o.Duration, master.Overrides[i].Duration)
		master.Overrides = slices.Delete(master.Overrides, i, i+1)
	}
	if o == (calendar.Override{Original: orig}) {
		return // a restatement of the rule's occurrence, such as a DST-safe UTC start
	}
	master.Overrides = append(master.Overrides, o)
}

// thisAndFuture ends master before orig and starts a new series there,
// changed as the exception says, as the editor's "this and following"
// does; the new series' ID comes from the UID and the occurrence, so an
// import of the same file again updates it.
func (rd *reader) thisAndFuture(c *goical.Component, uid string, master *calendar.Post, orig time.Time, changed *calendar.Post) {
	edited := master.Clone()
	edited.Title, edited.Body, edited.Status, edited.Notes = changed.Title, changed.Body, changed.Status, changed.Notes
	edited.Start, edited.Duration = changed.Start, changed.Duration
	if len(changed.Channels) > 0 {
		edited.Channels = changed.Channels
	}
	series, rest, err := calendar.EditOccurrence(master, orig, edited, calendar.ScopeFollowing)
	if err != nil {
		rd.problem(c, "RECURRENCE-ID", calendar.ErrorMessage(err), true)
		return
	}
	*master = *series
	if rest == nil {
		return
	}
	rest.ID = idFor(uid + "\x00" + orig.Format("20060102T150405"))
	rest.Created, rest.Updated, rest.Sequence = changed.Created, changed.Updated, changed.Sequence
	rd.byUID[uid] = append(rd.byUID[uid], rest)
	rd.posts = append(rd.posts, rest)
}

// orphan imports a changed occurrence whose series is not in the file (a
// calendar shared one occurrence of a series, or cut the series out) as
// the single event it is.
func (rd *reader) orphan(c *goical.Component, uid string) {
	p, ok := rd.event(c, idFor(uid+"\x00"+propValue(c, goical.PropRecurrenceID)))
	if !ok {
		return
	}
	rd.problem(c, "RECURRENCE-ID", "a changed occurrence of a series that is not in the file; imported as a single post", false)
	rd.posts = append(rd.posts, p)
}
