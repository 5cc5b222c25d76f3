package calendar

import (
	"math"
	"slices"
	"time"
)

// ExperimentState is where an experiment is in its life.
type ExperimentState string

const (
	ExperimentPlanned  ExperimentState = "planned"
	ExperimentRunning  ExperimentState = "running"
	ExperimentFinished ExperimentState = "finished"
	ExperimentAdopted  ExperimentState = "adopted"
	ExperimentDropped  ExperimentState = "dropped"
)

// ExperimentStates lists the states in the order an experiment goes through
// them.
var ExperimentStates = []ExperimentState{ExperimentPlanned, ExperimentRunning, ExperimentFinished, ExperimentAdopted, ExperimentDropped}

// next says which states each state may change to. Adopted and dropped are
// decisions: final, and each needs a learning note.
var next = map[ExperimentState][]ExperimentState{
	ExperimentPlanned:  {ExperimentRunning, ExperimentDropped},
	ExperimentRunning:  {ExperimentFinished, ExperimentAdopted, ExperimentDropped},
	ExperimentFinished: {ExperimentRunning, ExperimentAdopted, ExperimentDropped},
}

// Metrics are the measures the window offers; a team may name its own.
var Metrics = []string{"reach", "impressions", "engagement rate", "comments", "shares", "clicks", "follows"}

// MaxExperimentOccurrences bounds an experiment's planned duration: five
// years of weekly posts is no longer an experiment.
const MaxExperimentOccurrences = 260

// Experiment is a format tried on a recurring series of posts, with what the
// team expects (hypothesis, metric, baseline, target) and what it measured
// on each occurrence.
//
// An experiment has one arm, or two for an A/B test. Two arms on two posts
// each follow their own rule; two arms on the same post alternate in its
// series, A on the odd occurrences and B on the even ones, each with its own
// text (Arm.Body), which ApplyArms writes into the series.
type Experiment struct {
	ID         ID              `json:"id"`
	Name       string          `json:"name" validate:"required,max=120"`
	Hypothesis string          `json:"hypothesis" validate:"required,max=2000"`
	Metric     string          `json:"metric" validate:"required,max=60"`
	Baseline   float64         `json:"baseline" validate:"min=0"`
	Target     float64         `json:"target" validate:"min=0"`
	State      ExperimentState `json:"state" validate:"required"`
	Arms       []Arm           `json:"arms" validate:"min=1,max=2,dive"`
	Learning   string          `json:"learning" validate:"max=5000"`
	Results    []Result        `json:"results" validate:"dive"`
	Created    time.Time       `json:"created"`
	Updated    time.Time       `json:"updated"`
}

// Arm is one variant of an experiment and the series that carries it.
type Arm struct {
	Name string `json:"name" validate:"max=40"` // "A", "B"; empty for a one-armed experiment
	Post ID     `json:"post" validate:"required"`
	Body string `json:"body,omitempty" validate:"max=100000"` // the variant's text, when arms alternate
}

// Result is what one published occurrence achieved.
type Result struct {
	Post     ID        `json:"post" validate:"required"`
	Original time.Time `json:"original" validate:"required"` // the occurrence's wall-clock start in its series
	Value    float64   `json:"value"`
	Note     string    `json:"note" validate:"max=5000"`
	Link     string    `json:"link" validate:"omitempty,url,max=2000"`
	Recorded time.Time `json:"recorded"`
}

// Alternating reports whether the two arms share one series.
func (e *Experiment) Alternating() bool {
	return len(e.Arms) == 2 && e.Arms[0].Post == e.Arms[1].Post
}

// Ended reports whether the team has decided.
func (e *Experiment) Ended() bool {
	return e.State == ExperimentAdopted || e.State == ExperimentDropped
}

