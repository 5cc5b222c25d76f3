package calendar

import (
	"slices"
	"strings"
	"time"
)

// RoutineKind says whether a routine is a meeting or a rota.
type RoutineKind string

const (
	// RoutineMeeting is a recurring team event: weekly numbers, the
	// monthly results presentation.
	RoutineMeeting RoutineKind = "meeting"
	// RoutineRota is a duty the members take in turns, such as watching
	// the channels for comments.
	RoutineRota RoutineKind = "rota"
)

// Routine is a recurring team event that is not a post. A rota's turns go to
// its members in order, one turn each, round and round; Handovers give single
// turns to someone else (a swap is two handovers).
type Routine struct {
	ID        ID            `json:"id"`
	Name      string        `json:"name" validate:"required,max=120"`
	Kind      RoutineKind   `json:"kind" validate:"required"`
	Start     time.Time     `json:"start"` // a wall clock, as Post.Start
	TimeZone  string        `json:"timeZone" validate:"required"`
	Duration  time.Duration `json:"duration" validate:"min=0"`
	AllDay    bool          `json:"allDay"`
	Rule      string        `json:"rule" validate:"required,max=500"`
	Members   []ID          `json:"members,omitempty" validate:"dive,required,max=40"`
	Handovers []Handover    `json:"handovers,omitempty" validate:"dive"`
	// Rotations are the rota's earlier member lists, oldest first, so that
	// changing the members keeps the turns already taken; From is the
	// ordinal of the first turn Members take.
	Rotations []Rotation `json:"rotations,omitempty" validate:"dive"`
	From      int        `json:"from,omitempty" validate:"min=0"`
	Notes     string     `json:"notes" validate:"max=5000"`
	Created   time.Time  `json:"created"`
	Updated   time.Time  `json:"updated"`
	Sequence  int        `json:"sequence"`
}

// Handover gives the rota turn that starts at Original (its wall clock in the
// rule) to Member instead of whoever the rotation gives it to.
type Handover struct {
	Original time.Time `json:"original" validate:"required"`
	Member   ID        `json:"member" validate:"required,max=40"`
}

// Rotation is a member list a rota had before: it gave the turns from the
// ordinal From up to, not including, the turn whose wall clock is Until.
type Rotation struct {
	Members []ID      `json:"members" validate:"min=1,dive,required,max=40"`
	From    int       `json:"from" validate:"min=0"`
	Until   time.Time `json:"until" validate:"required"`
}

// Turn is one occurrence of a routine, and for a rota whose turn it is.
type Turn struct {
	Routine  *Routine
	Original time.Time // the wall clock the rule gave
	Start    time.Time // an instant
	End      time.Time
	Member   ID // empty for a meeting
}

// AsPost is the routine as a series, which is how calendars and feeds show
// it: the same recurrence, DST rules and VEVENT shape as a recurring post.
func (r *Routine) AsPost() *Post {
	return &Post{ID: r.ID, Title: r.Name, Start: r.Start, TimeZone: r.TimeZone, Duration: r.Duration,
		AllDay: r.AllDay, Status: StatusScheduled, Notes: r.Notes, Recurrence: &Recurrence{Rule: r.Rule},
		Created: r.Created, Updated: r.Updated, Sequence: r.Sequence}
}

// Validate checks a routine against the team.
func (r *Routine) Validate(l Lookup) error {
	if err := checkShape(r); err != nil {
		return err
	}
	switch r.Kind {
	case RoutineMeeting:
	case RoutineRota:
		if len(r.Members) == 0 {
			return FieldErrorf("members", "A rota needs at least one member to take the turns.")
		}
	default:
		return FieldErrorf("kind", "Kind %q is not meeting or rota.", r.Kind)
	}
	if r.Start.IsZero() {
		return FieldErrorf("start", "%s is required.", "Start")
	}
	if r.Length() > MaxDuration {
		return FieldErrorf("duration", "One turn or meeting can last at most 14 days.")
	}
	p := r.AsPost()
	if err := p.Validate(l); err != nil {
		return err
	}
	for i, id := range r.Members {
		if _, ok := l.Member(id); !ok {
			return FieldErrorf("members", "Member %d of the rota is not on the team.", i+1)
		}
		if slices.Index(r.Members, id) != i {
			return FieldErrorf("members", "A member is in the rota twice.")
		}
	}
	for _, h := range r.Handovers {
		if _, ok := l.Member(h.Member); !ok {
			return FieldErrorf("handovers", "A turn is given to someone who is not on the team.")
		}
	}
	return nil
}

