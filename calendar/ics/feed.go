package ics

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"postplan/calendar"
)

// Feed is what one feed shows and how.
type Feed struct {
	Name       string
	Colour     string // a CSS colour name (RFC 7986 COLOR); empty for none
	TitlesOnly bool   // leave out text, notes and links, for wider sharing
	// Campaigns and Members give names to tags and assignees.
	Campaigns map[string]calendar.Campaign
	Members   map[calendar.ID]calendar.Member
	// Marks are the posts whose events differ from those of the post as
	// stored (marked overdue), each with a key of what differs: a cached
	// event is used only for the same mark (none for no entry).
	Marks map[calendar.ID]string
	// Routines are the events the team's routines show (a meeting's
	// series, a rota's turns), each with its routine's ID.
	Routines map[calendar.ID]calendar.ID
	deleted  bool // the events are tombstones'
}

// A feed marks what is not a post of the plan, and what it leaves out, so
// that importing a feed back (a colleague's copy, a downloaded file) makes
// no posts of a routine's events or a deleted post's cancellation, and
// takes no text from a feed of titles only. Calendar apps ignore X-
// properties.
const (
	propRoutine    = "X-POSTPLAN-ROUTINE"     // on a routine's events: the routine's ID
	propDeleted    = "X-POSTPLAN-DELETED"     // on a deleted post's cancelled event
	propTitlesOnly = "X-POSTPLAN-TITLES-ONLY" // on the calendar: events without texts, notes or links
	propOverdue    = "X-POSTPLAN-OVERDUE"     // on an event whose title starts with calendar.OverduePrefix
)

// channelMarks are the short forms SUMMARY carries, so a colleague sees at a
// glance where a post goes.
var channelMarks = map[string]string{
	"Facebook": "FB", "Instagram": "IG", "LinkedIn": "LI", "X": "X", "TikTok": "TT", "YouTube": "YT",
	"Threads": "TH", "Bluesky": "BS", "Mastodon": "MA", "Pinterest": "PI", "Blog": "Blog", "Newsletter": "NL",
}

// Summary is an occurrence's SUMMARY: the channel marks, then the title.
func Summary(channels []string, title string) string {
	if len(channels) == 0 {
		return title
	}
	marks := make([]string, len(channels))
	for i, c := range channels {
		if m, ok := channelMarks[c]; ok {
			marks[i] = m
		} else {
			marks[i] = c
		}
	}
	return "[" + strings.Join(marks, " ") + "] " + title
}

// Write writes a whole feed: the calendar's properties, one VTIMEZONE per
// zone used, each post's events, and a cancelled event for each tombstone.
// Output depends only on its input, so equal plans give equal bytes (and
// equal ETags).
func Write(w io.Writer, f Feed, posts []*calendar.Post, tombs []calendar.Tombstone) error {
	return WriteCached(w, f, posts, tombs, nil)
}

// WriteCached is Write with the events of unchanged posts taken from cache.
// Tombstones are few and always written afresh.
func WriteCached(w io.Writer, f Feed, posts []*calendar.Post, tombs []calendar.Tombstone, cache *EventCache) error {
	_, err := RenderCached(f, posts, tombs, cache).WriteTo(w)
	return err
}

// RenderCached is WriteCached's body, kept in its pieces: a server keeps
// them as they are, rather than copying a large plan's feed into one
// buffer on every render.
func RenderCached(f Feed, posts []*calendar.Post, tombs []calendar.Tombstone, cache *EventCache) Body {
	var zs zoneStats
	for _, p := range posts {
		zs.see(p)
	}
	for _, t := range tombs {
		zs.see(t.Post)
	}
	head := writeHead(f, zs, slices.ContainsFunc(posts, utcSeries))
	key := ""
	if cache != nil {
		key = feedKey(f)
	}
	dated := make([]*calendar.Post, 0, len(posts))
	for _, p := range posts {
		if p.Dated() {
			dated = append(dated, p)
		}
	}
	body := cache.appendAll(head, key, f, dated)
	return append(body, writeEnd(f, tombs))
}

// utcSeries reports whether p is a series kept in UTC.
func utcSeries(p *calendar.Post) bool { return p.Recurring() && p.TimeZone == "UTC" }

