package ics

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"postplan/calendar"
)

// Calendar files name time zones in more ways than the IANA database does.
// A TZID is read as a zone by its name where the name says which
// (namedZone), else by the clock changes its VTIMEZONE gives (customZones).
// A time whose zone is found neither way is read in the plan's zone, with a
// note, as before.

// namedZone returns the IANA zone a TZID names, without its VTIMEZONE:
//   - an IANA name, "Europe/Copenhagen";
//   - a Windows name, "Romance Standard Time", also as Outlook numbers a
//     second definition of one zone in a file, "Eastern Standard Time 1";
//   - an IANA name at the end of a path, as Thunderbird, libical and
//     Google write them: "/mozilla.org/20050126_1/Europe/Copenhagen",
//     "/freeassociation.sourceforge.net/America/New_York".
//
// Each value of a large file asks, so the answers are kept: a name that is
// not a zone would otherwise look for a zone file on disk each time.
func namedZone(tzid string) (string, bool) {
	if tzid == "" {
		return "", false
	}
	if z, ok := named.Load(tzid); ok {
		return z.(string), z != ""
	}
	z := zoneInName(tzid)
	// A file could name a new zone in every event: keep a bounded number.
	if namedCount.Add(1) <= 4096 {
		named.Store(tzid, z)
	}
	return z, z != ""
}

var (
	named      sync.Map // TZID → zone, "" for none
	namedCount atomic.Int32
)

// windowsBase is a Windows name without the number Outlook adds to a
// second definition of one zone in a file ("Eastern Standard Time 1").
func windowsBase(tzid string) string {
	i := strings.LastIndexByte(tzid, ' ')
	if n := tzid[i+1:]; i > 0 && n != "" && strings.Trim(n, "0123456789") == "" {
		return tzid[:i]
	}
	return tzid
}

// isWindowsName reports whether tzid is the Windows name w, numbered or
// not. It is asked for every event with a zone, so it costs a prefix
// check where the TZID is an IANA name.
func isWindowsName(tzid, w string) bool {
	return w != "" && strings.HasPrefix(tzid, w) && windowsBase(tzid) == w
}

func zoneInName(tzid string) string {
	if _, err := calendar.LoadLocation(tzid); err == nil {
		return tzid
	}
	if z, ok := windowsZones[tzid]; ok {
		return z
	}
	if base := windowsBase(tzid); base != tzid {
		if z, ok := windowsZones[base]; ok {
			return z
		}
	}
	if !strings.Contains(tzid, "/") {
		return ""
	}
	parts := strings.Split(strings.Trim(tzid, "/"), "/")
	// Longest first, so America/Argentina/Buenos_Aires is not read as a
	// shorter name; at least Area/City, so a lone word is never taken.
	for i := 0; i+2 <= len(parts); i++ {
		name := strings.Join(parts[i:], "/")
		if _, err := calendar.LoadLocation(name); err == nil {
			return name
		}
	}
	return ""
}

// customZones finds, for each VTIMEZONE whose TZID names no zone
// (Outlook's "Customized Time Zone", Windows' display names such as
// "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"), the IANA
// zone whose clocks change as the definition's do in the years the file's
// times fall in, and rewrites the TZID parameters that name it, so the rest
// of the reader sees an IANA name. The plan's zone is preferred among equals
// (a Copenhagen plan keeps Copenhagen for a Berlin-shaped definition), then a
// zone the definition names (X-LIC-LOCATION, TZURL, a city in its TZID).
func (rd *reader) customZones(cal *goical.Calendar) {
	defs := map[string]*goical.Component{}
	for _, c := range cal.Children {
		if c.Name != goical.CompTimezone {
			continue
		}
		id := tzidOf(c.Props.Get(goical.PropTimezoneID))
		if _, ok := namedZone(id); id == "" || ok {
			continue
		}
		if len(defs) == 16 {
			// Files carry one or two of their own; matching is some
			// milliseconds each, so a file of thousands cannot stall a read.
			break
		}
		defs[id] = c
	}
	if len(defs) == 0 {
		return
	}
	type span struct{ lo, hi int }
	years := map[string]span{}
	eachTZID(cal.Children, func(p *goical.Prop, id string) {
		if defs[id] == nil {
			return
		}
		for v := range strings.SplitSeq(p.Value, ",") {
			y, err := strconv.Atoi(v[:min(4, len(v))])
			if err != nil || y < 1 {
				continue
			}
			s, seen := years[id]
			if !seen {
				s = span{y, y}
			}
			years[id] = span{min(s.lo, y), max(s.hi, y)}
		}
	})
	zones := map[string]string{}
	for _, id := range slices.Sorted(maps.Keys(defs)) { // the notes in one order
		s, used := years[id]
		if !used {
			continue
		}
		// A file's times could go back to year 1; a century decides.
		z := zoneByRules(defs[id], id, max(s.lo, s.hi-100), s.hi, rd.o.Zone)
		if z == "" {
			continue // read in the plan's zone, with the note start gives
		}
		zones[id] = z
		if z != rd.o.Zone {
			rd.problems = append(rd.problems, Problem{Event: id, Property: "TZID",
				Message: fmt.Sprintf("a time zone of the file's own; read as %s, whose clocks change as it says", z)})
		}
	}
	if len(zones) == 0 {
		return
	}
	eachTZID(cal.Children, func(p *goical.Prop, id string) {
		if z, ok := zones[id]; ok {
			p.Params.Set(goical.ParamTimezoneID, z)
		}
	})
}

