package ics_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
	"postplan/calendar/ics"
)

// copenhagen is Europe/Copenhagen's VTIMEZONE as calendar apps write it.
const copenhagen = "BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n" +
	"BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n" +
	"TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"

// TestSeriesStartingInUTCKeepTheirUTCTime: a series whose DTSTART is in UTC
// recurs at the same UTC time (RFC 5545 3.3.5), so from the last Sunday of
// March it is an hour later on a Copenhagen clock. 300 random series, half
// starting in UTC and half with a TZID, with EXDATEs, are imported and
// exported again; recurring-ical-events (on python-dateutil) expands the
// file and our export, and they must agree, and agree with our own
// expansion of what was imported.
func TestSeriesStartingInUTCKeepTheirUTCTime(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 26))
	days := []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example Corp//Calendar 1.0//EN\r\n" + copenhagen)
	// The case the report gave: Sunday 1 March 2026 17:45 UTC, weekly.
	b.WriteString("BEGIN:VEVENT\r\nUID:utc-weekly@example.com\r\nDTSTAMP:20260201T000000Z\r\nDTSTART:20260301T174500Z\r\n" +
		"DTEND:20260301T181500Z\r\nRRULE:FREQ=WEEKLY;COUNT=10\r\nSUMMARY:utc weekly\r\nEND:VEVENT\r\n")
	utc := 0
	for i := range 300 {
		start := time.Date(2026, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), []int{0, 15, 30, 45}[rng.IntN(4)], 0, 0, time.UTC)
		// Each start is one of its rule's dates: for a start that is not,
		// RFC 5545 leaves the set undefined, and the oracles differ
		// (recurring-ical-events adds the start, ical.js and dateutil's
		// rrule do not).
		var rule string
		switch rng.IntN(4) {
		case 0:
			rule = fmt.Sprintf("FREQ=DAILY;INTERVAL=%d", 1+rng.IntN(3))
		case 1:
			rule = fmt.Sprintf("FREQ=WEEKLY;BYDAY=%s,%s", days[(int(start.Weekday())+6)%7], days[rng.IntN(7)])
		case 2:
			n := 1 + rng.IntN(3)
			start = time.Date(start.Year(), start.Month(), 1, start.Hour(), start.Minute(), 0, 0, time.UTC)
			wd := time.Weekday(rng.IntN(7))
			for start.Weekday() != wd {
				start = start.AddDate(0, 0, 1)
			}
			start = start.AddDate(0, 0, 7*(n-1))
			rule = fmt.Sprintf("FREQ=MONTHLY;BYDAY=%d%s", n, days[(int(start.Weekday())+6)%7])
		default:
			rule = "FREQ=WEEKLY"
		}
		switch rng.IntN(3) {
		case 0:
			rule += fmt.Sprintf(";COUNT=%d", 5+rng.IntN(60))
		case 1:
			rule += ";UNTIL=" + start.AddDate(0, 2+rng.IntN(12), 0).Format("20060102T150405Z")
		}
		inUTC := i%2 == 0
		if !inUTC && start.Hour() == 2 {
			// 02:00-02:59 is in Copenhagen's DST gap or overlap twice a
			// year; Postplan takes the first of two times, as dateutil,
			// and recurring-ical-events the second.
			// TestExpansionMatchesDateutil judges those hours.
			start = start.Add(time.Hour)
		}
		dtstart := "DTSTART;TZID=Europe/Copenhagen:" + start.Format("20060102T150405")
		exFormat := "EXDATE;TZID=Europe/Copenhagen:20060102T150405"
		if inUTC {
			utc++
			dtstart = "DTSTART:" + start.Format("20060102T150405Z")
			exFormat = "EXDATE:20060102T150405Z"
		}
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:series-%d@example.com\r\nDTSTAMP:20260201T000000Z\r\n%s\r\nDURATION:PT45M\r\nRRULE:%s\r\n", i, dtstart, rule)
		// EXDATEs on dates the rule may or may not give, the same time of day.
		for range rng.IntN(3) {
			b.WriteString(start.AddDate(0, 0, 1+rng.IntN(120)).Format(exFormat) + "\r\n")
		}
		fmt.Fprintf(&b, "SUMMARY:series %d\r\nEND:VEVENT\r\n", i)
	}
	b.WriteString("END:VCALENDAR\r\n")

	dir := t.TempDir()
	original := filepath.Join(dir, "original.ics")
	if err := os.WriteFile(original, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	imp, err := ics.Read(strings.NewReader(b.String()), ics.ReadOptions{Now: stamp, Zone: "Europe/Copenhagen"})
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Problems) > 0 {
		t.Fatalf("import notes: %v", imp.Problems)
	}
	zones := map[string]int{}
	for _, p := range imp.Plan.Posts {
		zones[p.TimeZone]++
	}
	if zones["UTC"] != utc+1 {
		t.Errorf("%d series were imported in UTC, want the %d that start in UTC (zones: %v)", zones["UTC"], utc+1, zones)
	}
	exported := filepath.Join(dir, "exported.ics")
	if err := os.WriteFile(exported, render(t, feedOf(imp.Plan), imp.Plan.Posts, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	from, to := "2026-01-01T00:00:00Z", "2028-06-01T00:00:00Z"
	saved := [2]string{corpusFrom, corpusTo}
	corpusFrom, corpusTo = from, to
	defer func() { corpusFrom, corpusTo = saved[0], saved[1] }()
	want := expand(t, "", corpusZone, original)
	got := expand(t, "", corpusZone, exported)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("recurring-ical-events expands our export differently from the file (-file +ours):\n%s", diff)
	}
	var ours []listed
	f, _ := time.Parse(time.RFC3339, from)
	u, _ := time.Parse(time.RFC3339, to)
	for _, p := range imp.Plan.Posts {
		occs, err := calendar.Expand(p, f, u)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range occs {
			ours = append(ours, listed{o.Start.UTC().Format("2006-01-02T15:04:05Z"), o.Title()})
		}
	}
	if diff := cmp.Diff(want, withoutOurMarks(ours, nil)); diff != "" {
		t.Errorf("we expand the imported series differently from recurring-ical-events on the file (-file +ours):\n%s", diff)
	}
	// The reported case by itself: 17:45 UTC before and after 29 March.
	var weekly []string
	for _, o := range want {
		if o[1] == "utc weekly" {
			weekly = append(weekly, o[0])
		}
	}
	if len(weekly) != 10 || weekly[4] != "2026-03-29T17:45:00Z" || weekly[9] != "2026-05-03T17:45:00Z" {
		t.Errorf("the UTC weekly series: %v", weekly)
	}
	t.Logf("%d series (%d in UTC), %d occurrences compared", len(imp.Plan.Posts), utc+1, len(want))

}
