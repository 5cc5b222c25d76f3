package ics

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"io"
	"maps"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"

	"postplan/calendar"
)

// Problem is something an import could not take as it was: an event left
// out (Skipped) or taken with a change the user should know of.
type Problem struct {
	Event    string // the event's SUMMARY, or its UID when it has none
	Property string
	Message  string
	Skipped  bool
}

func (p Problem) String() string {
	verb := "kept"
	if p.Skipped {
		verb = "left out"
	}
	return fmt.Sprintf("%q, %s: %s (%s)", p.Event, p.Property, p.Message, verb)
}

// Imported is what Read makes of a calendar file.
type Imported struct {
	Plan     calendar.Plan // posts, and campaigns for categories that were neither a campaign nor a channel
	Problems []Problem
	// TitlesOnly says the file is a Postplan feed of titles only: its
	// posts' texts, notes and links are not in it, not empty.
	TitlesOnly bool
}

// ReadOptions says how to read events that leave something open.
type ReadOptions struct {
	Zone      string                       // for floating times and unknown TZIDs; default Europe/Copenhagen
	Campaigns map[string]calendar.Campaign // known campaigns, by tag
	Channels  []calendar.Channel           // the team's own channels, beyond the defaults
	Members   []calendar.Member            // known members, matched by name
	Now       time.Time                    // created/updated stamp for events without one
}

// Read maps the VEVENTs of an iCalendar file to posts: a Postplan feed
// comes back as the plan it was made from (IDs, channels, statuses, series
// with their exceptions), and other calendars' events become posts with what
// cannot be mapped kept in their notes. It never panics; a file that is not
// iCalendar at all is an error.
func Read(r io.Reader, o ReadOptions) (imp Imported, err error) {
	return read(r, o, runtime.GOMAXPROCS(0))
}

// read is Read sharing a large file's work among at most workers cores.
func read(r io.Reader, o ReadOptions, workers int) (imp Imported, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = calendar.Errorf(calendar.EINVALID, "The file is not a calendar Postplan can read.")
		}
	}()
	if o.Zone == "" {
		o.Zone = "Europe/Copenhagen"
	}
	if _, err := calendar.LoadLocation(o.Zone); err != nil {
		return imp, err
	}
	body, err := calendar.ReadAll(r)
	if err != nil {
		return imp, err
	}
	pr, mended, err := prepare(body)
	if err != nil {
		return imp, err
	}
	cal, err := decodeIn(pr, workers)
	if err != nil {
		return imp, calendar.Errorf(calendar.EINVALID, "The file is not valid iCalendar: %s.", strings.TrimPrefix(err.Error(), "ical: "))
	}
	rd := reader{o: o, byUID: map[string][]*calendar.Post{}, campaigns: map[string]calendar.Campaign{}, problems: mended, workers: workers}
	if z := cal.Props.Get("X-WR-TIMEZONE"); z != nil {
		if zone, ok := namedZone(strings.Trim(z.Value, `"`)); ok {
			rd.o.Zone = zone
		}
	}
	rd.customZones(cal)
	if p := cal.Props.Get(propTitlesOnly); p != nil && strings.EqualFold(p.Value, "TRUE") {
		imp.TitlesOnly = true
		name := "The calendar"
		if n := cal.Props.Get("X-WR-CALNAME"); n != nil && n.Value != "" {
			name = n.Value
		}
		rd.problems = append(rd.problems, Problem{Event: name, Property: propTitlesOnly,
			Message: "a Postplan feed of titles only: the posts the plan has keep their texts, notes and links, and new ones come without"})
	}
	var masters, exceptions []*goical.Component
	routines := map[string]int{} // a routine's events, by its ID
	var firsts []*goical.Component
	for _, c := range cal.Children {
		if c.Name != goical.CompEvent {
			continue
		}
		if r := c.Props.Get(propRoutine); r != nil {
			if routines[r.Value]++; routines[r.Value] == 1 {
				firsts = append(firsts, c)
			}
			continue
		}
		if c.Props.Get(propDeleted) != nil {
			rd.problem(c, propDeleted, "the cancellation of a post deleted from the plan the feed came from", true)
			continue
		}
		if c.Props.Get(goical.PropRecurrenceID) != nil {
			exceptions = append(exceptions, c)
		} else {
			masters = append(masters, c)
		}
	}
	for _, c := range firsts {
		events := "1 event"
		if n := routines[c.Props.Get(propRoutine).Value]; n > 1 {
			events = fmt.Sprintf("%d events", n)
		}
		rd.problem(c, propRoutine, "a team routine from a Postplan feed ("+events+"): routines stay with the team, not imported as posts", true)
	}
	rd.masters(rd.newest(masters, func(c *goical.Component) string { return uidOf(c) }))
	exceptions = rd.newest(exceptions, func(c *goical.Component) string {
		return uidOf(c) + "\x00" + c.Props.Get(goical.PropRecurrenceID).Value
	})
	// In the order of the occurrences they change, so that a change to
	// this and the following occurrences splits the series before the
	// changes to single occurrences after it are placed.
	// Each one's keys are worked out once, not at every comparison.
	type keyed struct {
		uid string
		at  time.Time
		c   *goical.Component
	}
	sorted := make([]keyed, len(exceptions))
	for i, c := range exceptions {
		sorted[i] = keyed{uidOf(c), rd.recurrenceInstant(c), c}
	}
	slices.SortStableFunc(sorted, func(a, b keyed) int {
		if c := strings.Compare(a.uid, b.uid); c != 0 {
			return c
		}
		return a.at.Compare(b.at)
	})
	for _, k := range sorted {
		rd.exception(k.c)
	}
	imp.Plan.Posts = rd.posts
	for _, p := range rd.posts {
		for _, ch := range p.Channels {
			if !rd.knownChannel(ch) && !slices.ContainsFunc(imp.Plan.Channels, func(c calendar.Channel) bool { return c.Name == ch }) {
				imp.Plan.Channels = append(imp.Plan.Channels, calendar.Channel{Name: ch})
			}
		}
	}
	imp.Plan.Campaigns = slices.Collect(maps.Values(rd.campaigns))
	imp.Plan.Members = slices.SortedFunc(maps.Values(rd.members), func(a, b calendar.Member) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(imp.Plan.Campaigns, func(a, b calendar.Campaign) int { return strings.Compare(a.Tag, b.Tag) })
	imp.Problems = rd.problems
	return imp, nil
}

