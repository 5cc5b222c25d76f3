package calendar_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
)

func TestISOWeeks(t *testing.T) {
	tests := []struct {
		week     string
		monday   string
		prev     string
		next     string
		thursday string // a date in the week, to go back to it with WeekOf
	}{
		{"2026-W01", "2025-12-29", "2025-W52", "2026-W02", "2026-01-01"},
		{"2026-W48", "2026-11-23", "2026-W47", "2026-W49", "2026-11-26"},
		{"2026-W53", "2026-12-28", "2026-W52", "2027-W01", "2026-12-31"},
		{"2027-W01", "2027-01-04", "2026-W53", "2027-W02", "2027-01-07"},
		{"2020-W53", "2020-12-28", "2020-W52", "2021-W01", "2020-12-31"},
		{"2026-W13", "2026-03-23", "2026-W12", "2026-W14", "2026-03-26"},
	}
	loc := zone(t, cph)
	for _, tt := range tests {
		t.Run(tt.week, func(t *testing.T) {
			w, err := calendar.ParseWeek(tt.week)
			if err != nil {
				t.Fatal(err)
			}
			if got := w.Monday(loc).Format("2006-01-02 15:04"); got != tt.monday+" 00:00" {
				t.Errorf("Monday = %s, want %s 00:00", got, tt.monday)
			}
			if got := w.Add(-1).String(); got != tt.prev {
				t.Errorf("previous week = %s, want %s", got, tt.prev)
			}
			if got := w.Add(1).String(); got != tt.next {
				t.Errorf("next week = %s, want %s", got, tt.next)
			}
			if got := calendar.WeekOf(date(tt.thursday)).String(); got != tt.week {
				t.Errorf("WeekOf(%s) = %s", tt.thursday, got)
			}
		})
	}
	for _, bad := range []string{"2025-W53", "2026-W00", "2026-W54", "2026-48", "W48", "2026-W4", "next week", ""} {
		if _, err := calendar.ParseWeek(bad); err == nil || calendar.ErrorField(err) != "week" {
			t.Errorf("ParseWeek(%q) = %v, want an error at week", bad, err)
		}
	}
	// Weeks far from the plan's years would expand endless series to them.
	for _, far := range []string{"9999-W52", "1899-W52", "2201-W01"} {
		if _, err := calendar.ParseWeek(far); !strings.Contains(calendar.ErrorMessage(err), "Weeks from 1900 to 2200 can be shown") {
			t.Errorf("ParseWeek(%q) = %v, want it refused as outside the plan's years", far, err)
		}
	}
	for _, near := range []string{"1900-W02", "2200-W52"} {
		if _, err := calendar.ParseWeek(near); err != nil {
			t.Errorf("ParseWeek(%q) = %v", near, err)
		}
	}
}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// occurrencesOf expands posts over a generous window around the week, as the
// store would hand them over.
func occurrencesOf(t *testing.T, w calendar.Week, posts ...*calendar.Post) []calendar.Occurrence {
	t.Helper()
	from, to := w.Add(-2).Monday(time.UTC), w.Add(2).Monday(time.UTC)
	var out []calendar.Occurrence
	for _, p := range posts {
		occs, err := calendar.Expand(p, from, to)
		if err != nil {
			t.Fatalf("Expand(%s): %v", p.ID, err)
		}
		out = append(out, occs...)
	}
	return out
}

func post(id string, status calendar.Status, start time.Time, channels ...string) *calendar.Post {
	return &calendar.Post{ID: calendar.ID(id), Title: id, Status: status, Start: start, TimeZone: cph, Channels: channels}
}

