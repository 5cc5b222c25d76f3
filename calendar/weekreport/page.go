package weekreport

import (
	"fmt"
	"strings"
	"time"

	"postplan/calendar"
)

// page is a summary laid out for the HTML page and the PDF, every label in
// the reader's language, so the two cannot say different things.
type page struct {
	Lang      string
	Title     string
	Headline  string
	Days      []dayHead
	Rows      []row
	Statuses  []statusLine
	Labels    labels
	NotReady  []string
	Campaigns []campaignLine
	Exps      []string
	Duties    []string
	Meetings  []string
	Empty     string   // "Nothing planned on: Fri 6 Nov, Sun 8 Nov"
	EmptyDays []string // the same days, for a list of their own
	Updated   string
}

type labels struct {
	Channels, Status, NotReady, Late, Campaigns, Experiments, OnDuty, Meetings, Previous, Next, Nothing string
}

type dayHead struct {
	Label string
	Empty bool
}

type row struct {
	Name   string
	Figure string // "3/4"
	Level  string // calendar.Level, for the colour of the bar
	Says   string // "below target"
	Fill   int    // percent of the target planned, at most 100
	Change string // against last week
	Cells  [7][]cell
}

type cell struct {
	Time, Title, Status, StatusLabel, Colour string
	NotReady                                 bool
}

type statusLine struct {
	Status, Label string
	Count, Last   int
	Change        string
	NotReady      int
}

type campaignLine struct {
	Name, Colour, Dates, Change string
	Posts, Last                 int
}

func layout(s *calendar.WeekSummary, lang string, now time.Time) page {
	w := lookup(lang)
	loc := s.Days[0].Location()
	p := page{
		Lang: w.lang, Title: w.title(s),
		Headline: fmt.Sprintf("%d %s (%s %d, %s)", s.Total, w.posts, w.lastWeek, s.Last, change(s.Total, s.Last)),
		Labels: labels{Channels: w.channels, Status: w.status, NotReady: w.notReady, Late: w.late, Campaigns: w.campaigns,
			Experiments: w.experiments, OnDuty: w.onDuty, Meetings: w.meetings,
			Previous: w.previous, Next: w.nxt, Nothing: w.nothingOn},
		Updated: fmt.Sprintf("%s %s %s", w.updated, w.date(now.In(loc)), now.In(loc).Format("15:04")),
	}
	empty := map[int]bool{}
	for _, d := range s.EmptyDays {
		empty[d] = true
		p.EmptyDays = append(p.EmptyDays, w.date(s.Days[d]))
	}
	if len(p.EmptyDays) > 0 {
		p.Empty = w.nothingOn + ": " + strings.Join(p.EmptyDays, ", ")
	}
	for i, d := range s.Days {
		p.Days = append(p.Days, dayHead{Label: w.date(d), Empty: empty[i]})
	}
	for _, c := range s.Channels {
		r := row{Name: w.channel(c.Name), Figure: planned(c), Level: string(c.Level), Says: w.level(c), Change: change(c.Planned, c.Last)}
		if c.Target > 0 {
			r.Fill = min(100, 100*c.Planned/c.Target)
		}
		for d, idx := range c.Days {
			for _, i := range idx {
				wp := s.Posts[i]
				r.Cells[d] = append(r.Cells[d], cell{Time: w.clock(wp, loc), Title: w.postTitle(wp), Status: string(wp.Status),
					StatusLabel: w.status1[wp.Status], Colour: wp.Colour, NotReady: wp.NotReady})
			}
		}
		p.Rows = append(p.Rows, r)
	}
	for _, st := range s.Statuses {
		p.Statuses = append(p.Statuses, statusLine{Status: string(st.Status), Label: w.statuses[st.Status], Count: st.Count,
			Last: st.Last, Change: change(st.Count, st.Last), NotReady: st.NotReady})
	}
	plain := func(s string) string { return s }
	for _, i := range s.NotReady {
		p.NotReady = append(p.NotReady, w.postLine(s.Posts[i], loc, true, plain))
	}
	for _, c := range s.Campaigns {
		p.Campaigns = append(p.Campaigns, campaignLine{Name: c.Name, Colour: c.Colour, Dates: w.dates(c), Posts: c.Posts,
			Last: c.Last, Change: change(c.Posts, c.Last)})
	}
	for _, e := range s.Experiments {
		p.Exps = append(p.Exps, w.experiment(e, loc, plain))
	}
	for _, d := range s.Duties {
		p.Duties = append(p.Duties, fmt.Sprintf("%s: %s, %s", d.Name, d.Who, w.dutySpan(d, loc)))
	}
	for _, m := range s.Meetings {
		p.Meetings = append(p.Meetings, fmt.Sprintf("%s %s %s", w.date(m.Start.In(loc)), m.Start.In(loc).Format("15:04"), m.Name))
	}
	return p
}