func (rd *reader) knownChannel(name string) bool {
	is := func(c calendar.Channel) bool { return c.Name == name }
	return slices.ContainsFunc(calendar.DefaultChannels, is) || slices.ContainsFunc(rd.o.Channels, is)
}

type reader struct {
	o     ReadOptions
	posts []*calendar.Post
	// byUID holds the posts an event became: its series, then the series
	// that changes to this and the following occurrences split off, in
	// the order of their starts.
	byUID     map[string][]*calendar.Post
	campaigns map[string]calendar.Campaign // created for unknown categories
	// members are made for assignees the plan does not have, by
	// lower-case name (calendar.MemberFor, as a CSV import makes them).
	members  map[string]calendar.Member
	problems []Problem
	// deferTags leaves categories that name campaigns in pending, for the
	// reader of the whole file to place in order (see masters).
	deferTags bool
	pending   []pendingTag
	workers   int // cores to share a large file's events among
}

// member keeps m, made for the name key, unless a member was made for it.
func (rd *reader) member(key string, m calendar.Member) calendar.Member {
	if have, ok := rd.members[key]; ok {
		return have
	}
	if rd.members == nil {
		rd.members = map[string]calendar.Member{}
	}
	rd.members[key] = m
	return m
}

func (rd *reader) problem(c *goical.Component, prop, msg string, skipped bool) {
	name := text(c, goical.PropSummary)
	if name == "" {
		name = text(c, goical.PropUID)
	}
	rd.problems = append(rd.problems, Problem{Event: name, Property: prop, Message: msg, Skipped: skipped})
}

// text is a single text property's value, unescaped. go-ical's Text reads
// a list and returns its first item, so a title another program wrote
// with a bare comma ("Coffee, cake and Q&A") lost all after the comma;
// calendar apps and the RFC's readers keep it.
func text(c *goical.Component, name string) string {
	p := c.Props.Get(name)
	if p == nil {
		return ""
	}
	if t := p.ValueType(); t != goical.ValueDefault && t != goical.ValueText {
		return p.Value
	}
	return unescapeText(p.Value)
}

