package ics_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
	"postplan/calendar/ics"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var stamp = time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC)

// edgePlan holds what feeds get wrong: DST weeks, a time in the spring gap,
// all-day posts and series, moved, edited and skipped occurrences, UNTIL in
// local time, text that needs escaping and folding.
func edgePlan() ([]*calendar.Post, ics.Feed) {
	cph, sto, nyc := "Europe/Copenhagen", "Europe/Stockholm", "America/New_York"
	long := strings.Repeat("Vi glæder os til at se jer på messen – kom forbi standen og få en kop kaffe ☕️ og en snak om efterårets nyheder. ", 4)
	posts := []*calendar.Post{
		{ID: "01EDGE00WEEKLY", Title: "Ugens tal", Channels: []string{"LinkedIn"}, Start: calendar.Wall(2026, 3, 16, 9, 0, 0),
			TimeZone: cph, Status: calendar.StatusScheduled, Assignee: "01ASTRID", Tags: []string{"spring"},
			Recurrence: &calendar.Recurrence{Rule: "FREQ=WEEKLY;BYDAY=MO", ExDates: []time.Time{calendar.Wall(2026, 4, 6, 9, 0, 0)}},
			Overrides: []calendar.Override{
				{Original: calendar.Wall(2026, 3, 30, 9, 0, 0), Start: calendar.Wall(2026, 3, 31, 14, 30, 0), Title: "Ugens tal (flyttet)"},
				{Original: calendar.Wall(2026, 4, 13, 9, 0, 0), Title: "Ugens tal – påskeudgave", Status: calendar.StatusDraft},
				{Original: calendar.Wall(2026, 10, 26, 9, 0, 0), Skipped: true},
			}},
		{ID: "01EDGE00GAP", Title: "Nattepost", Channels: []string{"X"}, Start: calendar.Wall(2026, 3, 27, 2, 30, 0), TimeZone: cph,
			Status: calendar.StatusReady, Recurrence: &calendar.Recurrence{Rule: "FREQ=DAILY;COUNT=5"}},
		{ID: "01EDGE00FAIR", Title: "Messe i Bella Center", Body: long, Channels: []string{"Instagram", "LinkedIn"},
			Start: calendar.Wall(2026, 3, 27, 0, 0, 0), AllDay: true, Duration: 3 * 24 * time.Hour, TimeZone: cph, Status: calendar.StatusScheduled},
		{ID: "01EDGE00ALLDAYSERIES", Title: "Fredagsbar 🍻", Channels: []string{"Instagram"}, Start: calendar.Wall(2026, 10, 2, 0, 0, 0),
			AllDay: true, TimeZone: sto, Status: calendar.StatusIdea, Recurrence: &calendar.Recurrence{Rule: "FREQ=WEEKLY;UNTIL=20261106"}},
		{ID: "01EDGE00NYC", Title: "US webinar", Channels: []string{"YouTube", "Podcast"}, Start: calendar.Wall(2026, 10, 20, 12, 0, 0),
			Duration: 90 * time.Minute, TimeZone: nyc, Status: calendar.StatusPublished,
			Recurrence: &calendar.Recurrence{Rule: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261110T120000"}, Link: "https://example.com/webinar?a=1&b=2"},
		{ID: "01EDGE00LASTFRIDAY", Title: "Månadens resultat", Channels: []string{"Newsletter"}, Start: calendar.Wall(2026, 1, 30, 15, 0, 0),
			TimeZone: sto, Status: calendar.StatusScheduled, Recurrence: &calendar.Recurrence{Rule: "FREQ=MONTHLY;BYDAY=-1FR;COUNT=14"}},
		{ID: "01EDGE00ESCAPE", Title: `Tilbud; 2 for 1, kun i dag \ i morgen`, Body: "Linje 1\nLinje 2; med, tegn", Notes: "intern note",
			Channels: []string{"Facebook"}, Start: calendar.Wall(2026, 11, 1, 1, 30, 0), TimeZone: nyc, Status: calendar.StatusCancelled},
		// Morocco changes its offset around Ramadan, on dates no yearly rule
		// gives: its VTIMEZONE must list each change.
		{ID: "01EDGE00CASABLANCA", Title: "Souk update", Channels: []string{"Instagram"}, Start: calendar.Wall(2026, 1, 6, 10, 0, 0),
			TimeZone: "Africa/Casablanca", Status: calendar.StatusScheduled, Recurrence: &calendar.Recurrence{Rule: "FREQ=WEEKLY;COUNT=30"}},
		{ID: "01EDGE00IDEA", Title: "Idé uden dato", Channels: []string{"Instagram"}, Status: calendar.StatusIdea},
	}
	for _, p := range posts {
		p.Created, p.Updated, p.Sequence = stamp, stamp, 2
	}
	f := ics.Feed{Name: "Postplan – alt", Colour: "teal",
		Campaigns: map[string]calendar.Campaign{"spring": {Tag: "spring", Name: "Forår, 2026"}},
		Members:   map[calendar.ID]calendar.Member{"01ASTRID": {Name: "Astrid Nielsen"}}}
	return posts, f
}

func render(t testing.TB, f ics.Feed, posts []*calendar.Post, tombs []calendar.Tombstone) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := ics.Write(&buf, f, posts, tombs); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGoldenEdgeCases(t *testing.T) {
	posts, f := edgePlan()
	gone := &calendar.Post{ID: "01EDGE00DELETED", Title: "Slettet opslag", Channels: []string{"X"}, Start: calendar.Wall(2026, 5, 5, 10, 0, 0),
		TimeZone: "Europe/Copenhagen", Status: calendar.StatusDraft, Created: stamp, Updated: stamp, Sequence: 3}
	got := render(t, f, posts, []calendar.Tombstone{{Post: gone, Deleted: stamp.Add(time.Hour)}})
	golden := filepath.Join("testdata", "edge.ics")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("feed differs from %s (-want +got):\n%s", golden, diff)
	}
}

func TestContentLines(t *testing.T) {
	posts, f := edgePlan()
	out := string(render(t, f, posts, nil))
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Error("every line must end in CRLF and no bare LF may appear")
	}
	for i, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, l)
		}
	}
	for _, want := range []string{
		`SUMMARY:[FB] Tilbud\; 2 for 1\, kun i dag \\ i morgen`,
		`DESCRIPTION:Linje 1\nLinje 2\; med\, tegn\n\nChannels: Facebook\nStatus: ca`,
		"CATEGORIES:Forår\\, 2026,LinkedIn",
		"DTSTART;VALUE=DATE:20260327", "DTEND;VALUE=DATE:20260330",
		"RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20261110T170000Z", // 12:00 EST
		"RRULE:FREQ=WEEKLY;UNTIL=20261106",                  // all-day keeps a date
		"EXDATE;TZID=Europe/Copenhagen:20260406T090000",
		"EXDATE;TZID=Europe/Copenhagen:20261026T090000", // the skipped override
		"RECURRENCE-ID;TZID=Europe/Copenhagen:20260330T090000",
		"STATUS:CANCELLED", "STATUS:TENTATIVE", "STATUS:CONFIRMED", "METHOD:PUBLISH",
		"REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H", "COLOR:teal", "X-WR-TIMEZONE:Europe/Copenhagen",
		"TZID:America/New_York", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("feed lacks %q", want)
		}
	}
	if strings.Contains(out, "Idé uden dato") {
		t.Error("an undated idea has no place in a calendar feed")
	}
	if n := strings.Count(out, "BEGIN:VTIMEZONE"); n != 4 {
		t.Errorf("%d VTIMEZONEs, want one per zone used (4)", n)
	}
}

