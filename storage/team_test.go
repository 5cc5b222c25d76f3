package storage_test

import (
	"slices"
	"testing"
	"time"

	"postplan/calendar"
)

func TestChannelsMergeDefaultsWithTheTeams(t *testing.T) {
	db := openDB(t)
	if err := db.PutChannel(ctx, calendar.Channel{Name: "Instagram", WeeklyTarget: 4, CharLimit: 2200}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutChannel(ctx, calendar.Channel{Name: "Podcast", WeeklyTarget: 1}); err != nil {
		t.Fatal(err)
	}
	err := db.PutChannel(ctx, calendar.Channel{Name: "Print", WeeklyTarget: -1})
	checkFieldError(t, "negative target", err, "weeklyTarget", "Weekly target must be at least 0.")

	chs, err := db.Channels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(chs) != len(calendar.DefaultChannels)+1 || chs[len(chs)-1].Name != "Podcast" {
		t.Errorf("channels = %v, want the defaults then Podcast", chs)
	}
	if i := slices.IndexFunc(chs, func(c calendar.Channel) bool { return c.Name == "Instagram" }); chs[i].WeeklyTarget != 4 {
		t.Errorf("Instagram target = %d, want the team's 4", chs[i].WeeklyTarget)
	}
	// A team channel can be posted to.
	p := post("Episode 12", calendar.Wall(2026, 4, 1, 7, 0, 0))
	p.Channels = []string{"Podcast"}
	if err := db.CreatePost(ctx, p); err != nil {
		t.Errorf("post to a team channel: %v", err)
	}
}

func TestCampaignAndMemberValidation(t *testing.T) {
	db := openDB(t)
	tests := []struct {
		name      string
		err       error
		field, in string
	}{
		{"campaign colour", db.PutCampaign(ctx, calendar.Campaign{Tag: "x", Name: "X", Colour: "red"}), "colour", "must be a colour like #1a7f5a"},
		{"campaign tag with space", db.PutCampaign(ctx, calendar.Campaign{Tag: "black friday", Name: "X", Colour: "#000000"}), "tag", "one word"},
		{"campaign ends first", db.PutCampaign(ctx, calendar.Campaign{Tag: "x", Name: "X", Colour: "#000000",
			Starts: calendar.Wall(2026, 5, 1, 0, 0, 0), Ends: calendar.Wall(2026, 4, 1, 0, 0, 0)}), "ends", "ends (1 Apr 2026) before it starts (1 May 2026)"},
		{"hashtag", db.PutCampaign(ctx, calendar.Campaign{Tag: "x", Name: "X", Colour: "#000000", Hashtag: "sale"}), "hashtag", "must start with #"},
		{"member email", db.CreateMember(ctx, &calendar.Member{Name: "Bo", Email: "bo@"}), "email", `"bo@" is not an email address`},
		{"member name", db.CreateMember(ctx, &calendar.Member{Email: "bo@example.com"}), "name", "Name is required."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkFieldError(t, tt.name, tt.err, tt.field, tt.in) })
	}
	if cs, _ := db.Campaigns(ctx); len(cs) != 0 {
		t.Errorf("refused campaigns were saved: %v", cs)
	}
	if ms, _ := db.Members(ctx); len(ms) != 0 {
		t.Errorf("refused members were saved: %v", ms)
	}
}

func TestNewSeriesShowsInACachedWindow(t *testing.T) {
	db := openDB(t)
	from, to := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 8, 0, 0, 0, 0, time.UTC)
	a := post("A", calendar.Wall(2026, 5, 4, 9, 0, 0))
	a.Recurrence = &calendar.Recurrence{Rule: "FREQ=WEEKLY"}
	if err := db.CreatePost(ctx, a); err != nil {
		t.Fatal(err)
	}
	if occs, _ := db.Occurrences(ctx, from, to); len(occs) != 1 {
		t.Fatalf("first read: %d occurrences, want 1", len(occs))
	}
	b := post("B", calendar.Wall(2026, 6, 2, 9, 0, 0))
	b.Recurrence = &calendar.Recurrence{Rule: "FREQ=DAILY;COUNT=3"}
	if err := db.CreatePost(ctx, b); err != nil {
		t.Fatal(err)
	}
	if occs, _ := db.Occurrences(ctx, from, to); len(occs) != 4 {
		t.Errorf("after adding a series: %d occurrences, want 4", len(occs))
	}
	if err := db.DeletePost(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if occs, _ := db.Occurrences(ctx, from, to); len(occs) != 3 {
		t.Errorf("after deleting a series: %d occurrences, want 3", len(occs))
	}
}

func TestGeneratedPlanLoadsAndValidates(t *testing.T) {
	db := openDB(t)
	plan := calendar.Generate(calendar.GenerateOptions{Posts: 2000, Series: 40, Seed: 9})
	if err := db.LoadPlan(ctx, plan); err != nil {
		t.Fatal(err)
	}
	again := calendar.Generate(calendar.GenerateOptions{Posts: 2000, Series: 40, Seed: 9})
	if plan.Posts[1234].Title != again.Posts[1234].Title || !plan.Posts[1234].Start.Equal(again.Posts[1234].Start) {
		t.Error("the generator is not deterministic for a seed")
	}
	occs, err := db.Occurrences(ctx, time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 9, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(occs) < 100 {
		t.Errorf("a generated week has only %d occurrences", len(occs))
	}
	// The window query must agree with expanding every post by itself.
	want := 0
	for _, p := range plan.Posts {
		o, err := calendar.Expand(p, time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 9, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		want += len(o)
	}
	if len(occs) != want {
		t.Errorf("indexed week query found %d occurrences, expanding every post finds %d", len(occs), want)
	}
}