// week48 is a week in Copenhagen seen on its Wednesday morning.
func week48(t *testing.T) calendar.WeekData {
	t.Helper()
	w := calendar.Week{Year: 2026, Num: 48}
	p1 := post("p1", calendar.StatusPublished, calendar.Wall(2026, 11, 23, 9, 0, 0), "Instagram")
	p1.Tags, p1.Assignee = []string{"jul"}, "01ASTRID"
	p10 := post("p10", calendar.StatusPublished, calendar.Wall(2026, 11, 17, 9, 0, 0), "Instagram")
	p10.Tags = []string{"jul"}
	p7 := post("p7", calendar.StatusScheduled, calendar.Wall(2026, 11, 28, 0, 0, 0))
	p7.AllDay = true
	p9 := post("p9", calendar.StatusScheduled, calendar.Wall(2026, 11, 2, 7, 0, 0), "Facebook")
	p9.Recurrence = &calendar.Recurrence{Rule: "FREQ=WEEKLY;BYDAY=MO"}
	return calendar.WeekData{
		Week: w, Zone: zone(t, cph), Now: time.Date(2026, 11, 25, 10, 0, 0, 0, zone(t, cph)),
		Occurrences: occurrencesOf(t, w,
			p1,
			post("p2", calendar.StatusDraft, calendar.Wall(2026, 11, 24, 12, 0, 0), "Instagram"),
			post("p3", calendar.StatusDraft, calendar.Wall(2026, 11, 25, 18, 0, 0), "Instagram", "Facebook"),
			post("p4", calendar.StatusIdea, calendar.Wall(2026, 11, 26, 8, 0, 0), "Instagram"),
			post("p6", calendar.StatusReady, calendar.Wall(2026, 11, 27, 12, 0, 0), "X"),
			p7,
			post("p8", calendar.StatusCancelled, calendar.Wall(2026, 11, 29, 12, 0, 0), "Facebook"),
			p9, p10,
		),
		Channels: []calendar.Channel{{Name: "Facebook", WeeklyTarget: 3}, {Name: "Instagram", WeeklyTarget: 4},
			{Name: "LinkedIn", WeeklyTarget: 2}, {Name: "X"}, {Name: "TikTok"}},
		Campaigns: []calendar.Campaign{
			{Tag: "jul", Name: "Jul", Colour: "#b91c1c", Starts: date("2026-11-01"), Ends: date("2026-12-24")},
			{Tag: "summer", Name: "Summer", Colour: "#0f766e", Starts: date("2026-06-01"), Ends: date("2026-08-31")},
			{Tag: "brand", Name: "Brand", Colour: "#1d4ed8"},
			{Tag: "launch", Name: "Launch", Colour: "#7c3aed", Starts: date("2026-12-01")},
			{Tag: "bf", Name: "Black Friday", Colour: "#000000", Starts: date("2026-11-27"), Ends: date("2026-11-27")},
		},
		Members: []calendar.Member{{ID: "01ASTRID", Name: "Astrid Holm"}},
	}
}