func TestTitlesOnlyLeavesTextOut(t *testing.T) {
	posts, f := edgePlan()
	f.TitlesOnly = true
	out := string(render(t, f, posts, nil))
	for _, secret := range []string{"Linje 1", "intern note", "kom forbi standen", "URL:", "example.com"} {
		if strings.Contains(out, secret) {
			t.Errorf("a titles-only feed contains %q", secret)
		}
	}
	if !strings.Contains(out, "SUMMARY:[IG LI] Messe i Bella Center") {
		t.Error("a titles-only feed must keep titles")
	}
}

// occurrence is [uid, start, summary] as the interop scripts print them.
type occurrence [3]string

// ours expands the posts as Postplan does, in the scripts' format.
func ours(t *testing.T, posts []*calendar.Post, from, to time.Time) []occurrence {
	t.Helper()
	var out []occurrence
	for _, p := range posts {
		occs, err := calendar.Expand(p, from.AddDate(0, 0, -14), to)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range occs {
			key, at := o.Start.UTC().Format(time.RFC3339), o.Start
			if p.AllDay {
				key = o.Start.Format(time.DateOnly)
				at = time.Date(o.Start.Year(), o.Start.Month(), o.Start.Day(), 0, 0, 0, 0, time.UTC)
			}
			if !at.Before(from) && at.Before(to) {
				out = append(out, occurrence{string(p.ID) + "@postplan", key, ics.Summary(p.Channels, o.Title())})
			}
		}
	}
	slices.SortFunc(out, func(a, b occurrence) int { return strings.Compare(a[1]+a[0], b[1]+b[0]) })
	return out
}

func theirs(t *testing.T, name string, cmd *exec.Cmd) []occurrence {
	t.Helper()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, stderr.String())
	}
	var occs []occurrence
	if err := json.Unmarshal(out, &occs); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return occs
}

