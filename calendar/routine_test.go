package calendar_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
)

type team map[calendar.ID]calendar.Member

func (t team) Channel(string) (calendar.Channel, bool)   { return calendar.Channel{}, false }
func (t team) Campaign(string) (calendar.Campaign, bool) { return calendar.Campaign{}, false }
func (t team) Member(id calendar.ID) (calendar.Member, bool) {
	m, ok := t[id]
	return m, ok
}

var trio = team{"01ASTRID": {Name: "Astrid"}, "01BJORN": {Name: "Björn"}, "01CHLOE": {Name: "Chloe"}}

func rota(start time.Time, rule string, allDay bool, length time.Duration) *calendar.Routine {
	return &calendar.Routine{ID: "01ROTA", Name: "Monitoring", Kind: calendar.RoutineRota, Start: start, TimeZone: cph,
		AllDay: allDay, Duration: length, Rule: rule, Members: []calendar.ID{"01ASTRID", "01BJORN", "01CHLOE"}}
}

// turns lists "date member" for each turn overlapping [from, to).
func turns(t *testing.T, r *calendar.Routine, from, to time.Time) []string {
	t.Helper()
	ts, err := r.Turns(from, to)
	if err != nil {
		t.Fatalf("Turns: %v", err)
	}
	var out []string
	for _, x := range ts {
		out = append(out, x.Start.Format("Mon 2006-01-02 15:04 MST")+" "+strings.TrimPrefix(string(x.Member), "01"))
	}
	return out
}

func TestRotaRotation(t *testing.T) {
	tests := []struct {
		name     string
		r        *calendar.Routine
		from, to time.Time
		want     []string
	}{
		{"weekly across the change to winter time",
			rota(calendar.Wall(2026, 10, 5, 0, 0, 0), "FREQ=WEEKLY;BYDAY=MO", true, 7*24*time.Hour),
			utc("2026-10-19"), utc("2026-11-08"),
			// The week of 19 Oct still overlaps the window's start (midnight UTC is 02:00 CEST).
			[]string{"Mon 2026-10-19 00:00 CEST CHLOE", "Mon 2026-10-26 00:00 CET ASTRID", "Mon 2026-11-02 00:00 CET BJORN"}},
		{"weekly across the change to summer time",
			rota(calendar.Wall(2027, 3, 1, 9, 0, 0), "FREQ=WEEKLY;BYDAY=MO", false, 8*time.Hour),
			utc("2027-03-22"), utc("2027-04-06"),
			[]string{"Mon 2027-03-22 09:00 CET ASTRID", "Mon 2027-03-29 09:00 CEST BJORN", "Mon 2027-04-05 09:00 CEST CHLOE"}},
		{"daily across the year end",
			rota(calendar.Wall(2026, 12, 28, 8, 0, 0), "FREQ=DAILY", false, 4*time.Hour),
			utc("2026-12-30"), utc("2027-01-03"),
			[]string{"Wed 2026-12-30 08:00 CET CHLOE", "Thu 2026-12-31 08:00 CET ASTRID", "Fri 2027-01-01 08:00 CET BJORN", "Sat 2027-01-02 08:00 CET CHLOE"}},
		{"weekly into ISO week 53 and week 1",
			rota(calendar.Wall(2026, 12, 14, 0, 0, 0), "FREQ=WEEKLY;BYDAY=MO", true, 7*24*time.Hour),
			utc("2026-12-28"), utc("2027-01-12"),
			[]string{"Mon 2026-12-28 00:00 CET CHLOE", "Mon 2027-01-04 00:00 CET ASTRID", "Mon 2027-01-11 00:00 CET BJORN"}},
		{"a turn in the spring-forward gap moves by the gap",
			rota(calendar.Wall(2027, 3, 26, 2, 30, 0), "FREQ=DAILY", false, time.Hour),
			utc("2027-03-27"), utc("2027-03-29"),
			[]string{"Sat 2027-03-27 02:30 CET BJORN", "Sun 2027-03-28 03:30 CEST CHLOE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.r.Validate(trio); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if diff := cmp.Diff(tt.want, turns(t, tt.r, tt.from, tt.to)); diff != "" {
				t.Fatalf("turns (-want +got):\n%s", diff)
			}
		})
	}
}

// A turn's member must not depend on the window it is looked at through.
func TestRotaTurnsDoNotDependOnTheWindow(t *testing.T) {
	r := rota(calendar.Wall(2026, 1, 5, 0, 0, 0), "FREQ=WEEKLY;BYDAY=MO", true, 7*24*time.Hour)
	year := turns(t, r, utc("2026-01-01"), utc("2027-01-01"))
	for week := 0; week < 52; week += 5 {
		from := utc("2026-01-05").AddDate(0, 0, 7*week)
		got := turns(t, r, from.Add(12*time.Hour), from.Add(36*time.Hour))
		if len(got) != 1 || !strings.Contains(strings.Join(year, "|"), got[0]) {
			t.Fatalf("week %d alone gives %v, not in the year's turns", week, got)
		}
	}
}