// Validate checks an experiment against the posts that carry its arms.
func (e *Experiment) Validate(posts map[ID]*Post) error {
	if e.ID != "" {
		if err := CheckID(e.ID); err != nil {
			return err
		}
	}
	if err := checkShape(e); err != nil {
		return err
	}
	if !slices.Contains(ExperimentStates, e.State) {
		return FieldErrorf("state", "State %q is not one of planned, running, finished, adopted, dropped.", e.State)
	}
	if e.Ended() && e.Learning == "" {
		return FieldErrorf("learning", "Write down what the team learned before the experiment ends.")
	}
	if len(e.Arms) == 2 && (e.Arms[0].Name == "" || e.Arms[0].Name == e.Arms[1].Name) {
		return FieldErrorf("arms", "The two variants need two different names, such as A and B.")
	}
	for i, a := range e.Arms {
		p := posts[a.Post]
		switch {
		case p == nil:
			return Errorf(ENOTFOUND, "The series of variant %s is not in the plan.", armLabel(e, i))
		case !p.Recurring():
			return FieldErrorf("recurrence", "An experiment needs a repeat rule: it is tried on several posts.")
		case !planned(p):
			return FieldErrorf("recurrence", "An experiment needs a planned length: end the repeat after a number of times or on a date.")
		case e.Alternating() && a.Body == "":
			return FieldErrorf("arms", "Variant %s needs its text.", armLabel(e, i))
		}
		origs, err := Originals(p)
		if err != nil {
			return err
		}
		if len(origs) > MaxExperimentOccurrences {
			return FieldErrorf("recurrence", "An experiment can run at most %d times; this one would run %d.", MaxExperimentOccurrences, len(origs))
		}
	}
	seen := map[string]bool{}
	for i, r := range e.Results {
		k := string(r.Post) + r.Original.Format(time.RFC3339)
		if seen[k] {
			return FieldErrorf("results", "Result %d repeats an occurrence that already has a result.", i+1)
		}
		seen[k] = true
		if err := checkValue(r.Value); err != nil {
			return err
		}
	}
	return nil
}

func planned(p *Post) bool {
	loc, err := p.Location()
	if err != nil {
		return false
	}
	r, err := ParseRule(p.Recurrence.Rule, p.Start, loc)
	return err == nil && r.Bounded()
}

func armLabel(e *Experiment, i int) string {
	if e.Arms[i].Name != "" {
		return e.Arms[i].Name
	}
	return e.Name
}

func checkValue(v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return FieldErrorf("value", "The result must be a number.")
	case v < 0:
		return FieldErrorf("value", "The result cannot be negative (%v).", v)
	case v > 1e12:
		return FieldErrorf("value", "The result %v is too large.", v)
	}
	return nil
}

// ChangeState moves the experiment to a new state; a decision (adopted or
// dropped) needs the learning note.
func (e *Experiment) ChangeState(to ExperimentState, learning string) error {
	if to == e.State {
		return nil
	}
	if !slices.Contains(next[e.State], to) {
		return FieldErrorf("state", "A %s experiment cannot become %s.", e.State, to)
	}
	if (to == ExperimentAdopted || to == ExperimentDropped) && learning == "" {
		return FieldErrorf("learning", "Write down what the team learned before the experiment ends.")
	}
	e.State = to
	if learning != "" {
		e.Learning = learning
	}
	return nil
}

// Record saves the result of one occurrence, replacing an earlier result for
// it. The occurrence must be one of an arm's, not skipped, and already
// published (started before now). Recording a result starts a planned
// experiment.
func (e *Experiment) Record(r Result, posts map[ID]*Post, now time.Time) error {
	if err := checkValue(r.Value); err != nil {
		return err
	}
	if err := checkShape(&r); err != nil {
		return err
	}
	if e.Ended() {
		return Errorf(EINVALID, "%q has ended (%s); its results are kept as they were.", e.Name, e.State)
	}
	if !slices.ContainsFunc(e.Arms, func(a Arm) bool { return a.Post == r.Post }) {
		return Errorf(ENOTFOUND, "That post is not part of %q.", e.Name)
	}
	occ, ok, err := occurrenceAt(posts[r.Post], r.Original)
	if err != nil {
		return err
	}
	if !ok {
		return FieldErrorf("original", "%q has no occurrence on %s; it may have been skipped.", e.Name, r.Original.Format("Mon 2 Jan 2006 15:04"))
	}
	if occ.Start.After(now) {
		return FieldErrorf("value", "The post on %s has not gone out yet; record its result after it is published.",
			occ.Start.Format("Mon 2 Jan 15:04"))
	}
	r.Recorded = now.UTC()
	i := slices.IndexFunc(e.Results, func(x Result) bool { return x.Post == r.Post && x.Original.Equal(r.Original) })
	if i >= 0 {
		e.Results[i] = r
	} else {
		e.Results = append(e.Results, r)
	}
	slices.SortFunc(e.Results, func(a, b Result) int { return a.Original.Compare(b.Original) })
	if e.State == ExperimentPlanned {
		e.State = ExperimentRunning
	}
	return nil
}

