package ics

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"

	"postplan/calendar"
)

// What an event's properties mean for a post: CATEGORIES as channels and
// campaigns, the channel marks in SUMMARY, the details in DESCRIPTION.

// defaultChannels are the names of the channels every plan has, made once
// rather than for each event read.
var defaultChannels = func() map[string]bool {
	m := map[string]bool{}
	for _, ch := range calendar.DefaultChannels {
		m[ch.Name] = true
	}
	return m
}()

// categories splits CATEGORIES into channels (names of channels) and
// campaigns (everything else), creating a campaign for a name not known.
func (rd *reader) categories(c *goical.Component, p *calendar.Post) {
	known := func(name string) bool { return defaultChannels[name] || slices.Contains(p.Channels, name) }
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
			if name == "" || known(name) {
				if name != "" && !slices.Contains(p.Channels, name) {
					p.Channels = append(p.Channels, name)
				}
				continue
			}
			if rd.deferTags {
				rd.pending = append(rd.pending, pendingTag{p, name})
				continue
			}
			rd.tag(p, name)
		}
	}
}

// tag puts p in the campaign called name, creating it if need be.
func (rd *reader) tag(p *calendar.Post, name string) {
	if tag := rd.campaignTag(name); !slices.Contains(p.Tags, tag) {
		p.Tags = append(p.Tags, tag)
	}
}

// pendingTag is a category a reader that defers them left for later.
type pendingTag struct {
	p    *calendar.Post
	name string
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

// parseDescription undoes writeDetails: the text, then a footer of
// "Channels:", "Assignee:", "Status:", "Link:" and "Notes:" lines. The
// footer starts at the first blank line (or at the start) from which the
// rest reads as one to the end: a text may hold such lines itself, and a
// post without channels has no "Channels:" line to look for. A
// description without a footer is all text.
func (rd *reader) parseDescription(d string) (body string, channels []string, st calendar.Status, notes string, assignee calendar.ID) {
	f, ok := readFooter(d)
	for from := 0; !ok; {
		k := strings.Index(d[from:], "\n\n")
		if k < 0 {
			return d, nil, "", "", ""
		}
		k += from
		if f, ok = readFooter(d[k+2:]); ok {
			body = d[:k]
		}
		from = k + 1
	}
	if f.assignee != "" {
		if j := slices.IndexFunc(rd.o.Members, func(m calendar.Member) bool { return strings.EqualFold(m.Name, f.assignee) }); j >= 0 {
			assignee = rd.o.Members[j].ID
		} else {
			// A colleague the plan does not have joins the team, as from a
			// CSV file: the same name is the same member.
			assignee = rd.member(strings.ToLower(f.assignee), calendar.MemberFor(f.assignee)).ID
		}
	}
	return body, f.channels, f.status, strings.TrimSpace(f.notes), assignee
}

// footer is what writeDetails writes after a post's text.
type footer struct {
	channels        []string
	assignee, notes string
	status          calendar.Status
}

// readFooter reads all of s as a footer: an optional "Channels:" line, an
// optional "Assignee:" line, a "Status:" line with a status, then an
// optional "Link:" line and optional notes, which run to the end.
func readFooter(s string) (f footer, ok bool) {
	line := func(prefix string) (value string, found bool) {
		rest, found := strings.CutPrefix(s, prefix)
		if !found {
			return "", false
		}
		value, s, _ = strings.Cut(rest, "\n")
		return value, true
	}
	if l, found := line("Channels: "); found {
		f.channels = strings.Split(l, ", ")
	}
	if l, found := line("Assignee: "); found {
		f.assignee = l
	}
	l, found := line("Status: ")
	if f.status = calendar.Status(l); !found || !f.status.Valid() {
		return f, false
	}
	line("Link: ") // the URL property holds the link
	if rest, found := strings.CutPrefix(s, "Notes: "); found {
		f.notes, s = rest, ""
	}
	return f, s == ""
}