// Length is how long one occurrence lasts, with Post's defaults.
func (r *Routine) Length() time.Duration { return r.AsPost().Length() }

// Turns returns the routine's occurrences overlapping [from, to), by start,
// with the member whose turn each is.
func (r *Routine) Turns(from, to time.Time) ([]Turn, error) {
	if err := CheckWindow(from, to); err != nil {
		return nil, err
	}
	p := r.AsPost()
	var origs []time.Time
	if r.Kind == RoutineRota {
		// The rotation counts from the first turn, so a turn's member does
		// not depend on the window it is looked at through.
		var err error
		if origs, err = originalsUntil(p, to); err != nil {
			return nil, err
		}
	}
	occs, err := Expand(p, from, to)
	if err != nil {
		return nil, err
	}
	out := make([]Turn, 0, len(occs))
	for _, o := range occs {
		t := Turn{Routine: r, Original: o.Original, Start: o.Start, End: o.End}
		if r.Kind == RoutineRota {
			n, _ := slices.BinarySearchFunc(origs, o.Original, time.Time.Compare)
			t.Member = r.memberAt(n, o.Original)
		}
		out = append(out, t)
	}
	return out, nil
}

func (r *Routine) memberAt(ordinal int, original time.Time) ID {
	for _, h := range r.Handovers {
		if h.Original.Equal(original) {
			return h.Member
		}
	}
	members, from := r.Members, r.From
	for _, rot := range r.Rotations {
		if original.Before(rot.Until) {
			members, from = rot.Members, rot.From
			break
		}
	}
	n := len(members)
	return members[((ordinal-from)%n+n)%n]
}

// ChangeMembers gives the rota's turns from the first one after now to
// members, in their order, starting with the first; the turns before it,
// the one under way included, keep whoever had them.
func (r *Routine) ChangeMembers(members []ID, now time.Time) error {
	if r.Kind != RoutineRota || slices.Equal(members, r.Members) {
		r.Members = members
		return nil
	}
	if len(members) == 0 {
		return FieldErrorf("members", "A rota needs at least one member to take the turns.")
	}
	p := r.AsPost()
	loc, err := p.Location()
	if err != nil {
		return err
	}
	// The turns up to now, and the first after it.
	origs, err := originalsUntil(p, now.Add(r.Length()+MaxDuration))
	if err != nil {
		return err
	}
	next := -1
	for i, o := range origs {
		if Resolve(o, loc).After(now) {
			next = i
			break
		}
	}
	switch {
	case next == 0 || len(origs) == 0:
		// Nothing has been taken yet: the new list is the rota's from its
		// first turn.
		r.Members, r.From, r.Rotations = members, 0, nil
		return nil
	case next < 0:
		return FieldErrorf("members", "%q has no turns left to give; its past turns stay as they were.", r.Name)
	}
	r.Rotations = append(r.Rotations, Rotation{Members: r.Members, From: r.From, Until: origs[next]})
	r.Members, r.From = members, next
	return nil
}

// turnAt finds the turn whose original start is original.
func (r *Routine) turnAt(original time.Time) (Turn, bool, error) {
	loc, err := LoadLocation(r.TimeZone)
	if err != nil {
		return Turn{}, false, err
	}
	at := Resolve(original, loc)
	turns, err := r.Turns(at.Add(-time.Hour), at.Add(r.Length()+time.Hour))
	if err != nil {
		return Turn{}, false, err
	}
	for _, t := range turns {
		if t.Original.Equal(original) {
			return t, true, nil
		}
	}
	return Turn{}, false, nil
}

// Swap exchanges two turns of a rota: whoever has the turn at a takes the
// one at b, and the other way round.
func (r *Routine) Swap(a, b time.Time) error {
	if r.Kind != RoutineRota {
		return Errorf(EINVALID, "%q is not a rota; only rota turns can be swapped.", r.Name)
	}
	ta, ok, err := r.turnAt(a)
	if err != nil {
		return err
	}
	if !ok {
		return FieldErrorf("original", "%q has no turn starting %s.", r.Name, a.Format("Mon 2 Jan 2006"))
	}
	tb, ok, err := r.turnAt(b)
	if err != nil {
		return err
	}
	if !ok {
		return FieldErrorf("with", "%q has no turn starting %s.", r.Name, b.Format("Mon 2 Jan 2006"))
	}
	if ta.Member == tb.Member {
		return FieldErrorf("with", "Both turns are already the same person's; pick a turn of someone else.")
	}
	r.hand(a, tb.Member)
	r.hand(b, ta.Member)
	return nil
}