func TestRotaSwap(t *testing.T) {
	r := rota(calendar.Wall(2026, 11, 2, 0, 0, 0), "FREQ=WEEKLY;BYDAY=MO", true, 7*24*time.Hour)
	w := func(d int) time.Time { return calendar.Wall(2026, 11, d, 0, 0, 0) }
	if err := r.Swap(w(9), w(23)); err != nil { // Björn's week for Astrid's
		t.Fatal(err)
	}
	want := []string{"Mon 2026-11-02 00:00 CET ASTRID", "Mon 2026-11-09 00:00 CET ASTRID", "Mon 2026-11-16 00:00 CET CHLOE",
		"Mon 2026-11-23 00:00 CET BJORN", "Mon 2026-11-30 00:00 CET BJORN"}
	if diff := cmp.Diff(want, turns(t, r, utc("2026-11-02"), utc("2026-12-01"))); diff != "" {
		t.Fatalf("after the swap (-want +got):\n%s", diff)
	}
	// Swapping back restores the rotation.
	if err := r.Swap(w(9), w(23)); err != nil {
		t.Fatal(err)
	}
	if got := turns(t, r, utc("2026-11-09"), utc("2026-11-10")); got[0] != "Mon 2026-11-09 00:00 CET BJORN" {
		t.Fatalf("after swapping back: %v", got)
	}

	before := fmt.Sprint(r.Handovers)
	for _, tt := range []struct {
		name    string
		r       *calendar.Routine
		a, b    time.Time
		wantErr string
	}{
		{"same person", r, w(2), w(2).AddDate(0, 0, 21), "already the same person's"},
		{"no such turn", r, w(3), w(9), "has no turn starting Tue 3 Nov 2026"},
		{"no such other turn", r, w(9), w(10), "has no turn starting Tue 10 Nov 2026"},
		{"not a rota", &calendar.Routine{Name: "Weekly numbers", Kind: calendar.RoutineMeeting}, w(2), w(9), "only rota turns can be swapped"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.r.Swap(tt.a, tt.b)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			if got := fmt.Sprint(r.Handovers); got != before {
				t.Fatalf("a refused swap changed the handovers: %s", got)
			}
		})
	}
}

