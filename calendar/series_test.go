package calendar_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
)

func series(zone string, start time.Time, rule string) *calendar.Post {
	return &calendar.Post{
		ID: "01TEST", Title: "Weekly numbers", Status: calendar.StatusScheduled,
		Start: start, TimeZone: zone, Recurrence: &calendar.Recurrence{Rule: rule},
	}
}

// starts expands p over [from, to) and formats each start in its zone.
func starts(t *testing.T, p *calendar.Post, from, to time.Time) []string {
	t.Helper()
	occs, err := calendar.Expand(p, from, to)
	if err != nil {
		t.Fatalf("Expand: %v", err)
	}
	got := make([]string, len(occs))
	for i, o := range occs {
		got[i] = o.Start.Format("2006-01-02 15:04 MST")
	}
	return got
}

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestExpandRuleForms(t *testing.T) {
	tests := []struct {
		name     string
		zone     string
		start    time.Time
		rule     string
		from, to string
		want     []string
	}{
		{
			name: "weekly Monday 09:00 stays 09:00 across spring DST", zone: "Europe/Copenhagen",
			start: calendar.Wall(2026, 3, 16, 9, 0, 0), rule: "FREQ=WEEKLY;BYDAY=MO",
			from: "2026-03-16", to: "2026-04-07",
			want: []string{"2026-03-16 09:00 CET", "2026-03-23 09:00 CET", "2026-03-30 09:00 CEST", "2026-04-06 09:00 CEST"},
		},
		{
			name: "weekly across autumn DST in Stockholm", zone: "Europe/Stockholm",
			start: calendar.Wall(2026, 10, 19, 9, 0, 0), rule: "FREQ=WEEKLY",
			from: "2026-10-19", to: "2026-11-03",
			want: []string{"2026-10-19 09:00 CEST", "2026-10-26 09:00 CET", "2026-11-02 09:00 CET"},
		},
		{
			name: "daily 02:30 in the spring gap moves forward by the gap", zone: "Europe/Copenhagen",
			start: calendar.Wall(2026, 3, 28, 2, 30, 0), rule: "FREQ=DAILY;COUNT=3",
			from: "2026-03-01", to: "2026-04-30",
			want: []string{"2026-03-28 02:30 CET", "2026-03-29 03:30 CEST", "2026-03-30 02:30 CEST"},
		},
		{
			name: "daily 01:30 in the New York overlap means the first", zone: "America/New_York",
			start: calendar.Wall(2026, 10, 31, 1, 30, 0), rule: "FREQ=DAILY;COUNT=3",
			from: "2026-10-01", to: "2026-11-30",
			want: []string{"2026-10-31 01:30 EDT", "2026-11-01 01:30 EDT", "2026-11-02 01:30 EST"},
		},
		{
			name: "first Monday of the month", zone: "Europe/Copenhagen",
			start: calendar.Wall(2026, 1, 5, 10, 0, 0), rule: "FREQ=MONTHLY;BYDAY=1MO",
			from: "2026-01-01", to: "2026-05-01",
			want: []string{"2026-01-05 10:00 CET", "2026-02-02 10:00 CET", "2026-03-02 10:00 CET", "2026-04-06 10:00 CEST"},
		},
		{
			name: "last Friday of the month", zone: "Europe/Stockholm",
			start: calendar.Wall(2026, 1, 30, 15, 0, 0), rule: "FREQ=MONTHLY;BYDAY=-1FR;COUNT=4",
			from: "2026-01-01", to: "2027-01-01",
			want: []string{"2026-01-30 15:00 CET", "2026-02-27 15:00 CET", "2026-03-27 15:00 CET", "2026-04-24 15:00 CEST"},
		},
		{
			name: "last weekday of the month with BYSETPOS", zone: "Europe/Copenhagen",
			start: calendar.Wall(2026, 1, 30, 12, 0, 0), rule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3",
			from: "2026-01-01", to: "2027-01-01",
			want: []string{"2026-01-30 12:00 CET", "2026-02-27 12:00 CET", "2026-03-31 12:00 CEST"},
		},
		{
			name: "every 2 weeks on Tue and Thu, 5 times", zone: "Europe/Copenhagen",
			start: calendar.Wall(2026, 9, 1, 10, 0, 0), rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=5",
			from: "2026-09-01", to: "2026-12-01",
			want: []string{"2026-09-01 10:00 CEST", "2026-09-03 10:00 CEST", "2026-09-15 10:00 CEST", "2026-09-17 10:00 CEST", "2026-09-29 10:00 CEST"},
		},
		{
			name: "leap day yearly only in leap years", zone: "UTC",
			start: calendar.Wall(2028, 2, 29, 8, 0, 0), rule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
			from: "2028-01-01", to: "2037-01-01",
			want: []string{"2028-02-29 08:00 UTC", "2032-02-29 08:00 UTC", "2036-02-29 08:00 UTC"},
		},
		{
			name: "monthly on the 31st skips short months", zone: "Europe/Copenhagen",
			start: calendar.Wall(2026, 1, 31, 9, 0, 0), rule: "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3",
			from: "2026-01-01", to: "2027-01-01",
			want: []string{"2026-01-31 09:00 CET", "2026-03-31 09:00 CEST", "2026-05-31 09:00 CEST"},
		},
		{
			name: "UNTIL in UTC is an instant", zone: "Europe/Copenhagen",
			// 08:00Z is 09:00 in Copenhagen in winter: the 5 Jan occurrence is included.
			start: calendar.Wall(2025, 12, 22, 9, 0, 0), rule: "FREQ=WEEKLY;UNTIL=20260105T080000Z",
			from: "2025-12-01", to: "2026-02-01",
			want: []string{"2025-12-22 09:00 CET", "2025-12-29 09:00 CET", "2026-01-05 09:00 CET"},
		},
		{
			name: "UNTIL in UTC one second early excludes", zone: "Europe/Copenhagen",
			start: calendar.Wall(2025, 12, 22, 9, 0, 0), rule: "FREQ=WEEKLY;UNTIL=20260105T075959Z",
			from: "2025-12-01", to: "2026-02-01",
			want: []string{"2025-12-22 09:00 CET", "2025-12-29 09:00 CET"},
		},
		{
			name: "UNTIL as local wall clock", zone: "America/New_York",
			start: calendar.Wall(2026, 3, 2, 9, 0, 0), rule: "FREQ=WEEKLY;UNTIL=20260316T090000",
			from: "2026-03-01", to: "2026-04-01",
			want: []string{"2026-03-02 09:00 EST", "2026-03-09 09:00 EDT", "2026-03-16 09:00 EDT"},
		},
		{
			name: "UNTIL as a date includes that day", zone: "Europe/Copenhagen",
			start: calendar.Wall(2026, 6, 1, 18, 0, 0), rule: "FREQ=DAILY;UNTIL=20260603",
			from: "2026-06-01", to: "2026-07-01",
			want: []string{"2026-06-01 18:00 CEST", "2026-06-02 18:00 CEST", "2026-06-03 18:00 CEST"},
		},
		{
			name: "repeated BYHOUR value gives no duplicate", zone: "Europe/Copenhagen",
			start: calendar.Wall(2026, 6, 1, 9, 0, 0), rule: "FREQ=DAILY;BYHOUR=9,9,15;BYMINUTE=0,0;COUNT=4",
			from: "2026-06-01", to: "2026-07-01",
			want: []string{"2026-06-01 09:00 CEST", "2026-06-01 15:00 CEST", "2026-06-02 09:00 CEST", "2026-06-02 15:00 CEST"},
		},
		{
			name: "window in the middle of a long series", zone: "Europe/Copenhagen",
			start: calendar.Wall(2020, 1, 6, 9, 0, 0), rule: "FREQ=WEEKLY;BYDAY=MO",
			from: "2031-03-24", to: "2031-04-07",
			want: []string{"2031-03-24 09:00 CET", "2031-03-31 09:00 CEST"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := starts(t, series(tt.zone, tt.start, tt.rule), utc(tt.from), utc(tt.to))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("occurrences (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExpandExceptionsAndOverrides(t *testing.T) {
	p := series("Europe/Copenhagen", calendar.Wall(2026, 9, 7, 9, 0, 0), "FREQ=WEEKLY;BYDAY=MO;COUNT=5")
	p.Recurrence.ExDates = []time.Time{calendar.Wall(2026, 9, 14, 9, 0, 0)}
	p.Recurrence.RDates = []time.Time{calendar.Wall(2026, 9, 16, 14, 0, 0), calendar.Wall(2026, 9, 21, 9, 0, 0)} // second is a rule date
	p.Overrides = []calendar.Override{
		{Original: calendar.Wall(2026, 9, 28, 9, 0, 0), Start: calendar.Wall(2026, 9, 29, 11, 0, 0), Title: "Moved to Tuesday"},
		{Original: calendar.Wall(2026, 10, 5, 9, 0, 0), Skipped: true},
	}
	occs, err := calendar.Expand(p, utc("2026-09-01"), utc("2026-11-01"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range occs {
		got = append(got, o.Start.Format("Mon 02 Jan 15:04")+" "+o.Title()+" (orig "+o.Original.Format("02 Jan 15:04")+")")
	}
	want := []string{
		"Mon 07 Sep 09:00 Weekly numbers (orig 07 Sep 09:00)",
		"Wed 16 Sep 14:00 Weekly numbers (orig 16 Sep 14:00)",
		"Mon 21 Sep 09:00 Weekly numbers (orig 21 Sep 09:00)",
		"Tue 29 Sep 11:00 Moved to Tuesday (orig 28 Sep 09:00)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("occurrences (-want +got):\n%s", diff)
	}

	// A window holding only the moved-to day finds the occurrence; the
	// moved-from day is empty.
	if got := starts(t, p, utc("2026-09-29"), utc("2026-09-30")); len(got) != 1 {
		t.Errorf("moved-to day: got %v, want one occurrence", got)
	}
	if got := starts(t, p, utc("2026-09-28"), utc("2026-09-29")); len(got) != 0 {
		t.Errorf("moved-from day: got %v, want none", got)
	}
}

func TestMovedFarAwayOccurrenceIsFound(t *testing.T) {
	// An occurrence years ahead moved into this month must show this month,
	// even though the series has not been computed that far yet.
	p := series("Europe/Copenhagen", calendar.Wall(2026, 1, 5, 9, 0, 0), "FREQ=WEEKLY")
	p.Overrides = []calendar.Override{{Original: calendar.Wall(2033, 1, 3, 9, 0, 0), Start: calendar.Wall(2026, 1, 7, 9, 0, 0)}}
	got := starts(t, p, utc("2026-01-07"), utc("2026-01-08"))
	if diff := cmp.Diff([]string{"2026-01-07 09:00 CET"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := starts(t, p, utc("2033-01-03"), utc("2033-01-04")); len(got) != 0 {
		t.Errorf("the moved-from day still shows %v", got)
	}
}

func TestAllDayAndOverlap(t *testing.T) {
	p := &calendar.Post{Title: "Campaign launch", Status: calendar.StatusReady, TimeZone: "Europe/Copenhagen",
		Start: calendar.Wall(2026, 3, 28, 0, 0, 0), AllDay: true, Duration: 2 * 24 * time.Hour}
	occs, err := calendar.Expand(p, utc("2026-03-29"), utc("2026-03-30"))
	if err != nil || len(occs) != 1 {
		t.Fatalf("a two-day post must overlap its second day: %v %v", occs, err)
	}
	// Across the spring gap the two calendar days are 47 hours long.
	if got := occs[0].End.Sub(occs[0].Start); got != 47*time.Hour {
		t.Errorf("all-day length across DST = %v, want 47h", got)
	}
	if occs, _ := calendar.Expand(p, utc("2026-03-30"), utc("2026-03-31")); len(occs) != 0 {
		t.Errorf("all-day end is exclusive; got %d occurrences on the following day", len(occs))
	}
}

// TestOrdinalWeekdaysAtTheirLimits: the last ordinals RFC 5545 allows
// expand as dateutil does (the 5th Friday where a month has one, the 53rd
// Monday of a year that has 53).
func TestOrdinalWeekdaysAtTheirLimits(t *testing.T) {
	for rule, want := range map[string][]string{
		"FREQ=MONTHLY;BYDAY=5FR":  {"2026-01-30", "2026-05-29", "2026-07-31", "2026-10-30"},
		"FREQ=MONTHLY;BYDAY=-5FR": {"2026-01-02", "2026-05-01", "2026-07-03", "2026-10-02"},
		"FREQ=YEARLY;BYDAY=53MO":  {},
		"FREQ=YEARLY;BYDAY=53TH":  {"2026-12-31"},
	} {
		p := series("Europe/Copenhagen", calendar.Wall(2026, 1, 1, 9, 0, 0), rule)
		occs, err := calendar.Expand(p, utc("2026-01-01"), utc("2027-01-01"))
		if err != nil {
			t.Fatalf("%s: %v", rule, err)
		}
		got := []string{}
		for _, o := range occs {
			got = append(got, o.Start.Format("2006-01-02"))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", rule, got, want)
		}
	}
}

func TestExpandRefusesExplosiveRules(t *testing.T) {
	tests := []struct {
		name, rule, wantMsg string
		from, to            string
	}{
		{"hourly", "FREQ=HOURLY", "at most daily", "2026-01-01", "2026-02-01"},
		{"minutely", "FREQ=MINUTELY;INTERVAL=5", "at most daily", "2026-01-01", "2026-02-01"},
		{"huge count", "FREQ=DAILY;COUNT=100000", "at most 5000 occurrences", "2026-01-01", "2026-02-01"},
		{"window over 10 years", "FREQ=WEEKLY", "at most 10 years", "2026-01-01", "2037-01-02"},
		{"too many in one window", "FREQ=DAILY;BYHOUR=1,5,9,13,17,21", "more than 5000 occurrences", "2026-01-01", "2029-01-01"},
		{"nonsense", "FREQ=FORTNIGHTLY", "not valid", "2026-01-01", "2026-02-01"},
		{"no FREQ", "BYDAY=MO", "not valid", "2026-01-01", "2026-02-01"},
		{"ends before start", "FREQ=DAILY;UNTIL=20250101T000000Z", "ends (1 Jan 2025) before the post starts", "2026-01-01", "2026-02-01"},
		{"own DTSTART", "DTSTART=20260101T000000;FREQ=DAILY", "must not set DTSTART", "2026-01-01", "2026-02-01"},
		// rrule-go indexed past its month table on these and panicked
		// (FuzzRule).
		{"50th Friday of a month", "FREQ=MONTHLY;BYDAY=50FR", "BYDAY 50FR: a weekday's number goes from -5 to 5", "2026-01-01", "2027-01-01"},
		{"6th Monday of March", "FREQ=YEARLY;BYMONTH=3;BYDAY=-6MO", "from -5 to 5", "2026-01-01", "2027-01-01"},
		{"54th Monday of a year", "FREQ=YEARLY;BYDAY=54MO", "from -53 to 53", "2026-01-01", "2027-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := series("Europe/Copenhagen", calendar.Wall(2026, 1, 1, 9, 0, 0), tt.rule)
			_, err := calendar.Expand(p, utc(tt.from), utc(tt.to))
			if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("err = %v, want it to say %q", err, tt.wantMsg)
			}
			if calendar.ErrorCode(err) != calendar.EINVALID {
				t.Errorf("code = %q, want invalid", calendar.ErrorCode(err))
			}
		})
	}
}

// TestSeriesSharedByConcurrentQueries: queries read a Series without its
// lock while others make it compute further ahead; every answer is the
// one a Series of its own gives (go test -race checks the sharing).
func TestSeriesSharedByConcurrentQueries(t *testing.T) {
	p := series("Europe/Copenhagen", calendar.Wall(2026, 3, 2, 9, 30, 0), "FREQ=DAILY;BYDAY=MO,WE,FR")
	p.Overrides = []calendar.Override{{Original: calendar.Wall(2026, 3, 4, 9, 30, 0), Start: calendar.Wall(2026, 3, 4, 14, 0, 0)}}
	shared, err := calendar.NewSeries(p)
	if err != nil {
		t.Fatal(err)
	}
	// Windows far apart, so that later ones lie past what earlier ones
	// computed, each asked by several goroutines at once.
	var windows [][2]time.Time
	for i := range 40 {
		from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*i*i)
		windows = append(windows, [2]time.Time{from, from.AddDate(0, 0, 7)})
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(windows))
	for g := range 4 {
		wg.Go(func() {
			for i := range windows {
				w := windows[(i+g*7)%len(windows)]
				got := shared.Between(nil, w[0], w[1])
				want, err := calendar.Expand(p, w[0], w[1])
				if err != nil {
					errs <- err.Error()
					return
				}
				if len(want) == 0 || !slices.EqualFunc(got, want, func(a, b calendar.Occurrence) bool { return a.Start.Equal(b.Start) && a.End.Equal(b.End) }) {
					errs <- fmt.Sprintf("%s: shared series gave %d occurrences, a fresh one %d", w[0].Format("2006-01-02"), len(got), len(want))
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
