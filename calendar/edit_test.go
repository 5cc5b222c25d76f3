package calendar_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
)

// tuesdays is six Tuesdays at 10:00 in Copenhagen from 6 Oct 2026, across
// the end of summer time.
func tuesdays(rule string) *calendar.Post {
	return series("Europe/Copenhagen", calendar.Wall(2026, 10, 6, 10, 0, 0), rule)
}

func TestEditOccurrence(t *testing.T) {
	from, to := utc("2026-10-01"), utc("2026-12-01")
	third := calendar.Wall(2026, 10, 20, 10, 0, 0)
	tests := []struct {
		name  string
		rule  string
		scope calendar.Scope
		edit  func(p *calendar.Post) // applied to the occurrence of 20 Oct
		want  []string               // the series and its split, together
		split bool
	}{
		{
			name: "this one moves to Wednesday at the same time", rule: "FREQ=WEEKLY;BYDAY=TU;COUNT=6", scope: calendar.ScopeThis,
			edit: func(p *calendar.Post) { p.Start = calendar.Wall(2026, 10, 21, 10, 0, 0) },
			want: []string{"2026-10-06 10:00 CEST", "2026-10-13 10:00 CEST", "2026-10-21 10:00 CEST", "2026-10-27 10:00 CET", "2026-11-03 10:00 CET", "2026-11-10 10:00 CET"},
		},
		{
			name: "all of them move to Wednesday, and the rule with them", rule: "FREQ=WEEKLY;BYDAY=TU;COUNT=6", scope: calendar.ScopeAll,
			edit: func(p *calendar.Post) { p.Start = calendar.Wall(2026, 10, 21, 10, 0, 0) },
			want: []string{"2026-10-07 10:00 CEST", "2026-10-14 10:00 CEST", "2026-10-21 10:00 CEST", "2026-10-28 10:00 CET", "2026-11-04 10:00 CET", "2026-11-11 10:00 CET"},
		},
		{
			name: "this and following with COUNT split the six between two series", rule: "FREQ=WEEKLY;BYDAY=TU;COUNT=6", scope: calendar.ScopeFollowing, split: true,
			edit: func(p *calendar.Post) { p.Start = calendar.Wall(2026, 10, 20, 14, 30, 0) },
			want: []string{"2026-10-06 10:00 CEST", "2026-10-13 10:00 CEST", "2026-10-20 14:30 CEST", "2026-10-27 14:30 CET", "2026-11-03 14:30 CET", "2026-11-10 14:30 CET"},
		},
		{
			name: "this and following without an end end the first series the day before", rule: "FREQ=WEEKLY;BYDAY=TU", scope: calendar.ScopeFollowing, split: true,
			edit: func(p *calendar.Post) { p.Start = calendar.Wall(2026, 10, 22, 10, 0, 0) },
			want: []string{"2026-10-06 10:00 CEST", "2026-10-13 10:00 CEST", "2026-10-22 10:00 CEST", "2026-10-29 10:00 CET", "2026-11-05 10:00 CET", "2026-11-12 10:00 CET", "2026-11-19 10:00 CET", "2026-11-26 10:00 CET"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tuesdays(tt.rule)
			edited := p.Clone()
			tt.edit(edited)
			s, split, err := calendar.EditOccurrence(p, third, edited, tt.scope)
			if err != nil {
				t.Fatal(err)
			}
			if p.Recurrence.Rule != tt.rule || len(p.Overrides) != 0 {
				t.Fatalf("the stored series was changed in place: %+v", p)
			}
			if (split != nil) != tt.split {
				t.Fatalf("split = %v, want one: %v", split, tt.split)
			}
			got := starts(t, s, from, to)
			if split != nil {
				split.ID = "01SPLIT"
				if err := split.Validate(mapLookup{}); err != nil {
					t.Fatalf("split is not valid: %v", err)
				}
				got = append(got, starts(t, split, from, to)...)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("occurrences (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEditThisKeepsOnlyWhatDiffers(t *testing.T) {
	p := tuesdays("FREQ=WEEKLY;BYDAY=TU;COUNT=6")
	third := calendar.Wall(2026, 10, 20, 10, 0, 0)
	edited := p.Clone()
	edited.Start, edited.Title = third, "Numbers, with guest"
	s, _, err := calendar.EditOccurrence(p, third, edited, calendar.ScopeThis)
	if err != nil {
		t.Fatal(err)
	}
	want := []calendar.Override{{Original: third, Title: "Numbers, with guest"}}
	if diff := cmp.Diff(want, s.Overrides); diff != "" {
		t.Errorf("overrides (-want +got):\n%s", diff)
	}
	// Editing it back removes the override rather than keeping an empty one.
	asSeries := p.Clone()
	asSeries.Start = third
	back, _, err := calendar.EditOccurrence(s, third, asSeries, calendar.ScopeThis)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Overrides) != 0 {
		t.Errorf("overrides after editing back = %+v, want none", back.Overrides)
	}
}

func TestNextStarts(t *testing.T) {
	got, err := calendar.NextStarts("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10", calendar.Wall(2026, 10, 20, 9, 0, 0), "Europe/Stockholm", 5)
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, t := range got {
		s = append(s, t.In(time.UTC).Format("Mon 2 Jan 15:04Z"))
	}
	want := []string{"Tue 20 Oct 07:00Z", "Thu 22 Oct 07:00Z", "Tue 3 Nov 08:00Z", "Thu 5 Nov 08:00Z", "Tue 17 Nov 08:00Z"}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("preview (-want +got):\n%s", diff)
	}
	if _, err := calendar.NextStarts("FREQ=FORTNIGHTLY", calendar.Wall(2026, 10, 20, 9, 0, 0), "Europe/Stockholm", 5); calendar.ErrorField(err) != "recurrence.rule" {
		t.Errorf("a bad rule gave %v, want an error at recurrence.rule", err)
	}
}