// unescapeText undoes RFC 5545 3.3.11's escapes (\\ \; \, \n \N). An
// escape the RFC does not have keeps its backslash, as it was written.
func unescapeText(v string) string {
	i := strings.IndexByte(v, '\\')
	if i < 0 {
		return v // most texts: nothing to do, nothing to copy
	}
	var b strings.Builder
	b.Grow(len(v))
	b.WriteString(v[:i])
	for ; i < len(v); i++ {
		c := v[i]
		if c != '\\' || i+1 == len(v) {
			b.WriteByte(c)
			continue
		}
		switch n := v[i+1]; n {
		case '\\', ';', ',':
			b.WriteByte(n)
			i++
		case 'n', 'N':
			b.WriteByte('\n')
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// uidOf is an event's UID, or one made up for an event without.
func uidOf(c *goical.Component) string {
	if uid := text(c, goical.PropUID); uid != "" {
		return uid
	}
	return "no-uid\x00" + text(c, goical.PropSummary) + "\x00" + propValue(c, goical.PropDateTimeStart)
}

func propValue(c *goical.Component, name string) string {
	if p := c.Props.Get(name); p != nil {
		return p.Value
	}
	return ""
}

// newest keeps, of the events with the same key, the newest revision: the
// highest SEQUENCE, then the latest LAST-MODIFIED, then DTSTAMP (RFC 5546
// section 2.1.5), as a client that received each update in turn would show.
// A file may hold an event and its updated copy when it was stitched from
// several exports. The order of first appearance is kept.
func (rd *reader) newest(events []*goical.Component, key func(*goical.Component) string) []*goical.Component {
	at := make(map[string]int, len(events))
	var out []*goical.Component
	for _, c := range events {
		k := key(c)
		i, seen := at[k]
		if !seen {
			at[k] = len(out)
			out = append(out, c)
			continue
		}
		older := c
		if newer(c, out[i]) {
			older, out[i] = out[i], c
		}
		rd.problem(older, "SEQUENCE", "an older version of an event the file also holds in a newer version; the newer one is imported", true)
	}
	return out
}

func newer(a, b *goical.Component) bool {
	seq := func(c *goical.Component) int {
		n, _ := strconv.Atoi(propValue(c, goical.PropSequence))
		return n
	}
	if sa, sb := seq(a), seq(b); sa != sb {
		return sa > sb
	}
	for _, name := range []string{goical.PropLastModified, goical.PropDateTimeStamp} {
		if va, vb := propValue(a, name), propValue(b, name); va != vb {
			return va > vb // both UTC stamps of one form: text order is time order
		}
	}
	return false
}

// idFor maps a UID to a post ID: ours come back as they were; others get an
// ID derived from the UID, so importing the same file twice updates the same
// posts instead of adding them again.
func idFor(uid string) calendar.ID {
	if id, ok := strings.CutSuffix(uid, "@postplan"); ok && id != "" && !strings.ContainsAny(id, "/") && calendar.CheckID(calendar.ID(id)) == nil {
		return calendar.ID(id)
	}
	sum := sha256.Sum256([]byte(uid))
	return calendar.ID("01ICS" + base32.StdEncoding.EncodeToString(sum[:])[:21])
}

// start reads DTSTART and decides the post's zone:
//
//   - a date is a day wherever the post is kept (our own X-POSTPLAN-TZID,
//     else the calendar's zone);
//   - a TZID keeps its zone; an unknown one is read in the calendar's zone;
//   - a UTC time is an instant: a series that starts in UTC recurs at the
//     same UTC time (RFC 5545 section 3.3.5), so it keeps UTC as its zone,
//     while a single event is shown in the calendar's zone (or the zone our
//     own feed names);
//   - a floating time is read in the calendar's zone.
func (rd *reader) start(c *goical.Component) (v value, zone string, ok bool) {
	dtstart := c.Props.Get(goical.PropDateTimeStart)
	if dtstart == nil {
		rd.problem(c, "DTSTART", "the event has no start", true)
		return v, "", false
	}
	v, err := parseOne(dtstart, dtstart.Value)
	if err != nil {
		rd.problem(c, "DTSTART", fmt.Sprintf("%q is not a date or time", dtstart.Value), true)
		return v, "", false
	}
	ours := ""
	if z := c.Props.Get("X-POSTPLAN-TZID"); z != nil {
		if _, err := calendar.LoadLocation(z.Value); err == nil {
			ours = z.Value
		}
	}
	repeats := c.Props.Get(goical.PropRecurrenceRule) != nil || c.Props.Get(goical.PropRecurrenceDates) != nil
	switch {
	case v.zone == "UTC" && ours == "" && repeats:
		zone = "UTC"
	case v.zone != "" && v.zone != "UTC" && isWindowsName(v.tzid, windowsNames[rd.o.Zone]):
		zone = rd.o.Zone // Outlook's "Romance Standard Time" in Copenhagen is Copenhagen, not Paris
	case v.zone != "" && v.zone != "UTC":
		zone = v.zone
	case ours != "":
		zone = ours
	default:
		zone = rd.o.Zone
	}
	if v.tzid != "" && v.zone == "" && !v.date {
		rd.problem(c, "DTSTART", fmt.Sprintf("time zone %q is not known; read as %s", v.tzid, zone), false)
	}
	return v, zone, true
}

// event reads an event as a post with id: its start and zone, then what
// fill reads. It reports false when the event was left out.
func (rd *reader) event(c *goical.Component, id calendar.ID) (*calendar.Post, bool) {
	dt, zone, ok := rd.start(c)
	if !ok {
		return nil, false
	}
	start := dt.in(zone)
	if y := start.Year(); y < calendar.MinYear || y > calendar.MaxYear {
		rd.problem(c, "DTSTART", fmt.Sprintf("the year %d is outside %d-%d", y, calendar.MinYear, calendar.MaxYear), true)
		return nil, false
	}
	p := &calendar.Post{ID: id, Start: start, AllDay: dt.date, TimeZone: zone, Created: rd.o.Now, Updated: rd.o.Now}
	return p, rd.fill(c, p, dt)
}

// masters reads the events that are not exceptions, each on its own: a
// large file's are shared among the cores in runs, each read by a reader
// of its own, whose posts, problems and campaigns then join this one's in
// the order of the file, so the result is the same as reading them in
// turn. Categories that name campaigns are placed here, in that order, as
// a new campaign's tag depends on those made before it.
func (rd *reader) masters(cs []*goical.Component) {
	n := rd.workers
	if n < 2 || len(cs) < 4000 {
		for _, c := range cs {
			rd.master(c)
		}
		return
	}
	subs := make([]*reader, n)
	var wg sync.WaitGroup
	for i := range subs {
		sub := &reader{o: rd.o, byUID: map[string][]*calendar.Post{}, deferTags: true}
		subs[i] = sub
		run := cs[len(cs)*i/n : len(cs)*(i+1)/n]
		wg.Go(func() {
			for _, c := range run {
				sub.master(c)
			}
		})
	}
	wg.Wait()
	rd.byUID = make(map[string][]*calendar.Post, len(cs))
	for _, sub := range subs {
		rd.posts = append(rd.posts, sub.posts...)
		rd.problems = append(rd.problems, sub.problems...)
		maps.Copy(rd.byUID, sub.byUID)
		for k, m := range sub.members {
			rd.member(k, m)
		}
		for _, t := range sub.pending {
			rd.tag(t.p, t.name)
		}
	}
}

func (rd *reader) master(c *goical.Component) {
	uid := uidOf(c)
	p, ok := rd.event(c, idFor(uid))
	if !ok {
		return
	}
	rd.recurrence(c, p)
	rd.byUID[uid] = []*calendar.Post{p}
	rd.posts = append(rd.posts, p)
}

// fill reads what a master and an exception share: title, text, times'
// length, status, channels, campaigns, link. It returns false when the
// event was left out.
func (rd *reader) fill(c *goical.Component, p *calendar.Post, start value) bool {
	p.Title = text(c, goical.PropSummary)
	body := text(c, goical.PropDescription)
	p.Body, p.Channels, p.Status, p.Notes, p.Assignee = rd.parseDescription(body)
	// A status means the description ends in our footer, which names the
	// channels: then a title that only looks like marks ("[IG] Teaser" on
	// a post without channels) is the title.
	ours := p.Status != ""
	if prefix := Summary(p.Channels, ""); len(p.Channels) > 0 && strings.HasPrefix(p.Title, prefix) {
		p.Title = strings.TrimPrefix(p.Title, prefix) // our own marks, team channels included
	} else if title, channels := splitSummary(p.Title); len(channels) > 0 && !ours {
		p.Title = title
		if len(p.Channels) == 0 {
			p.Channels = channels
		}
	}
	if c.Props.Get(propOverdue) != nil || ours {
		// The feed's mark, not the title: marked so, or one of our events
		// (a calendar app that re-exports a feed drops X- properties).
		p.Title = strings.TrimPrefix(p.Title, calendar.OverduePrefix)
	}
	if p.Title == "" {
		p.Title = "(untitled)"
	}
	if len([]rune(p.Title)) > 300 {
		p.Notes = strings.TrimSpace(p.Title + "\n\n" + p.Notes)
		p.Title = string([]rune(p.Title)[:297]) + "…"
		rd.problem(c, "SUMMARY", "the title is longer than 300 characters; shortened, whole in the notes", false)
	}
	if p.Status == "" {
		switch strings.ToUpper(text(c, goical.PropStatus)) {
		case "CONFIRMED":
			p.Status = calendar.StatusScheduled
		case "CANCELLED":
			p.Status = calendar.StatusCancelled
		default:
			p.Status = calendar.StatusDraft
		}
	}
	if end := c.Props.Get(goical.PropDateTimeEnd); end != nil {
		e, err := parseOne(end, end.Value)
		if err != nil {
			rd.problem(c, "DTEND", fmt.Sprintf("%q is not a date or time", end.Value), true)
			return false
		}
		if p.AllDay {
			ed := e.in(p.TimeZone)
			days := calendar.Wall(ed.Year(), ed.Month(), ed.Day(), 0, 0, 0).Sub(calendar.Wall(p.Start.Year(), p.Start.Month(), p.Start.Day(), 0, 0, 0))
			p.Duration = days.Truncate(24 * time.Hour)
		} else {
			p.Duration = e.instant(rd.zoneFor(e, p.TimeZone)).Sub(start.instant(rd.zoneFor(start, p.TimeZone)))
		}
		if p.Duration < 0 {
			// Calendar apps show such an event at its start.
			rd.problem(c, "DTEND", "the event ends before it starts; kept at its start, with the default length", false)
			p.Duration = 0
		}
	} else if d := c.Props.Get(goical.PropDuration); d != nil {
		if dur, err := d.Duration(); err == nil && dur >= 0 {
			p.Duration = dur
		}
	}
	if p.Duration > calendar.MaxDuration {
		rd.problem(c, "DTEND", "longer than 14 days; shortened to 14 days", false)
		p.Duration = calendar.MaxDuration
	}
	if p.AllDay && p.Duration == 24*time.Hour {
		p.Duration = 0
	}
	if p.Duration == calendar.DefaultDuration && !p.AllDay {
		p.Duration = 0
	}
	if loc := strings.TrimSpace(text(c, goical.PropLocation)); loc != "" {
		// A post has no place; where a shoot or an event is matters to
		// whoever posts about it. Postplan's own files write none.
		p.Notes = strings.TrimSpace(p.Notes + "\nLocation: " + loc)
	}
	if u := c.Props.Get(goical.PropURL); u != nil {
		if parsed, err := url.Parse(u.Value); err == nil && parsed.Scheme != "" && parsed.Host != "" {
			p.Link = u.Value
		} else {
			p.Notes = strings.TrimSpace(p.Notes + "\nLink: " + u.Value)
			rd.problem(c, "URL", fmt.Sprintf("%q is not a web address; kept in the notes", u.Value), false)
		}
	}
	if seq := c.Props.Get(goical.PropSequence); seq != nil {
		p.Sequence, _ = strconv.Atoi(seq.Value)
	}
	for _, name := range []string{goical.PropCreated, goical.PropLastModified} {
		if prop := c.Props.Get(name); prop != nil {
			if t, err := time.Parse("20060102T150405Z", prop.Value); err == nil {
				// A stamp from the future (a clock set wrong) would make
				// the post look newer than any later edit.
				if !rd.o.Now.IsZero() && t.After(rd.o.Now) {
					t = rd.o.Now
				}
				if name == goical.PropCreated {
					p.Created = t
				} else {
					p.Updated = t
				}
			}
		}
	}
	rd.categories(c, p)
	rd.tidy(c, p)
	return true
}

// tidy makes what other calendars wrote fit the model's limits, saying what
// it changed.
func (rd *reader) tidy(c *goical.Component, p *calendar.Post) {
	var channels []string
	for _, ch := range p.Channels {
		ch = strings.TrimSpace(ch)
		if ch == "" || slices.Contains(channels, ch) {
			continue
		}
		if utf8.RuneCountInString(ch) > 40 {
			rd.problem(c, "CATEGORIES", fmt.Sprintf("channel name %q is longer than 40 characters; left out", ch), false)
			continue
		}
		channels = append(channels, ch)
	}
	p.Channels = channels
	for _, f := range []struct {
		name string
		s    *string
	}{{"DESCRIPTION", &p.Body}, {"DESCRIPTION", &p.Notes}} {
		// Counted, not converted: a rune slice of every description was
		// a tenth of what reading a large file allocated.
		if utf8.RuneCountInString(*f.s) > 100000 {
			*f.s = string([]rune(*f.s)[:100000])
			rd.problem(c, f.name, "longer than 100,000 characters; cut there", false)
		}
	}
}
