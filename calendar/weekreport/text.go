package weekreport

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"postplan/calendar"
)

// Format is how a summary is written as text.
type Format int

const (
	// Plain is for email: headings underlined, lists with dashes.
	Plain Format = iota
	// Markdown is for chat and wikis: headings, bold figures, lists.
	Markdown
)

// Text writes the week's summary in a language: the headline figures, the
// channels against their targets, statuses, what is not ready, campaigns,
// experiments, duties, empty days and then the posts day by day.
func Text(out io.Writer, s *calendar.WeekSummary, lang string, f Format) error {
	w := lookup(lang)
	b := bufio.NewWriter(out)
	loc := s.Days[0].Location()
	t := textWriter{b: b, f: f}

	t.heading(1, w.title(s))
	t.line(fmt.Sprintf("%s %s (%s %d, %s)", t.bold(fmt.Sprint(s.Total)), w.posts, w.lastWeek, s.Last, change(s.Total, s.Last)))

	t.heading(2, w.channels)
	for _, c := range s.Channels {
		line := fmt.Sprintf("%s %s", w.channel(c.Name), t.bold(planned(c)))
		if l := w.level(c); l != "" {
			line += " (" + l + ")"
		}
		t.item(line + fmt.Sprintf(" · %s %d, %s", w.lastWeek, c.Last, change(c.Planned, c.Last)))
	}

	t.heading(2, w.status)
	var counts []string
	for _, st := range s.Statuses {
		c := fmt.Sprintf("%s %s", w.statuses[st.Status], t.bold(fmt.Sprint(st.Count)))
		if st.Count != st.Last {
			c += " (" + change(st.Count, st.Last) + ")"
		}
		if st.NotReady > 0 {
			c += fmt.Sprintf(" [%d %s]", st.NotReady, w.late)
		}
		counts = append(counts, c)
	}
	t.line(strings.Join(counts, ", "))
	if len(s.NotReady) > 0 {
		t.heading(3, w.notReady)
		for _, i := range s.NotReady {
			t.item(w.postLine(s.Posts[i], loc, true, t.esc))
		}
	}

	if len(s.Campaigns) > 0 {
		t.heading(2, w.campaigns)
		for _, c := range s.Campaigns {
			t.item(fmt.Sprintf("%s%s: %s · %s %d, %s", t.esc(c.Name), w.dates(c), t.bold(fmt.Sprint(c.Posts)), w.lastWeek, c.Last, change(c.Posts, c.Last)))
		}
	}
	if len(s.Experiments) > 0 {
		t.heading(2, w.experiments)
		for _, e := range s.Experiments {
			t.item(w.experiment(e, loc, t.esc))
		}
	}
	if len(s.Duties) > 0 {
		t.heading(2, w.onDuty)
		for _, d := range s.Duties {
			t.item(fmt.Sprintf("%s: %s, %s", t.esc(d.Name), t.bold(t.esc(d.Who)), w.dutySpan(d, loc)))
		}
	}
	if len(s.Meetings) > 0 {
		t.heading(2, w.meetings)
		for _, m := range s.Meetings {
			t.item(fmt.Sprintf("%s %s %s", w.date(m.Start.In(loc)), m.Start.In(loc).Format("15:04"), t.esc(m.Name)))
		}
	}
	if len(s.EmptyDays) > 0 {
		var days []string
		for _, d := range s.EmptyDays {
			days = append(days, w.date(s.Days[d]))
		}
		t.blank()
		t.line(fmt.Sprintf("%s: %s", t.bold(w.nothingOn), strings.Join(days, ", ")))
	}

	t.heading(2, w.dayByDay)
	for d, day := range s.Days {
		var lines []string
		for _, p := range s.Posts {
			if p.Day == d {
				lines = append(lines, w.postLine(p, loc, false, t.esc))
			}
		}
		if len(lines) == 0 {
			continue
		}
		t.heading(3, w.date(day))
		for _, l := range lines {
			t.item(l)
		}
	}
	return b.Flush()
}