// TestOtherParsersExpandOurFeedsAsWeDo has two parsers we did not write read
// our feeds and expand them over two years; they must find the same
// occurrences, at the same instants, with the same titles.
func TestOtherParsersExpandOurFeedsAsWeDo(t *testing.T) {
	edge, f := edgePlan()
	sample := calendar.SamplePlan(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC))
	for i, p := range sample.Posts {
		p.ID, p.Created, p.Updated = calendar.ID(fmt.Sprintf("01SAMPLE%04d", i)), stamp, stamp
	}
	generated := calendar.Generate(calendar.GenerateOptions{Posts: 400, Series: 40, Seed: 5})
	for _, p := range generated.Posts {
		p.Created, p.Updated = stamp, stamp
	}
	// A series whose start is not one of its dates: clients disagree on
	// such sets, so the feed must start at the first real one.
	edge = append(edge, &calendar.Post{ID: "01EDGE00OUTOFSTEP", Title: "Tirsdag og torsdag", Channels: []string{"X"},
		Start: calendar.Wall(2026, 1, 9, 8, 45, 0), TimeZone: "Europe/Copenhagen", Status: calendar.StatusDraft,
		Recurrence: &calendar.Recurrence{Rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=6"}, Created: stamp, Updated: stamp})
	plans := map[string][]*calendar.Post{"edge": edge, "sample": sample.Posts, "generated": generated.Posts}

	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)
	node, python := "node", "/usr/bin/python3"
	script := filepath.Join("..", "..", "frontend", "interop", "icaljs-expand.mjs")
	if _, err := os.Stat(filepath.Join("..", "..", "frontend", "node_modules", "ical.js")); err != nil {
		t.Fatal("ical.js is not installed; `make test` runs npm ci first")
	}
	for name, posts := range plans {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), name+".ics")
			if err := os.WriteFile(file, render(t, f, posts, nil), 0o644); err != nil {
				t.Fatal(err)
			}
			want := ours(t, posts, from, to)
			if len(want) < 10 {
				t.Fatalf("only %d occurrences to compare", len(want))
			}
			args := []string{file, from.Format(time.RFC3339), to.Format(time.RFC3339)}
			for tool, cmd := range map[string]*exec.Cmd{
				"ical.js":                         exec.Command(node, append([]string{script}, args...)...),
				"icalendar+recurring-ical-events": exec.Command(python, append([]string{filepath.Join("testdata", "rie_expand.py")}, args...)...),
			} {
				got := theirs(t, tool, cmd)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s expands the %s feed differently (-ours +%s):\n%s", tool, name, tool, diff)
				} else {
					t.Logf("%s: %d occurrences agree", tool, len(got))
				}
			}
		})
	}
}

func TestCachedWriteEqualsFreshWrite(t *testing.T) {
	posts, f := edgePlan()
	var cache ics.EventCache
	var first, second, fresh bytes.Buffer
	if err := ics.WriteCached(&first, f, posts, nil, &cache); err != nil {
		t.Fatal(err)
	}
	// One post changes; a campaign is renamed: both must show.
	posts[0].Title, posts[0].Updated, posts[0].Sequence = "Ugens tal v2", stamp.Add(time.Hour), 3
	if err := ics.WriteCached(&second, f, posts, nil, &cache); err != nil {
		t.Fatal(err)
	}
	if err := ics.Write(&fresh, f, posts, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(second.Bytes(), fresh.Bytes()) || !strings.Contains(second.String(), "Ugens tal v2") {
		t.Error("a cached write after an edit differs from a fresh one")
	}
	f.Campaigns = map[string]calendar.Campaign{"spring": {Tag: "spring", Name: "Forår 2026 (ny)"}}
	second.Reset()
	if err := ics.WriteCached(&second, f, posts, nil, &cache); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(second.String(), "CATEGORIES:Forår 2026 (ny)") {
		t.Error("a renamed campaign did not reach the cached feed")
	}
}

// A series starting in 2030 or later once made the feed loop for ever: its
// zone's transitions are looked for eleven years ahead, and Go's zone rules
// for 2040 return an end of period equal to the instant asked about.
func TestSeriesBeyondTheZoneTableEnds(t *testing.T) {
	_, f := edgePlan()
	for _, zone := range []string{"Europe/Copenhagen", "America/New_York"} {
		p := &calendar.Post{ID: "01FAR", Title: "Langt ude", Channels: []string{"Blog"}, Start: calendar.Wall(2031, 1, 6, 9, 0, 0),
			TimeZone: zone, Status: calendar.StatusScheduled, Recurrence: &calendar.Recurrence{Rule: "FREQ=WEEKLY;BYDAY=MO"},
			Created: stamp, Updated: stamp}
		done := make(chan error, 1)
		var out strings.Builder
		go func() { done <- ics.Write(&out, f, []*calendar.Post{p}, nil) }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%s: %v", zone, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: the feed of a series starting in 2031 did not finish in 10 s", zone)
		}
		if !strings.Contains(out.String(), "RRULE:FREQ=WEEKLY;BYDAY=MO") || !strings.Contains(out.String(), "TZID:"+zone) {
			t.Errorf("%s: the feed lacks the rule or the zone:\n%s", zone, out.String())
		}
	}
}
