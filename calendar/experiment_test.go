package calendar_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
)

const cph = "Europe/Copenhagen"

// sixThursdays is a six-week experiment's series: Thursdays 15:00 in
// Copenhagen from 1 Oct 2026, across the change to winter time on 25 Oct.
func sixThursdays() *calendar.Post {
	return &calendar.Post{ID: "01SERIES", Title: "BTS video", Body: "From the workshop", Status: calendar.StatusScheduled,
		Channels: []string{"Instagram"}, Start: calendar.Wall(2026, 10, 1, 15, 0, 0), TimeZone: cph,
		Recurrence: &calendar.Recurrence{Rule: "FREQ=WEEKLY;BYDAY=TH;COUNT=6"}, Experiment: "01EXP"}
}

func oneArm(p *calendar.Post) (*calendar.Experiment, map[calendar.ID]*calendar.Post) {
	e := &calendar.Experiment{ID: "01EXP", Name: "BTS Thursdays", Hypothesis: "Short videos get more comments.",
		Metric: "comments", Baseline: 12, Target: 20, State: calendar.ExperimentRunning, Arms: []calendar.Arm{{Post: p.ID}}}
	return e, map[calendar.ID]*calendar.Post{p.ID: p}
}

func abAlternating(p *calendar.Post) (*calendar.Experiment, map[calendar.ID]*calendar.Post) {
	e, posts := oneArm(p)
	e.Arms = []calendar.Arm{{Name: "A", Post: p.ID, Body: "A question?"}, {Name: "B", Post: p.ID, Body: "A statement."}}
	p.Body = e.Arms[0].Body
	return e, posts
}

func TestExperimentStateChanges(t *testing.T) {
	const (
		planned  = calendar.ExperimentPlanned
		running  = calendar.ExperimentRunning
		finished = calendar.ExperimentFinished
		adopted  = calendar.ExperimentAdopted
		dropped  = calendar.ExperimentDropped
	)
	tests := []struct {
		from, to calendar.ExperimentState
		learning string
		wantErr  string
	}{
		{planned, running, "", ""},
		{planned, dropped, "Not worth it.", ""},
		{planned, dropped, "", "Write down what the team learned"},
		{planned, finished, "", "A planned experiment cannot become finished."},
		{planned, adopted, "Yes", "A planned experiment cannot become adopted."},
		{running, finished, "", ""},
		{running, adopted, "Videos win.", ""},
		{running, adopted, "", "Write down what the team learned"},
		{running, planned, "", "A running experiment cannot become planned."},
		{finished, running, "", ""},
		{finished, dropped, "Photos did as well.", ""},
		{adopted, running, "", "A adopted experiment cannot become running."},
		{dropped, adopted, "Changed our minds", "A dropped experiment cannot become adopted."},
		{running, running, "", ""},
		{running, "paused", "", "A running experiment cannot become paused."},
	}
	for _, tt := range tests {
		t.Run(string(tt.from)+"->"+string(tt.to), func(t *testing.T) {
			e, _ := oneArm(sixThursdays())
			e.State = tt.from
			err := e.ChangeState(tt.to, tt.learning)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ChangeState: %v", err)
				}
				if e.State != tt.to {
					t.Fatalf("state %s, want %s", e.State, tt.to)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			if e.State != tt.from {
				t.Fatalf("a refused change moved the state to %s", e.State)
			}
		})
	}
}

