package app

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"postplan/calendar"
	"postplan/transfer"
)

// RoutineStore is what the Routines service needs from the store.
type RoutineStore interface {
	CreateRoutine(ctx context.Context, r *calendar.Routine) error
	ChangeRoutine(ctx context.Context, id calendar.ID, change func(*calendar.Routine) error) (*calendar.Routine, error)
	DeleteRoutine(ctx context.Context, id calendar.ID) error
	Routines(ctx context.Context) ([]calendar.Routine, error)
	Members(ctx context.Context) ([]calendar.Member, error)
}

// Routines serves the team's routines: meetings and the monitoring rota.
type Routines struct {
	ctx   context.Context
	store RoutineStore
	log   *slog.Logger
	now   func() time.Time
	zone  func() string
}

// NewRoutines returns the Routines service over store.
func NewRoutines(store RoutineStore, log *slog.Logger) *Routines {
	return &Routines{ctx: context.Background(), store: store, log: log, now: time.Now, zone: transfer.MachineZone}
}

func (r *Routines) startup(ctx context.Context) { r.ctx = ctx }

func (r *Routines) fail(op string, err error) error { return toBridge(r.log, op, err) }

// RoutineInput is a routine as the form shows and sends it; Date and Time
// are the first occurrence's wall clock in TimeZone.
type RoutineInput struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Date     string   `json:"date"`
	Time     string   `json:"time"` // empty when all day
	Minutes  int      `json:"minutes"`
	AllDay   bool     `json:"allDay"`
	TimeZone string   `json:"timeZone"`
	Rule     string   `json:"rule"`
	Members  []string `json:"members"`
	Notes    string   `json:"notes"`
}

// RoutineView is a routine and its next turns.
type RoutineView struct {
	RoutineInput
	Turns []TurnView `json:"turns"`
}

// TurnView is one occurrence of a routine, and whose turn it is.
type TurnView struct {
	Original string `json:"original"` // wall clock, originalLayout
	Start    string `json:"start"`    // RFC 3339
	End      string `json:"end"`
	Member   string `json:"member"` // ID; empty for a meeting
	Name     string `json:"name"`
	Swapped  bool   `json:"swapped"` // given to someone other than the rotation's choice
}

// upcoming is how many turns the routines view lists.
const upcoming = 8

// List returns every routine with its next turns.
func (r *Routines) List() ([]RoutineView, error) {
	rs, err := r.store.Routines(r.ctx)
	if err != nil {
		return nil, r.fail("list routines", err)
	}
	names, err := r.names()
	if err != nil {
		return nil, r.fail("list routines", err)
	}
	out := make([]RoutineView, 0, len(rs))
	for i := range rs {
		v, err := r.view(&rs[i], names)
		if err != nil {
			return nil, r.fail("list routines", err)
		}
		out = append(out, v)
	}
	return out, nil
}

func (r *Routines) names() (map[calendar.ID]string, error) { return memberNames(r.ctx, r.store) }

// memberNames maps the team's IDs to names.
func memberNames(ctx context.Context, store interface {
	Members(context.Context) ([]calendar.Member, error)
}) (map[calendar.ID]string, error) {
	ms, err := store.Members(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[calendar.ID]string, len(ms))
	for _, m := range ms {
		names[m.ID] = m.Name
	}
	return names, nil
}

func (r *Routines) view(rt *calendar.Routine, names map[calendar.ID]string) (RoutineView, error) {
	in := RoutineInput{ID: string(rt.ID), Name: rt.Name, Kind: string(rt.Kind), Date: rt.Start.Format(dateLayout),
		Minutes: int(rt.Length() / time.Minute), AllDay: rt.AllDay, TimeZone: rt.TimeZone, Rule: rt.Rule, Notes: rt.Notes,
		Members: []string{}}
	if !rt.AllDay {
		in.Time = rt.Start.Format(clockLayout)
	}
	for _, m := range rt.Members {
		in.Members = append(in.Members, string(m))
	}
	// From the start of today, so that the turn under way is listed.
	now := r.now()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	turns, err := rt.Turns(day, day.AddDate(1, 0, 0))
	if err != nil {
		return RoutineView{}, err
	}
	v := RoutineView{RoutineInput: in, Turns: []TurnView{}}
	for i, t := range turns {
		if i == upcoming {
			break
		}
		v.Turns = append(v.Turns, toTurnView(rt, t, names))
	}
	return v, nil
}

func toTurnView(rt *calendar.Routine, t calendar.Turn, names map[calendar.ID]string) TurnView {
	v := TurnView{Original: t.Original.Format(originalLayout), Member: string(t.Member), Name: names[t.Member]}
	if rt.AllDay {
		v.Start, v.End = t.Start.Format(time.DateOnly), t.End.Format(time.DateOnly)
	} else {
		v.Start, v.End = t.Start.Format(time.RFC3339), t.End.Format(time.RFC3339)
	}
	for _, h := range rt.Handovers {
		if h.Original.Equal(t.Original) {
			v.Swapped = true
		}
	}
	return v
}

