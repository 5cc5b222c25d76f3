package calendar_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
)

// dueFixture is a Copenhagen morning: a daily series at 09:00 whose Tuesday
// was published, a one-off at 11:30, an idea, an all-day post yesterday and
// a cancelled post.
func dueFixture(t *testing.T, from, to time.Time) []calendar.Occurrence {
	t.Helper()
	cph := "Europe/Copenhagen"
	posts := []*calendar.Post{
		{ID: "A", Title: "Daily tip", Status: calendar.StatusScheduled, TimeZone: cph, Start: calendar.Wall(2026, 11, 23, 9, 0, 0),
			Recurrence: &calendar.Recurrence{Rule: "FREQ=DAILY"},
			Overrides:  []calendar.Override{{Original: calendar.Wall(2026, 11, 24, 9, 0, 0), Status: calendar.StatusPublished}}},
		{ID: "B", Title: "Launch", Status: calendar.StatusReady, TimeZone: cph, Start: calendar.Wall(2026, 11, 26, 11, 30, 0)},
		{ID: "C", Title: "Maybe", Status: calendar.StatusIdea, TimeZone: cph, Start: calendar.Wall(2026, 11, 26, 8, 0, 0)},
		{ID: "D", Title: "Fair", Status: calendar.StatusDraft, TimeZone: cph, Start: calendar.Wall(2026, 11, 25, 0, 0, 0), AllDay: true},
		{ID: "E", Title: "Dropped", Status: calendar.StatusCancelled, TimeZone: cph, Start: calendar.Wall(2026, 11, 26, 10, 0, 0)},
	}
	return expandAll(t, posts, from, to)
}

// expandAll is the posts' occurrences from from to to, as the store's
// window query gives them to MarkOverdue.
func expandAll(t *testing.T, posts []*calendar.Post, from, to time.Time) []calendar.Occurrence {
	t.Helper()
	var occs []calendar.Occurrence
	for _, p := range posts {
		os, err := calendar.Expand(p, from, to)
		if err != nil {
			t.Fatal(err)
		}
		occs = append(occs, os...)
	}
	return occs
}

func TestOverdueIsAwaitedAndPast(t *testing.T) {
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, cph)
	var got []string
	for _, o := range dueFixture(t, now.AddDate(0, 0, -7), now.AddDate(0, 0, 7)) {
		if o.Overdue(now) {
			got = append(got, string(o.Post.ID)+" "+o.Start.In(cph).Format("02 15:04"))
		}
	}
	want := []string{"A 23 09:00", "A 25 09:00", "A 26 09:00", "D 25 00:00"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("overdue (-want +got):\n%s", diff)
	}
}

func TestRemindersFallInTheirSpan(t *testing.T) {
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	after := time.Date(2026, 11, 26, 8, 55, 0, 0, cph)
	until := time.Date(2026, 11, 26, 11, 30, 0, 0, cph)
	occs := dueFixture(t, after, until.Add(time.Hour))
	rs := calendar.Reminders(occs, 10*time.Minute, after, until)
	var got []string
	for _, r := range rs {
		got = append(got, r.At.In(cph).Format("15:04")+" "+string(r.Occurrence.Post.ID)+" "+r.Before.String())
	}
	// 09:00 at its time; 11:20 ten minutes before the launch and 11:30 at
	// it; the 08:50 reminder of the tip was before the span, the idea and
	// the cancelled post are never reminded.
	want := []string{"09:00 A 0s", "11:20 B 10m0s", "11:30 B 0s"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reminders (-want +got):\n%s", diff)
	}
}

func TestDueListIsTodayAndWhatWasMissed(t *testing.T) {
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, cph)
	from, to := calendar.DueWindow(now, cph)
	var got []string
	for _, o := range calendar.DueList(dueFixture(t, from, to), now, cph) {
		got = append(got, string(o.Post.ID)+" "+o.Start.In(cph).Format("02 15:04"))
	}
	// The published Tuesday is left out, the launch later today is in, and
	// so is today's tip; the idea and the cancelled post are not.
	want := []string{"A 23 09:00", "D 25 00:00", "A 25 09:00", "A 26 09:00", "B 26 11:30"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("due (-want +got):\n%s", diff)
	}
}

