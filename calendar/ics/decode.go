package ics

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"io"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
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
	body, err := io.ReadAll(r)
	if err != nil {
		return imp, err
	}
	body, mended, err := prepare(body)
	if err != nil {
		return imp, err
	}
	cal, err := goical.NewDecoder(bytes.NewReader(body)).Decode()
	if err != nil {
		return imp, calendar.Errorf(calendar.EINVALID, "The file is not valid iCalendar: %s.", strings.TrimPrefix(err.Error(), "ical: "))
	}
	rd := reader{o: o, byUID: map[string][]*calendar.Post{}, campaigns: map[string]calendar.Campaign{}, problems: mended}
	if z := cal.Props.Get("X-WR-TIMEZONE"); z != nil {
		if _, err := calendar.LoadLocation(z.Value); err == nil {
			rd.o.Zone = z.Value
		}
	}
	var masters, exceptions []*goical.Component
	for _, c := range cal.Children {
		if c.Name != goical.CompEvent {
			continue
		}
		if c.Props.Get(goical.PropRecurrenceID) != nil {
			exceptions = append(exceptions, c)
		} else {
			masters = append(masters, c)
		}
	}
	for _, c := range rd.newest(masters, func(c *goical.Component) string { return uidOf(c) }) {
		rd.master(c)
	}
	exceptions = rd.newest(exceptions, func(c *goical.Component) string {
		return uidOf(c) + "\x00" + c.Props.Get(goical.PropRecurrenceID).Value
	})
	// In the order of the occurrences they change, so that a change to
	// this and the following occurrences splits the series before the
	// changes to single occurrences after it are placed.
	slices.SortStableFunc(exceptions, func(a, b *goical.Component) int {
		if c := strings.Compare(uidOf(a), uidOf(b)); c != 0 {
			return c
		}
		return rd.recurrenceInstant(a).Compare(rd.recurrenceInstant(b))
	})
	for _, c := range exceptions {
		rd.exception(c)
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
	problems  []Problem
}

func (rd *reader) problem(c *goical.Component, prop, msg string, skipped bool) {
	name := text(c, goical.PropSummary)
	if name == "" {
		name = text(c, goical.PropUID)
	}
	rd.problems = append(rd.problems, Problem{Event: name, Property: prop, Message: msg, Skipped: skipped})
}

