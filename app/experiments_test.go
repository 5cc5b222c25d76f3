package app

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/storage"
)

func newServices(t *testing.T, now time.Time) (*Experiments, *Routines, *Planner, *storage.DB) {
	t.Helper()
	db, err := storage.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	log := slog.New(slog.DiscardHandler)
	x, r, p := NewExperiments(db, log), NewRoutines(db, log), NewPlanner(db, log)
	clock := func() time.Time { return now }
	x.now, r.now, p.now = clock, clock, clock
	r.zone = func() string { return "Europe/Copenhagen" }
	return x, r, p, db
}

func bridgeField(t *testing.T, err error) (field, message string) {
	t.Helper()
	var be bridgeError
	if err == nil || json.Unmarshal([]byte(err.Error()), &be) != nil {
		t.Fatalf("error %v is not a bridge error", err)
	}
	return be.Field, be.Message
}

// A six-week A/B experiment from the window's form: results recorded as a
// Danish user types them, figures per variant, ended as adopted and carried
// on as a regular series.
func TestExperimentFromCreateToAdopted(t *testing.T) {
	now := time.Date(2026, 10, 23, 12, 0, 0, 0, time.UTC)
	x, _, p, db := newServices(t, now)
	in := ExperimentInput{Name: "Question vs statement", Hypothesis: "Questions get more comments.", Metric: "comments",
		Baseline: "10", Target: "15,5", Mode: "alternate", BodyA: "What do you think?", BodyB: "We think so.",
		Series: PostInput{Title: "LinkedIn Thursday", Channels: []string{"LinkedIn"}, Date: "2026-10-01", Time: "15:00",
			TimeZone: "Europe/Copenhagen", Rule: "FREQ=WEEKLY;BYDAY=TH;COUNT=6"}}

	bad := in
	bad.Series.Rule = "FREQ=WEEKLY;BYDAY=TH"
	_, err := x.Create(bad)
	if f, m := bridgeField(t, err); f != "recurrence" || !strings.Contains(m, "planned length") {
		t.Fatalf("endless experiment: %s %q", f, m)
	}
	v, err := x.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	if v.Target != 15.5 || len(v.Entries) != 6 || v.Remaining != 2 || len(v.Arms) != 2 || v.State != "planned" {
		t.Fatalf("created %+v", v)
	}
	for i, value := range []string{"12", "7,5", "14"} {
		e := v.Entries[i]
		if !e.Published {
			t.Fatalf("entry %d is not published at %v", i, now)
		}
		if v, err = x.Record(v.ID, ResultInput{PostID: e.PostID, Original: e.Original, Value: value, Note: "ok"}); err != nil {
			t.Fatalf("record %s: %v", value, err)
		}
	}
	_, err = x.Record(v.ID, ResultInput{PostID: v.Entries[3].PostID, Original: v.Entries[3].Original, Value: "lots"})
	if f, m := bridgeField(t, err); f != "value" || m != `"lots" is not a number.` {
		t.Fatalf("bad value: %s %q", f, m)
	}
	if a, b := v.Arms[0], v.Arms[1]; a.Results != 2 || a.Mean != 13 || a.Median != 13 || b.Results != 1 || b.Mean != 7.5 || v.State != "running" {
		t.Fatalf("figures A %+v B %+v state %s", a, b, v.State)
	}
	csv, err := x.resultsCSV(v.ID)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if len(lines) != 7 || lines[2] != "Question vs statement,B,2,2026-10-08,15:00,Europe/Copenhagen,draft,false,comments,7.5,10,15.5,ok," {
		t.Fatalf("results CSV:\n%s", csv)
	}

	_, err = x.End(v.ID, "adopted", "  ", 0)
	if f, _ := bridgeField(t, err); f != "learning" {
		t.Fatalf("ending without a learning: field %q", f)
	}
	if v, err = x.End(v.ID, "adopted", "Questions win on LinkedIn.", 0); err != nil {
		t.Fatal(err)
	}
	if v.State != "adopted" || v.Learning != "Questions win on LinkedIn." {
		t.Fatalf("ended %+v", v)
	}
	// The adopted format goes on weekly from the Thursday after the last.
	views, err := p.Window("2026-11-09T00:00:00Z", "2026-11-16T00:00:00Z", Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, o := range views {
		if o.Title == "LinkedIn Thursday" && o.Kind == "post" && strings.HasPrefix(o.Start, "2026-11-12T15:00") {
			found = true
		}
	}
	posts, _ := db.AllPosts(context.Background())
	if !found || len(posts) != 2 {
		t.Fatalf("adopted series not found in %+v (%d posts)", views, len(posts))
	}
	if _, err := x.Record(v.ID, ResultInput{PostID: v.Entries[3].PostID, Original: v.Entries[3].Original, Value: "3"}); err == nil {
		t.Error("a result was recorded on an ended experiment")
	}
}

func TestExperimentWindowMark(t *testing.T) {
	x, _, p, _ := newServices(t, time.Date(2026, 10, 2, 0, 0, 0, 0, time.UTC))
	v, err := x.Create(ExperimentInput{Name: "BTS", Hypothesis: "Videos win.", Metric: "reach", Mode: "single",
		Series: PostInput{Title: "BTS video", Date: "2026-10-01", Time: "15:00", TimeZone: "Europe/Copenhagen", Rule: "FREQ=WEEKLY;COUNT=6"}})
	if err != nil {
		t.Fatal(err)
	}
	views, err := p.Window("2026-10-01T00:00:00Z", "2026-10-08T00:00:00Z", Filter{})
	if err != nil || len(views) != 1 || views[0].Kind != "experiment" || views[0].Experiment != v.ID {
		t.Fatalf("window %+v, %v", views, err)
	}
}

func TestRotaFromTemplateSwapAndWindow(t *testing.T) {
	_, r, p, db := newServices(t, time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC))
	for _, n := range []string{"Astrid", "Björn", "Chloe"} {
		if err := db.CreateMember(context.Background(), &calendar.Member{Name: n}); err != nil {
			t.Fatal(err)
		}
	}
	rs, err := r.FromTemplate("rota-weekly")
	if err != nil || len(rs) != 1 {
		t.Fatalf("FromTemplate = %+v, %v", rs, err)
	}
	rota := rs[0]
	names := func(v RoutineView) string {
		var s []string
		for _, tv := range v.Turns[:4] {
			s = append(s, tv.Start+" "+tv.Name)
		}
		return strings.Join(s, ", ")
	}
	if got := names(rota); got != "2026-11-23 Astrid, 2026-11-30 Björn, 2026-12-07 Chloe, 2026-12-14 Astrid" {
		t.Fatalf("turns %s", got)
	}
	rota, err = r.Swap(rota.ID, rota.Turns[0].Original, rota.Turns[1].Original)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(rota); got != "2026-11-23 Björn, 2026-11-30 Astrid, 2026-12-07 Chloe, 2026-12-14 Astrid" || !rota.Turns[0].Swapped {
		t.Fatalf("after the swap: %s", got)
	}
	_, err = r.Swap(rota.ID, rota.Turns[1].Original, rota.Turns[3].Original)
	if f, _ := bridgeField(t, err); f != "with" {
		t.Fatalf("swapping Astrid with Astrid: field %q", f)
	}
	views, err := p.Window("2026-11-23T00:00:00+01:00", "2026-11-30T00:00:00+01:00", Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(views) != 1 || views[0].Kind != "rota" || views[0].Member != "Björn" || views[0].Title != "Monitoring: Björn" || !views[0].AllDay {
		t.Fatalf("week window %+v", views)
	}
	// Filtering by a member shows only that member's turns.
	astrid := rota.Turns[1].Member
	views, _ = p.Window("2026-11-23T00:00:00+01:00", "2026-12-07T00:00:00+01:00", Filter{Assignees: []string{astrid}})
	if len(views) != 1 || views[0].Member != "Astrid" {
		t.Fatalf("Astrid's turns %+v", views)
	}
	split, err := r.FromTemplate("rota-split")
	if err != nil || len(split) != 2 || split[0].Turns[0].Name == split[1].Turns[0].Name {
		t.Fatalf("split rota %+v, %v", split, err)
	}
	_, err = r.Create(RoutineInput{Name: "Numbers", Kind: "meeting", Date: "2026-11-23", Time: "25:00", TimeZone: "Europe/Copenhagen", Rule: "FREQ=WEEKLY"})
	if f, _ := bridgeField(t, err); f != "time" {
		t.Fatalf("bad time: field %q", f)
	}
}