// writeHead writes the feed's calendar properties and its VTIMEZONEs: the
// zones of zs, the posts and tombstones it shows.
func writeHead(f Feed, zs zoneStats, anyUTCSeries bool) []byte {
	b := writer{b: make([]byte, 0, 4096)}
	b.line("BEGIN", "VCALENDAR")
	b.line("VERSION", "2.0")
	b.line("PRODID", "-//Postplan//Postplan feed//EN")
	b.line("CALSCALE", "GREGORIAN")
	b.line("METHOD", "PUBLISH")
	b.text("NAME", f.Name)
	b.text("X-WR-CALNAME", f.Name)
	zones, from, to := zs.zones()
	// Clients that honour X-WR-TIMEZONE (Google's reading, and libraries
	// that copy it) move UTC times into that zone and repeat UTC series on
	// its wall clock, shifting them an hour across DST. The hint is only
	// written when no series is kept in UTC.
	if len(zones) > 0 && !anyUTCSeries {
		b.line("X-WR-TIMEZONE", zones[0].String())
	}
	b.line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	b.line("X-PUBLISHED-TTL", "PT1H")
	if f.Colour != "" {
		b.line("COLOR", f.Colour)
	}
	if f.TitlesOnly {
		b.line(propTitlesOnly, "TRUE")
	}
	for _, loc := range zones {
		writeVTimezone(&b, loc, from, to)
	}
	return b.b
}

// writeEnd writes the feed's tombstones, as cancelled events, and its end.
func writeEnd(f Feed, tombs []calendar.Tombstone) []byte {
	end := writer{}
	f.deleted = true
	for _, t := range tombs {
		if t.Post.Dated() {
			c := *t.Post
			c.Status, c.Updated = calendar.StatusCancelled, t.Deleted
			c.Overrides = nil
			end.b = AppendPost(end.b, f, &c)
		}
	}
	end.line("END", "VCALENDAR")
	return end.b
}

// zoneStats is what the head of a feed needs of its dated posts: how many
// are in each zone, and the earliest and latest start.
type zoneStats struct {
	count  map[string]int
	lo, hi time.Time
}

func (z *zoneStats) see(p *calendar.Post) {
	if p.Dated() {
		z.add(p.TimeZone, p.Start, 1)
	}
}

// add counts n posts in zone starting at start. A start equal to lo or hi
// leaves them as they are: the first seen is kept, as its Year is read.
func (z *zoneStats) add(zone string, start time.Time, n int) {
	if z.count == nil {
		z.count = map[string]int{}
	}
	z.count[zone] += n
	if z.lo.IsZero() || start.Before(z.lo) {
		z.lo = start
	}
	if start.After(z.hi) {
		z.hi = start
	}
}

