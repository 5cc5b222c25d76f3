package ics

import (
	"fmt"
	"io"
	"maps"
	"runtime"
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
}

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

// EventCache keeps each post's rendered events for one feed, so that a feed
// is rebuilt from bytes except for the posts that changed. Its zero value is
// ready to use; it is safe for concurrent use.
type EventCache struct {
	mu      sync.Mutex
	feedKey string
	// events is in the order of the posts' IDs, the order a feed gives
	// them in: finding each is a step along it, where a map's lookups (a
	// hash and a comparison of each ID, cache misses mostly) were a
	// quarter of a 100,000-post render after one edit.
	events []cachedEvents
	// size is the length of the last feed written through the cache: the
	// next one is sized by it rather than by a guess per event, which
	// was a fifth too large (70 MB allocated for 58 at 100,000 posts).
	size atomic.Int64
}

type cachedEvents struct {
	id       calendar.ID
	updated  time.Time
	sequence int
	bytes    []byte
}

func byEventID(e cachedEvents, id calendar.ID) int { return strings.Compare(string(e.id), string(id)) }

// find returns where id is in c.events, or -1. next is where the caller
// expects it, the place after the last one found, and moves on.
func (c *EventCache) find(id calendar.ID, next *int) int {
	if j := *next; j < len(c.events) && c.events[j].id == id {
		*next = j + 1
		return j
	}
	k, ok := slices.BinarySearchFunc(c.events, id, byEventID)
	if !ok {
		*next = k
		return -1
	}
	*next = k + 1
	return k
}

// keep puts made in c.events, replacing the entries of their IDs.
func (c *EventCache) keep(made []cachedEvents) {
	var added []cachedEvents
	for _, m := range made {
		if k, ok := slices.BinarySearchFunc(c.events, m.id, byEventID); ok {
			c.events[k] = m
		} else {
			added = append(added, m)
		}
	}
	if len(added) <= 64 { // a post or two added since the last render
		for _, m := range added {
			k, ok := slices.BinarySearchFunc(c.events, m.id, byEventID)
			if ok {
				c.events[k] = m
			} else {
				c.events = slices.Insert(c.events, k, m)
			}
		}
		return
	}
	// The first render: sorted once. Should an ID come twice, the later
	// entry is kept, as a map's would be.
	c.events = append(c.events, added...)
	slices.SortStableFunc(c.events, func(a, b cachedEvents) int { return strings.Compare(string(a.id), string(b.id)) })
	out := c.events[:0]
	for i, e := range c.events {
		if i+1 < len(c.events) && c.events[i+1].id == e.id {
			continue
		}
		out = append(out, e)
	}
	c.events = out
}

// feedKey is everything of a feed, besides the post, that its events show:
// when it changes (a campaign renamed, a member added) every entry is stale.
func feedKey(f Feed) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%t|", f.TitlesOnly)
	tags := slices.Sorted(maps.Keys(f.Campaigns))
	for _, t := range tags {
		fmt.Fprintf(&b, "%s=%s|", t, f.Campaigns[t].Name)
	}
	ids := slices.Sorted(maps.Keys(f.Members))
	for _, id := range ids {
		fmt.Fprintf(&b, "%s=%s|", id, f.Members[id].Name)
	}
	return b.String()
}

// appendPosts appends the events of posts, each taken from the cache when
// the post is as it was at the last render and written afresh otherwise.
// The cache is locked twice per call, not twice per post.
func (c *EventCache) appendPosts(dst []byte, key string, f Feed, posts []*calendar.Post) []byte {
	if c == nil {
		for _, p := range posts {
			dst = AppendPost(dst, f, p)
		}
		return dst
	}
	hits := make([][]byte, len(posts))
	c.mu.Lock()
	if c.feedKey != key {
		c.feedKey, c.events = key, nil
	}
	next := 0
	for i, p := range posts {
		if k := c.find(p.ID, &next); k >= 0 {
			if e := &c.events[k]; e.updated.Equal(p.Updated) && e.sequence == p.Sequence {
				hits[i] = e.bytes
			}
		}
	}
	c.mu.Unlock()
	type fresh struct {
		p          *calendar.Post
		start, end int
	}
	var made []fresh
	for i, p := range posts {
		if hits[i] != nil {
			dst = append(dst, hits[i]...)
			continue
		}
		start := len(dst)
		dst = AppendPost(dst, f, p)
		made = append(made, fresh{p, start, len(dst)})
	}
	if len(made) > 0 {
		entries := make([]cachedEvents, len(made))
		for i, m := range made {
			entries[i] = cachedEvents{id: m.p.ID, updated: m.p.Updated, sequence: m.p.Sequence, bytes: slices.Clone(dst[m.start:m.end])}
		}
		c.mu.Lock()
		if c.feedKey == key {
			c.keep(entries)
		}
		c.mu.Unlock()
	}
	return dst
}