// occurrenceAt finds the occurrence of a series whose original start is
// original.
func occurrenceAt(p *Post, original time.Time) (Occurrence, bool, error) {
	if p == nil {
		return Occurrence{}, false, Errorf(ENOTFOUND, "The experiment's series is not in the plan.")
	}
	loc, err := p.Location()
	if err != nil {
		return Occurrence{}, false, err
	}
	at := Resolve(original, loc)
	occs, err := Expand(p, at.Add(-MaxDuration-48*time.Hour), at.Add(MaxDuration+48*time.Hour))
	if err != nil {
		return Occurrence{}, false, err
	}
	for _, o := range occs {
		if o.Original.Equal(original) {
			return o, true, nil
		}
	}
	return Occurrence{}, false, nil
}

// Originals lists the wall-clock starts a series' rule and RDATEs give, in
// order, before any is skipped or moved: the occurrences' ordinals, which
// stay put when one of them is skipped.
func Originals(p *Post) ([]time.Time, error) {
	bare := *p
	bare.Overrides = nil
	if p.Recurrence != nil {
		bare.Recurrence = &Recurrence{Rule: p.Recurrence.Rule, RDates: p.Recurrence.RDates}
	}
	return originalsUntil(&bare, time.Time{})
}

// originalsUntil lists the originals of a series that start before until
// (an instant; zero for as far as a window may reach).
func originalsUntil(p *Post, until time.Time) ([]time.Time, error) {
	loc, err := p.Location()
	if err != nil {
		return nil, err
	}
	from := Resolve(p.Start, loc).Add(-48 * time.Hour)
	if until.IsZero() || until.Sub(from) > MaxWindow {
		until = from.Add(MaxWindow)
	}
	if !until.After(from) {
		return nil, nil
	}
	s, err := NewSeries(p)
	if err != nil {
		return nil, err
	}
	occs := s.between(nil, from, until, 0)
	out := make([]time.Time, 0, len(occs))
	for _, o := range occs {
		out = append(out, o.Original)
	}
	slices.SortFunc(out, time.Time.Compare)
	return out, nil
}

// ArmOf returns the index of the arm an occurrence of post belongs to, given
// its ordinal in the series; -1 when the post is not the experiment's.
func (e *Experiment) ArmOf(post ID, ordinal int) int {
	if e.Alternating() {
		if post != e.Arms[0].Post {
			return -1
		}
		return ordinal % 2
	}
	return slices.IndexFunc(e.Arms, func(a Arm) bool { return a.Post == post })
}

// ApplyArms writes alternating arms' texts into their shared series: A's as
// the series' text, B's on each even occurrence. previous are the arms as
// they were before a change of their texts (nil when unchanged). A text
// someone wrote into one occurrence by hand, which is neither arm's, is kept.
// It does nothing for other experiments.
func (e *Experiment) ApplyArms(p *Post, previous []Arm) error {
	if !e.Alternating() || p.ID != e.Arms[0].Post {
		return nil
	}
	origs, err := Originals(p)
	if err != nil {
		return err
	}
	ours := func(body string) bool {
		return body == "" || slices.ContainsFunc(slices.Concat(e.Arms, previous), func(a Arm) bool { return a.Body == body })
	}
	if ours(p.Body) {
		p.Body = e.Arms[0].Body
	}
	byOriginal := map[int64]int{}
	for i, o := range p.Overrides {
		byOriginal[o.Original.Unix()] = i
	}
	for n, orig := range origs {
		body := ""
		if n%2 == 1 {
			body = e.Arms[1].Body
		}
		if i, ok := byOriginal[orig.Unix()]; ok {
			if ours(p.Overrides[i].Body) {
				p.Overrides[i].Body = body
			}
		} else if body != "" {
			p.Overrides = append(p.Overrides, Override{Original: orig, Body: body})
		}
	}
	p.Overrides = slices.DeleteFunc(p.Overrides, func(o Override) bool {
		return !o.Skipped && o.Start.IsZero() && o.Duration == 0 && o.Title == "" && o.Body == "" && o.Status == "" && o.Notes == "" && o.Live == ""
	})
	slices.SortFunc(p.Overrides, func(a, b Override) int { return a.Original.Compare(b.Original) })
	return nil
}
