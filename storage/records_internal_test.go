package storage

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
)

// TestRecordsKeepLayoutTwo pins the JSON of each stored record to what
// layout 2 wrote, field for field, and checks each reads back as the value
// it was made from. A change here is a change of layout: it needs a
// migration in schema.go, not an edit of this test.
func TestRecordsKeepLayoutTwo(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	campaign := calendar.Campaign{Tag: "spring", Name: "Forår", Colour: "#047857", Hashtag: "#forår", Starts: day, Ends: day.AddDate(0, 1, 0), Goal: "Flere følgere"}
	member := calendar.Member{ID: "01MEMBERASTRID", Name: "Astrid", Email: "astrid@example.com", Colour: "#123456"}
	channel := calendar.Channel{Name: "Podcast", WeeklyTarget: 2, CharLimit: 4000}
	feed := calendar.Feed{Name: "Team", TitlesOnly: true, Token: "TOKEN", Created: at, Revoked: at.Add(time.Hour),
		Filter: calendar.FeedFilter{Campaigns: []string{"spring"}, Channels: []string{"Podcast"}, Statuses: []calendar.Status{"draft"},
			Assignees: []calendar.ID{"01MEMBERASTRID"}, Kinds: []calendar.Kind{calendar.KindPost}}}
	experiment := calendar.Experiment{ID: "01EXP", Name: "Karusel", Hypothesis: "Karuseller giver flere gem", Metric: "saves",
		Baseline: 10, Target: 15, State: calendar.ExperimentRunning, Learning: "", Created: at, Updated: at,
		Arms:    []calendar.Arm{{Name: "A", Post: "01POST", Body: "Tekst A"}, {Name: "B", Post: "01POST", Body: "Tekst B"}},
		Results: []calendar.Result{{Post: "01POST", Original: at, Value: 12.5, Note: "god", Link: "https://example.com/p", Recorded: at}}}
	routine := calendar.Routine{ID: "01ROTA", Name: "Overvågning", Kind: calendar.RoutineRota, Start: day, TimeZone: "Europe/Copenhagen",
		Duration: 7 * 24 * time.Hour, AllDay: true, Rule: "FREQ=WEEKLY;BYDAY=MO", Members: []calendar.ID{"01A", "01B"},
		Handovers: []calendar.Handover{{Original: day, Member: "01B"}}, Notes: "n", Created: at, Updated: at, Sequence: 3,
		Rotations: []calendar.Rotation{{Members: []calendar.ID{"01C"}, From: 0, Until: day}}, From: 4}

	for _, tc := range []struct {
		name   string
		record any
		layout string
		back   func([]byte) (any, error)
		want   any
	}{
		{"campaign", toCampaignRecord(campaign),
			`{"tag":"spring","name":"Forår","colour":"#047857","hashtag":"#forår","starts":"2026-03-01T00:00:00Z","ends":"2026-04-01T00:00:00Z","goal":"Flere følgere"}`,
			func(b []byte) (any, error) {
				var r campaignRecord
				err := json.Unmarshal(b, &r)
				return r.campaign(), err
			}, campaign},
		{"member", toMemberRecord(member),
			`{"id":"01MEMBERASTRID","name":"Astrid","email":"astrid@example.com","colour":"#123456"}`,
			func(b []byte) (any, error) { var r memberRecord; err := json.Unmarshal(b, &r); return r.member(), err }, member},
		{"channel", toChannelRecord(channel), `{"name":"Podcast","weeklyTarget":2,"charLimit":4000}`,
			func(b []byte) (any, error) {
				var r channelRecord
				err := json.Unmarshal(b, &r)
				return r.channel(), err
			}, channel},
		{"feed", toFeedRecord(&feed),
			`{"name":"Team","filter":{"campaigns":["spring"],"channels":["Podcast"],"statuses":["draft"],"assignees":["01MEMBERASTRID"],"kinds":["posts"]},"titlesOnly":true,"token":"TOKEN","created":"2026-03-02T09:00:00Z","revoked":"2026-03-02T10:00:00Z"}`,
			func(b []byte) (any, error) { var r feedRecord; err := json.Unmarshal(b, &r); return r.feed(), err }, feed},
		{"experiment", toExperimentRecord(experiment),
			`{"id":"01EXP","name":"Karusel","hypothesis":"Karuseller giver flere gem","metric":"saves","baseline":10,"target":15,"state":"running","arms":[{"name":"A","post":"01POST","body":"Tekst A"},{"name":"B","post":"01POST","body":"Tekst B"}],"learning":"","results":[{"post":"01POST","original":"2026-03-02T09:00:00Z","value":12.5,"note":"god","link":"https://example.com/p","recorded":"2026-03-02T09:00:00Z"}],"created":"2026-03-02T09:00:00Z","updated":"2026-03-02T09:00:00Z"}`,
			func(b []byte) (any, error) {
				var r experimentRecord
				err := json.Unmarshal(b, &r)
				return r.experiment(), err
			}, experiment},
		{"routine", toRoutineRecord(routine),
			`{"id":"01ROTA","name":"Overvågning","kind":"rota","start":"2026-03-01T00:00:00Z","timeZone":"Europe/Copenhagen","duration":604800000000000,"allDay":true,"rule":"FREQ=WEEKLY;BYDAY=MO","members":["01A","01B"],"handovers":[{"original":"2026-03-01T00:00:00Z","member":"01B"}],"rotations":[{"members":["01C"],"from":0,"until":"2026-03-01T00:00:00Z"}],"from":4,"notes":"n","created":"2026-03-02T09:00:00Z","updated":"2026-03-02T09:00:00Z","sequence":3}`,
			func(b []byte) (any, error) {
				var r routineRecord
				err := json.Unmarshal(b, &r)
				return r.routine(), err
			}, routine},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.record)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.layout {
				t.Errorf("the stored JSON moved from layout 2's:\n got  %s\n want %s", b, tc.layout)
			}
			back, err := tc.back([]byte(tc.layout))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, back); diff != "" {
				t.Errorf("layout 2's record reads back differently:\n%s", diff)
			}
		})
	}
}

