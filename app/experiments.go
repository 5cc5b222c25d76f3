package app

import (
	"bytes"
	"context"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"postplan/calendar"
	"postplan/calendar/csvplan"
	"postplan/transfer"
)

// ExperimentStore is what the Experiments service needs from the store.
type ExperimentStore interface {
	CreateExperiment(ctx context.Context, e *calendar.Experiment, posts []*calendar.Post) error
	ChangeExperiment(ctx context.Context, id calendar.ID, change func(*calendar.Experiment, map[calendar.ID]*calendar.Post) error) (*calendar.Experiment, error)
	FindExperiment(ctx context.Context, id calendar.ID) (*calendar.Experiment, map[calendar.ID]*calendar.Post, error)
	Experiments(ctx context.Context) ([]calendar.Experiment, error)
	CreatePost(ctx context.Context, p *calendar.Post) error
}

// Experiments serves the experiment view: create, record results, end.
type Experiments struct {
	ctx   context.Context
	store ExperimentStore
	log   *slog.Logger
	now   func() time.Time
}

// NewExperiments returns the Experiments service over store.
func NewExperiments(store ExperimentStore, log *slog.Logger) *Experiments {
	return &Experiments{ctx: context.Background(), store: store, log: log, now: time.Now}
}

func (x *Experiments) startup(ctx context.Context) { x.ctx = ctx }

func (x *Experiments) fail(op string, err error) error { return toBridge(x.log, op, err) }

// ExperimentInput is a new experiment as the form sends it. Series is the
// recurring post that carries it (its rule must end). Mode is "single",
// "alternate" (A and B take turns in Series) or "separate" (B has its own
// series: Series with DateB, TimeB and RuleB).
type ExperimentInput struct {
	Name       string    `json:"name"`
	Hypothesis string    `json:"hypothesis"`
	Metric     string    `json:"metric"`
	Baseline   string    `json:"baseline"`
	Target     string    `json:"target"`
	Series     PostInput `json:"series"`
	Mode       string    `json:"mode"`
	BodyA      string    `json:"bodyA"`
	BodyB      string    `json:"bodyB"`
	DateB      string    `json:"dateB"`
	TimeB      string    `json:"timeB"`
	RuleB      string    `json:"ruleB"`
}

// ExperimentView is an experiment with its timeline and figures.
type ExperimentView struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Hypothesis string      `json:"hypothesis"`
	Metric     string      `json:"metric"`
	Baseline   float64     `json:"baseline"`
	Target     float64     `json:"target"`
	State      string      `json:"state"`
	Learning   string      `json:"learning"`
	Arms       []ArmView   `json:"arms"`
	Entries    []EntryView `json:"entries"`
	Remaining  int         `json:"remaining"`
	Next       string      `json:"next"` // RFC 3339; empty when nothing is left
	Title      string      `json:"title"`
	Channels   []string    `json:"channels"`
}

// ArmView is one variant and its figures.
type ArmView struct {
	Name      string  `json:"name"`
	PostID    string  `json:"postId"`
	Body      string  `json:"body"`
	Results   int     `json:"results"`
	Mean      float64 `json:"mean"`
	Median    float64 `json:"median"`
	Remaining int     `json:"remaining"`
}

// EntryView is one occurrence in the timeline.
type EntryView struct {
	PostID    string   `json:"postId"`
	Arm       int      `json:"arm"`
	Ordinal   int      `json:"ordinal"`
	Original  string   `json:"original"` // wall clock, originalLayout
	Start     string   `json:"start"`    // RFC 3339
	Skipped   bool     `json:"skipped"`
	Status    string   `json:"status"`
	Published bool     `json:"published"` // gone out, so a result can be recorded
	Value     *float64 `json:"value"`
	Note      string   `json:"note"`
	Link      string   `json:"link"`
}

// ResultInput is one occurrence's result as the form sends it. Value is
// text so that "2,5" (a Danish decimal) and mistakes reach Go to be read or
// named.
type ResultInput struct {
	PostID   string `json:"postId"`
	Original string `json:"original"`
	Value    string `json:"value"`
	Note     string `json:"note"`
	Link     string `json:"link"`
}

// ExperimentEdit is an edit of an experiment as the form sends it: numbers
// as text (see ResultInput), the variants' texts in the arms' order, and
// Count, the times each series runs (0 leaves the length as it is).
type ExperimentEdit struct {
	Name       string   `json:"name"`
	Hypothesis string   `json:"hypothesis"`
	Metric     string   `json:"metric"`
	Baseline   string   `json:"baseline"`
	Target     string   `json:"target"`
	Texts      []string `json:"texts"`
	Count      int      `json:"count"`
}

// Edit changes an experiment that is not decided yet, and its series.
func (x *Experiments) Edit(id string, in ExperimentEdit) (ExperimentView, error) {
	baseline, err := parseNumber("baseline", in.Baseline)
	if err != nil {
		return ExperimentView{}, x.fail("edit experiment", err)
	}
	target, err := parseNumber("target", in.Target)
	if err != nil {
		return ExperimentView{}, x.fail("edit experiment", err)
	}
	c := calendar.ExperimentChange{Name: in.Name, Hypothesis: in.Hypothesis, Metric: in.Metric, Baseline: baseline,
		Target: target, Texts: in.Texts, Count: in.Count}
	return x.change("edit experiment", id, func(e *calendar.Experiment, posts map[calendar.ID]*calendar.Post) error {
		return e.Change(c, posts)
	})
}