// An all-day post is reminded at nine in the morning of its day, in its
// zone, not at midnight.
func TestAnAllDayPostIsRemindedInTheMorning(t *testing.T) {
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	fair := &calendar.Post{ID: "F", Title: "Fair", Status: calendar.StatusReady, TimeZone: "Europe/Copenhagen",
		Start: calendar.Wall(2026, 11, 27, 0, 0, 0), AllDay: true, Duration: 48 * time.Hour}
	occs, err := calendar.Expand(fair, time.Date(2026, 11, 26, 0, 0, 0, 0, cph), time.Date(2026, 11, 30, 0, 0, 0, 0, cph))
	if err != nil {
		t.Fatal(err)
	}
	rs := calendar.Reminders(occs, 30*time.Minute, time.Date(2026, 11, 26, 12, 0, 0, 0, cph), time.Date(2026, 11, 29, 0, 0, 0, 0, cph))
	var got []string
	for _, r := range rs {
		got = append(got, r.At.In(cph).Format("Mon 15:04"))
	}
	if diff := cmp.Diff([]string{"Fri 08:30", "Fri 09:00"}, got); diff != "" {
		t.Errorf("reminders of an all-day post (-want +got):\n%s", diff)
	}
}

// MarkOverdue marks the same posts whether they come in ID order, as the
// store gives them, or not; it names each in Marked and leaves the plan's
// posts as they were.
func TestMarkOverdueInAnyOrderOfPosts(t *testing.T) {
	cph := "Europe/Copenhagen"
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	var sorted []*calendar.Post
	for i := range 40 {
		sorted = append(sorted, &calendar.Post{ID: calendar.ID(fmt.Sprintf("P%02d", i)), Title: fmt.Sprint("Post ", i),
			Status:   []calendar.Status{calendar.StatusScheduled, calendar.StatusPublished, calendar.StatusIdea}[i%3],
			Channels: []string{[]string{"linkedin", "instagram"}[i/20]},
			TimeZone: cph, Start: calendar.Wall(2026, 11, 20+i%10, 9, 0, 0)})
	}
	from, to := calendar.OverdueWindow(now)
	occs := expandAll(t, sorted, from, to)
	shuffled := slices.Clone(sorted)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	titles := func(f *calendar.Feed, posts []*calendar.Post) map[calendar.ID]string {
		c := calendar.FeedItems(f, posts, nil, nil, nil, nil, now)
		c.MarkOverdue(now, occs)
		got := map[calendar.ID]string{}
		for _, p := range c.Posts {
			got[p.ID] = p.Title
			if (c.Marked[p.ID] != "") != strings.HasPrefix(p.Title, calendar.OverduePrefix) {
				t.Errorf("%s: Marked says %q, title %q", p.ID, c.Marked[p.ID], p.Title)
			}
		}
		return got
	}
	// The whole plan's feed, and a feed of one channel, which has some of
	// the window's posts: the others must be passed over, neither marked
	// nor added to it.
	for _, c := range []struct {
		feed        *calendar.Feed
		posts, want int
	}{
		// The scheduled posts (every third, 14) on 20 to 26 Nov at 09:00
		// Copenhagen, before now: i%10 <= 6 for i = 0, 3, ... 39.
		{&calendar.Feed{Name: "All"}, 40, 10},
		// The same among the first 20, LinkedIn's: i = 0, 3, 6, 12, 15.
		{&calendar.Feed{Name: "LinkedIn", Filter: calendar.FeedFilter{Channels: []string{"linkedin"}}}, 20, 5},
	} {
		inOrder, outOfOrder := titles(c.feed, sorted), titles(c.feed, shuffled)
		if diff := cmp.Diff(inOrder, outOfOrder); diff != "" {
			t.Errorf("%s: marked differently out of ID order (-in order +out of order):\n%s", c.feed.Name, diff)
		}
		marked := 0
		for _, title := range inOrder {
			if strings.HasPrefix(title, calendar.OverduePrefix) {
				marked++
			}
		}
		if len(inOrder) != c.posts || marked != c.want {
			t.Errorf("%s: %d posts, %d marked; want %d, %d (the scheduled ones before now)", c.feed.Name, len(inOrder), marked, c.posts, c.want)
		}
	}
	for _, p := range sorted {
		if strings.HasPrefix(p.Title, calendar.OverduePrefix) {
			t.Fatalf("the plan's post %s was marked in place", p.ID)
		}
	}
}