// WriteCached is Write with the events of unchanged posts taken from cache.
// Tombstones are few and always written afresh.
func WriteCached(w io.Writer, f Feed, posts []*calendar.Post, tombs []calendar.Tombstone, cache *EventCache) error {
	_, err := w.Write(AppendCached(nil, f, posts, tombs, cache))
	return err
}

// AppendCached is WriteCached appending to dst: a server keeps the bytes
// as they are, rather than copying 70 MB of a large plan's feed again.
func AppendCached(dst []byte, f Feed, posts []*calendar.Post, tombs []calendar.Tombstone, cache *EventCache) []byte {
	// About 700 bytes an event, or the last feed's size and a little:
	// sized once, the buffer rarely grows.
	size := 4096 + 700*(len(posts)+len(tombs))
	if cache != nil {
		if last := int(cache.size.Load()); last > 0 {
			size = last + last/64 + 4096
		}
	}
	b := writer{b: slices.Grow(dst, size)}
	b.line("BEGIN", "VCALENDAR")
	b.line("VERSION", "2.0")
	b.line("PRODID", "-//Postplan//Postplan feed//EN")
	b.line("CALSCALE", "GREGORIAN")
	b.line("METHOD", "PUBLISH")
	b.text("NAME", f.Name)
	b.text("X-WR-CALNAME", f.Name)
	zones, from, to := zonesUsed(posts, tombs)
	// Clients that honour X-WR-TIMEZONE (Google's reading, and libraries
	// that copy it) move UTC times into that zone and repeat UTC series on
	// its wall clock, shifting them an hour across DST. The hint is only
	// written when no series is kept in UTC.
	if len(zones) > 0 && !slices.ContainsFunc(posts, func(p *calendar.Post) bool { return p.Recurring() && p.TimeZone == "UTC" }) {
		b.line("X-WR-TIMEZONE", zones[0].String())
	}
	b.line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	b.line("X-PUBLISHED-TTL", "PT1H")
	if f.Colour != "" {
		b.line("COLOR", f.Colour)
	}
	for _, loc := range zones {
		writeVTimezone(&b, loc, from, to)
	}
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
	b.b = cache.appendAll(b.b, key, f, dated)
	for _, t := range tombs {
		if t.Post.Dated() {
			c := *t.Post
			c.Status, c.Updated = calendar.StatusCancelled, t.Deleted
			c.Overrides = nil
			b.b = AppendPost(b.b, f, &c)
		}
	}
	b.line("END", "VCALENDAR")
	if cache != nil {
		cache.size.Store(int64(len(b.b) - len(dst)))
	}
	return b.b
}

// appendAll is appendPosts sharing a large feed among the cores: the
// posts are cut into runs, each appended to a buffer of its own on a core
// of its own, and the buffers joined in order.
func (c *EventCache) appendAll(dst []byte, key string, f Feed, posts []*calendar.Post) []byte {
	n := runtime.GOMAXPROCS(0)
	if n < 2 || len(posts) < 4000 {
		return c.appendPosts(dst, key, f, posts)
	}
	runs := make([][]byte, n)
	var wg sync.WaitGroup
	for i := 1; i < n; i++ {
		run := posts[len(posts)*i/n : len(posts)*(i+1)/n]
		wg.Go(func() { runs[i] = c.appendPosts(make([]byte, 0, 700*len(run)), key, f, run) })
	}
	dst = c.appendPosts(dst, key, f, posts[:len(posts)/n])
	wg.Wait()
	for _, r := range runs[1:] {
		dst = append(dst, r...)
	}
	return dst
}

// zonesUsed returns the zones of the dated posts (the most used first) and
// the span their VTIMEZONEs must cover: from a year before the earliest post
// to ten years after the latest.
func zonesUsed(posts []*calendar.Post, tombs []calendar.Tombstone) ([]*time.Location, time.Time, time.Time) {
	count := map[string]int{}
	var lo, hi time.Time
	see := func(p *calendar.Post) {
		if !p.Dated() {
			return
		}
		count[p.TimeZone]++
		if lo.IsZero() || p.Start.Before(lo) {
			lo = p.Start
		}
		if p.Start.After(hi) {
			hi = p.Start
		}
	}
	for _, p := range posts {
		see(p)
	}
	for _, t := range tombs {
		see(t.Post)
	}
	names := make([]string, 0, len(count))
	for n := range count {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		if count[a] != count[b] {
			return count[b] - count[a]
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
	_, err := w.Write(AppendContent(nil, c, cache))
	return err
}

// AppendContent is WriteContent appending to dst.
func AppendContent(dst []byte, c calendar.FeedContent, cache *EventCache) []byte {
	f := Feed{Name: c.Feed.Name, Colour: "teal", TitlesOnly: c.Feed.TitlesOnly, Campaigns: c.Campaigns, Members: c.Members}
	return AppendCached(dst, f, c.Posts, c.Tombstones, cache)
}