func fromRoutineInput(in RoutineInput) (*calendar.Routine, error) {
	p, err := fromPostInput(PostInput{Title: in.Name, Date: in.Date, Time: in.Time, AllDay: in.AllDay, Minutes: in.Minutes,
		TimeZone: in.TimeZone, Rule: in.Rule})
	if err != nil {
		return nil, err
	}
	rt := &calendar.Routine{ID: calendar.ID(in.ID), Name: strings.TrimSpace(in.Name), Kind: calendar.RoutineKind(in.Kind),
		Start: p.Start, TimeZone: in.TimeZone, Duration: p.Duration, AllDay: in.AllDay, Rule: strings.TrimSpace(in.Rule), Notes: in.Notes}
	if in.Rule == "" {
		return nil, calendar.FieldErrorf("rule", "%s is required.", "Repeat rule")
	}
	for _, m := range in.Members {
		rt.Members = append(rt.Members, calendar.ID(m))
	}
	return rt, nil
}

// Create saves a new routine.
func (r *Routines) Create(in RoutineInput) (RoutineView, error) {
	rt, err := fromRoutineInput(in)
	if err != nil {
		return RoutineView{}, r.fail("create routine", err)
	}
	rt.ID = ""
	if err := r.store.CreateRoutine(r.ctx, rt); err != nil {
		return RoutineView{}, r.fail("create routine", err)
	}
	return r.get(rt)
}

func (r *Routines) get(rt *calendar.Routine) (RoutineView, error) {
	names, err := r.names()
	if err != nil {
		return RoutineView{}, r.fail("routine", err)
	}
	v, err := r.view(rt, names)
	return v, r.fail("routine", err)
}

// Update saves an edited routine: its name, time, rule, notes and, for a
// rota, its members and their order. Turns already taken keep their people
// (calendar.Routine.ChangeMembers); turns handed over stay handed over.
func (r *Routines) Update(in RoutineInput) (RoutineView, error) {
	edited, err := fromRoutineInput(in)
	if err != nil {
		return RoutineView{}, r.fail("update routine", err)
	}
	now := r.now()
	rt, err := r.store.ChangeRoutine(r.ctx, calendar.ID(in.ID), func(rt *calendar.Routine) error {
		if edited.Kind != rt.Kind {
			return calendar.FieldErrorf("kind", "A meeting cannot become a rota or the other way round; make a new routine.")
		}
		rt.Name, rt.Start, rt.TimeZone, rt.Duration = edited.Name, edited.Start, edited.TimeZone, edited.Duration
		rt.AllDay, rt.Rule, rt.Notes = edited.AllDay, edited.Rule, edited.Notes
		return rt.ChangeMembers(edited.Members, now)
	})
	if err != nil {
		return RoutineView{}, r.fail("update routine", err)
	}
	return r.get(rt)
}

// Delete removes a routine.
func (r *Routines) Delete(id string) error {
	return r.fail("delete routine", r.store.DeleteRoutine(r.ctx, calendar.ID(id)))
}

// Swap exchanges two turns of a rota, named by their original starts.
func (r *Routines) Swap(id, a, b string) (RoutineView, error) {
	ta, err := parseOriginal(a)
	if err != nil {
		return RoutineView{}, r.fail("swap turns", err)
	}
	tb, err := parseOriginal(b)
	if err != nil {
		return RoutineView{}, r.fail("swap turns", calendar.FieldErrorf("with", "%q is not a date and time.", b))
	}
	rt, err := r.store.ChangeRoutine(r.ctx, calendar.ID(id), func(rt *calendar.Routine) error { return rt.Swap(ta, tb) })
	if err != nil {
		return RoutineView{}, r.fail("swap turns", err)
	}
	return r.get(rt)
}

// FromTemplate creates a template's routines (two for a split rota),
// starting this week in the machine's zone with the whole team in the rota.
func (r *Routines) FromTemplate(key string) ([]RoutineView, error) {
	ms, err := r.store.Members(r.ctx)
	if err != nil {
		return nil, r.fail("routine template", err)
	}
	ids := make([]calendar.ID, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	now := r.now()
	monday := calendar.Wall(now.Year(), now.Month(), now.Day(), 0, 0, 0)
	for monday.Weekday() != time.Monday {
		monday = monday.AddDate(0, 0, -1)
	}
	rs, ok := calendar.RoutineTemplates(monday, r.zone(), ids)[key]
	if !ok {
		return nil, r.fail("routine template", calendar.FieldErrorf("template", "There is no template %q.", key))
	}
	var out []RoutineView
	for i := range rs {
		if err := r.store.CreateRoutine(r.ctx, &rs[i]); err != nil {
			return nil, r.fail("routine template", err)
		}
		v, err := r.get(&rs[i])
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
