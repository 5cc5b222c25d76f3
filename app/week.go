package app

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"postplan/calendar"
	"postplan/calendar/weekreport"
	"postplan/transfer"
)

// Glance serves the week at a glance: the figures, the summary to copy and
// the PDF.
type Glance struct {
	ctx   context.Context
	store calendar.WeekStore
	log   *slog.Logger
	now   func() time.Time
	zone  *time.Location
}

// NewGlance returns the Glance service over store; weeks are the machine's.
func NewGlance(store calendar.WeekStore, log *slog.Logger) *Glance {
	return &Glance{ctx: context.Background(), store: store, log: log, now: time.Now, zone: time.Local}
}

func (g *Glance) startup(ctx context.Context) { g.ctx = ctx }

// WeekView is a week's summary as the window draws it. Times are RFC 3339;
// days are indexes, 0 = Monday.
type WeekView struct {
	Week        string               `json:"week"` // "2026-W48"
	Number      int                  `json:"number"`
	Prev        string               `json:"prev"`
	Next        string               `json:"next"`
	Current     bool                 `json:"current"` // the week today is in
	Days        []string             `json:"days"`    // the seven dates, YYYY-MM-DD
	Posts       []WeekPostView       `json:"posts"`
	Total       int                  `json:"total"`
	Last        int                  `json:"last"`
	Channels    []ChannelWeekView    `json:"channels"`
	Statuses    []StatusCountView    `json:"statuses"`
	NotReady    []int                `json:"notReady"`
	Overdue     []int                `json:"overdue"`
	Campaigns   []CampaignWeekView   `json:"campaigns"`
	Experiments []ExperimentWeekView `json:"experiments"`
	Duties      []DutyView           `json:"duties"`
	Meetings    []DutyView           `json:"meetings"`
	EmptyDays   []int                `json:"emptyDays"`
}

// WeekPostView is one occurrence in the week.
type WeekPostView struct {
	PostID     string   `json:"postId"`
	Original   string   `json:"original"` // for opening one occurrence of a series
	Start      string   `json:"start"`
	Day        int      `json:"day"`
	AllDay     bool     `json:"allDay"`
	Title      string   `json:"title"`
	Status     string   `json:"status"`
	Channels   []string `json:"channels"`
	Campaign   string   `json:"campaign"`
	Colour     string   `json:"colour"`
	Assignee   string   `json:"assignee"`
	Experiment string   `json:"experiment"`
	NotReady   bool     `json:"notReady"`
	Overdue    bool     `json:"overdue"`
}

// ChannelWeekView is one channel's row; Name is empty for posts on no
// channel.
type ChannelWeekView struct {
	Name    string  `json:"name"`
	Target  int     `json:"target"`
	Planned int     `json:"planned"`
	Last    int     `json:"last"`
	Level   string  `json:"level"`
	Days    [][]int `json:"days"` // per day, indexes into posts
}

// StatusCountView counts one status.
type StatusCountView struct {
	Status   string `json:"status"`
	Count    int    `json:"count"`
	Last     int    `json:"last"`
	NotReady int    `json:"notReady"`
}

// CampaignWeekView is a campaign's share of the week.
type CampaignWeekView struct {
	Tag    string `json:"tag"`
	Name   string `json:"name"`
	Colour string `json:"colour"`
	Starts string `json:"starts"` // YYYY-MM-DD or empty
	Ends   string `json:"ends"`
	Posts  int    `json:"posts"`
	Last   int    `json:"last"`
}

// ExperimentWeekView is an experiment running this week.
type ExperimentWeekView struct {
	ID       string        `json:"id"`
	Name     string        `json:"name"`
	State    string        `json:"state"`
	Metric   string        `json:"metric"`
	ThisWeek int           `json:"thisWeek"`
	Next     string        `json:"next"` // empty when none is left
	Results  int           `json:"results"`
	Arms     []ArmWeekView `json:"arms"`
}

// ArmWeekView is one variant's figures so far.
type ArmWeekView struct {
	Name    string  `json:"name"`
	Results int     `json:"results"`
	Mean    float64 `json:"mean"`
}

// DutyView is a rota turn or a meeting.
type DutyView struct {
	Routine string `json:"routine"`
	Name    string `json:"name"`
	Who     string `json:"who"`
	Start   string `json:"start"`
	End     string `json:"end"`
	AllDay  bool   `json:"allDay"`
}

// week reads "2026-W48", or this week for "".
func (g *Glance) week(s string) (calendar.Week, error) {
	if s == "" {
		return calendar.WeekOf(g.now().In(g.zone)), nil
	}
	return calendar.ParseWeek(s)
}

func (g *Glance) summary(week string) (*calendar.WeekSummary, error) {
	w, err := g.week(week)
	if err != nil {
		return nil, err
	}
	return calendar.LoadWeek(g.ctx, g.store, w, g.zone, calendar.FeedFilter{}, g.now())
}

// Week returns a week's figures: "" is this week, otherwise "2026-W48".
func (g *Glance) Week(week string) (WeekView, error) {
	s, err := g.summary(week)
	if err != nil {
		return WeekView{}, toBridge(g.log, "week", err)
	}
	return toWeekView(s, calendar.WeekOf(g.now().In(g.zone))), nil
}