// Metrics lists the metrics the form offers.
func (x *Experiments) Metrics() []string { return calendar.Metrics }

// List returns every experiment with its figures, newest first.
func (x *Experiments) List() ([]ExperimentView, error) {
	exps, err := x.store.Experiments(x.ctx)
	if err != nil {
		return nil, x.fail("list experiments", err)
	}
	out := make([]ExperimentView, 0, len(exps))
	for i := len(exps) - 1; i >= 0; i-- {
		v, err := x.get(string(exps[i].ID))
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// get returns one experiment with its timeline.
func (x *Experiments) get(id string) (ExperimentView, error) {
	e, posts, err := x.store.FindExperiment(x.ctx, calendar.ID(id))
	if err != nil {
		return ExperimentView{}, x.fail("get experiment", err)
	}
	v, err := x.view(e, posts)
	return v, x.fail("get experiment", err)
}

func (x *Experiments) view(e *calendar.Experiment, posts map[calendar.ID]*calendar.Post) (ExperimentView, error) {
	now := x.now()
	rep, err := e.Report(posts, now)
	if err != nil {
		return ExperimentView{}, err
	}
	v := ExperimentView{ID: string(e.ID), Name: e.Name, Hypothesis: e.Hypothesis, Metric: e.Metric, Baseline: e.Baseline,
		Target: e.Target, State: string(e.State), Learning: e.Learning, Remaining: rep.Remaining, Entries: []EntryView{}}
	if p := posts[e.Arms[0].Post]; p != nil {
		v.Title, v.Channels = p.Title, nonNil(p.Channels)
	}
	if !rep.Next.IsZero() {
		v.Next = rep.Next.Format(time.RFC3339)
	}
	for i, a := range e.Arms {
		body := a.Body
		if p := posts[a.Post]; body == "" && p != nil {
			body = p.Body
		}
		s := rep.Arms[i]
		v.Arms = append(v.Arms, ArmView{Name: a.Name, PostID: string(a.Post), Body: body, Results: s.Results,
			Mean: s.Mean, Median: s.Median, Remaining: s.Remaining})
	}
	for _, en := range rep.Entries {
		ev := EntryView{PostID: string(en.Post), Arm: en.Arm, Ordinal: en.Ordinal, Original: en.Original.Format(originalLayout),
			Start: en.Start.Format(time.RFC3339), Skipped: en.Skipped, Status: string(en.Status), Published: !en.Start.After(now)}
		if r := en.Result; r != nil {
			value := r.Value
			ev.Value, ev.Note, ev.Link = &value, r.Note, r.Link
		}
		v.Entries = append(v.Entries, ev)
	}
	return v, nil
}

// parseNumber reads a number as a Danish, Swedish or English user types it:
// "2.5", "2,5", "1 200", "3%".
func parseNumber(field, s string) (float64, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	t = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(t)
	if strings.Count(t, ",") == 1 && !strings.Contains(t, ".") {
		t = strings.Replace(t, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || t == "" {
		return 0, calendar.FieldErrorf(field, "%q is not a number.", s)
	}
	return v, nil
}

// Create saves a new experiment and its series.
func (x *Experiments) Create(in ExperimentInput) (ExperimentView, error) {
	e, posts, err := fromExperimentInput(in)
	if err != nil {
		return ExperimentView{}, x.fail("create experiment", err)
	}
	if err := x.store.CreateExperiment(x.ctx, e, posts); err != nil {
		return ExperimentView{}, x.fail("create experiment", err)
	}
	return x.get(string(e.ID))
}

func fromExperimentInput(in ExperimentInput) (*calendar.Experiment, []*calendar.Post, error) {
	baseline, err := parseNumber("baseline", cmpOr(in.Baseline, "0"))
	if err != nil {
		return nil, nil, err
	}
	target, err := parseNumber("target", cmpOr(in.Target, "0"))
	if err != nil {
		return nil, nil, err
	}
	if in.Series.Rule == "" {
		return nil, nil, calendar.FieldErrorf("recurrence", "An experiment needs a repeat rule: it is tried on several posts.")
	}
	if in.Series.Status == "" {
		in.Series.Status = string(calendar.StatusDraft)
	}
	a, err := fromPostInput(in.Series)
	if err != nil {
		return nil, nil, err
	}
	a.ID = ""
	e := &calendar.Experiment{Name: strings.TrimSpace(in.Name), Hypothesis: strings.TrimSpace(in.Hypothesis),
		Metric: strings.TrimSpace(in.Metric), Baseline: baseline, Target: target, State: calendar.ExperimentPlanned}
	posts := []*calendar.Post{a}
	switch in.Mode {
	case "", "single":
		e.Arms = []calendar.Arm{{}}
	case "alternate":
		e.Arms = []calendar.Arm{{Name: "A", Body: in.BodyA}, {Name: "B", Body: in.BodyB}}
	case "separate":
		b := a.Clone()
		bin := in.Series
		bin.Date, bin.Time, bin.Rule, bin.Body = in.DateB, in.TimeB, in.RuleB, in.BodyB
		if in.RuleB == "" {
			bin.Rule = in.Series.Rule
		}
		pb, err := fromPostInput(bin)
		if err != nil {
			return nil, nil, err
		}
		b.Start, b.Recurrence, b.Body = pb.Start, pb.Recurrence, in.BodyB
		a.Body = in.BodyA
		e.Arms = []calendar.Arm{{Name: "A"}, {Name: "B"}}
		posts = append(posts, b)
	default:
		return nil, nil, calendar.FieldErrorf("mode", "Choose one format, A and B taking turns, or A and B on their own days.")
	}
	return e, posts, nil
}

func cmpOr(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// Record saves the result of one occurrence.
func (x *Experiments) Record(id string, in ResultInput) (ExperimentView, error) {
	value, err := parseNumber("value", in.Value)
	if err != nil {
		return ExperimentView{}, x.fail("record result", err)
	}
	original, err := parseOriginal(in.Original)
	if err != nil {
		return ExperimentView{}, x.fail("record result", err)
	}
	r := calendar.Result{Post: calendar.ID(in.PostID), Original: original, Value: value, Note: strings.TrimSpace(in.Note),
		Link: strings.TrimSpace(in.Link)}
	return x.change("record result", id, func(e *calendar.Experiment, posts map[calendar.ID]*calendar.Post) error {
		return e.Record(r, posts, x.now())
	})
}

func (x *Experiments) change(op, id string, fn func(*calendar.Experiment, map[calendar.ID]*calendar.Post) error) (ExperimentView, error) {
	if _, err := x.store.ChangeExperiment(x.ctx, calendar.ID(id), fn); err != nil {
		return ExperimentView{}, x.fail(op, err)
	}
	return x.get(id)
}

// SetState moves an experiment to planned, running or finished.
func (x *Experiments) SetState(id, state string) (ExperimentView, error) {
	return x.change("experiment state", id, func(e *calendar.Experiment, _ map[calendar.ID]*calendar.Post) error {
		return e.ChangeState(calendar.ExperimentState(state), "")
	})
}

// End records the team's decision, "adopted" or "dropped", with what it
// learned. Adopting with keep >= 0 also continues variant keep as a regular
// recurring post from the experiment's last occurrence on.
func (x *Experiments) End(id, decision, learning string, keep int) (ExperimentView, error) {
	var adopted *calendar.Post
	learning = strings.TrimSpace(learning)
	v, err := x.change("end experiment", id, func(e *calendar.Experiment, posts map[calendar.ID]*calendar.Post) error {
		if decision != string(calendar.ExperimentAdopted) && decision != string(calendar.ExperimentDropped) {
			return calendar.FieldErrorf("state", "Choose to adopt or drop the format.")
		}
		if err := e.ChangeState(calendar.ExperimentState(decision), learning); err != nil {
			return err
		}
		if decision == string(calendar.ExperimentAdopted) && keep >= 0 {
			p, err := e.Adopted(posts, keep)
			if err != nil {
				return err
			}
			adopted = p
		}
		return nil
	})
	if err != nil || adopted == nil {
		return v, err
	}
	if err := x.store.CreatePost(x.ctx, adopted); err != nil {
		return v, x.fail("continue adopted format", err)
	}
	return v, nil
}

// resultsCSV is an experiment's results as CSV text.
func (x *Experiments) resultsCSV(id string) (string, error) {
	e, posts, err := x.store.FindExperiment(x.ctx, calendar.ID(id))
	if err != nil {
		return "", x.fail("export results", err)
	}
	rep, err := e.Report(posts, x.now())
	if err != nil {
		return "", x.fail("export results", err)
	}
	loc := time.Local
	if p := posts[e.Arms[0].Post]; p != nil {
		if l, err := p.Location(); err == nil {
			loc = l
		}
	}
	var b bytes.Buffer
	if err := csvplan.WriteResults(&b, e, rep, loc); err != nil {
		return "", x.fail("export results", err)
	}
	return b.String(), nil
}

// ExportResults asks where to save an experiment's results and writes them
// there as CSV; it returns the path, or "" when the user cancelled.
func (x *Experiments) ExportResults(id string) (string, error) {
	text, err := x.resultsCSV(id)
	if err != nil {
		return "", err
	}
	path, err := runtime.SaveFileDialog(x.ctx, runtime.SaveDialogOptions{Title: "Export results",
		DefaultFilename: "results.csv", Filters: []runtime.FileFilter{{DisplayName: "CSV (*.csv)", Pattern: "*.csv"}}})
	if err != nil || path == "" {
		return "", x.fail("export results", err)
	}
	return path, x.fail("export results", transfer.WriteFileAtomic(path, []byte(text)))
}