// hand records that the turn at original goes to member.
func (r *Routine) hand(original time.Time, member ID) {
	r.Handovers = slices.DeleteFunc(r.Handovers, func(h Handover) bool { return h.Original.Equal(original) })
	r.Handovers = append(r.Handovers, Handover{Original: original, Member: member})
	slices.SortFunc(r.Handovers, func(a, b Handover) int { return a.Original.Compare(b.Original) })
}

// RoutineTemplates are the routines a team starts from, placed at the week
// of monday in zone: the weekly numbers, the monthly results presentation,
// a weekly monitoring rota and one split into weekdays and weekends.
func RoutineTemplates(monday time.Time, zone string, members []ID) map[string][]Routine {
	at := func(days, h int) time.Time { return monday.AddDate(0, 0, days).Add(time.Duration(h) * time.Hour) }
	return map[string][]Routine{
		"weekly-numbers": {{Name: "Weekly numbers", Kind: RoutineMeeting, Start: at(0, 9), TimeZone: zone,
			Duration: 30 * time.Minute, Rule: "FREQ=WEEKLY;BYDAY=MO"}},
		"results-meeting": {{Name: "Results presentation", Kind: RoutineMeeting, Start: at(0, 10), TimeZone: zone,
			Duration: time.Hour, Rule: "FREQ=MONTHLY;BYDAY=1MO"}},
		"rota-weekly": {{Name: "Monitoring", Kind: RoutineRota, Start: at(0, 0), TimeZone: zone, AllDay: true,
			Duration: 7 * 24 * time.Hour, Rule: "FREQ=WEEKLY;BYDAY=MO", Members: members}},
		"rota-split": {
			{Name: "Monitoring, weekdays", Kind: RoutineRota, Start: at(0, 0), TimeZone: zone, AllDay: true,
				Duration: 5 * 24 * time.Hour, Rule: "FREQ=WEEKLY;BYDAY=MO", Members: members},
			{Name: "Monitoring, weekend", Kind: RoutineRota, Start: at(5, 0), TimeZone: zone, AllDay: true,
				Duration: 2 * 24 * time.Hour, Rule: "FREQ=WEEKLY;BYDAY=SA", Members: rotate(members)},
		},
	}
}

// rotate moves the first member last, so that the weekend turn of a split
// rota does not fall on whoever has the weekdays.
func rotate(ids []ID) []ID {
	if len(ids) < 2 {
		return slices.Clone(ids)
	}
	return append(slices.Clone(ids[1:]), ids[0])
}

// RotaFeedSpan is how far back and ahead a feed lists rota turns: turns are
// single events (each has its own member), so an endless rota is cut to
// what a subscriber looks at.
const (
	RotaFeedBack  = 90 * 24 * time.Hour
	RotaFeedAhead = 366 * 24 * time.Hour
)

// turnSep joins a rota's ID and a turn's start in the turn's event ID.
const turnSep = "-"

// RoutineOf is the routine whose event in a feed has the ID id: a
// meeting's event has the routine's ID, a rota turn's that and its start.
func RoutineOf(id ID) ID {
	r, _, _ := strings.Cut(string(id), turnSep)
	return ID(r)
}

// FeedPosts is the routine as a feed shows it, through filter f at now: a
// meeting is one series; a rota is one event per turn, titled with the
// member's name, so that each member can subscribe to their own turns.
func (r *Routine) FeedPosts(f FeedFilter, name func(ID) string, now time.Time) ([]*Post, error) {
	if !f.MatchesRoutine(r) {
		return nil, nil
	}
	if r.Kind != RoutineRota {
		return []*Post{r.AsPost()}, nil
	}
	turns, err := r.Turns(now.Add(-RotaFeedBack), now.Add(RotaFeedAhead))
	if err != nil {
		return nil, err
	}
	var out []*Post
	for _, t := range turns {
		if !f.MatchesTurn(t.Member) {
			continue
		}
		p := r.AsPost()
		p.ID = r.ID + ID(turnSep+t.Original.Format("20060102T1504"))
		p.Title, p.Start, p.Assignee, p.Recurrence = r.Name+": "+name(t.Member), t.Original, t.Member, nil
		out = append(out, p)
	}
	return out, nil
}
