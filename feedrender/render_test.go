package feedrender_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/feedrender"
	"postplan/storage"
)

// TestAPatchedFeedIsTheFeedRenderedAfresh: a feed brought up to date from
// the posts written since its last render is, byte for byte, the feed a
// server that never saw the plan renders from all of it, with the same
// time of its next overdue post, after each of a run of edits: posts
// created one by one and a dozen at once (single, series, all-day, undated, 3,000 characters, in UTC and
// in zones), changed into and out of each feed's filter, moved into the
// overdue days and out, skipped occurrences, deleted, the clock moving
// hours and days (overdue marks coming and going, tombstones and rota
// turns expiring), edits with no render between them, deletes undone, a setting saved, and an import and a
// campaign renamed (after which the feeds are read whole). Most renders must have been patches, or the
// test would not test them.
func TestAPatchedFeedIsTheFeedRenderedAfresh(t *testing.T) {
	for seed := range uint64(2) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { patchedIsFresh(t, seed) })
	}
}

func patchedIsFresh(t *testing.T, seed uint64) {
	now := time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC) // DST begins in the plan's weeks
	clock := func() time.Time { return now }
	db := openPlan(t)
	db.Now = clock
	plan := calendar.SamplePlan(now)
	if err := db.LoadPlan(ctx, plan); err != nil {
		t.Fatal(err)
	}
	astrid := plan.Members[0].ID
	feeds := []calendar.Feed{
		{Name: "All"},
		{Name: "LinkedIn", Filter: calendar.FeedFilter{Channels: []string{"LinkedIn"}}},
		{Name: "Under way", Filter: calendar.FeedFilter{Statuses: []calendar.Status{calendar.StatusDraft, calendar.StatusScheduled}}, TitlesOnly: true},
		{Name: "Astrid", Filter: calendar.FeedFilter{Assignees: []calendar.ID{astrid}}},
		{Name: "Cases", Filter: calendar.FeedFilter{Campaigns: []string{"cases"}}},
	}
	store := &countingStore{DB: db}
	r := feedrender.New(store, slog.New(slog.DiscardHandler))

	rng := rand.New(rand.NewPCG(seed, 25))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	statuses := []calendar.Status{calendar.StatusIdea, calendar.StatusDraft, calendar.StatusReady, calendar.StatusScheduled,
		calendar.StatusPublished, calendar.StatusCancelled}
	zones := []string{"Europe/Copenhagen", "Europe/Stockholm", "UTC", "America/New_York", "Asia/Tokyo"}
	startNear := func() time.Time {
		d := now.AddDate(0, 0, rng.IntN(80)-45)
		return calendar.Wall(d.Year(), d.Month(), d.Day(), 6+rng.IntN(14), 15*rng.IntN(4), 0)
	}
	anyPost := func() *calendar.Post {
		all, err := db.AllPosts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return all[rng.IntN(len(all))]
	}
	newPost := func(i int) *calendar.Post {
		p := &calendar.Post{Title: fmt.Sprintf("Opslag %d", i), Channels: []string{pick("Instagram", "LinkedIn", "Facebook", "Newsletter")},
			Status: statuses[rng.IntN(len(statuses))], TimeZone: pick(zones...), Start: startNear()}
		if rng.IntN(2) == 0 {
			p.Assignee = plan.Members[rng.IntN(len(plan.Members))].ID
		}
		switch rng.IntN(8) {
		case 0:
			p.AllDay, p.Start = true, p.Start.Truncate(24*time.Hour)
		case 1, 2:
			p.Recurrence = &calendar.Recurrence{Rule: pick("FREQ=DAILY;COUNT=5", "FREQ=WEEKLY;BYDAY=MO,TH;COUNT=6", "FREQ=WEEKLY;INTERVAL=2")}
		case 3:
			p.Start = time.Time{} // an idea without a day
		}
		if rng.IntN(10) == 0 { // planned years ahead, or written for a past year
			p.Start = p.Start.AddDate(rng.IntN(6)-2, 0, 0)
		}
		if rng.IntN(8) == 0 {
			p.Body = strings.Repeat("En lang tekst om efterårets lancering, med æ, ø og å. ", 56) // about 3,000 characters
		}
		return p
	}

	var renders, patches, applied int
	var deleted []*calendar.Post
	for step := range 150 {
		var what string
		var err error
		switch op := rng.IntN(20); {
		case op < 4:
			what = "create"
			err = db.CreatePost(ctx, newPost(step))
		case op < 5:
			what = "a dozen posts, a week copied"
			for i := range 12 {
				if err = db.CreatePost(ctx, newPost(1000*step+i)); err != nil {
					break
				}
			}
		case op < 11:
			p := anyPost()
			what = "update " + string(p.ID)
			switch rng.IntN(7) {
			case 0:
				p.Status = statuses[rng.IntN(len(statuses))]
			case 1:
				p.Start, p.AllDay = startNear(), false
			case 2:
				p.Start = calendar.WallOf(now.Add(-time.Duration(rng.IntN(50)) * time.Hour)) // into the overdue days
			case 3:
				p.Channels = []string{pick("Instagram", "LinkedIn", "Facebook")}
			case 4:
				p.Title += " (ændret)"
				p.Assignee = astrid
			case 5:
				p.TimeZone = pick(zones...)
			case 6:
				if p.Recurring() && p.Dated() {
					occs, _ := calendar.Expand(p, p.Start, p.Start.AddDate(0, 2, 0))
					if len(occs) > 1 {
						p.Overrides = append(p.Overrides, calendar.Override{Original: occs[1].Original, Skipped: true})
					}
				}
			}
			if p.Dated() && p.TimeZone == "" {
				p.TimeZone = "UTC"
			}
			err = db.UpdatePost(ctx, p)
		case op < 13:
			p := anyPost()
			if rng.IntN(3) == 0 { // the plan's first or last post: the feed's zones span other years
				p = edgePost(t, db, rng.IntN(2) == 0)
			}
			what = "delete " + string(p.ID)
			if err = db.DeletePost(ctx, p.ID); err == nil {
				deleted = append(deleted, p)
			}
		case op < 14:
			what = "undo a delete"
			if len(deleted) == 0 {
				continue
			}
			p := deleted[len(deleted)-1]
			deleted = deleted[:len(deleted)-1]
			err = db.RestorePost(ctx, p)
		case op < 15:
			// An import does not say which posts it wrote: the feeds are
			// read whole after it.
			p, q := anyPost(), newPost(step)
			what = "import " + string(p.ID)
			p.Title += " (importeret)"
			q.ID = calendar.ID(fmt.Sprintf("imported-%d@example.com", step))
			_, err = db.SaveImport(ctx, calendar.Import{Posts: []*calendar.Post{p, q}})
		case op < 18:
			d := time.Duration(rng.IntN(72))*time.Hour + time.Duration(rng.IntN(60))*time.Minute
			what = "clock +" + d.String()
			now = now.Add(d)
		case op < 19:
			what = "setting"
			err = db.PutSetting(ctx, "window", step)
		default:
			what = "campaign renamed"
			c := plan.Campaigns[1]
			c.Name = fmt.Sprintf("Kundecases %d", step)
			err = db.PutCampaign(ctx, c)
		}
		if err != nil {
			continue // refused (a campaign's dates, an experiment's series): the plan is as it was
		}
		applied++
		if rng.IntN(4) == 0 {
			continue // nobody asked for the feeds: the next render has more to catch up on
		}
		for _, f := range feeds {
			reads := store.reads.Load()
			got, gotNext, err := r.Render(ctx, &f, now)
			if err != nil {
				t.Fatal(err)
			}
			renders++
			if store.reads.Load() == reads {
				patches++
			}
			want, wantNext, err := feedrender.New(db, slog.New(slog.DiscardHandler)).Render(ctx, &f, now)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := got.Bytes(), want.Bytes(); !bytes.Equal(g, w) {
				t.Fatalf("step %d (%s), feed %q: the patched feed differs from the fresh one:\n%s", step, what, f.Name, firstDifference(g, w))
			}
			if !gotNext.Equal(wantNext) {
				t.Fatalf("step %d (%s), feed %q: next overdue %v, fresh %v", step, what, f.Name, gotNext, wantNext)
			}
		}
	}
	if applied < 100 || patches < renders*3/5 {
		t.Errorf("%d of 150 edits applied, %d of %d renders patched: the test did not test patches", applied, patches, renders)
	}
	t.Logf("%d edits, %d renders, %d patched", applied, renders, patches)
}