func tzidOf(p *goical.Prop) string {
	if p == nil {
		return ""
	}
	return strings.Trim(strings.TrimSpace(p.Value), `"`)
}

// eachTZID calls fn for every property of cs and their subcomponents that
// has a TZID parameter.
func eachTZID(cs []*goical.Component, fn func(p *goical.Prop, id string)) {
	for _, c := range cs {
		if c.Name == goical.CompTimezone {
			continue
		}
		for _, props := range c.Props {
			for i := range props {
				if id := strings.Trim(props[i].Params.Get(goical.ParamTimezoneID), `"`); id != "" {
					fn(&props[i], id)
				}
			}
		}
		eachTZID(c.Children, fn)
	}
}

// observance is one STANDARD or DAYLIGHT part of a VTIMEZONE.
type observance struct {
	dst      bool
	from, to int         // offsets in seconds
	onsets   []time.Time // instants it starts at, within the span asked for
	dated    bool        // it has a DTSTART, so its onsets are known
}

// zoneByRules returns the zone whose offsets match def's from the start of
// year lo to the end of year hi+1, or "" when none does. Where def gives
// today's rules and the file's times go back before a zone last changed
// its rules, the last two years decide.
func zoneByRules(def *goical.Component, id string, lo, hi int, plan string) (zone string) {
	defer func() {
		if recover() != nil { // a rule rrule-go cannot expand
			zone = ""
		}
	}()
	var cands []string
	for _, from := range []int{lo, hi} {
		start := time.Date(from, 1, 1, 0, 0, 0, 0, time.UTC)
		end := time.Date(hi+2, 1, 1, 0, 0, 0, 0, time.UTC)
		obs, ok := observances(def, start.AddDate(-1, 0, 0), end)
		if !ok {
			return ""
		}
		if cands == nil {
			cands = candidates(def, id, plan, obs)
		}
		for _, z := range cands {
			loc, err := calendar.LoadLocation(z)
			if err == nil && sameClocks(obs, loc, start, end) {
				return z
			}
		}
		if lo == hi {
			break
		}
	}
	return ""
}

// observances reads def's parts with their onsets in [from, to).
func observances(def *goical.Component, from, to time.Time) ([]observance, bool) {
	var out []observance
	for _, c := range def.Children {
		if c.Name != goical.CompTimezoneStandard && c.Name != goical.CompTimezoneDaylight {
			continue
		}
		o := observance{dst: c.Name == goical.CompTimezoneDaylight}
		var err1, err2 error
		o.from, err1 = utcOffset(c.Props.Get(goical.PropTimezoneOffsetFrom))
		o.to, err2 = utcOffset(c.Props.Get(goical.PropTimezoneOffsetTo))
		if err2 != nil {
			return nil, false
		}
		if err1 != nil {
			o.from = o.to
		}
		if p := c.Props.Get(goical.PropDateTimeStart); p != nil {
			wall, err := time.Parse("20060102T150405", strings.TrimSuffix(p.Value, "Z"))
			if err != nil {
				return nil, false
			}
			o.dated = true
			walls := []time.Time{wall}
			if r := c.Props.Get(goical.PropRecurrenceRule); r != nil {
				opt, err := rrule.StrToROptionInLocation(r.Value, time.UTC)
				if err != nil || opt.Freq != rrule.YEARLY {
					// Clocks change on days of the year; a rule by the
					// second would be millions of onsets to no purpose.
					return nil, false
				}
				opt.Dtstart = wall
				if y := from.Year() - 1; opt.Count == 0 && opt.Interval <= 1 && wall.Year() < y {
					// Outlook starts its rules in 1601, which rrule-go
					// expands to nothing; without COUNT or INTERVAL the
					// year a yearly rule starts in changes none of its
					// onsets, and starting late spares the walk.
					opt.Dtstart = wall.AddDate(y-wall.Year(), 0, 0)
				}
				rule, err := rrule.NewRRule(*opt)
				if err != nil {
					return nil, false
				}
				// Wall clocks: shift the span by the largest offset either way.
				walls = rule.Between(from.Add(-15*time.Hour), to.Add(15*time.Hour), true)
			}
			for _, r := range c.Props.Values(goical.PropRecurrenceDates) {
				for v := range strings.SplitSeq(r.Value, ",") {
					if t, err := time.Parse("20060102T150405", strings.TrimSuffix(v, "Z")); err == nil {
						walls = append(walls, t)
					}
				}
			}
			for _, w := range walls {
				// The onset is a wall clock in the offset before it.
				o.onsets = append(o.onsets, w.Add(-time.Duration(o.from)*time.Second))
			}
		}
		out = append(out, o)
	}
	return out, len(out) > 0
}

