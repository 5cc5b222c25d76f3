package ics

import (
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
	cal, err := goical.NewDecoder(r).Decode()
	if err != nil {
		return imp, calendar.Errorf(calendar.EINVALID, "The file is not valid iCalendar: %s.", strings.TrimPrefix(err.Error(), "ical: "))
	}
	rd := reader{o: o, byUID: map[string]*calendar.Post{}, campaigns: map[string]calendar.Campaign{}}
	if z := cal.Props.Get("X-WR-TIMEZONE"); z != nil {
		if _, err := calendar.LoadLocation(z.Value); err == nil {
			rd.o.Zone = z.Value
		}
	}
	var exceptions []*goical.Component
	for _, c := range cal.Children {
		if c.Name != goical.CompEvent {
			continue
		}
		if c.Props.Get(goical.PropRecurrenceID) != nil {
			exceptions = append(exceptions, c)
			continue
		}
		rd.master(c)
	}
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
	o         ReadOptions
	posts     []*calendar.Post
	byUID     map[string]*calendar.Post
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

// idFor maps a UID to a post ID: ours come back as they were; others get an
// ID derived from the UID, so importing the same file twice updates the same
// posts instead of adding them again.
func idFor(uid string) calendar.ID {
	if id, ok := strings.CutSuffix(uid, "@postplan"); ok && id != "" && !strings.ContainsAny(id, "/\x00") {
		return calendar.ID(id)
	}
	sum := sha256.Sum256([]byte(uid))
	return calendar.ID("01ICS" + base32.StdEncoding.EncodeToString(sum[:])[:21])
}

// when reads a DATE or DATE-TIME property as a wall clock in the post's
// zone: TZID values keep their zone, UTC values are moved into the zone,
// floating ones are read in it.
func (rd *reader) when(p *goical.Prop, zone string) (wall time.Time, allDay bool, tz string, err error) {
	v := p.Value
	if i := strings.IndexByte(v, '/'); i >= 0 { // a PERIOD: its start
		v = v[:i]
	}
	if len(v) == 8 || p.Params.Get(goical.ParamValue) == "DATE" {
		t, err := time.Parse("20060102", v)
		return t, true, zone, err
	}
	if strings.HasSuffix(v, "Z") {
		t, err := time.Parse("20060102T150405Z", v)
		if err != nil {
			return t, false, zone, err
		}
		loc, _ := calendar.LoadLocation(zone)
		return calendar.WallOf(t.In(loc)), false, zone, nil
	}
	t, err := time.Parse("20060102T150405", v)
	if tzid := strings.Trim(p.Params.Get(goical.ParamTimezoneID), `"`); tzid != "" {
		if _, lerr := calendar.LoadLocation(tzid); lerr == nil {
			return t, false, tzid, err
		}
	}
	return t, false, zone, err
}

func (rd *reader) master(c *goical.Component) {
	uid := text(c, goical.PropUID)
	if uid == "" {
		uid = fmt.Sprintf("no-uid-%d-%s", len(rd.posts), text(c, goical.PropSummary))
	}
	if _, dup := rd.byUID[uid]; dup {
		rd.problem(c, "UID", "a second event with the same UID", true)
		return
	}
	dtstart := c.Props.Get(goical.PropDateTimeStart)
	if dtstart == nil {
		rd.problem(c, "DTSTART", "the event has no start", true)
		return
	}
	zone := rd.o.Zone
	if z := c.Props.Get("X-POSTPLAN-TZID"); z != nil {
		if _, err := calendar.LoadLocation(z.Value); err == nil {
			zone = z.Value
		}
	}
	start, allDay, zone, err := rd.when(dtstart, zone)
	if err != nil {
		rd.problem(c, "DTSTART", fmt.Sprintf("%q is not a date or time", dtstart.Value), true)
		return
	}
	if tzid := dtstart.Params.Get(goical.ParamTimezoneID); tzid != "" && !allDay && zone != strings.Trim(tzid, `"`) {
		rd.problem(c, "DTSTART", fmt.Sprintf("time zone %q is not known; read as %s", tzid, zone), false)
	}
	if y := start.Year(); y < calendar.MinYear || y > calendar.MaxYear {
		rd.problem(c, "DTSTART", fmt.Sprintf("the year %d is outside %d-%d", y, calendar.MinYear, calendar.MaxYear), true)
		return
	}
	p := &calendar.Post{ID: idFor(uid), Start: start, AllDay: allDay, TimeZone: zone, Created: rd.o.Now, Updated: rd.o.Now}
	if !rd.fill(c, p, allDay) {
		return
	}
	if rule := c.Props.Get(goical.PropRecurrenceRule); rule != nil {
		p.Recurrence = &calendar.Recurrence{Rule: rule.Value}
		loc, _ := p.Location()
		if _, err := calendar.ParseRule(rule.Value, p.Start, loc); err != nil {
			rd.problem(c, "RRULE", calendar.ErrorMessage(err)+" The event is kept without repeating.", false)
			p.Recurrence = nil
		} else {
			p.Recurrence.ExDates = rd.dates(c, goical.PropExceptionDates, zone)
			p.Recurrence.RDates = rd.dates(c, goical.PropRecurrenceDates, zone)
		}
	}
	rd.byUID[uid] = p
	rd.posts = append(rd.posts, p)
}

func (rd *reader) dates(c *goical.Component, name, zone string) []time.Time {
	var out []time.Time
	for _, prop := range c.Props.Values(name) {
		for v := range strings.SplitSeq(prop.Value, ",") {
			one := prop
			one.Value = v
			t, _, _, err := rd.when(&one, zone)
			if err != nil {
				rd.problem(c, name, fmt.Sprintf("%q is not a date or time", v), false)
				continue
			}
			out = append(out, t)
		}
	}
	return out
}

// fill reads what a master and an exception share: title, text, times'
// length, status, channels, campaigns, link. It returns false when the
// event was left out.
func (rd *reader) fill(c *goical.Component, p *calendar.Post, allDay bool) bool {
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
		e, _, _, err := rd.when(end, p.TimeZone)
		if err != nil {
			rd.problem(c, "DTEND", fmt.Sprintf("%q is not a date or time", end.Value), true)
			return false
		}
		loc, _ := p.Location()
		switch {
		case allDay:
			p.Duration = e.Sub(p.Start).Truncate(24 * time.Hour)
		default:
			p.Duration = instant(end, e, loc).Sub(instant(c.Props.Get(goical.PropDateTimeStart), p.Start, loc))
		}
		if p.Duration < 0 {
			rd.problem(c, "DTEND", "the event ends before it starts", true)
			return false
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
		tag = fmt.Sprintf("%s-%d", slug(name), i)
	}
	if r := []rune(name); len(r) > 120 {
		name = string(r[:120])
	}
	rd.campaigns[tag] = calendar.Campaign{Tag: tag, Name: name, Colour: "#64748b"}
	return tag
}

func slug(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r == ' ' || r == '/' || r == '\t' || r == '\n' || r == '\r':
			b.WriteByte('-')
		case b.Len() < 36: // room for a "-2" suffix within the 40 a tag may have
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "campaign"
	}
	return b.String()
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

// instant is the moment a DATE-TIME property names: exact for a UTC value
// (the wall clock it was turned into can be ambiguous), else its wall clock
// placed by Postplan's DST rule.
func instant(prop *goical.Prop, wall time.Time, loc *time.Location) time.Time {
	if prop != nil && strings.HasSuffix(prop.Value, "Z") {
		if t, err := time.Parse("20060102T150405Z", prop.Value); err == nil {
			return t
		}
	}
	return calendar.Resolve(wall, loc)
}

// exception applies a RECURRENCE-ID event to its series as an override.
func (rd *reader) exception(c *goical.Component) {
	uid := text(c, goical.PropUID)
	master := rd.byUID[uid]
	if master == nil || !master.Recurring() {
		rd.problem(c, "RECURRENCE-ID", "a change to an occurrence of a series that is not in the file", true)
		return
	}
	orig, _, _, err := rd.when(c.Props.Get(goical.PropRecurrenceID), master.TimeZone)
	if err != nil {
		rd.problem(c, "RECURRENCE-ID", "not a date or time", true)
		return
	}
	changed := &calendar.Post{ID: master.ID, TimeZone: master.TimeZone, AllDay: master.AllDay}
	dtstart := c.Props.Get(goical.PropDateTimeStart)
	if dtstart == nil {
		rd.problem(c, "DTSTART", "the changed occurrence has no start", true)
		return
	}
	changed.Start, _, _, err = rd.when(dtstart, master.TimeZone)
	if err != nil || !rd.fill(c, changed, master.AllDay) {
		return
	}
	for _, t := range []time.Time{orig, changed.Start} {
		if y := t.Year(); y < calendar.MinYear || y > calendar.MaxYear {
			rd.problem(c, "RECURRENCE-ID", fmt.Sprintf("the year %d is outside %d-%d", y, calendar.MinYear, calendar.MaxYear), true)
			return
		}
	}
	o := calendar.Override{Original: orig}
	loc, _ := master.Location()
	if !calendar.Resolve(changed.Start, loc).Equal(calendar.Resolve(orig, loc)) {
		o.Start = changed.Start
	}
	if changed.Length() != master.Length() {
		o.Duration = changed.Duration
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
	if o == (calendar.Override{Original: orig}) {
		return // a restatement of the rule's occurrence, such as a DST-safe UTC start
	}
	if slices.ContainsFunc(master.Overrides, func(x calendar.Override) bool { return x.Original.Equal(orig) }) {
		rd.problem(c, "RECURRENCE-ID", "the same occurrence is changed twice; the first change is kept", false)
		return
	}
	master.Overrides = append(master.Overrides, o)
}