var ctx = context.Background()

// openPlan opens an empty plan in a temporary folder, closed after the test.
func openPlan(t *testing.T) *storage.DB {
	t.Helper()
	db, err := storage.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// countingStore is the real store, counting how often the whole plan is
// read.
type countingStore struct {
	*storage.DB
	reads atomic.Int32
}

func (c *countingStore) AllPosts(ctx context.Context) ([]*calendar.Post, error) {
	c.reads.Add(1)
	return c.DB.AllPosts(ctx)
}

// edgePost is the dated post that starts first, or last.
func edgePost(t *testing.T, db *storage.DB, first bool) *calendar.Post {
	all, err := db.AllPosts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all = slices.DeleteFunc(all, func(p *calendar.Post) bool { return !p.Dated() })
	edge := slices.MinFunc(all, func(a, b *calendar.Post) int { return a.Start.Compare(b.Start) })
	if !first {
		edge = slices.MaxFunc(all, func(a, b *calendar.Post) int { return a.Start.Compare(b.Start) })
	}
	return edge
}

// firstDifference shows the lines around where two feeds first differ,
// and the events one has more often than the other.
func firstDifference(got, want []byte) string {
	g, w := strings.Split(string(got), "\r\n"), strings.Split(string(want), "\r\n")
	var out strings.Builder
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			lo := max(0, i-3)
			fmt.Fprintf(&out, "line %d\npatched: %q\nfresh:   %q", i, g[lo:min(len(g), i+3)], w[lo:min(len(w), i+3)])
			break
		}
	}
	uids := func(lines []string) map[string]int {
		n := map[string]int{}
		for _, l := range lines {
			if strings.HasPrefix(l, "UID:") {
				n[l]++
			}
		}
		return n
	}
	gu, wu := uids(g), uids(w)
	for _, uid := range slices.Sorted(maps.Keys(gu)) {
		if gu[uid] != wu[uid] {
			fmt.Fprintf(&out, "\n%s: %d patched, %d fresh", uid, gu[uid], wu[uid])
		}
	}
	for _, uid := range slices.Sorted(maps.Keys(wu)) {
		if gu[uid] == 0 {
			fmt.Fprintf(&out, "\n%s: 0 patched, %d fresh", uid, wu[uid])
		}
	}
	return out.String()
}

