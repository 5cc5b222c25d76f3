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
