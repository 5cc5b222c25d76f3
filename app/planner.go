package app

import (
	"context"
	"log/slog"
	"strings"
	"time"
	"unicode"

	"postplan/calendar"
)

// PlanStore is what the Planner needs from the store.
type PlanStore interface {
	calendar.PostStore
	calendar.TeamStore
	LoadPlan(ctx context.Context, plan calendar.Plan) error
	Empty(ctx context.Context) (bool, error)
	Routines(ctx context.Context) ([]calendar.Routine, error)
	// BacklogHead returns the first n ideas and how many there are.
	BacklogHead(ctx context.Context, n int) ([]*calendar.Post, int, error)
}

// Planner serves the calendar views.
type Planner struct {
	ctx   context.Context
	store PlanStore
	log   *slog.Logger
	now   func() time.Time

	history history
}

// NewPlanner returns the Planner service over store.
func NewPlanner(store PlanStore, log *slog.Logger) *Planner {
	return &Planner{ctx: context.Background(), store: store, log: log, now: time.Now}
}

func (p *Planner) startup(ctx context.Context) { p.ctx = ctx }

func (p *Planner) fail(op string, err error) error { return toBridge(p.log, op, err) }

// OccurrenceView is one occurrence as the calendar draws it. Times are RFC
// 3339 with the post's zone named beside them.
type OccurrenceView struct {
	ID        string   `json:"id"` // post ID, plus the original start for a series occurrence
	PostID    string   `json:"postId"`
	Title     string   `json:"title"`
	Start     string   `json:"start"`
	End       string   `json:"end"`
	AllDay    bool     `json:"allDay"`
	TimeZone  string   `json:"timeZone"`
	Status    string   `json:"status"`
	Channels  []string `json:"channels"`
	Colour    string   `json:"colour"` // the first campaign's, or empty
	Initials  string   `json:"initials"`
	Recurring bool     `json:"recurring"`
	Original  string   `json:"original"` // the occurrence's wall-clock start in its series, if it repeats
	Moved     bool     `json:"moved"`    // changed on its own, apart from its series
	// Kind is "post", "experiment" (a post in an experiment's series),
	// "meeting" or "rota" (a routine's occurrence, which the calendar does
	// not let the user drag: it is changed in the routines view).
	Kind       string `json:"kind"`
	Experiment string `json:"experiment"` // the experiment's ID, for kind "experiment"
	Routine    string `json:"routine"`    // the routine's ID, for kinds "meeting" and "rota"
	Member     string `json:"member"`     // whose turn, for kind "rota"
	// Overdue says its time has come and it is not published (see
	// calendar.Occurrence.Overdue), as of the query.
	Overdue bool `json:"overdue"`
}

// Window returns the occurrences overlapping [from, to), RFC 3339 bounds,
// that pass the filter.
func (p *Planner) Window(from, to string, filter Filter) ([]OccurrenceView, error) {
	f, err := time.Parse(time.RFC3339, from)
	if err != nil {
		return nil, toBridge(p.log, "window", calendar.FieldErrorf("from", "%q is not a date and time.", from))
	}
	t, err := time.Parse(time.RFC3339, to)
	if err != nil {
		return nil, toBridge(p.log, "window", calendar.FieldErrorf("to", "%q is not a date and time.", to))
	}
	occs, err := p.store.Occurrences(p.ctx, f, t)
	if err != nil {
		return nil, toBridge(p.log, "window", err)
	}
	colours, initials, names, err := p.lookups()
	if err != nil {
		return nil, toBridge(p.log, "window", err)
	}
	match := filter.matcher()
	now := p.now()
	views := make([]OccurrenceView, 0, len(occs))
	for _, o := range occs {
		if match(o.Post, o.Title(), o.Body(), o.Status()) {
			v := toOccurrenceView(o, colours, initials)
			v.Overdue = o.Overdue(now)
			views = append(views, v)
		}
	}
	routines, err := p.routineViews(f, t, match, names)
	if err != nil {
		return nil, toBridge(p.log, "window", err)
	}
	return append(views, routines...), nil
}