// TestAFeedRenderedDuringEditsCatchesUpWithAllOfThem: renders running
// (two at a time, as the feed server's and the publisher's) while posts
// are created, edited and deleted on other goroutines patch whatever each
// reads of the plan; once the edits stop, the next render
// is the fresh server's. A write seen by a render before the change log
// has it, or the other way round, must cost at most a later re-read,
// never an edit the feed goes on missing.
func TestAFeedRenderedDuringEditsCatchesUpWithAllOfThem(t *testing.T) {
	db := openPlan(t)
	now := time.Now()
	if err := db.LoadPlan(ctx, calendar.SamplePlan(now)); err != nil {
		t.Fatal(err)
	}
	feed := calendar.Feed{Name: "All"}
	r := feedrender.New(db, slog.New(slog.DiscardHandler))
	if _, _, err := r.Render(ctx, &feed, time.Now()); err != nil {
		t.Fatal(err)
	}
	start := calendar.WallOf(now)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Go(func() {
			var mine []*calendar.Post
			for i := range 60 {
				switch {
				case i%4 == 3 && len(mine) > 0:
					if err := db.DeletePost(ctx, mine[0].ID); err != nil {
						t.Error(err)
						return
					}
					mine = mine[1:]
				case i%2 == 1 && len(mine) > 0:
					p := mine[len(mine)-1]
					p.Title += " (ændret)"
					p.Start = p.Start.Add(-36 * time.Hour) // into the overdue days, some of them
					if err := db.UpdatePost(ctx, p); err != nil {
						t.Error(err)
						return
					}
				default:
					p := &calendar.Post{Title: fmt.Sprintf("Skribent %d, opslag %d", w, i), Status: calendar.StatusDraft,
						TimeZone: "Europe/Copenhagen", Start: start.Add(time.Duration(w*100+i) * time.Hour)}
					if err := db.CreatePost(ctx, p); err != nil {
						t.Error(err)
						return
					}
					mine = append(mine, p)
				}
			}
		})
	}
	// Two readers, as the feed server and the publisher share a renderer.
	var renders atomic.Int32
	var readers sync.WaitGroup
	for range 2 {
		readers.Go(func() {
			for running := true; running; renders.Add(1) {
				select {
				case <-done:
					running = false
				default:
				}
				if _, _, err := r.Render(ctx, &feed, time.Now()); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(done)
	readers.Wait()
	now = time.Now()
	got, _, err := r.Render(ctx, &feed, now)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := feedrender.New(db, slog.New(slog.DiscardHandler)).Render(ctx, &feed, now)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := got.Bytes(), want.Bytes(); !bytes.Equal(g, w) {
		t.Fatalf("after %d renders during the edits, the feed misses some:\n%s", renders.Load(), firstDifference(g, w))
	}
	t.Logf("%d renders during 180 edits", renders.Load())
}

// TestAFeedFarBehindOrChangedIsReadWhole: a feed last rendered more
// writes ago than the change log keeps, whose filter changed under the
// same name, or that was forgotten (turned off), is read from the whole
// plan, and is the fresh render.
func TestAFeedFarBehindOrChangedIsReadWhole(t *testing.T) {
	now := time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)
	db := openPlan(t)
	db.Now = func() time.Time { return now }
	if err := db.LoadPlan(ctx, calendar.SamplePlan(now)); err != nil {
		t.Fatal(err)
	}
	store := &countingStore{DB: db}
	r := feedrender.New(store, slog.New(slog.DiscardHandler))
	check := func(what string, f calendar.Feed, wantReads int32) {
		t.Helper()
		before := store.reads.Load()
		got, _, err := r.Render(ctx, &f, now)
		if err != nil {
			t.Fatal(err)
		}
		want, _, err := feedrender.New(db, slog.New(slog.DiscardHandler)).Render(ctx, &f, now)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("%s: not the fresh feed:\n%s", what, firstDifference(got.Bytes(), want.Bytes()))
		}
		if reads := store.reads.Load() - before; reads != wantReads {
			t.Errorf("%s: the whole plan read %d times, want %d", what, reads, wantReads)
		}
	}
	all := calendar.Feed{Name: "Feed"}
	check("the first render", all, 1)
	for i := range 300 {
		p := &calendar.Post{Title: fmt.Sprintf("Opslag %d", i), Status: calendar.StatusDraft, TimeZone: "Europe/Stockholm",
			Start: calendar.Wall(2026, 10, 6+i%20, 9+i%8, 0, 0)}
		if err := db.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	check("300 posts written since", all, 1)
	p := &calendar.Post{Title: "Ét til", Status: calendar.StatusDraft, TimeZone: "UTC", Start: calendar.Wall(2026, 10, 7, 12, 0, 0)}
	if err := db.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	check("one post written since", all, 0)
	linkedIn := calendar.Feed{Name: "Feed", Filter: calendar.FeedFilter{Channels: []string{"LinkedIn"}}}
	check("the same feed, now of LinkedIn only", linkedIn, 1)
	check("again, nothing written", linkedIn, 0)
	r.Forget("Feed") // turned off
	check("turned on again", linkedIn, 1)
}