func TestWeekSummary(t *testing.T) {
	s := calendar.Summarize(week48(t))
	if got, want := s.Days[0].Format(time.RFC3339), "2026-11-23T00:00:00+01:00"; got != want {
		t.Errorf("Monday = %s, want %s", got, want)
	}
	type row struct {
		Name                  string
		Target, Planned, Last int
		Level                 calendar.Level
		PerDay                [7]int
	}
	var rows []row
	for _, c := range s.Channels {
		r := row{Name: c.Name, Target: c.Target, Planned: c.Planned, Last: c.Last, Level: c.Level}
		for d, ps := range c.Days {
			r.PerDay[d] = len(ps)
		}
		rows = append(rows, r)
	}
	wantRows := []row{
		{"Facebook", 3, 2, 1, calendar.LevelBelow, [7]int{1, 0, 1, 0, 0, 0, 0}}, // the series and p3; p8 is cancelled
		{"Instagram", 4, 4, 1, calendar.LevelMet, [7]int{1, 1, 1, 1, 0, 0, 0}},  // p3 counts here too
		{"LinkedIn", 2, 0, 0, calendar.LevelZero, [7]int{}},                     // a target and nothing
		{"X", 0, 1, 0, calendar.LevelNoTarget, [7]int{0, 0, 0, 0, 1, 0, 0}},     // no target; TikTok, with neither, is left out
		{calendar.ChannelNone, 0, 1, 0, calendar.LevelNoTarget, [7]int{0, 0, 0, 0, 0, 1, 0}},
	}
	if diff := cmp.Diff(wantRows, rows); diff != "" {
		t.Errorf("channels (-want +got):\n%s", diff)
	}
	if s.Total != 7 || s.Last != 2 {
		t.Errorf("total %d, last week %d; want 7 and 2", s.Total, s.Last)
	}
	wantStatuses := []calendar.StatusCount{
		{Status: calendar.StatusIdea, Count: 1},
		{Status: calendar.StatusDraft, Count: 2, NotReady: 2}, // Tuesday's and today's
		{Status: calendar.StatusReady, Count: 1},
		{Status: calendar.StatusScheduled, Count: 2, Last: 1},
		{Status: calendar.StatusPublished, Count: 1, Last: 1},
		{Status: calendar.StatusCancelled, Count: 1},
	}
	if diff := cmp.Diff(wantStatuses, s.Statuses); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	var notReady []string
	for _, i := range s.NotReady {
		notReady = append(notReady, string(s.Posts[i].Post))
	}
	if diff := cmp.Diff([]string{"p2", "p3"}, notReady); diff != "" {
		t.Errorf("not ready (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{6}, s.EmptyDays); diff != "" { // Sunday has only a cancelled post
		t.Errorf("empty days (-want +got):\n%s", diff)
	}
	var camps []string
	for _, c := range s.Campaigns {
		camps = append(camps, fmt.Sprintf("%s %d/%d", c.Tag, c.Posts, c.Last))
	}
	if diff := cmp.Diff([]string{"jul 1/1", "bf 0/0"}, camps); diff != "" {
		t.Errorf("campaigns (-want +got):\n%s", diff)
	}
	if s.Posts[0].Post != "p9" { // 07:00 before p1's 09:00 on Monday
		t.Errorf("posts are not by start: the first is %s", s.Posts[0].Post)
	}
	first := s.Posts[1]
	if first.Post != "p1" || first.Colour != "#b91c1c" || first.Assignee != "Astrid Holm" || first.Day != 0 || first.Campaign != "jul" {
		t.Errorf("first post = %+v", first)
	}
}

func TestWeekSummaryFiltered(t *testing.T) {
	d := week48(t)
	d.Filter = calendar.FeedFilter{Channels: []string{"Instagram"}}
	s := calendar.Summarize(d)
	if len(s.Channels) != 1 || s.Channels[0].Name != "Instagram" || s.Total != 4 {
		t.Errorf("an Instagram filter gives %d rows and %d posts: %+v", len(s.Channels), s.Total, s.Channels)
	}
	d.Filter = calendar.FeedFilter{Campaigns: []string{"bf"}}
	s = calendar.Summarize(d)
	if s.Total != 0 || len(s.Campaigns) != 1 || len(s.EmptyDays) != 7 {
		t.Errorf("a campaign with nothing planned: total %d, campaigns %+v, empty days %v", s.Total, s.Campaigns, s.EmptyDays)
	}
}

func TestWeekDays(t *testing.T) {
	ny := func(id string, start time.Time) *calendar.Post {
		p := post(id, calendar.StatusReady, start, "X")
		p.TimeZone = "America/New_York"
		return p
	}
	allDay := func(id, tz string, start time.Time) *calendar.Post {
		p := post(id, calendar.StatusReady, start, "X")
		p.AllDay, p.TimeZone = true, tz
		return p
	}
	tests := []struct {
		name  string
		week  calendar.Week
		posts []*calendar.Post
		want  map[string]int // post -> day; missing means not in the week
	}{
		{"winter time begins on the week's Sunday", calendar.Week{Year: 2026, Num: 43}, []*calendar.Post{
			post("sun-late", calendar.StatusReady, calendar.Wall(2026, 10, 25, 23, 30, 0)),
			post("sun-twice", calendar.StatusReady, calendar.Wall(2026, 10, 25, 2, 30, 0)),
			post("mon-after", calendar.StatusReady, calendar.Wall(2026, 10, 26, 0, 15, 0)),
			post("mon-first", calendar.StatusReady, calendar.Wall(2026, 10, 19, 0, 0, 0)),
		}, map[string]int{"sun-late": 6, "sun-twice": 6, "mon-first": 0}},
		{"summer time begins on the week's Sunday", calendar.Week{Year: 2026, Num: 13}, []*calendar.Post{
			post("in-the-gap", calendar.StatusReady, calendar.Wall(2026, 3, 29, 2, 30, 0)),
			post("sun-late", calendar.StatusReady, calendar.Wall(2026, 3, 29, 23, 59, 0)),
		}, map[string]int{"in-the-gap": 6, "sun-late": 6}},
		{"the week of new year", calendar.Week{Year: 2026, Num: 53}, []*calendar.Post{
			post("thu", calendar.StatusReady, calendar.Wall(2026, 12, 31, 12, 0, 0)),
			post("fri", calendar.StatusReady, calendar.Wall(2027, 1, 1, 12, 0, 0)),
			post("sun", calendar.StatusReady, calendar.Wall(2027, 1, 3, 12, 0, 0)),
			post("next-mon", calendar.StatusReady, calendar.Wall(2027, 1, 4, 0, 0, 0)),
		}, map[string]int{"thu": 3, "fri": 4, "sun": 6}},
		{"week 1 begins in December", calendar.Week{Year: 2026, Num: 1}, []*calendar.Post{
			post("mon", calendar.StatusReady, calendar.Wall(2025, 12, 29, 9, 0, 0)),
			post("sun-before", calendar.StatusReady, calendar.Wall(2025, 12, 28, 23, 0, 0)),
		}, map[string]int{"mon": 0}},
		{"other zones: the reader's days, an all-day post's own date", calendar.Week{Year: 2026, Num: 48}, []*calendar.Post{
			ny("ny-sun-evening", calendar.Wall(2026, 11, 29, 20, 0, 0)), // Monday 02:00 in Copenhagen: next week
			ny("ny-sun-morning", calendar.Wall(2026, 11, 29, 9, 0, 0)),
			allDay("la-sunday", "America/Los_Angeles", calendar.Wall(2026, 11, 29, 0, 0, 0)),
			allDay("tokyo-monday", "Asia/Tokyo", calendar.Wall(2026, 11, 23, 0, 0, 0)),
		}, map[string]int{"ny-sun-morning": 6, "la-sunday": 6, "tokyo-monday": 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := calendar.Summarize(calendar.WeekData{Week: tt.week, Zone: zone(t, cph), Now: date("2020-01-01"),
				Occurrences: occurrencesOf(t, tt.week, tt.posts...)})
			got := map[string]int{}
			for _, p := range s.Posts {
				got[string(p.Post)] = p.Day
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("days (-want +got):\n%s", diff)
			}
			if n := len(s.Days); n != 7 || s.Days[6].Sub(s.Days[0]) < 143*time.Hour {
				t.Errorf("days = %v", s.Days)
			}
		})
	}
}

func TestWeekExperiments(t *testing.T) {
	p := sixThursdays()
	e, posts := oneArm(p)
	loc := zone(t, cph)
	e.Results = []calendar.Result{{Post: p.ID, Original: calendar.Wall(2026, 10, 1, 15, 0, 0), Value: 14},
		{Post: p.ID, Original: calendar.Wall(2026, 10, 8, 15, 0, 0), Value: 18}}
	ended := *e
	ended.ID, ended.Name, ended.State = "01ENDED", "Ended", calendar.ExperimentDropped
	planned := *e
	planned.ID, planned.Name, planned.State, planned.Results = "01PLANNED", "Planned", calendar.ExperimentPlanned, nil
	tests := []struct {
		name   string
		week   calendar.Week
		now    time.Time
		filter calendar.FeedFilter
		want   []string
	}{
		{"the week of the fourth Thursday", calendar.Week{Year: 2026, Num: 43}, time.Date(2026, 10, 20, 9, 0, 0, 0, loc), calendar.FeedFilter{},
			[]string{"BTS Thursdays running 1 this week, next Thu 22 Oct 15:00 CEST, 2 results, mean 16", "Planned planned 1 this week, next Thu 22 Oct 15:00 CEST, 0 results, mean 0"}},
		{"after the last: running still shows, planned does not", calendar.Week{Year: 2026, Num: 47}, time.Date(2026, 11, 16, 9, 0, 0, 0, loc), calendar.FeedFilter{},
			[]string{"BTS Thursdays running 0 this week, next none, 2 results, mean 16"}},
		{"a feed without experiments", calendar.Week{Year: 2026, Num: 43}, time.Date(2026, 10, 20, 9, 0, 0, 0, loc),
			calendar.FeedFilter{Kinds: []calendar.Kind{calendar.KindPost}}, nil},
		{"a feed of another channel", calendar.Week{Year: 2026, Num: 43}, time.Date(2026, 10, 20, 9, 0, 0, 0, loc),
			calendar.FeedFilter{Channels: []string{"LinkedIn"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := calendar.Summarize(calendar.WeekData{Week: tt.week, Zone: loc, Now: tt.now, Filter: tt.filter,
				Experiments: []calendar.Experiment{*e, ended, planned}, Posts: posts})
			var got []string
			for _, x := range s.Experiments {
				next := "none"
				if !x.Next.IsZero() {
					next = x.Next.In(loc).Format("Mon 2 Jan 15:04 MST")
				}
				got = append(got, fmt.Sprintf("%s %s %d this week, next %s, %d results, mean %g", x.Name, x.State, x.ThisWeek, next, x.Results, x.Arms[0].Mean))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("experiments (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWeekDuties(t *testing.T) {
	r := rota(calendar.Wall(2026, 10, 5, 0, 0, 0), "FREQ=WEEKLY;BYDAY=MO", true, 7*24*time.Hour)
	split := rota(calendar.Wall(2026, 10, 5, 0, 0, 0), "FREQ=WEEKLY;BYDAY=SA", true, 2*24*time.Hour)
	split.ID, split.Name = "01WEEKEND", "Weekend"
	meeting := &calendar.Routine{ID: "01MEET", Name: "Weekly numbers", Kind: calendar.RoutineMeeting, Start: calendar.Wall(2026, 1, 5, 9, 0, 0),
		TimeZone: cph, Duration: 30 * time.Minute, Rule: "FREQ=WEEKLY;BYDAY=MO"}
	members := []calendar.Member{{ID: "01ASTRID", Name: "Astrid"}, {ID: "01BJORN", Name: "Björn"}, {ID: "01CHLOE", Name: "Chloe"}}
	loc := zone(t, cph)
	tests := []struct {
		name     string
		zone     *time.Location
		filter   calendar.FeedFilter
		duties   []string
		meetings []string
	}{
		{"everyone", loc, calendar.FeedFilter{}, []string{"Mon 23 Nov Monitoring Björn", "Sat 28 Nov Weekend Björn"}, []string{"Mon 23 Nov Weekly numbers "}},
		{"Astrid's", loc, calendar.FeedFilter{Assignees: []calendar.ID{"01ASTRID"}}, nil, nil},
		{"Björn's", loc, calendar.FeedFilter{Assignees: []calendar.ID{"01BJORN"}}, []string{"Mon 23 Nov Monitoring Björn", "Sat 28 Nov Weekend Björn"}, nil},
		{"only meetings", loc, calendar.FeedFilter{Kinds: []calendar.Kind{calendar.KindMeeting}}, nil, []string{"Mon 23 Nov Weekly numbers "}},
		// The rota's all-day weeks are Copenhagen dates; read in London the
		// next turn starts an hour before the week ends, and is still next
		// week's.
		{"a reader in another zone", zone(t, "Europe/London"), calendar.FeedFilter{},
			[]string{"Mon 23 Nov Monitoring Björn", "Sat 28 Nov Weekend Björn"}, []string{"Mon 23 Nov Weekly numbers "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := calendar.Summarize(calendar.WeekData{Week: calendar.Week{Year: 2026, Num: 48}, Zone: tt.zone, Now: date("2026-11-23"),
				Members: members, Routines: []calendar.Routine{*meeting, *split, *r}, Filter: tt.filter})
			list := func(ds []calendar.Duty) []string {
				var out []string
				for _, d := range ds {
					out = append(out, d.Start.In(loc).Format("Mon 2 Jan")+" "+d.Name+" "+d.Who)
				}
				return out
			}
			if diff := cmp.Diff(tt.duties, list(s.Duties)); diff != "" {
				t.Errorf("duties (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.meetings, list(s.Meetings)); diff != "" {
				t.Errorf("meetings (-want +got):\n%s", diff)
			}
		})
	}
}
