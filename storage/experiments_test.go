package storage_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
	"postplan/storage"
)

// abTest creates an A/B experiment alternating on six Thursdays.
func abTest(t *testing.T, db *storage.DB) (*calendar.Experiment, *calendar.Post) {
	t.Helper()
	p := post("Question or statement", calendar.Wall(2026, 10, 1, 15, 0, 0))
	p.Recurrence = &calendar.Recurrence{Rule: "FREQ=WEEKLY;BYDAY=TH;COUNT=6"}
	e := &calendar.Experiment{Name: "Question vs statement", Hypothesis: "Questions get more comments.", Metric: "comments",
		Baseline: 10, Target: 15, Arms: []calendar.Arm{{Name: "A", Body: "What do you think?"}, {Name: "B", Body: "We think so."}}}
	if err := db.CreateExperiment(ctx, e, []*calendar.Post{p}); err != nil {
		t.Fatal(err)
	}
	series, err := db.FindPost(ctx, e.Arms[0].Post)
	if err != nil {
		t.Fatal(err)
	}
	return e, series
}

// snapshot is everything of an experiment and its series, to compare.
func snapshot(t *testing.T, db *storage.DB, id calendar.ID) string {
	t.Helper()
	e, posts, err := db.FindExperiment(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(cmp.Diff(nil, e))
	for _, a := range e.Arms {
		b.WriteString(cmp.Diff(nil, posts[a.Post]))
	}
	return b.String()
}

func TestCreateExperiment(t *testing.T) {
	db := openDB(t)
	e, series := abTest(t, db)
	if e.ID == "" || e.State != calendar.ExperimentPlanned || e.Arms[0].Post != e.Arms[1].Post || series.Experiment != e.ID {
		t.Fatalf("experiment %+v, series marked %q", e, series.Experiment)
	}
	if got := window(t, db, "2026-10-01T00:00:00Z", "2026-11-10T00:00:00Z"); len(got) != 6 {
		t.Fatalf("window %v, want six occurrences", got)
	}
	occs, _ := db.Occurrences(ctx, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC))
	var texts []string
	for _, o := range occs {
		texts = append(texts, o.Body())
	}
	q, s := "What do you think?", "We think so."
	if diff := cmp.Diff([]string{q, s, q, s, q, s}, texts); diff != "" {
		t.Fatalf("texts (-want +got):\n%s", diff)
	}
	list, err := db.Experiments(ctx)
	if err != nil || len(list) != 1 || list[0].Name != e.Name {
		t.Fatalf("Experiments = %v, %v", list, err)
	}

	// A refused experiment leaves no posts behind.
	bad := post("Never ends", calendar.Wall(2026, 10, 1, 15, 0, 0))
	bad.Recurrence = &calendar.Recurrence{Rule: "FREQ=WEEKLY"}
	err = db.CreateExperiment(ctx, &calendar.Experiment{Name: "X", Hypothesis: "Y", Metric: "reach", Arms: []calendar.Arm{{}}}, []*calendar.Post{bad})
	checkFieldError(t, "unbounded", err, "recurrence", "needs a planned length")
	if got := window(t, db, "2026-10-01T00:00:00Z", "2026-11-10T00:00:00Z"); len(got) != 6 {
		t.Fatalf("a refused experiment wrote posts: %v", got)
	}
}

func TestRecordingAResultKeepsEverythingElse(t *testing.T) {
	db := openDB(t)
	e, series := abTest(t, db)
	db.Now = func() time.Time { return time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC) }
	record := func(r calendar.Result) error {
		_, err := db.ChangeExperiment(ctx, e.ID, func(e *calendar.Experiment, posts map[calendar.ID]*calendar.Post) error {
			return e.Record(r, posts, db.Now())
		})
		return err
	}
	if err := record(calendar.Result{Post: series.ID, Original: series.Start, Value: 14, Note: "good"}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, db, e.ID)
	for _, r := range []calendar.Result{
		{Post: series.ID, Original: series.Start, Value: -3},
		{Post: series.ID, Original: calendar.Wall(2026, 10, 29, 15, 0, 0), Value: 3},
		{Post: series.ID, Original: series.Start, Value: 3, Link: "nope"},
	} {
		if err := record(r); err == nil {
			t.Fatalf("result %+v was accepted", r)
		}
		if after := snapshot(t, db, e.ID); after != before {
			t.Fatalf("a refused result changed the plan:\n%s\n%s", before, after)
		}
	}
	got, _, err := db.FindExperiment(ctx, e.ID)
	if err != nil || len(got.Results) != 1 || got.Results[0].Value != 14 || got.State != calendar.ExperimentRunning {
		t.Fatalf("experiment after one result: %+v, %v", got, err)
	}
}