// zones returns the zones used (the most used first) and the span their
// VTIMEZONEs must cover: from a year before the earliest post to ten years
// after the latest.
func (z zoneStats) zones() ([]*time.Location, time.Time, time.Time) {
	names := make([]string, 0, len(z.count))
	for n, c := range z.count {
		if c > 0 {
			names = append(names, n)
		}
	}
	slices.SortFunc(names, func(a, b string) int {
		if z.count[a] != z.count[b] {
			return z.count[b] - z.count[a]
		}
		return strings.Compare(a, b)
	})
	var locs []*time.Location
	for _, n := range names {
		// UTC times need no VTIMEZONE: they are written with a Z.
		if loc, err := calendar.LoadLocation(n); err == nil && loc != time.UTC {
			locs = append(locs, loc)
		}
	}
	lo, hi := z.lo, z.hi
	return locs, time.Date(lo.Year()-1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(hi.Year()+10, 1, 1, 0, 0, 0, 0, time.UTC)
}

// status maps a post's status to an event's (RFC 5545 3.8.1.11).
func status(s calendar.Status) string {
	switch s {
	case calendar.StatusScheduled, calendar.StatusPublished:
		return "CONFIRMED"
	case calendar.StatusCancelled:
		return "CANCELLED"
	}
	return "TENTATIVE"
}

// AppendPost appends the VEVENTs of one post to dst: the event (the master
// of a series) and one per changed occurrence. What it appends depends only
// on the post and the feed's options, so callers may cache it per post
// revision.
func AppendPost(dst []byte, f Feed, p *calendar.Post) []byte {
	w := writer{b: dst}
	loc, err := p.Location()
	if err != nil {
		return dst // the store validated the zone; a zone database without it shows nothing
	}
	uid := string(p.ID) + "@postplan"
	var exdates []time.Time
	if p.Recurrence != nil {
		exdates = slices.Clone(p.Recurrence.ExDates)
	}
	for _, o := range p.Overrides {
		if o.Skipped {
			exdates = append(exdates, o.Original)
		}
	}
	w.line("BEGIN", "VEVENT")
	w.line("UID", uid)
	w.line("DTSTAMP", utcStamp(p.Updated))
	writeTimes(&w, p, loc, seriesStart(p, loc), p.Length())
	if p.Recurring() {
		w.line("RRULE", rruleForFeed(p.Recurrence.Rule, loc, p.AllDay))
		for _, x := range exdates {
			w.line(dateProp("EXDATE", p, loc), formatWall(p, x))
		}
		for _, r := range p.Recurrence.RDates {
			w.line(dateProp("RDATE", p, loc), formatWall(p, r))
		}
	}
	writeDetails(&w, f, p, p.Title, p.Body, p.Status, p.Notes)
	w.line("END", "VEVENT")
	for _, o := range p.Overrides {
		if o.Skipped || !p.Recurring() {
			continue
		}
		w.line("BEGIN", "VEVENT")
		w.line("UID", uid)
		w.line("DTSTAMP", utcStamp(p.Updated))
		w.line(dateProp("RECURRENCE-ID", p, loc), formatWall(p, o.Original))
		start, length := o.Original, p.Length()
		if !o.Start.IsZero() {
			start = o.Start
		}
		if o.Duration > 0 {
			length = o.Duration
		}
		writeTimes(&w, p, loc, start, length)
		title, body, st, notes := p.Title, p.Body, p.Status, p.Notes
		if o.Title != "" {
			title = o.Title
		}
		if o.Body != "" {
			body = o.Body
		}
		if o.Status != "" {
			st = o.Status
		}
		if o.Notes != "" {
			notes = o.Notes
		}
		writeDetails(&w, f, p, title, body, st, notes)
		w.line("END", "VEVENT")
	}
	if p.Recurring() && !p.AllDay {
		for _, orig := range ambiguousOccurrences(p, loc) {
			w.line("BEGIN", "VEVENT")
			w.line("UID", uid)
			w.line("DTSTAMP", utcStamp(p.Updated))
			w.line(dateProp("RECURRENCE-ID", p, loc), formatWall(p, orig))
			writeTimes(&w, p, loc, orig, p.Length())
			writeDetails(&w, f, p, p.Title, p.Body, p.Status, p.Notes)
			w.line("END", "VEVENT")
		}
	}
	return w.b
}

// ambiguousOccurrences lists the unchanged occurrences of a series whose
// wall clock falls in a DST gap or overlap, so that each can be written as
// an override with an exact UTC start. Only the hours around the zone's
// changes are looked at, for eleven years from the series' start.
func ambiguousOccurrences(p *calendar.Post, loc *time.Location) []time.Time {
	var trs []transition
	// Without BYHOUR/BYMINUTE/BYSECOND every occurrence keeps the start's
	// time of day, so only a transition day whose same time is ambiguous can
	// hold one: usually none, and then the series need not be expanded.
	if rule := strings.ToUpper(p.Recurrence.Rule); !strings.Contains(rule, "BYHOUR") && !strings.Contains(rule, "BYMINUTE") && !strings.Contains(rule, "BYSECOND") {
		trs = ambiguousDays(loc, p.Start)
	} else {
		from := time.Date(p.Start.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		trs = transitions(loc, from, from.AddDate(11, 0, 0))
	}
	if len(trs) == 0 {
		return nil
	}
	s, err := calendar.NewSeries(p)
	if err != nil {
		return nil
	}
	var out []time.Time
	for _, tr := range trs {
		for _, o := range s.Between(nil, tr.at.Add(-3*time.Hour), tr.at.Add(3*time.Hour)) {
			if o.Override == nil && calendar.Ambiguous(o.Original, loc) && !slices.ContainsFunc(out, o.Original.Equal) {
				out = append(out, o.Original)
			}
		}
	}
	return out
}

// ambiguousDays are the zone's changes, for eleven years from the start's
// year, on whose day (or the evening before, for a change at midnight) the
// start's time of day is ambiguous. They depend only on the zone, the
// year and the time of day, which a plan's series share: a feed of 5,000
// series in one zone asks for a handful of different answers, so they are
// kept.
func ambiguousDays(loc *time.Location, start time.Time) []transition {
	k := dayKey{zone: loc.String(), year: start.Year(), clock: start.Hour()*3600 + start.Minute()*60 + start.Second()}
	if v, ok := ambiguousCache.Load(k); ok {
		return v.([]transition)
	}
	from := time.Date(k.year, 1, 1, 0, 0, 0, 0, time.UTC)
	trs := slices.DeleteFunc(transitions(loc, from, from.AddDate(11, 0, 0)), func(tr transition) bool {
		w := tr.wallBefore
		same := calendar.Wall(w.Year(), w.Month(), w.Day(), start.Hour(), start.Minute(), start.Second())
		// A change at midnight makes the evening before ambiguous too.
		return !calendar.Ambiguous(same, loc) && !calendar.Ambiguous(same.AddDate(0, 0, -1), loc)
	})
	if ambiguousCached.Add(1) > 100_000 {
		// Bounded: a plan never has this many zone, year and time
		// combinations, but a long-running server must not grow for ever.
		ambiguousCache.Clear()
		ambiguousCached.Store(0)
	}
	ambiguousCache.Store(k, trs)
	return trs
}

type dayKey struct {
	zone        string
	year, clock int
}

var (
	ambiguousCache  sync.Map // dayKey -> []transition
	ambiguousCached atomic.Int64
)

// seriesStart is DTSTART: the post's start, or for a series whose start is
// not one of its rule's dates, the rule's first date (see calendar.Rule.First).
func seriesStart(p *calendar.Post, loc *time.Location) time.Time {
	if !p.Recurring() {
		return p.Start
	}
	r, err := calendar.ParseRule(p.Recurrence.Rule, p.Start, loc)
	if err != nil {
		return p.Start
	}
	if first, ok := r.First(); ok {
		return first
	}
	return p.Start
}

// dateProp names a property holding one of p's times: a date, a UTC time
// (a post kept in UTC is written as UTC times, not with a TZID of UTC), or
// a wall clock with its zone.
func dateProp(name string, p *calendar.Post, loc *time.Location) string {
	switch {
	case p.AllDay:
		return name + ";VALUE=DATE"
	case loc == time.UTC:
		return name
	}
	return name + ";TZID=" + loc.String()
}

func formatWall(p *calendar.Post, t time.Time) string {
	switch {
	case p.AllDay:
		return t.Format(dateFormat)
	case p.TimeZone == "UTC":
		return t.Format(dateTimeFormat) + "Z"
	}
	return t.Format(dateTimeFormat)
}

// writeTimes writes DTSTART and DTEND: dates with an exclusive end for
// all-day posts, wall clocks in the post's zone otherwise.
func writeTimes(w *writer, p *calendar.Post, loc *time.Location, start time.Time, length time.Duration) {
	if p.AllDay {
		w.line("DTSTART;VALUE=DATE", start.Format(dateFormat))
		w.line("DTEND;VALUE=DATE", start.AddDate(0, 0, int(length/(24*time.Hour))).Format(dateFormat))
		// Dates carry no zone, but the post has one (its days begin at
		// midnight there); an import needs it back. Clients ignore X- lines.
		w.line("X-POSTPLAN-TZID", loc.String())
		return
	}
	begin := calendar.Resolve(start, loc)
	end := begin.Add(length).In(loc)
	// A wall clock in a DST gap or overlap is read differently by different
	// clients (ical.js takes the later offset, dateutil and Google the
	// earlier); the UTC instant is read the same by all.
	if calendar.Ambiguous(start, loc) || calendar.Ambiguous(calendar.WallOf(end), loc) {
		w.line("DTSTART", utcStamp(begin))
		w.line("DTEND", utcStamp(end))
		w.line("X-POSTPLAN-TZID", loc.String())
		return
	}
	// DTEND is the wall clock at the real end: a 30-minute post across a DST
	// change still lasts 30 minutes.
	w.line(dateProp("DTSTART", p, loc), formatWall(p, start))
	w.line(dateProp("DTEND", p, loc), formatWall(p, calendar.WallOf(end)))
	if loc == time.UTC {
		// A UTC time is read in the reader's zone unless the event
		// repeats; this says the post itself is kept in UTC.
		w.line("X-POSTPLAN-TZID", "UTC")
	}
}

func writeDetails(w *writer, f Feed, p *calendar.Post, title, body string, st calendar.Status, notes string) {
	w.text("SUMMARY", Summary(p.Channels, title))
	var d strings.Builder
	if !f.TitlesOnly && body != "" {
		d.WriteString(body)
		d.WriteString("\n\n")
	}
	if len(p.Channels) > 0 {
		d.WriteString("Channels: " + strings.Join(p.Channels, ", ") + "\n")
	}
	if m, ok := f.Members[p.Assignee]; ok {
		d.WriteString("Assignee: " + m.Name + "\n")
	}
	d.WriteString("Status: " + string(st))
	if !f.TitlesOnly && p.Link != "" {
		d.WriteString("\nLink: " + p.Link)
	}
	if !f.TitlesOnly && notes != "" {
		d.WriteString("\nNotes: " + notes)
	}
	w.text("DESCRIPTION", d.String())
	w.line("STATUS", status(st))
	if cats := categories(f, p); cats != "" {
		w.line("CATEGORIES", cats)
	}
	if !f.TitlesOnly && p.Link != "" {
		w.line("URL", p.Link)
	}
	w.line("SEQUENCE", strconv.Itoa(p.Sequence))
	w.line("CREATED", utcStamp(p.Created))
	w.line("LAST-MODIFIED", utcStamp(p.Updated))
	if r, ok := f.Routines[p.ID]; ok {
		w.line(propRoutine, string(r))
	}
	if f.deleted {
		w.line(propDeleted, "TRUE")
	}
	if _, marked := f.Marks[p.ID]; marked && strings.HasPrefix(title, calendar.OverduePrefix) {
		w.line(propOverdue, "TRUE")
	}
}

// ExperimentCategory is the CATEGORIES value that marks an experiment's
// posts, so that a calendar can colour or filter them.
const ExperimentCategory = "Experiment"

// categories lists campaign names and channels, each escaped on its own
// (the commas between them are separators, not text).
func categories(f Feed, p *calendar.Post) string {
	var cats []string
	for _, t := range p.Tags {
		name := t
		if c, ok := f.Campaigns[t]; ok {
			name = c.Name
		}
		cats = append(cats, escape(name))
	}
	for _, c := range p.Channels {
		cats = append(cats, escape(c))
	}
	if p.Experiment != "" {
		cats = append(cats, ExperimentCategory)
	}
	return strings.Join(cats, ",")
}

// rruleForFeed writes UNTIL in UTC, as RFC 5545 requires when DTSTART has a
// zone, or as a date when DTSTART is one; rules store it as the user typed it.
func rruleForFeed(rule string, loc *time.Location, allDay bool) string {
	rule = strings.TrimPrefix(strings.TrimSpace(rule), "RRULE:")
	parts := strings.Split(rule, ";")
	for i, part := range parts {
		name, val, _ := strings.Cut(part, "=")
		if !strings.EqualFold(name, "UNTIL") {
			continue
		}
		if allDay {
			if len(val) >= 8 {
				parts[i] = "UNTIL=" + val[:8]
			}
			continue
		}
		if strings.HasSuffix(val, "Z") {
			continue
		}
		var wall time.Time
		var err error
		if len(val) == 8 {
			wall, err = time.Parse(dateFormat, val)
			wall = wall.Add(24*time.Hour - time.Second)
		} else {
			wall, err = time.Parse(dateTimeFormat, val)
		}
		if err == nil {
			parts[i] = "UNTIL=" + utcStamp(calendar.Resolve(wall, loc))
		}
	}
	return strings.Join(parts, ";")
}

// WriteContent writes what a feed shows (calendar.FeedItems) as the feed
// server sends it, events of unchanged posts from cache (nil: none).
func WriteContent(w io.Writer, c calendar.FeedContent, cache *EventCache) error {
	_, err := RenderContent(c, cache).WriteTo(w)
	return err
}

// RenderContent is WriteContent's body, in its pieces.
func RenderContent(c calendar.FeedContent, cache *EventCache) Body {
	return RenderCached(contentFeed(c), c.Posts, c.Tombstones, cache)
}
