package ics_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
	"postplan/calendar/ics"
)

// A subscribed feed says what is overdue, and recurring-ical-events, as a
// calendar app reads the feed, sees exactly those occurrences marked: a
// daily series' past occurrences in the last 30 days except the one
// published, a past draft, a past all-day post; not a post still to come,
// not an idea.
func TestAFeedMarksWhatIsOverdue(t *testing.T) {
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, cph)
	stamp := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	posts := []*calendar.Post{
		{ID: "S", Title: "Daily tip", Channels: []string{"Instagram"}, Status: calendar.StatusScheduled, TimeZone: "Europe/Copenhagen",
			Start: calendar.Wall(2026, 10, 10, 9, 0, 0), Recurrence: &calendar.Recurrence{Rule: "FREQ=DAILY;COUNT=60"},
			Overrides: []calendar.Override{{Original: calendar.Wall(2026, 11, 23, 9, 0, 0), Status: calendar.StatusPublished},
				{Original: calendar.Wall(2026, 11, 24, 9, 0, 0), Title: "Tuesday's own tip"}}},
		{ID: "D", Title: "Late draft", Status: calendar.StatusDraft, TimeZone: "Europe/Copenhagen", Start: calendar.Wall(2026, 11, 25, 14, 0, 0)},
		{ID: "A", Title: "Fair", Status: calendar.StatusReady, TimeZone: "Europe/Copenhagen", Start: calendar.Wall(2026, 11, 25, 0, 0, 0), AllDay: true},
		{ID: "L", Title: "Launch", Status: calendar.StatusScheduled, TimeZone: "Europe/Copenhagen", Start: calendar.Wall(2026, 11, 26, 11, 30, 0)},
		{ID: "I", Title: "Maybe", Status: calendar.StatusIdea, TimeZone: "Europe/Copenhagen", Start: calendar.Wall(2026, 11, 24, 8, 0, 0)},
	}
	for _, p := range posts {
		p.Created, p.Updated = stamp, stamp
	}
	c := calendar.FeedItems(&calendar.Feed{Name: "Team"}, posts, nil, nil, nil, nil, now)
	// The plan's occurrences in the window, as the store's query gives them.
	wfrom, wto := calendar.OverdueWindow(now)
	var window []calendar.Occurrence
	for _, p := range posts {
		os, err := calendar.Expand(p, wfrom, wto)
		if err != nil {
			t.Fatal(err)
		}
		window = append(window, os...)
	}
	next := c.MarkOverdue(now, window)
	if want := time.Date(2026, 11, 26, 11, 30, 0, 0, cph); !next.Equal(want) {
		t.Errorf("next overdue at %v, want the launch at %v", next, want)
	}
	if posts[0].Title != "Daily tip" || len(posts[0].Overrides) != 2 || posts[1].Title != "Late draft" {
		t.Fatal("marking changed the plan's own posts")
	}
	var buf bytes.Buffer
	if err := ics.WriteContent(&buf, c, nil); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "feed.ics")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	from, to := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	listedAs := func(o calendar.Occurrence, summary string) string {
		if o.Post.AllDay {
			return o.Start.Format(time.DateOnly) + " " + summary
		}
		return o.Start.UTC().Format("2006-01-02T15:04:05Z") + " " + summary
	}
	var want []string
	for _, p := range posts {
		occs, err := calendar.Expand(p, from, to)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range occs {
			title := o.Title()
			if o.Overdue(now) && o.End.After(now.Add(-calendar.DueBack)) {
				title = calendar.OverduePrefix + title
			}
			want = append(want, listedAs(o, ics.Summary(p.Channels, title)))
		}
	}
	var got []string
	for _, l := range expand(t, "", "Europe/Copenhagen", file) {
		got = append(got, l[0]+" "+l[1])
	}
	marked := 0
	for _, g := range got {
		if strings.Contains(g, calendar.OverduePrefix) {
			marked++
		}
	}
	// 30 days back from 26 Nov 10:00: 28 Oct to today's 09:00 is 30 daily
	// occurrences (27 Oct's ended earlier), less the one published; the
	// draft and the fair.
	if marked != 30-1+2 {
		t.Errorf("%d occurrences marked overdue, want 31", marked)
	}
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("recurring-ical-events reads the feed differently (-want +got):\n%s", diff)
	}

	// Imported back (a downloaded copy of the feed), the marks are not
	// titles: by the feed's X-POSTPLAN-OVERDUE, and by its description's
	// footer where a calendar app that re-exports the feed dropped that.
	for _, body := range [][]byte{buf.Bytes(), bytes.ReplaceAll(buf.Bytes(), []byte("X-POSTPLAN-OVERDUE:TRUE\r\n"), nil)} {
		imp, err := ics.Read(bytes.NewReader(body), ics.ReadOptions{Zone: "Europe/Copenhagen", Now: now})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range imp.Plan.Posts {
			i := slices.IndexFunc(posts, func(q *calendar.Post) bool { return q.ID == p.ID })
			if i < 0 {
				t.Errorf("%q came back as a post the plan does not have (%s)", p.Title, p.ID)
				continue
			}
			if m := calendar.Merge(posts[i], p, calendar.KeptByICS); !calendar.SameContent(posts[i], m) {
				t.Errorf("%q read back from the marked feed is not the post:\n%s", posts[i].Title, cmp.Diff(posts[i], m))
			}
		}
	}
}