func TestRoutineValidate(t *testing.T) {
	tests := []struct {
		name    string
		change  func(r *calendar.Routine)
		wantErr string
	}{
		{"no members", func(r *calendar.Routine) { r.Members = nil }, "needs at least one member"},
		{"stranger", func(r *calendar.Routine) { r.Members[1] = "01NOBODY" }, "Member 2 of the rota is not on the team."},
		{"twice", func(r *calendar.Routine) { r.Members[2] = r.Members[0] }, "in the rota twice"},
		{"no rule", func(r *calendar.Routine) { r.Rule = "" }, "Repeat rule is required"},
		{"bad rule", func(r *calendar.Routine) { r.Rule = "FREQ=SOMETIMES" }, "repeat rule"},
		{"no start", func(r *calendar.Routine) { r.Start = time.Time{} }, "Start is required."},
		{"unknown kind", func(r *calendar.Routine) { r.Kind = "party" }, `Kind "party" is not meeting or rota.`},
		{"too long", func(r *calendar.Routine) { r.Duration = 15 * 24 * time.Hour }, "at most 14 days"},
		{"unknown zone", func(r *calendar.Routine) { r.TimeZone = "Europe/Atlantis" }, "Atlantis"},
		{"handed to a stranger", func(r *calendar.Routine) {
			r.Handovers = []calendar.Handover{{Original: r.Start, Member: "01NOBODY"}}
		}, "not on the team"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rota(calendar.Wall(2026, 11, 2, 0, 0, 0), "FREQ=WEEKLY;BYDAY=MO", true, 7*24*time.Hour)
			tt.change(r)
			err := r.Validate(trio)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestRoutineTemplates(t *testing.T) {
	monday := calendar.Wall(2026, 11, 23, 0, 0, 0)
	ids := []calendar.ID{"01ASTRID", "01BJORN", "01CHLOE"}
	for name, rs := range calendar.RoutineTemplates(monday, cph, ids) {
		for _, r := range rs {
			if err := r.Validate(trio); err != nil {
				t.Errorf("template %s (%s): %v", name, r.Name, err)
			}
		}
	}
	split := calendar.RoutineTemplates(monday, cph, ids)["rota-split"]
	days, ends := turns(t, &split[0], utc("2026-11-23"), utc("2026-11-29")), turns(t, &split[1], utc("2026-11-23"), utc("2026-11-29"))
	if len(days) != 1 || len(ends) != 1 || days[0][len(days[0])-6:] == ends[0][len(ends[0])-6:] {
		t.Fatalf("weekdays %v, weekend %v: want one turn each, two people", days, ends)
	}
	meeting := calendar.RoutineTemplates(monday, cph, ids)["results-meeting"][0]
	got := turns(t, &meeting, utc("2026-12-01"), utc("2027-03-01"))
	want := []string{"Mon 2026-12-07 10:00 CET ", "Mon 2027-01-04 10:00 CET ", "Mon 2027-02-01 10:00 CET "}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("first Mondays (-want +got):\n%s", diff)
	}
}

func TestRoutinesInFeeds(t *testing.T) {
	r := rota(calendar.Wall(2026, 11, 2, 0, 0, 0), "FREQ=WEEKLY;BYDAY=MO", true, 7*24*time.Hour)
	meeting := &calendar.Routine{ID: "01MEET", Name: "Weekly numbers", Kind: calendar.RoutineMeeting, Start: calendar.Wall(2026, 11, 2, 9, 0, 0),
		TimeZone: cph, Rule: "FREQ=WEEKLY;BYDAY=MO"}
	name := func(id calendar.ID) string { return trio[id].Name }
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		filter calendar.FeedFilter
		want   []string
	}{
		{"everything", calendar.FeedFilter{}, []string{"Weekly numbers", "Monitoring: Astrid", "Monitoring: Björn", "Monitoring: Chloe"}},
		{"one member's turns", calendar.FeedFilter{Kinds: []calendar.Kind{calendar.KindRota}, Assignees: []calendar.ID{"01BJORN"}}, []string{"Monitoring: Björn"}},
		{"meetings only", calendar.FeedFilter{Kinds: []calendar.Kind{calendar.KindMeeting}}, []string{"Weekly numbers"}},
		{"a campaign's feed", calendar.FeedFilter{Campaigns: []string{"launch"}}, nil},
		{"posts only", calendar.FeedFilter{Kinds: []calendar.Kind{calendar.KindPost}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen := map[string]bool{}
			var got []string
			for _, rt := range []*calendar.Routine{meeting, r} {
				posts, err := rt.FeedPosts(tt.filter, name, now)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range posts {
					if seen[string(p.ID)] {
						t.Fatalf("UID %s twice", p.ID)
					}
					seen[string(p.ID)] = true
					if !containsStr(got, p.Title) {
						got = append(got, p.Title)
					}
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("titles (-want +got):\n%s", diff)
			}
		})
	}
	experiment := &calendar.Post{Experiment: "01EXP"}
	if (calendar.FeedFilter{Kinds: []calendar.Kind{calendar.KindPost}}).Matches(experiment) ||
		!(calendar.FeedFilter{Kinds: []calendar.Kind{calendar.KindExperiment}}).Matches(experiment) {
		t.Error("an experiment's post is not matched by kind")
	}
}

func containsStr(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestChangingARotasMembersKeepsPastTurns(t *testing.T) {
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	r := &calendar.Routine{ID: "R", Name: "Comments", Kind: calendar.RoutineRota, Start: calendar.Wall(2026, 10, 5, 9, 0, 0),
		TimeZone: "Europe/Copenhagen", Duration: time.Hour, Rule: "FREQ=WEEKLY;BYDAY=MO", Members: []calendar.ID{"A", "B", "C"}}
	whose := func() string {
		turns, err := r.Turns(time.Date(2026, 10, 1, 0, 0, 0, 0, cph), time.Date(2026, 12, 20, 0, 0, 0, 0, cph))
		if err != nil {
			t.Fatal(err)
		}
		var s string
		for _, tn := range turns {
			s += string(tn.Member)
		}
		return s
	}
	if got := whose(); got != "ABCABCABCAB" {
		t.Fatalf("turns = %s", got)
	}
	// On Wednesday 11 November the team becomes D and A: the six turns
	// taken stay, the next Monday is D's.
	if err := r.ChangeMembers([]calendar.ID{"D", "A"}, time.Date(2026, 11, 11, 12, 0, 0, 0, cph)); err != nil {
		t.Fatal(err)
	}
	if got := whose(); got != "ABCABC"+"DADAD" {
		t.Fatalf("after the first change: %s", got)
	}
	// During the turn of 30 November (D's, under way at 09:30) it becomes
	// B alone: that turn stays D's.
	if err := r.ChangeMembers([]calendar.ID{"B"}, time.Date(2026, 11, 30, 9, 30, 0, 0, cph)); err != nil {
		t.Fatal(err)
	}
	if got := whose(); got != "ABCABC"+"DAD"+"BB" {
		t.Fatalf("after the second change: %s", got)
	}
	// A rota that has not started yet simply takes the new list.
	fresh := *r
	fresh.Rotations, fresh.From, fresh.Members = nil, 0, []calendar.ID{"A", "B"}
	if err := fresh.ChangeMembers([]calendar.ID{"C", "A"}, time.Date(2026, 9, 1, 0, 0, 0, 0, cph)); err != nil {
		t.Fatal(err)
	}
	if len(fresh.Rotations) != 0 || fresh.Members[0] != "C" {
		t.Fatalf("before the first turn: %+v", fresh)
	}
}