// recordSize plans bulk writes' transactions without encoding: it must be
// the encoded record's size, for posts of every shape.
func TestRecordSizeIsTheEncodedSize(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	plan := calendar.Generate(calendar.GenerateOptions{Posts: 3000, Seed: 7, Today: now})
	plan.Posts = append(plan.Posts, calendar.SamplePlan(now).Posts...)
	long := &calendar.Post{Title: strings.Repeat("Å", 300), Body: strings.Repeat("A LinkedIn post. ", 180), AllDay: true,
		Start: now.Truncate(24 * time.Hour), Variants: map[string]string{"LinkedIn": strings.Repeat("é", 3000), "X": "kort"},
		Overrides:  []calendar.Override{{Original: now, Skipped: true}, {Original: now.Add(-48 * time.Hour), Start: now, Duration: time.Hour, Title: "flyttet", Live: "https://example.com/p/1"}},
		Recurrence: &calendar.Recurrence{Rule: "FREQ=DAILY", ExDates: []time.Time{now.AddDate(-80, 0, 0)}, RDates: []time.Time{now.AddDate(50, 0, 0)}},
		Duration:   -time.Minute, Live: "https://example.com/live", Experiment: "01EXP"}
	plan.Posts = append(plan.Posts, long, &calendar.Post{})
	for i, p := range plan.Posts {
		p.ID = calendar.ID(fmt.Sprintf("01SIZE%020d", i))
		p.Created, p.Updated, p.Sequence = now.Add(-time.Hour), now, 3
		got, want := recordSize(p), len(encodePost(nil, p))
		if got != want {
			t.Fatalf("post %d (%q): recordSize %d, encoded %d bytes", i, p.Title, got, want)
		}
	}
}

// A window's singles, in start index order, merged with its series'
// occurrences in startOrder's order are every occurrence ordered as
// byStartThenID does, ties on the start broken by ID, and on a full tie
// the single first.
func TestMergeInOrderIsByStartThenID(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	occ := func(i int) calendar.Occurrence {
		p := &calendar.Post{ID: calendar.ID(fmt.Sprintf("01SORT%03d", (i*7919)%500))}
		return calendar.Occurrence{Post: p, Start: at.Add(time.Duration((i*31)%40) * time.Hour).Add(time.Duration(i%3) * time.Nanosecond)}
	}
	var singles, series []calendar.Occurrence
	for i := range 500 {
		if i%3 == 0 {
			singles = append(singles, occ(i))
		} else {
			series = append(series, occ(i))
		}
	}
	tie := series[7] // a full tie, told apart by its end: the single comes first
	tie.End = tie.Start.Add(time.Hour)
	singles = append(singles, tie)
	slices.SortStableFunc(singles, byStartThenID)
	want := slices.Concat(singles, series)
	slices.SortStableFunc(want, byStartThenID)
	got := mergeInOrder(singles, series, startOrder(series))
	if len(got) != len(want) {
		t.Fatalf("%d occurrences, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Post.ID != want[i].Post.ID || !got[i].Start.Equal(want[i].Start) || !got[i].End.Equal(want[i].End) {
			t.Fatalf("at %d: %s %v-%v, want %s %v-%v", i, got[i].Post.ID, got[i].Start, got[i].End, want[i].Post.ID, want[i].Start, want[i].End)
		}
	}
	if got := mergeInOrder(singles, nil, startOrder(nil)); len(got) != len(singles) {
		t.Errorf("with no series: %d occurrences, want %d", len(got), len(singles))
	}
}

// byStartThenID is the order of a window's occurrences: by start, ties
// broken by post ID.
func byStartThenID(a, b calendar.Occurrence) int {
	if c := a.Start.Compare(b.Start); c != 0 {
		return c
	}
	return strings.Compare(string(a.Post.ID), string(b.Post.ID))
}