// postLine writes "Tue 24 Nov 12:00 · Instagram · Title (Draft)", without
// the date in a day's own list.
func (w *words) postLine(p calendar.WeekPost, loc *time.Location, withDate bool, esc func(string) string) string {
	var parts []string
	when := w.clock(p, loc)
	if withDate && p.AllDay {
		when = w.date(p.Start) + " " + when
	} else if withDate {
		when = w.date(p.Start.In(loc)) + " " + when
	}
	parts = append(parts, when)
	if len(p.Channels) > 0 {
		parts = append(parts, strings.Join(p.Channels, ", "))
	}
	parts = append(parts, fmt.Sprintf("%s (%s)", esc(w.postTitle(p)), w.status1[p.Status]))
	return strings.Join(parts, " · ")
}

// postTitle is a post's title, said to be overdue when it is.
func (w *words) postTitle(p calendar.WeekPost) string {
	if p.Overdue {
		return w.overdue + " " + p.Title
	}
	return p.Title
}

func (w *words) dates(c calendar.CampaignWeek) string {
	switch {
	case c.Starts.IsZero() && c.Ends.IsZero():
		return ""
	case c.Ends.IsZero():
		return fmt.Sprintf(" (%s –)", w.shortDate(c.Starts))
	case c.Starts.IsZero():
		return fmt.Sprintf(" (– %s)", w.shortDate(c.Ends))
	}
	return fmt.Sprintf(" (%s – %s)", w.shortDate(c.Starts), w.shortDate(c.Ends))
}

func (w *words) experiment(e calendar.ExperimentWeek, loc *time.Location, esc func(string) string) string {
	s := fmt.Sprintf("%s (%s): %d %s", esc(e.Name), w.states[e.State], e.ThisWeek, w.thisWeek)
	if !e.Next.IsZero() {
		n := e.Next.In(loc)
		s += fmt.Sprintf(", %s %s %s", w.next, w.date(n), n.Format("15:04"))
	}
	if e.Results == 1 {
		s += fmt.Sprintf("; 1 %s", w.result)
	} else {
		s += fmt.Sprintf("; %d %s", e.Results, w.results)
	}
	for _, a := range e.Arms {
		if a.Results == 0 {
			continue
		}
		name := a.Name
		if name != "" {
			name += " "
		}
		s += fmt.Sprintf(", %s%s %s", name, w.mean, w.number(a.Mean))
	}
	if e.Metric != "" && e.Results > 0 {
		s += " " + esc(e.Metric)
	}
	return s
}

// dutySpan writes a turn's days: "Mon 23 Nov – Sun 29 Nov", or one day.
func (w *words) dutySpan(d calendar.Duty, loc *time.Location) string {
	start, end := d.Start.In(loc), d.End.In(loc)
	if d.AllDay {
		start, end = d.Start, d.End.AddDate(0, 0, -1) // the end of an all-day turn is exclusive
	}
	if start.YearDay() == end.YearDay() && start.Year() == end.Year() {
		if d.AllDay {
			return w.date(start)
		}
		return fmt.Sprintf("%s %s–%s", w.date(start), start.Format("15:04"), end.Format("15:04"))
	}
	return fmt.Sprintf("%s – %s", w.date(start), w.date(end))
}

// textWriter writes the same structure as plain text or Markdown.
type textWriter struct {
	b     *bufio.Writer
	f     Format
	wrote bool
}

func (t *textWriter) heading(level int, s string) {
	if t.wrote {
		t.b.WriteString("\n")
	}
	t.wrote = true
	if t.f == Markdown {
		fmt.Fprintf(t.b, "%s %s\n\n", strings.Repeat("#", level+1), s)
		return
	}
	t.b.WriteString(s + "\n")
	if level < 3 {
		mark := "="
		if level == 2 {
			mark = "-"
		}
		t.b.WriteString(strings.Repeat(mark, len([]rune(s))) + "\n")
	}
}

func (t *textWriter) item(s string) { fmt.Fprintf(t.b, "- %s\n", s) }
func (t *textWriter) line(s string) { fmt.Fprintf(t.b, "%s\n", s) }
func (t *textWriter) blank()        { t.b.WriteString("\n") }

func (t *textWriter) bold(s string) string {
	if t.f == Markdown {
		return "**" + s + "**"
	}
	return s
}

// markdownSpecial are the characters that would turn a title into
// formatting.
var markdownSpecial = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "#", `\#`, "<", `\<`)

// esc keeps the team's own words as they are in Markdown.
func (t *textWriter) esc(s string) string {
	if t.f == Markdown {
		return markdownSpecial.Replace(s)
	}
	return s
}