func TestRecordResult(t *testing.T) {
	now := time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC) // after three Thursdays, before the fourth
	first := calendar.Wall(2026, 10, 1, 15, 0, 0)
	tests := []struct {
		name    string
		r       calendar.Result
		state   calendar.ExperimentState
		wantErr string
		field   string
	}{
		{"published occurrence", calendar.Result{Post: "01SERIES", Original: first, Value: 17, Note: "Good", Link: "https://instagram.com/p/1"}, calendar.ExperimentRunning, "", ""},
		{"starts a planned experiment", calendar.Result{Post: "01SERIES", Original: first, Value: 3}, calendar.ExperimentPlanned, "", ""},
		{"negative", calendar.Result{Post: "01SERIES", Original: first, Value: -1}, calendar.ExperimentRunning, "cannot be negative", "value"},
		{"not a number", calendar.Result{Post: "01SERIES", Original: first, Value: math.NaN()}, calendar.ExperimentRunning, "must be a number", "value"},
		{"infinite", calendar.Result{Post: "01SERIES", Original: first, Value: math.Inf(1)}, calendar.ExperimentRunning, "must be a number", "value"},
		{"not yet out", calendar.Result{Post: "01SERIES", Original: calendar.Wall(2026, 10, 22, 15, 0, 0), Value: 5}, calendar.ExperimentRunning, "has not gone out yet", "value"},
		{"no such occurrence", calendar.Result{Post: "01SERIES", Original: calendar.Wall(2026, 10, 2, 15, 0, 0), Value: 5}, calendar.ExperimentRunning, "has no occurrence on Fri 2 Oct 2026 15:00", "original"},
		{"skipped occurrence", calendar.Result{Post: "01SERIES", Original: calendar.Wall(2026, 10, 8, 15, 0, 0), Value: 5}, calendar.ExperimentRunning, "has no occurrence", "original"},
		{"other post", calendar.Result{Post: "01OTHER", Original: first, Value: 5}, calendar.ExperimentRunning, "not part of", ""},
		{"bad link", calendar.Result{Post: "01SERIES", Original: first, Value: 5, Link: "not a link"}, calendar.ExperimentRunning, "is not a web address", "link"},
		{"ended", calendar.Result{Post: "01SERIES", Original: first, Value: 5}, calendar.ExperimentDropped, "has ended", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := sixThursdays()
			p.Overrides = []calendar.Override{{Original: calendar.Wall(2026, 10, 8, 15, 0, 0), Skipped: true}}
			e, posts := oneArm(p)
			e.State, e.Learning = tt.state, "learned"
			e.Results = []calendar.Result{{Post: p.ID, Original: calendar.Wall(2026, 10, 15, 15, 0, 0), Value: 9}}
			before := *e
			before.Results = append([]calendar.Result(nil), e.Results...)
			err := e.Record(tt.r, posts, now)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				if f := fieldOf(err); f != tt.field {
					t.Errorf("field %q, want %q", f, tt.field)
				}
				if diff := cmp.Diff(before, *e); diff != "" {
					t.Fatalf("a refused result changed the experiment (-before +after):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("Record: %v", err)
			}
			if len(e.Results) != 2 || !e.Results[0].Original.Equal(first) || e.Results[0].Value != tt.r.Value {
				t.Fatalf("results %+v", e.Results)
			}
			if e.Results[0].Recorded != now {
				t.Errorf("recorded %v, want %v", e.Results[0].Recorded, now)
			}
			if e.State != calendar.ExperimentRunning {
				t.Errorf("state %s after a result, want running", e.State)
			}
		})
	}
}

func fieldOf(err error) string {
	if e, ok := err.(*calendar.Error); ok {
		return e.Field
	}
	return ""
}

func TestRecordReplacesTheOccurrencesResult(t *testing.T) {
	p := sixThursdays()
	e, posts := oneArm(p)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, v := range []float64{10, 14} {
		if err := e.Record(calendar.Result{Post: p.ID, Original: p.Start, Value: v}, posts, now); err != nil {
			t.Fatal(err)
		}
	}
	if len(e.Results) != 1 || e.Results[0].Value != 14 {
		t.Fatalf("results %+v, want one with 14", e.Results)
	}
}