func text(c *goical.Component, name string) string {
	p := c.Props.Get(name)
	if p == nil {
		return ""
	}
	s, err := p.Text()
	if err != nil {
		return p.Value
	}
	return s
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
	at := map[string]int{}
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

// recurrence reads RRULE, RDATE and EXDATE into p. An event with RDATEs and
// no rule is a series of those dates: it gets a rule that gives its start
// only (DTSTART is always the first occurrence).
func (rd *reader) recurrence(c *goical.Component, p *calendar.Post) {
	loc, _ := p.Location()
	rule := ""
	if prop := c.Props.Get(goical.PropRecurrenceRule); prop != nil {
		if _, err := calendar.ParseRule(prop.Value, p.Start, loc); err != nil {
			rd.problem(c, "RRULE", calendar.ErrorMessage(err)+" The event is kept without repeating.", false)
		} else {
			rule = prop.Value
		}
	}
	rdates, bad := values(c, goical.PropRecurrenceDates)
	for _, v := range bad {
		rd.problem(c, "RDATE", fmt.Sprintf("%q is not a date or time", v), false)
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

// fill reads what a master and an exception share: title, text, times'
// length, status, channels, campaigns, link. It returns false when the
// event was left out.
func (rd *reader) fill(c *goical.Component, p *calendar.Post, start value) bool {
	p.Title = text(c, goical.PropSummary)
	body := text(c, goical.PropDescription)
	p.Body, p.Channels, p.Status, p.Notes, p.Assignee = rd.parseDescription(body)
	if prefix := Summary(p.Channels, ""); len(p.Channels) > 0 && strings.HasPrefix(p.Title, prefix) {
		p.Title = strings.TrimPrefix(p.Title, prefix) // our own marks, team channels included
	} else if title, channels := splitSummary(p.Title); len(channels) > 0 {
		p.Title = title
		if len(p.Channels) == 0 {
			p.Channels = channels
		}
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
		if len([]rune(ch)) > 40 {
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
		if r := []rune(*f.s); len(r) > 100000 {
			*f.s = string(r[:100000])
			rd.problem(c, f.name, "longer than 100,000 characters; cut there", false)
		}
	}
}

// categories splits CATEGORIES into channels (names of channels) and
// campaigns (everything else), creating a campaign for a name not known.
func (rd *reader) categories(c *goical.Component, p *calendar.Post) {
	known := map[string]bool{}
	for _, ch := range calendar.DefaultChannels {
		known[ch.Name] = true
	}
	for _, ch := range p.Channels {
		known[ch] = true
	}
	for _, prop := range c.Props.Values(goical.PropCategories) {
		names, err := prop.TextList()
		if err != nil {
			continue
		}
		for _, name := range names {
			name = strings.TrimSpace(name)
			if name == ExperimentCategory {
				continue // the experiment itself is not in a feed
			}
			if name == "" || known[name] {
				if known[name] && !slices.Contains(p.Channels, name) && name != "" {
					p.Channels = append(p.Channels, name)
				}
				continue
			}
			tag := rd.campaignTag(name)
			if !slices.Contains(p.Tags, tag) {
				p.Tags = append(p.Tags, tag)
			}
		}
	}
}

func (rd *reader) campaignTag(name string) string {
	for tag, c := range rd.o.Campaigns {
		if c.Name == name || tag == name {
			return tag
		}
	}
	for tag, c := range rd.campaigns {
		if c.Name == name {
			return tag
		}
	}
	tag := slug(name)
	for i := 2; rd.campaigns[tag].Tag != "" || rd.o.Campaigns[tag].Tag != ""; i++ {
		suffix := fmt.Sprintf("-%d", i)
		tag = strings.TrimRight(truncateBytes(slug(name), maxTag-len(suffix)), "-") + suffix
	}
	if r := []rune(name); len(r) > 120 {
		name = string(r[:120])
	}
	rd.campaigns[tag] = calendar.Campaign{Tag: tag, Name: name, Colour: "#64748b"}
	return tag
}

// maxTag is the longest campaign tag a plan takes.
const maxTag = 40

// slug makes a campaign's name into a tag: lower case, runs of spaces and
// slashes as one dash, at most maxTag bytes.
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r == ' ' || r == '/' || r == '\t' || r == '\n' || r == '\r' {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
	}
	s := strings.TrimRight(truncateBytes(b.String(), maxTag), "-")
	if s == "" {
		return "campaign"
	}
	return s
}

// truncateBytes cuts s to at most n bytes, at a rune's boundary.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// splitSummary undoes Summary's channel marks: "[IG LI] Title".
func splitSummary(s string) (string, []string) {
	rest, ok := strings.CutPrefix(s, "[")
	marks, title, ok2 := strings.Cut(rest, "] ")
	if !ok || !ok2 {
		return s, nil
	}
	byMark := map[string]string{}
	for name, m := range channelMarks {
		byMark[m] = name
	}
	var channels []string
	for m := range strings.FieldsSeq(marks) {
		name, ok := byMark[m]
		if !ok {
			// "[WIP] Title" from another calendar is a title, not marks.
			return s, nil
		}
		channels = append(channels, name)
	}
	return title, channels
}

// parseDescription undoes writeDetails: the text, then "Channels:",
// "Assignee:", "Status:", "Link:" and "Notes:" lines. A description
// without that tail is all text.
func (rd *reader) parseDescription(d string) (body string, channels []string, st calendar.Status, notes string, assignee calendar.ID) {
	head, tail, found := strings.Cut(d, "\n\nChannels: ")
	if !found {
		if rest, ok := strings.CutPrefix(d, "Channels: "); ok {
			head, tail, found = "", rest, true
		} else if rest, ok := strings.CutPrefix(d, "Status: "); ok {
			head, tail, found = "", "\nStatus: "+rest, true
		}
	}
	if !found {
		return d, nil, "", "", ""
	}
	lines := strings.Split(tail, "\n")
	if !strings.HasPrefix(tail, "\n") {
		channels = strings.Split(lines[0], ", ")
		lines = lines[1:]
	}
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "Assignee: "):
			name := strings.TrimPrefix(l, "Assignee: ")
			if j := slices.IndexFunc(rd.o.Members, func(m calendar.Member) bool { return m.Name == name }); j >= 0 {
				assignee = rd.o.Members[j].ID
			} else {
				notes = strings.TrimSpace(notes + "\nAssignee: " + name)
			}
		case strings.HasPrefix(l, "Status: "):
			if s := calendar.Status(strings.TrimPrefix(l, "Status: ")); s.Valid() {
				st = s
			}
		case strings.HasPrefix(l, "Notes: "):
			notes = strings.TrimSpace(strings.Join(append([]string{strings.TrimPrefix(l, "Notes: ")}, lines[i+1:]...), "\n") + "\n" + notes)
			return head, channels, st, strings.TrimSpace(notes), assignee
		}
	}
	return head, channels, st, strings.TrimSpace(notes), assignee
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
