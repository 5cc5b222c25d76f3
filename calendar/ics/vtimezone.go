package ics

import (
	"fmt"
	"time"
)

// transition is one change of a zone's offset.
type transition struct {
	at         time.Time // the instant
	from, to   int       // offsets in seconds
	name       string    // abbreviation after the change
	dst        bool      // daylight time after the change
	wallBefore time.Time // the wall clock just before, which is how VTIMEZONE names the onset
}

// transitions lists the offset changes of loc in [from, to).
func transitions(loc *time.Location, from, to time.Time) []transition {
	var out []transition
	t := from.In(loc)
	for {
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.Before(to) {
			return out
		}
		if !end.After(t) {
			// Past the zone table Go computes each year's rules itself, and
			// in some leap years (31 Dec 2040) gives back the instant it was
			// asked about as the end: step over it, or this never ends.
			t = t.Add(time.Hour)
			continue
		}
		_, fromOff := t.Zone()
		after := end.In(loc)
		name, toOff := after.Zone()
		if toOff != fromOff { // some zones change only the abbreviation
			wall := end.Add(time.Duration(fromOff) * time.Second).UTC()
			out = append(out, transition{at: end, from: fromOff, to: toOff, name: name, dst: after.IsDST(), wallBefore: wall})
		}
		t = after
	}
}

// yearlyRule describes a transition as "the nth (or last) weekday of a
// month at a wall-clock time", the form every DST rule in use has, or
// returns "" when it is not of that form.
func yearlyRule(tr transition) string {
	w := tr.wallBefore
	days := time.Date(w.Year(), w.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	day := [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}[w.Weekday()]
	if w.Day() > days-7 {
		return fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=-1%s", w.Month(), day)
	}
	return fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", w.Month(), (w.Day()-1)/7+1, day)
}

// writeVTimezone writes the VTIMEZONE of loc for events in [from, to). When
// every transition of a kind in that span follows one yearly rule (as in
// the EU and the US), it is written once with an RRULE, so clients also get
// the years after to right for series that do not end; otherwise each
// transition is written out.
func writeVTimezone(w *writer, loc *time.Location, from, to time.Time) {
	w.line("BEGIN", "VTIMEZONE")
	w.line("TZID", loc.String())
	trs := transitions(loc, from, to)
	if len(trs) == 0 {
		name, off := from.In(loc).Zone()
		writeObservance(w, "STANDARD", Wall1970, off, off, name, "")
		w.line("END", "VTIMEZONE")
		return
	}
	// The offset in force before the first change in the span.
	kind := map[bool]string{true: "DAYLIGHT", false: "STANDARD"}
	before := from.In(loc)
	bname, boff := before.Zone()
	writeObservance(w, kind[before.IsDST()], Wall1970, boff, boff, bname, "")
	for _, dst := range []bool{true, false} {
		var mine []transition
		for _, tr := range trs {
			if tr.dst == dst {
				mine = append(mine, tr)
			}
		}
		if len(mine) == 0 {
			continue
		}
		rule := yearlyRule(mine[0])
		uniform := rule != ""
		for _, tr := range mine[1:] {
			if yearlyRule(tr) != rule || tr.from != mine[0].from || tr.to != mine[0].to ||
				tr.wallBefore.Hour() != mine[0].wallBefore.Hour() || tr.wallBefore.Minute() != mine[0].wallBefore.Minute() ||
				tr.wallBefore.Year()-mine[0].wallBefore.Year() > len(mine) {
				uniform = false
				break
			}
		}
		if uniform && len(mine) > 1 {
			writeObservance(w, kind[dst], mine[0].wallBefore, mine[0].from, mine[0].to, mine[0].name, rule)
			continue
		}
		for _, tr := range mine {
			writeObservance(w, kind[dst], tr.wallBefore, tr.from, tr.to, tr.name, "")
		}
	}
	w.line("END", "VTIMEZONE")
}

// Wall1970 is the onset written for an observance that holds from the start.
var Wall1970 = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

func writeObservance(w *writer, kind string, onset time.Time, from, to int, name, rule string) {
	w.line("BEGIN", kind)
	w.line("DTSTART", onset.Format(dateTimeFormat))
	w.line("TZOFFSETFROM", offset(from))
	w.line("TZOFFSETTO", offset(to))
	if rule != "" {
		w.line("RRULE", rule)
	}
	if name != "" && name[0] != '+' && name[0] != '-' {
		w.text("TZNAME", name)
	}
	w.line("END", kind)
}

func offset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	s := fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec%3600/60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}