// bodies expands the series and lists each occurrence's text.
func bodies(t *testing.T, p *calendar.Post) []string {
	t.Helper()
	occs, err := calendar.Expand(p, time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, o := range occs {
		out = append(out, o.Body())
	}
	return out
}

func TestAlternatingArms(t *testing.T) {
	p := sixThursdays()
	e, posts := abAlternating(p)
	if err := e.ApplyArms(p, nil); err != nil {
		t.Fatal(err)
	}
	q, s := "A question?", "A statement."
	if diff := cmp.Diff([]string{q, s, q, s, q, s}, bodies(t, p)); diff != "" {
		t.Fatalf("alternation (-want +got):\n%s", diff)
	}
	if err := e.Validate(posts); err != nil {
		t.Fatalf("Validate: %v", err)
	}

	// Skipping the third occurrence leaves the others on their variant;
	// moving the fourth keeps its text.
	p.Overrides = append(p.Overrides, calendar.Override{Original: calendar.Wall(2026, 10, 15, 15, 0, 0), Skipped: true})
	for i := range p.Overrides {
		if p.Overrides[i].Original.Equal(calendar.Wall(2026, 10, 22, 15, 0, 0)) {
			p.Overrides[i].Start = calendar.Wall(2026, 10, 23, 9, 0, 0)
		}
	}
	if diff := cmp.Diff([]string{q, s, s, q, s}, bodies(t, p)); diff != "" {
		t.Fatalf("after a skip and a move (-want +got):\n%s", diff)
	}
	rep, err := e.Report(posts, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var arms []int
	for _, en := range rep.Entries {
		arms = append(arms, en.Arm)
	}
	if diff := cmp.Diff([]int{0, 1, 0, 1, 0, 1}, arms); diff != "" {
		t.Fatalf("arms by start (-want +got):\n%s", diff)
	}
	if !rep.Entries[2].Skipped || rep.Arms[0].Remaining != 2 || rep.Arms[1].Remaining != 3 {
		t.Fatalf("skipped %v, remaining A %d B %d; want true, 2, 3", rep.Entries[2].Skipped, rep.Arms[0].Remaining, rep.Arms[1].Remaining)
	}

	// A text written into one occurrence by hand survives a change of the
	// variants' texts; the others follow it.
	p.Overrides = append(p.Overrides, calendar.Override{Original: calendar.Wall(2026, 11, 5, 15, 0, 0), Body: "Written by hand"})
	prev := append([]calendar.Arm(nil), e.Arms...)
	e.Arms[1].Body = "A bolder statement."
	if err := e.ApplyArms(p, prev); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{q, "A bolder statement.", "A bolder statement.", q, "Written by hand"}, bodies(t, p)); diff != "" {
		t.Fatalf("after changing B (-want +got):\n%s", diff)
	}
}

func TestArmsOnTheirOwnRules(t *testing.T) {
	a := sixThursdays()
	b := sixThursdays()
	b.ID, b.Start, b.Recurrence = "01SERIESB", calendar.Wall(2026, 10, 6, 9, 0, 0), &calendar.Recurrence{Rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=3"}
	e, posts := oneArm(a)
	posts[b.ID] = b
	e.Arms = []calendar.Arm{{Name: "A", Post: a.ID}, {Name: "B", Post: b.ID}}
	if err := e.Validate(posts); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 10, 25, 0, 0, 0, 0, time.UTC)
	for _, r := range []calendar.Result{{Post: a.ID, Original: a.Start, Value: 10}, {Post: a.ID, Original: calendar.Wall(2026, 10, 8, 15, 0, 0), Value: 20},
		{Post: a.ID, Original: calendar.Wall(2026, 10, 15, 15, 0, 0), Value: 60}, {Post: b.ID, Original: b.Start, Value: 7}, {Post: b.ID, Original: calendar.Wall(2026, 10, 20, 9, 0, 0), Value: 8}} {
		if err := e.Record(r, posts, now); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := e.Report(posts, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []calendar.ArmStats{{Name: "A", Results: 3, Mean: 30, Median: 20, Remaining: 2}, {Name: "B", Results: 2, Mean: 7.5, Median: 7.5, Remaining: 1}}
	if diff := cmp.Diff(want, rep.Arms); diff != "" {
		t.Fatalf("arm figures (-want +got):\n%s", diff)
	}
	if len(rep.Entries) != 9 || rep.Remaining != 3 {
		t.Fatalf("%d entries, %d remaining; want 9, 3", len(rep.Entries), rep.Remaining)
	}
	// 29 Oct 15:00 is after the change to winter time: UTC+1.
	if got := rep.Next.UTC().Format(time.RFC3339); got != "2026-10-29T14:00:00Z" {
		t.Errorf("next %s, want 2026-10-29T14:00:00Z", got)
	}
}

func TestExperimentValidate(t *testing.T) {
	tests := []struct {
		name    string
		change  func(e *calendar.Experiment, p *calendar.Post)
		wantErr string
	}{
		{"no name", func(e *calendar.Experiment, _ *calendar.Post) { e.Name = "" }, "Name is required."},
		{"no hypothesis", func(e *calendar.Experiment, _ *calendar.Post) { e.Hypothesis = "" }, "Hypothesis is required."},
		{"negative baseline", func(e *calendar.Experiment, _ *calendar.Post) { e.Baseline = -2 }, "Baseline must be at least 0."},
		{"unknown state", func(e *calendar.Experiment, _ *calendar.Post) { e.State = "paused" }, `State "paused" is not one of`},
		{"adopted without a learning", func(e *calendar.Experiment, _ *calendar.Post) { e.State = calendar.ExperimentAdopted }, "Write down what the team learned"},
		{"never ends", func(_ *calendar.Experiment, p *calendar.Post) { p.Recurrence.Rule = "FREQ=WEEKLY;BYDAY=TH" }, "needs a planned length"},
		{"no repeat", func(_ *calendar.Experiment, p *calendar.Post) { p.Recurrence = nil }, "needs a repeat rule"},
		{"too long", func(_ *calendar.Experiment, p *calendar.Post) { p.Recurrence.Rule = "FREQ=DAILY;COUNT=400" }, "at most 260 times; this one would run 400"},
		{"same names", func(e *calendar.Experiment, p *calendar.Post) {
			e.Arms = []calendar.Arm{{Name: "A", Post: p.ID, Body: "x"}, {Name: "A", Post: p.ID, Body: "y"}}
		}, "two different names"},
		{"alternating without text", func(e *calendar.Experiment, p *calendar.Post) {
			e.Arms = []calendar.Arm{{Name: "A", Post: p.ID, Body: "x"}, {Name: "B", Post: p.ID}}
		}, "Variant B needs its text."},
		{"missing series", func(e *calendar.Experiment, _ *calendar.Post) { e.Arms[0].Post = "01GONE" }, "is not in the plan"},
		{"two results for one occurrence", func(e *calendar.Experiment, p *calendar.Post) {
			e.Results = []calendar.Result{{Post: p.ID, Original: p.Start, Value: 1}, {Post: p.ID, Original: p.Start, Value: 2}}
		}, "already has a result"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := sixThursdays()
			e, posts := oneArm(p)
			tt.change(e, p)
			err := e.Validate(posts)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestAdoptedContinuesAsARegularSeries(t *testing.T) {
	p := sixThursdays()
	e, posts := abAlternating(p)
	if err := e.ApplyArms(p, nil); err != nil {
		t.Fatal(err)
	}
	got, err := e.Adopted(posts, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "" || got.Experiment != "" || len(got.Overrides) != 0 || got.Body != "A statement." {
		t.Fatalf("adopted post %+v", got)
	}
	if got.Recurrence.Rule != "FREQ=WEEKLY;BYDAY=TH" {
		t.Errorf("rule %q, want the experiment's without its end", got.Recurrence.Rule)
	}
	// The sixth occurrence is 5 Nov; the regular series goes on from 12 Nov.
	if want := calendar.Wall(2026, 11, 12, 15, 0, 0); !got.Start.Equal(want) {
		t.Errorf("start %v, want %v", got.Start, want)
	}
	if _, err := e.Adopted(posts, 2); err == nil {
		t.Error("adopting a variant that does not exist was accepted")
	}
}

func TestChangeAnExperimentKeepsItsResults(t *testing.T) {
	p := sixThursdays()
	e, posts := abAlternating(p)
	fourth := calendar.Wall(2026, 10, 22, 15, 0, 0)
	p.Overrides = []calendar.Override{{Original: fourth, Status: calendar.StatusPublished}}
	if err := e.ApplyArms(p, nil); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 10, 23, 0, 0, 0, 0, time.UTC)
	if err := e.Record(calendar.Result{Post: p.ID, Original: fourth, Value: 31}, posts, at); err != nil {
		t.Fatal(err)
	}
	change := calendar.ExperimentChange{Name: "Questions vs statements", Hypothesis: "Questions get more comments.",
		Metric: "comments", Baseline: 12, Target: 25, Texts: []string{"A question?", "A bolder statement."}, Count: 8}
	if err := e.Change(change, posts); err != nil {
		t.Fatal(err)
	}
	prev := []calendar.Arm{{Name: "A", Post: p.ID, Body: "A question?"}, {Name: "B", Post: p.ID, Body: "A statement."}}
	if err := e.ApplyArms(p, prev); err != nil {
		t.Fatal(err)
	}
	if err := e.Validate(posts); err != nil {
		t.Fatalf("Validate after the change: %v", err)
	}
	q, s := "A question?", "A bolder statement."
	if diff := cmp.Diff([]string{q, s, q, s, q, s, q, s}, bodies(t, p)); diff != "" {
		t.Fatalf("texts after the change (-want +got):\n%s", diff)
	}
	if e.Hypothesis != change.Hypothesis || e.Target != 25 || len(e.Results) != 1 || !e.Results[0].Original.Equal(fourth) {
		t.Fatalf("experiment after the change: %+v", e)
	}

	// Three times would leave the fourth occurrence's result without it.
	change.Count = 3
	err := e.Change(change, posts)
	if ce, ok := err.(*calendar.Error); !ok || ce.Field != "count" {
		t.Fatalf("shortening below a result: %v, want an error on count", err)
	}
	change.Texts = []string{"only one"}
	if err := e.Change(change, posts); err == nil {
		t.Fatal("one text for two variants was taken")
	}
}

// TestReportFromTheCacheIsTheReport: reports that take their series'
// timelines from a shared ReportCache, drawn twice and from two goroutines
// at once, are the reports worked out afresh, results and arms included.
func TestReportFromTheCacheIsTheReport(t *testing.T) {
	today := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	plan := calendar.SamplePlan(today)
	posts := map[calendar.ID]*calendar.Post{}
	for _, p := range plan.Posts {
		posts[p.ID] = p
	}
	if len(plan.Experiments) < 2 {
		t.Fatalf("the sample plan has %d experiments", len(plan.Experiments))
	}
	var cache calendar.ReportCache
	for round := range 2 {
		done := make(chan struct{})
		for range 2 {
			go func() {
				defer func() { done <- struct{}{} }()
				for _, e := range plan.Experiments {
					want, err := e.Report(posts, today)
					if err != nil {
						t.Error(err)
						return
					}
					got, err := e.ReportWith(posts, today, &cache)
					if err != nil {
						t.Error(err)
						return
					}
					if d := cmp.Diff(want, got); d != "" {
						t.Errorf("round %d, %s: cached report differs (-fresh +cached):\n%s", round, e.Name, d)
					}
					if len(got.Entries) == 0 || got.Arms[0].Results+got.Arms[len(got.Arms)-1].Results == 0 {
						t.Errorf("%s: %d entries, arms %+v: the sample should have both", e.Name, len(got.Entries), got.Arms)
					}
				}
			}()
		}
		<-done
		<-done
	}
}
