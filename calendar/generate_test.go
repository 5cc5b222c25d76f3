package calendar_test

import (
	"testing"
	"time"

	"postplan/calendar"
)

type mapLookup calendar.Plan

func (m mapLookup) Channel(name string) (calendar.Channel, bool) {
	for _, c := range append(append([]calendar.Channel(nil), calendar.DefaultChannels...), m.Channels...) {
		if c.Name == name {
			return c, true
		}
	}
	return calendar.Channel{}, false
}

func (m mapLookup) Campaign(tag string) (calendar.Campaign, bool) {
	for _, c := range m.Campaigns {
		if c.Tag == tag {
			return c, true
		}
	}
	return calendar.Campaign{}, false
}

func (m mapLookup) Member(id calendar.ID) (calendar.Member, bool) {
	for _, x := range m.Members {
		if x.ID == id {
			return x, true
		}
	}
	return calendar.Member{}, false
}

func TestSamplePlanIsValidEveryMonth(t *testing.T) {
	// Month starts fall on every weekday; the campaigns' ranges must hold
	// their posts whichever it is.
	for m := range 14 {
		today := time.Date(2026, time.Month(1+m), 15, 12, 0, 0, 0, time.UTC)
		plan := calendar.SamplePlan(today)
		if len(plan.Campaigns) != 2 || len(plan.Channels) < 3 {
			t.Fatalf("sample plan has %d campaigns and %d channels", len(plan.Campaigns), len(plan.Channels))
		}
		recurring, backlog := 0, 0
		for _, p := range plan.Posts {
			if err := p.Validate(mapLookup(plan)); err != nil {
				t.Fatalf("%s: post %q: %v", today.Format("Jan 2006"), p.Title, err)
			}
			if p.Recurring() {
				recurring++
			}
			if !p.Dated() {
				backlog++
			}
		}
		if recurring == 0 || backlog == 0 {
			t.Errorf("sample plan needs a recurring post and ideas: %d recurring, %d ideas", recurring, backlog)
		}
	}
}

func TestGeneratedPlanIsValid(t *testing.T) {
	plan := calendar.Generate(calendar.GenerateOptions{Posts: 3000, Series: 60, Seed: 42})
	for _, p := range plan.Posts {
		if err := p.Validate(mapLookup(plan)); err != nil {
			t.Fatalf("post %q: %v", p.Title, err)
		}
	}
}

// The benchmark plan is the sample month with generated posts around it:
// the same team and targets, experiments in every state with results only
// for occurrences that have gone out, and the routines.
func TestGeneratedPlanHasExperimentsAndRoutines(t *testing.T) {
	today := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	sample := calendar.Generate(calendar.GenerateOptions{Today: today})
	if want := calendar.SamplePlan(today); len(sample.Posts) != len(want.Posts) || len(sample.Experiments) != 2 || len(sample.Routines) != 3 {
		t.Fatalf("Generate with no posts: %d posts, %d experiments, %d routines; want the sample's %d, 2, 3",
			len(sample.Posts), len(sample.Experiments), len(sample.Routines), len(want.Posts))
	}
	plan := calendar.Generate(calendar.GenerateOptions{Posts: 9_500, Series: 500, Seed: 1, Today: today,
		From: calendar.Wall(2026, 5, 1, 0, 0, 0), Days: 365})
	posts := map[calendar.ID]*calendar.Post{}
	for _, p := range plan.Posts {
		if p.ID != "" {
			posts[p.ID] = p
		}
	}
	states := map[calendar.ExperimentState]int{}
	for _, e := range plan.Experiments {
		if err := e.Validate(posts); err != nil {
			t.Fatalf("experiment %q: %v", e.Name, err)
		}
		states[e.State]++
		for _, r := range e.Results {
			if !r.Recorded.Before(today) {
				t.Errorf("experiment %q has a result recorded %s, after today", e.Name, r.Recorded)
			}
		}
	}
	for _, s := range []calendar.ExperimentState{calendar.ExperimentPlanned, calendar.ExperimentRunning, calendar.ExperimentAdopted, calendar.ExperimentDropped} {
		if states[s] == 0 {
			t.Errorf("no experiment %s among %d: %v", s, len(plan.Experiments), states)
		}
	}
	if len(plan.Routines) != 3 {
		t.Errorf("%d routines, want the sample's 3", len(plan.Routines))
	}
	targets := 0
	for _, c := range plan.Channels {
		if c.WeeklyTarget > 0 {
			targets++
		}
	}
	if targets < 5 {
		t.Errorf("%d channels with a weekly target, want the sample's four and Podcast", targets)
	}
}
