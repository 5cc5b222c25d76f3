package calendar

import (
	"context"
	"slices"
	"time"
)

// experimentsOfWeek lists the experiments that have an occurrence in
// [from, to) or are running, with their figures at d.Now. Ended experiments
// and those whose series the filter leaves out are not listed.
func experimentsOfWeek(d WeekData, from, to time.Time) []ExperimentWeek {
	if !d.Filter.wants(KindExperiment) {
		return nil
	}
	var out []ExperimentWeek
	for i := range d.Experiments {
		e := &d.Experiments[i]
		if e.Ended() || !slices.ContainsFunc(e.Arms, func(a Arm) bool {
			p := d.Posts[a.Post]
			return p != nil && d.Filter.Matches(p)
		}) {
			continue
		}
		if e.State == ExperimentPlanned && startsAfter(e, d.Posts, to) {
			continue // a planned experiment shows in its weeks, and reports cost an expansion
		}
		rep, err := e.ReportWith(d.Posts, d.Now, d.Reports)
		if err != nil {
			continue // a series gone missing hides one experiment, not the week
		}
		ew := ExperimentWeek{ID: e.ID, Name: e.Name, State: e.State, Metric: e.Metric, Next: rep.Next, Arms: rep.Arms}
		for _, en := range rep.Entries {
			if !en.Skipped && !en.Start.Before(from) && en.Start.Before(to) {
				ew.ThisWeek++
			}
		}
		for _, a := range rep.Arms {
			ew.Results += a.Results
		}
		if ew.ThisWeek > 0 || e.State == ExperimentRunning {
			out = append(out, ew)
		}
	}
	return out
}

// startsAfter reports whether none of the experiment's posts has an
// occurrence, moved ones included, before t.
func startsAfter(e *Experiment, posts map[ID]*Post, t time.Time) bool {
	for _, a := range e.Arms {
		p := posts[a.Post]
		if p == nil {
			continue
		}
		loc, err := p.Location()
		if err != nil || Resolve(p.Start, loc).Before(t) {
			return false
		}
		for _, o := range p.Overrides {
			if !o.Start.IsZero() && Resolve(o.Start, loc).Before(t) {
				return false
			}
		}
	}
	return true
}

// dutiesOfWeek returns the rota turns and the meetings that overlap
// [from, to), each by start. A routine whose rule cannot be expanded is left
// out rather than hiding the rest of the week.
func dutiesOfWeek(d WeekData, names map[ID]string, from, to time.Time) (duties, meetings []Duty) {
	for i := range d.Routines {
		r := &d.Routines[i]
		if !d.Filter.MatchesRoutine(r) {
			continue
		}
		// Two days either side: an all-day turn is judged by its dates, which
		// in another zone than the reader's start hours away.
		turns, err := r.Turns(from.AddDate(0, 0, -2), to.AddDate(0, 0, 2))
		if err != nil {
			continue
		}
		for _, t := range turns {
			if !overlapsWeek(t.Start, t.End, r.AllDay, from, to) {
				continue
			}
			du := Duty{Routine: r.ID, Name: r.Name, Member: t.Member, Who: names[t.Member], Start: t.Start, End: t.End, AllDay: r.AllDay}
			if r.Kind == RoutineRota {
				if d.Filter.MatchesTurn(t.Member) {
					duties = append(duties, du)
				}
			} else {
				meetings = append(meetings, du)
			}
		}
	}
	byStart := func(a, b Duty) int { return a.Start.Compare(b.Start) }
	slices.SortStableFunc(duties, byStart)
	slices.SortStableFunc(meetings, byStart)
	return duties, meetings
}

// overlapsWeek reports whether [start, end) shares time with the week
// [from, to), or for an all-day span, whether its dates share a date with
// the week's dates, wherever either was made.
func overlapsWeek(start, end time.Time, allDay bool, from, to time.Time) bool {
	if !allDay {
		return start.Before(to) && (end.After(from) || (end.Equal(start) && !start.Before(from)))
	}
	date := func(t time.Time) time.Time {
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return date(start).Before(date(to)) && date(end).After(date(from))
}

// WeekStore is what a week's summary reads from the plan.
type WeekStore interface {
	Occurrences(ctx context.Context, from, to time.Time) ([]Occurrence, error)
	FindPost(ctx context.Context, id ID) (*Post, error)
	Campaigns(ctx context.Context) ([]Campaign, error)
	Members(ctx context.Context) ([]Member, error)
	Channels(ctx context.Context) ([]Channel, error)
	Experiments(ctx context.Context) ([]Experiment, error)
	Routines(ctx context.Context) ([]Routine, error)
}

// ReportCacher is a WeekStore that keeps a ReportCache for the week's
// experiments.
type ReportCacher interface {
	ReportCache() *ReportCache
}

// LoadWeek reads what a week's summary needs and summarizes it: the
// occurrences of the week and the one before (one window query), the team,
// and the series of the experiments that have not ended.
func LoadWeek(ctx context.Context, store WeekStore, w Week, zone *time.Location, filter FeedFilter, now time.Time) (*WeekSummary, error) {
	if zone == nil {
		zone = time.Local
	}
	d := WeekData{Week: w, Zone: zone, Now: now, Filter: filter, Posts: map[ID]*Post{}}
	if rc, ok := store.(ReportCacher); ok {
		d.Reports = rc.ReportCache()
	}
	// Two days either side catch all-day posts kept in far-away zones.
	from := w.Add(-1).Monday(zone).AddDate(0, 0, -2)
	occs, err := store.Occurrences(ctx, from, w.Add(1).Monday(zone).AddDate(0, 0, 2))
	if err != nil {
		return nil, err
	}
	d.Occurrences = occs
	if d.Channels, err = store.Channels(ctx); err != nil {
		return nil, err
	}
	if d.Campaigns, err = store.Campaigns(ctx); err != nil {
		return nil, err
	}
	if d.Members, err = store.Members(ctx); err != nil {
		return nil, err
	}
	if d.Routines, err = store.Routines(ctx); err != nil {
		return nil, err
	}
	exps, err := store.Experiments(ctx)
	if err != nil {
		return nil, err
	}
	// Only a running experiment is listed in a week it has no post in
	// (experimentsOfWeek): the others' series need not be read, nor their
	// reports worked out, which in a plan of hundreds of planned
	// experiments was most of the summary's time.
	inWeek := map[ID]bool{}
	for _, o := range occs {
		if o.Post.Experiment != "" {
			inWeek[o.Post.Experiment] = true
		}
	}
	for _, e := range exps {
		if e.Ended() || (e.State != ExperimentRunning && !inWeek[e.ID]) {
			continue
		}
		for _, a := range e.Arms {
			if _, ok := d.Posts[a.Post]; ok {
				continue
			}
			p, err := store.FindPost(ctx, a.Post)
			if ErrorCode(err) == ENOTFOUND {
				continue
			} else if err != nil {
				return nil, err
			}
			d.Posts[a.Post] = p
		}
		d.Experiments = append(d.Experiments, e)
	}
	return Summarize(d), nil
}