func utcOffset(p *goical.Prop) (int, error) {
	if p == nil {
		return 0, fmt.Errorf("no offset")
	}
	v := strings.TrimSpace(p.Value)
	if len(v) != 5 && len(v) != 7 || v[0] != '+' && v[0] != '-' {
		return 0, fmt.Errorf("offset %q", v)
	}
	n := 0
	for i, unit := range []int{3600, 60, 1} {
		if 1+2*i >= len(v) {
			break
		}
		d, err := strconv.Atoi(v[1+2*i : 3+2*i])
		if err != nil {
			return 0, fmt.Errorf("offset %q", v)
		}
		n += d * unit
	}
	if v[0] == '-' {
		n = -n
	}
	return n, nil
}

// sameClocks reports whether loc keeps the offsets obs give over [from,
// to): the same offset at from and the same changes at the same instants.
// A definition whose parts have no DTSTART (some Exchange servers write
// only the offsets) matches a zone that keeps those offsets, standard and
// daylight, in the span.
func sameClocks(obs []observance, loc *time.Location, from, to time.Time) bool {
	trs := transitions(loc, from, to)
	for _, o := range obs {
		if !o.dated {
			return sameOffsets(obs, loc, from, trs)
		}
	}
	type change struct {
		at       time.Time
		from, to int
	}
	var all []change
	for _, o := range obs {
		for _, t := range o.onsets {
			all = append(all, change{t, o.from, o.to})
		}
	}
	slices.SortStableFunc(all, func(a, b change) int { return a.at.Compare(b.at) })
	// The offset in force at from: the last change's before it, else the
	// one the first change starts from.
	now := obs[0].to
	if len(all) > 0 {
		now = all[0].from
	}
	var want []change
	cur := now
	for _, c := range all {
		switch {
		case !c.at.After(from):
			now, cur = c.to, c.to
		case c.at.Before(to) && c.to != cur:
			want = append(want, c)
			cur = c.to
		}
	}
	if _, off := from.In(loc).Zone(); off != now || len(trs) != len(want) {
		return false
	}
	for i, tr := range trs {
		if !tr.at.Equal(want[i].at) || tr.to != want[i].to {
			return false
		}
	}
	return true
}

func sameOffsets(obs []observance, loc *time.Location, from time.Time, trs []transition) bool {
	type kind struct {
		offset int
		dst    bool
	}
	want := map[kind]bool{}
	for _, o := range obs {
		want[kind{o.to, o.dst && o.to != o.from}] = true
	}
	got := map[kind]bool{}
	t := from.In(loc)
	_, off := t.Zone()
	got[kind{off, t.IsDST()}] = true
	for _, tr := range trs {
		got[kind{tr.to, tr.dst}] = true
	}
	if len(got) != len(want) {
		return false
	}
	for k := range got {
		if !want[k] {
			return false
		}
	}
	return true
}

// candidates lists the zones a custom definition is tried against, the
// likeliest first: the plan's; the zones its TZURL or X-LIC-LOCATION
// names; cities its TZID names, in the order it names them; for a fixed
// offset, the Etc/GMT zone of that offset; then every zone CLDR maps a
// Windows name to, its default zones first.
func candidates(def *goical.Component, id, plan string, obs []observance) []string {
	out := []string{plan}
	for _, name := range []string{goical.PropTimezoneURL, "X-LIC-LOCATION"} {
		if p := def.Props.Get(name); p != nil {
			if z, ok := namedZone(strings.TrimPrefix(strings.TrimPrefix(p.Value, "https:"), "http:")); ok {
				out = append(out, z)
			}
		}
	}
	type hit struct {
		at   int
		zone string
	}
	var hits []hit
	for _, z := range knownZones() {
		city := strings.ReplaceAll(z[strings.LastIndexByte(z, '/')+1:], "_", " ")
		if i := strings.Index(id, city); i >= 0 && len(city) > 3 {
			hits = append(hits, hit{i, z})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return a.at - b.at })
	for _, h := range hits {
		out = append(out, h.zone)
	}
	if len(obs) == 1 && obs[0].from == obs[0].to && obs[0].to%3600 == 0 {
		if h := obs[0].to / 3600; h == 0 {
			out = append(out, "UTC")
		} else {
			out = append(out, fmt.Sprintf("Etc/GMT%+d", -h)) // Etc's signs are POSIX's, the other way round
		}
	}
	return append(out, knownZones()...)
}

// knownZones lists CLDR's default zone of each Windows name (by the name),
// then its other zones (by theirs).
var knownZones = sync.OnceValue(func() []string {
	var out []string
	seen := map[string]bool{}
	names := make([]string, 0, len(windowsZones))
	for n := range windowsZones {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if z := windowsZones[n]; !seen[z] {
			seen[z] = true
			out = append(out, z)
		}
	}
	rest := make([]string, 0, len(windowsNames))
	for z := range windowsNames {
		if !seen[z] {
			rest = append(rest, z)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
})