// routineViews are the routines' occurrences in [from, to) that pass the
// filter, each as the post it would be: a rota turn is assigned to its
// member, so filtering by assignee shows that person's turns.
func (p *Planner) routineViews(from, to time.Time, match func(*calendar.Post, string, string, calendar.Status) bool,
	names map[calendar.ID]string) ([]OccurrenceView, error) {
	routines, err := p.store.Routines(p.ctx)
	if err != nil || len(routines) == 0 {
		return nil, err
	}
	var views []OccurrenceView
	for i := range routines {
		r := &routines[i]
		turns, err := r.Turns(from, to)
		if err != nil {
			p.log.Warn("routine left out of the window", "routine", r.ID, "err", err)
			continue
		}
		as := r.AsPost()
		for _, t := range turns {
			as.Assignee = t.Member
			title := r.Name
			if r.Kind == calendar.RoutineRota {
				title += ": " + names[t.Member]
			}
			if !match(as, title, "", as.Status) {
				continue
			}
			v := toOccurrenceView(calendar.Occurrence{Post: as, Start: t.Start, End: t.End, Original: t.Original}, nil, nil)
			v.ID = "routine/" + string(r.ID) + "/" + t.Original.Format("20060102T150405")
			v.PostID, v.Title, v.Kind, v.Routine = "", title, string(r.Kind), string(r.ID)
			v.Member, v.Initials = names[t.Member], initialsOf(names[t.Member])
			views = append(views, v)
		}
	}
	return views, nil
}

// lookups reads the campaigns' colours and the members' initials and names
// once per window.
func (p *Planner) lookups() (colours map[string]string, initials, names map[calendar.ID]string, err error) {
	campaigns, err := p.store.Campaigns(p.ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	members, err := p.store.Members(p.ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	colours = make(map[string]string, len(campaigns))
	for _, c := range campaigns {
		colours[c.Tag] = c.Colour
	}
	initials = make(map[calendar.ID]string, len(members))
	names = make(map[calendar.ID]string, len(members))
	for _, m := range members {
		initials[m.ID], names[m.ID] = initialsOf(m.Name), m.Name
	}
	return colours, initials, names, nil
}

func toOccurrenceView(o calendar.Occurrence, colours map[string]string, initials map[calendar.ID]string) OccurrenceView {
	v := OccurrenceView{
		ID: string(o.Post.ID), PostID: string(o.Post.ID), Title: o.Title(), AllDay: o.Post.AllDay,
		TimeZone: o.Post.TimeZone, Status: string(o.Status()), Channels: o.Post.Channels,
		Initials: initials[o.Post.Assignee], Recurring: o.Post.Recurring(), Kind: "post",
	}
	if o.Post.Experiment != "" {
		v.Kind, v.Experiment = "experiment", string(o.Post.Experiment)
	}
	if v.Recurring {
		v.ID += "/" + o.Original.Format("20060102T150405")
		v.Original = o.Original.Format(originalLayout)
		v.Moved = o.Override != nil
	}
	if o.Post.AllDay {
		// All-day events are dates; FullCalendar wants the exclusive end date.
		v.Start, v.End = o.Start.Format(time.DateOnly), o.End.Format(time.DateOnly)
	} else {
		v.Start, v.End = o.Start.Format(time.RFC3339), o.End.Format(time.RFC3339)
	}
	if len(o.Post.Tags) > 0 {
		v.Colour = colours[o.Post.Tags[0]]
	}
	if v.Channels == nil {
		v.Channels = []string{}
	}
	return v
}

func initialsOf(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		for _, r := range w {
			b.WriteRune(unicode.ToUpper(r))
			break
		}
	}
	return b.String()
}

// IsEmpty reports whether the plan has no posts, so the window can offer the
// sample plan.
func (p *Planner) IsEmpty() (bool, error) {
	empty, err := p.store.Empty(p.ctx)
	return empty, toBridge(p.log, "is empty", err)
}

// LoadSamplePlan adds a realistic month for a small team around today, and
// returns how many posts it added.
func (p *Planner) LoadSamplePlan() (int, error) {
	if empty, err := p.store.Empty(p.ctx); err != nil {
		return 0, toBridge(p.log, "load sample plan", err)
	} else if !empty {
		return 0, toBridge(p.log, "load sample plan", calendar.Errorf(calendar.ECONFLICT,
			"The plan already has posts; the sample plan is only added to an empty plan."))
	}
	plan := calendar.Generate(calendar.GenerateOptions{Today: p.now()})
	if err := p.store.LoadPlan(p.ctx, plan); err != nil {
		return 0, toBridge(p.log, "load sample plan", err)
	}
	p.log.Info("sample plan loaded", "posts", len(plan.Posts))
	return len(plan.Posts), nil
}