// Summary returns the week's summary as text to paste into an email
// ("text") or a chat ("markdown"), in a language.
func (g *Glance) Summary(week, format, lang string) (string, error) {
	f := weekreport.Plain
	switch format {
	case "text":
	case "markdown":
		f = weekreport.Markdown
	default:
		return "", toBridge(g.log, "week summary", calendar.FieldErrorf("format", "Choose text or Markdown."))
	}
	s, err := g.summary(week)
	if err != nil {
		return "", toBridge(g.log, "week summary", err)
	}
	var buf bytes.Buffer
	if err := weekreport.Text(&buf, s, lang, f); err != nil {
		return "", toBridge(g.log, "week summary", err)
	}
	return buf.String(), nil
}

// writePDF writes the week as a one-page PDF to path, whole or not at all.
func (g *Glance) writePDF(week, lang, path string) error {
	s, err := g.summary(week)
	if err != nil {
		return toBridge(g.log, "week pdf", err)
	}
	var buf bytes.Buffer
	if err := weekreport.PDF(&buf, s, lang, g.now()); err != nil {
		return toBridge(g.log, "week pdf", err)
	}
	return toBridge(g.log, "week pdf", transfer.WriteFileAtomic(path, buf.Bytes()))
}

// ExportPDF asks where to save the week's PDF and writes it there; it
// returns the path, or "" when the user cancelled.
func (g *Glance) ExportPDF(week, lang string) (string, error) {
	w, err := g.week(week)
	if err != nil {
		return "", toBridge(g.log, "week pdf", err)
	}
	path, err := runtime.SaveFileDialog(g.ctx, runtime.SaveDialogOptions{Title: "Export week as PDF",
		DefaultFilename: fmt.Sprintf("postplan-%s.pdf", w), Filters: []runtime.FileFilter{{DisplayName: "PDF (*.pdf)", Pattern: "*.pdf"}}})
	if err != nil || path == "" {
		return "", toBridge(g.log, "week pdf", err)
	}
	return path, g.writePDF(w.String(), lang, path)
}

func toWeekView(s *calendar.WeekSummary, today calendar.Week) WeekView {
	v := WeekView{Week: s.Week.String(), Number: s.Week.Num, Prev: s.Week.Add(-1).String(), Next: s.Week.Add(1).String(),
		Current: s.Week == today, Total: s.Total, Last: s.Last,
		Posts: make([]WeekPostView, 0, len(s.Posts)), NotReady: orEmpty(s.NotReady), Overdue: orEmpty(s.Overdue), EmptyDays: orEmpty(s.EmptyDays),
		Channels: []ChannelWeekView{}, Statuses: []StatusCountView{}, Campaigns: []CampaignWeekView{},
		Experiments: []ExperimentWeekView{}, Duties: duties(s.Duties), Meetings: duties(s.Meetings)}
	for _, d := range s.Days {
		v.Days = append(v.Days, d.Format(time.DateOnly))
	}
	for _, p := range s.Posts {
		pv := WeekPostView{PostID: string(p.Post), Start: p.Start.Format(time.RFC3339), Day: p.Day, AllDay: p.AllDay,
			Title: p.Title, Status: string(p.Status), Channels: orEmpty(p.Channels), Campaign: p.Campaign, Colour: p.Colour,
			Assignee: p.Assignee, Experiment: string(p.Experiment), NotReady: p.NotReady, Overdue: p.Overdue}
		if !p.Original.IsZero() {
			pv.Original = p.Original.Format(originalLayout)
		}
		v.Posts = append(v.Posts, pv)
	}
	for _, c := range s.Channels {
		cv := ChannelWeekView{Name: c.Name, Target: c.Target, Planned: c.Planned, Last: c.Last, Level: string(c.Level)}
		for _, d := range c.Days {
			cv.Days = append(cv.Days, orEmpty(d))
		}
		v.Channels = append(v.Channels, cv)
	}
	for _, st := range s.Statuses {
		v.Statuses = append(v.Statuses, StatusCountView{Status: string(st.Status), Count: st.Count, Last: st.Last, NotReady: st.NotReady})
	}
	for _, c := range s.Campaigns {
		v.Campaigns = append(v.Campaigns, CampaignWeekView{Tag: c.Tag, Name: c.Name, Colour: c.Colour,
			Starts: dateOrEmpty(c.Starts), Ends: dateOrEmpty(c.Ends), Posts: c.Posts, Last: c.Last})
	}
	for _, e := range s.Experiments {
		ev := ExperimentWeekView{ID: string(e.ID), Name: e.Name, State: string(e.State), Metric: e.Metric,
			ThisWeek: e.ThisWeek, Results: e.Results, Arms: []ArmWeekView{}}
		if !e.Next.IsZero() {
			ev.Next = e.Next.Format(time.RFC3339)
		}
		for _, a := range e.Arms {
			ev.Arms = append(ev.Arms, ArmWeekView{Name: a.Name, Results: a.Results, Mean: a.Mean})
		}
		v.Experiments = append(v.Experiments, ev)
	}
	return v
}

func duties(ds []calendar.Duty) []DutyView {
	out := make([]DutyView, 0, len(ds))
	for _, d := range ds {
		dv := DutyView{Routine: string(d.Routine), Name: d.Name, Who: d.Who, AllDay: d.AllDay,
			Start: d.Start.Format(time.RFC3339), End: d.End.Format(time.RFC3339)}
		if d.AllDay {
			dv.Start, dv.End = d.Start.Format(time.DateOnly), d.End.Format(time.DateOnly)
		}
		out = append(out, dv)
	}
	return out
}

// orEmpty keeps nil lists from reaching the window as null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