func TestExperimentSeriesThroughThePostEditor(t *testing.T) {
	db := openDB(t)
	e, series := abTest(t, db)

	// Making the series endless would end the experiment's plan: refused.
	endless := series.Clone()
	endless.Recurrence.Rule = "FREQ=WEEKLY;BYDAY=TH"
	checkFieldError(t, "endless", db.UpdatePost(ctx, endless), "recurrence", "needs a planned length")

	// A longer series gets the alternating texts on its new occurrences.
	longer := series.Clone()
	longer.Recurrence.Rule = "FREQ=WEEKLY;BYDAY=TH;COUNT=8"
	if err := db.UpdatePost(ctx, longer); err != nil {
		t.Fatal(err)
	}
	occs, _ := db.Occurrences(ctx, time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	if len(occs) != 2 || occs[0].Body() != "What do you think?" || occs[1].Body() != "We think so." {
		t.Fatalf("new occurrences %v", occs)
	}
	if longer.Experiment != e.ID {
		t.Errorf("the editor's save dropped the experiment mark")
	}

	checkError(t, "delete an arm", db.DeletePost(ctx, series.ID), "delete the experiment first")
	if err := db.DeleteExperiment(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	p, err := db.FindPost(ctx, series.ID)
	if err != nil || p.Experiment != "" {
		t.Fatalf("series after deleting the experiment: %+v, %v", p, err)
	}
	if err := db.DeletePost(ctx, series.ID); err != nil {
		t.Fatalf("delete the former series: %v", err)
	}

	// A copy of a series is an ordinary post.
	c := post("Copy", calendar.Wall(2026, 10, 1, 15, 0, 0))
	c.Experiment = e.ID
	if err := db.CreatePost(ctx, c); err != nil || c.Experiment != "" {
		t.Fatalf("copy: %v, marked %q", err, c.Experiment)
	}
}

func TestRoutinesStore(t *testing.T) {
	db := openDB(t)
	var ids []calendar.ID
	for _, n := range []string{"Astrid", "Björn", "Chloe"} {
		m := calendar.Member{Name: n}
		if err := db.CreateMember(ctx, &m); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	r := calendar.RoutineTemplates(calendar.Wall(2026, 11, 23, 0, 0, 0), "Europe/Copenhagen", ids)["rota-weekly"][0]
	if err := db.CreateRoutine(ctx, &r); err != nil {
		t.Fatal(err)
	}
	w := func(d int) time.Time { return calendar.Wall(2026, 11, 23, 0, 0, 0).AddDate(0, 0, d) }
	swapped, err := db.ChangeRoutine(ctx, r.ID, func(r *calendar.Routine) error { return r.Swap(w(0), w(7)) })
	if err != nil {
		t.Fatal(err)
	}
	if swapped.Sequence != 1 || len(swapped.Handovers) != 2 {
		t.Fatalf("after a swap: sequence %d, handovers %v", swapped.Sequence, swapped.Handovers)
	}
	_, err = db.ChangeRoutine(ctx, r.ID, func(r *calendar.Routine) error { r.Members = append(r.Members, "01NOBODY"); return nil })
	checkFieldError(t, "stranger", err, "members", "is not on the team")
	list, err := db.Routines(ctx)
	if err != nil || len(list) != 1 || len(list[0].Members) != 3 || list[0].Sequence != 1 {
		t.Fatalf("after a refused change: %+v, %v", list, err)
	}
	if err := db.DeleteRoutine(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	checkError(t, "gone", db.DeleteRoutine(ctx, r.ID), "not in the plan")
}

func TestSamplePlanHasExperimentsAndRoutines(t *testing.T) {
	db := openDB(t)
	today := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	if err := db.LoadPlan(ctx, calendar.SamplePlan(today)); err != nil {
		t.Fatal(err)
	}
	exps, _ := db.Experiments(ctx)
	routines, _ := db.Routines(ctx)
	if len(exps) != 2 || len(routines) != 3 {
		t.Fatalf("%d experiments, %d routines; want 2 and 3", len(exps), len(routines))
	}
	for _, e := range exps {
		_, posts, err := db.FindExperiment(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := e.Report(posts, today)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Entries) != 6 || len(e.Results) == 0 {
			t.Errorf("%s: %d entries, %d results", e.Name, len(rep.Entries), len(e.Results))
		}
	}
}

func checkError(t *testing.T, op string, err error, msg string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), msg) {
		t.Fatalf("%s: error %v, want one saying %q", op, err, msg)
	}
}

// TestWeekAtAGlanceFollowsEachChangeToAnExperimentsSeries: the week at a
// glance keeps the experiments' series' timelines between draws (the
// store's ReportCache); a skipped occurrence, then one moved into the week,
// show in the next draw.
func TestWeekAtAGlanceFollowsEachChangeToAnExperimentsSeries(t *testing.T) {
	db := openDB(t)
	e, series := abTest(t, db) // Thursdays 15:00 from 1 October, six times
	now := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	week := calendar.WeekOf(time.Date(2026, 10, 8, 0, 0, 0, 0, time.UTC))
	thisWeek := func(step string) int {
		t.Helper()
		sum, err := calendar.LoadWeek(ctx, db, week, time.UTC, calendar.FeedFilter{}, now)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		for _, ew := range sum.Experiments {
			if ew.ID == e.ID {
				return ew.ThisWeek
			}
		}
		return 0
	}
	if n := thisWeek("as planned"); n != 1 {
		t.Fatalf("as planned: %d of the experiment's posts in the week of 8 October, want 1", n)
	}
	if n := thisWeek("drawn again"); n != 1 {
		t.Fatalf("drawn again: %d, want 1", n)
	}
	skipped := series.Clone()
	skipped.Overrides = []calendar.Override{{Original: calendar.Wall(2026, 10, 8, 15, 0, 0), Skipped: true}}
	if err := db.UpdatePost(ctx, skipped); err != nil {
		t.Fatal(err)
	}
	if n := thisWeek("8 October skipped"); n != 0 {
		t.Fatalf("after skipping 8 October: %d in its week, want 0", n)
	}
	moved := skipped.Clone()
	moved.Overrides = append(moved.Overrides, calendar.Override{Original: calendar.Wall(2026, 10, 15, 15, 0, 0), Start: calendar.Wall(2026, 10, 9, 10, 0, 0)})
	if err := db.UpdatePost(ctx, moved); err != nil {
		t.Fatal(err)
	}
	if n := thisWeek("15 October moved to the 9th"); n != 1 {
		t.Fatalf("after moving 15 October to the 9th: %d in the week, want 1", n)
	}
}
