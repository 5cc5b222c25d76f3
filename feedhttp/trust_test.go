package feedhttp_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/feedhttp"
	"postplan/storage"
)

// TestValidatorsFollowWhatTheFeedHolds: Last-Modified and the ETag move
// whenever the feed's bytes do, for every reason they do: a post leaving
// the feed's filter, a campaign renamed, a routine changed. Before,
// Last-Modified was the newest Updated among the posts still in the feed,
// so a client asking If-Modified-Since was told 304 over a changed feed.
func TestValidatorsFollowWhatTheFeedHolds(t *testing.T) {
	e := start(t)
	path := feedhttp.URLPath(e.feed.Token)
	res, body := e.get(t, "GET", path)
	lastModified, etag := res.Header.Get("Last-Modified"), res.Header.Get("ETag")
	changes := []struct {
		what   string
		change func()
		shows  func(string) bool
	}{
		{"a post leaves the filter", func() {
			posts := launchPosts(t, e.db)
			posts[0].Tags = nil
			if err := e.db.UpdatePost(ctx, posts[0]); err != nil {
				t.Fatal(err)
			}
		}, nil},
		{"a campaign is renamed", func() {
			cs, _ := e.db.Campaigns(ctx)
			for _, c := range cs {
				if c.Tag == "launch" {
					c.Name = "Lancering, anden runde"
					if err := e.db.PutCampaign(ctx, c); err != nil {
						t.Fatal(err)
					}
				}
			}
		}, func(s string) bool { return strings.Contains(s, "Lancering\\, anden runde") }},
	}
	for _, c := range changes {
		before := string(body)
		c.change()
		res, body = e.get(t, "GET", path, "If-Modified-Since", lastModified)
		if res.StatusCode != 200 || string(body) == before {
			t.Fatalf("%s: If-Modified-Since the last Last-Modified gave %d (feed changed: %t); want 200 and the new feed",
				c.what, res.StatusCode, string(body) != before)
		}
		if c.shows != nil && !c.shows(string(body)) {
			t.Errorf("%s: not in the feed", c.what)
		}
		if res.Header.Get("ETag") == etag || res.Header.Get("Last-Modified") == lastModified {
			t.Errorf("%s: validators did not move: %s %s", c.what, res.Header.Get("ETag"), res.Header.Get("Last-Modified"))
		}
		lastModified, etag = res.Header.Get("Last-Modified"), res.Header.Get("ETag")
		if res, _ := e.get(t, "GET", path, "If-Modified-Since", lastModified); res.StatusCode != 304 {
			t.Errorf("%s: the new Last-Modified gives %d, want 304", c.what, res.StatusCode)
		}
	}
	// gzip and identity bodies are different representations.
	gz, _ := e.get(t, "GET", path, "Accept-Encoding", "gzip")
	if gz.Header.Get("ETag") == etag {
		t.Errorf("the gzip body has the identity body's ETag %s", etag)
	}
	if res, _ := e.get(t, "GET", path, "Accept-Encoding", "gzip", "If-None-Match", gz.Header.Get("ETag")); res.StatusCode != 304 {
		t.Errorf("the gzip ETag: %d, want 304", res.StatusCode)
	}
}

// TestAFutureStampInAFileCannotPinTheFeed: an imported post whose
// LAST-MODIFIED is years ahead must not become the feed's Last-Modified,
// or clients would be told 304 until then.
func TestAFutureStampInAFileCannotPinTheFeed(t *testing.T) {
	e := start(t)
	all := calendar.Feed{Name: "All"}
	if err := e.db.CreateFeed(ctx, &all); err != nil {
		t.Fatal(err)
	}
	p := &calendar.Post{ID: "01FUTURESTAMP", Title: "From a clock set wrong", Start: calendar.Wall(2026, 12, 1, 9, 0, 0),
		TimeZone: "Europe/Copenhagen", Status: calendar.StatusScheduled,
		Created: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), Updated: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := e.db.SaveImport(ctx, calendar.Import{Posts: []*calendar.Post{p}}); err != nil {
		t.Fatal(err)
	}
	res, body := e.get(t, "GET", feedhttp.URLPath(all.Token))
	if !strings.Contains(string(body), "From a clock set wrong") {
		t.Fatal("the imported post is not in the feed")
	}
	lm, err := http.ParseTime(res.Header.Get("Last-Modified"))
	if err != nil || lm.After(time.Now().Add(time.Minute)) {
		t.Fatalf("Last-Modified %q is in the future", res.Header.Get("Last-Modified"))
	}
	stored, _ := e.db.FindPost(ctx, p.ID)
	if stored.Updated.After(time.Now().Add(time.Minute)) {
		t.Errorf("the post was stored with Updated %v, in the future", stored.Updated)
	}
}

// TestTheFeedFollowsTheDay: a feed served for weeks without an edit still
// lists the coming rota turns: it is rendered again when the day changes.
func TestTheFeedFollowsTheDay(t *testing.T) {
	db := openPlan(t)
	today := time.Now()
	if err := db.LoadPlan(ctx, calendar.SamplePlan(today)); err != nil {
		t.Fatal(err)
	}
	setNow, get := clockedFeed(t, db, calendar.Feed{Name: "Rota", Filter: calendar.FeedFilter{Kinds: []calendar.Kind{calendar.KindRota}}}, today)
	first := get()
	later := today.AddDate(0, 0, 400) // past the year ahead the rota lists
	setNow(later)
	second := get()
	if first.Code != 200 || second.Code != 200 {
		t.Fatalf("status %d, %d", first.Code, second.Code)
	}
	if first.Body.String() == second.Body.String() {
		t.Fatal("400 days later, with no edit, the rota feed is the same bytes: the turns ahead were not rendered again")
	}
	monday := later.AddDate(0, 0, 7)
	for monday.Weekday() != time.Monday {
		monday = monday.AddDate(0, 0, 1)
	}
	turn := monday.Format("20060102")
	if !strings.Contains(second.Body.String(), turn) {
		t.Errorf("400 days later the feed has no turn on %s", turn)
	}
	if first.Header().Get("ETag") == second.Header().Get("ETag") {
		t.Error("the ETag did not move with the feed")
	}
}

// panicOnce is the real store, whose first read of the plan panics.
type panicOnce struct {
	*storage.DB
	armed   atomic.Bool
	release chan struct{} // when not nil, reads wait for it
}

func (p *panicOnce) AllPosts(ctx context.Context) ([]*calendar.Post, error) {
	if p.release != nil {
		<-p.release
	}
	if p.armed.CompareAndSwap(true, false) {
		panic("a bug in rendering")
	}
	return p.DB.AllPosts(ctx)
}

// TestARenderThatPanicsDoesNotHangTheFeed: before, a render that panicked
// never let the requests waiting for it go, and every later request for
// that feed hung.
func TestARenderThatPanicsDoesNotHangTheFeed(t *testing.T) {
	db, f := sampleWithFeed(t, false)
	store := &panicOnce{DB: db}
	store.armed.Store(true)
	srv := httptest.NewServer(feedhttp.New(store, slog.New(slog.DiscardHandler)).Handler())
	defer srv.Close()
	client := &http.Client{Timeout: 5 * time.Second}
	res, err := client.Get(srv.URL + feedhttp.URLPath(f.Token))
	if err != nil {
		t.Fatalf("the request whose render panicked: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != 500 {
		t.Errorf("the request whose render panicked: %d, want 500", res.StatusCode)
	}
	res, err = client.Get(srv.URL + feedhttp.URLPath(f.Token))
	if err != nil {
		t.Fatalf("the next request (it hung before): %v", err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("the next request: %d, want 200", res.StatusCode)
	}
}

// TestAWaitingRequestKeepsItsDeadline: a request waiting for another's
// render gives up when its own context ends.
func TestAWaitingRequestKeepsItsDeadline(t *testing.T) {
	db, f := sampleWithFeed(t, true)
	store := &panicOnce{DB: db, release: make(chan struct{})}
	h := feedhttp.New(store, slog.New(slog.DiscardHandler)).Handler()
	go func() { // the first request starts a render that waits on release
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", feedhttp.URLPath(f.Token), nil))
	}()
	rctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	began := time.Now()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", feedhttp.URLPath(f.Token), nil).WithContext(rctx))
	if waited := time.Since(began); waited > 3*time.Second {
		t.Errorf("a request with a 200 ms deadline waited %v for another's render", waited)
	}
	close(store.release)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", feedhttp.URLPath(f.Token), nil))
	if rec.Code != 200 {
		t.Errorf("after the render ended: %d", rec.Code)
	}
}

// TestWeeksOutsideThePlansYearsAreRefused: /week/<token>?week=9999-W52
// expanded every endless series to the year 9999 and kept it in memory.
func TestWeeksOutsideThePlansYearsAreRefused(t *testing.T) {
	e := start(t)
	for _, w := range []string{"9999-W52", "1899-W10", "2201-W01"} {
		res, body := e.get(t, "GET", feedhttp.WeekPath(e.feed.Token)+"?week="+w)
		if res.StatusCode != 400 || !strings.Contains(string(body), "Weeks from 1900 to 2200 can be shown") {
			t.Errorf("week %s: %d %q, want 400 saying which years", w, res.StatusCode, body)
		}
	}
	if res, _ := e.get(t, "GET", feedhttp.WeekPath(e.feed.Token)+"?week=2200-W52"); res.StatusCode != 200 {
		t.Errorf("week 2200-W52: %d, want 200", res.StatusCode)
	}
}

// A post whose time passes changes the feed without an edit: its title is
// marked overdue, and the ETag moves, at that moment, not the next day.
func TestThePassingOfAPostsTimeChangesTheFeed(t *testing.T) {
	db := openPlan(t)
	at := time.Now().Add(time.Hour).Truncate(time.Minute)
	p := &calendar.Post{Title: "Launch", Channels: []string{"Instagram"}, Status: calendar.StatusScheduled, TimeZone: "UTC",
		Start: calendar.WallOf(at.UTC())}
	if err := db.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	setNow, get := clockedFeed(t, db, calendar.Feed{Name: "All"}, at.Add(-time.Minute))
	first := get()
	if strings.Contains(first.Body.String(), "Overdue") {
		t.Fatal("a post still to come is marked overdue")
	}
	setNow(at.Add(time.Second))
	second := get()
	if !strings.Contains(second.Body.String(), "SUMMARY:[IG] "+calendar.OverduePrefix+"Launch") {
		t.Fatalf("a second after its time the feed does not say the post is overdue:\n%s", second.Body.String())
	}
	if first.Header().Get("ETag") == second.Header().Get("ETag") {
		t.Error("the ETag did not move")
	}
}

// clockedFeed creates feed f over db and serves it with a clock the test
// sets: setNow moves it, get fetches the feed.
func clockedFeed(t *testing.T, db *storage.DB, f calendar.Feed, start time.Time) (setNow func(time.Time), get func() *httptest.ResponseRecorder) {
	t.Helper()
	if err := db.CreateFeed(ctx, &f); err != nil {
		t.Fatal(err)
	}
	var now atomic.Pointer[time.Time]
	now.Store(&start)
	s := feedhttp.New(db, slog.New(slog.DiscardHandler))
	s.Now = func() time.Time { return *now.Load() }
	h := s.Handler()
	return func(t time.Time) { now.Store(&t) }, func() *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", feedhttp.URLPath(f.Token), nil))
		return rec
	}
}

// A post planned in the past and left undone is marked overdue for
// DueBack, then shown as it is, as a file export shows it. It was written
// after its time, so marking it leaves its last change as it was: the
// events cached from the marked render must not stand in for the unmarked
// one.
func TestAnOverdueMarkEndsAfterDueBack(t *testing.T) {
	db := openPlan(t)
	now := time.Now()
	p := &calendar.Post{Title: "Late", Channels: []string{"Instagram"}, Status: calendar.StatusScheduled, TimeZone: "UTC",
		Start: calendar.WallOf(now.Add(-2 * time.Hour).UTC().Truncate(time.Minute))}
	if err := db.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	setNow, get := clockedFeed(t, db, calendar.Feed{Name: "All"}, now)
	if body := get().Body.String(); !strings.Contains(body, "SUMMARY:[IG] "+calendar.OverduePrefix+"Late") {
		t.Fatalf("a post written after its time is not marked overdue:\n%s", body)
	}
	setNow(now.Add(calendar.DueBack + time.Hour))
	if body := get().Body.String(); !strings.Contains(body, "SUMMARY:[IG] Late\r\n") {
		t.Fatalf("%v after its time the post is still marked, or gone:\n%s", calendar.DueBack+time.Hour, body)
	}
}

// The same for a series written after its occurrences: each occurrence's
// mark ends DueBack after it, while the series' stamp stays as it was.
func TestASeriesOverdueMarksEndOneByOne(t *testing.T) {
	db := openPlan(t)
	now := time.Now()
	first := now.Add(-3 * 24 * time.Hour).UTC().Truncate(time.Minute)
	p := &calendar.Post{Title: "Tip", Channels: []string{"Instagram"}, Status: calendar.StatusScheduled, TimeZone: "UTC",
		Start: calendar.WallOf(first), Recurrence: &calendar.Recurrence{Rule: "FREQ=DAILY;COUNT=3"}}
	if err := db.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	setNow, get := clockedFeed(t, db, calendar.Feed{Name: "All"}, now)
	marked := func() int { return strings.Count(get().Body.String(), "SUMMARY:[IG] "+calendar.OverduePrefix+"Tip") }
	if n := marked(); n != 3 {
		t.Fatalf("%d occurrences marked overdue, want all 3", n)
	}
	setNow(first.Add(calendar.DueBack + 12*time.Hour)) // the first one's mark has ended
	if n := marked(); n != 2 {
		t.Fatalf("%d occurrences marked overdue, want the last 2", n)
	}
	setNow(first.Add(calendar.DueBack + 3*24*time.Hour))
	if n := marked(); n != 0 {
		t.Fatalf("%d occurrences marked overdue, want none", n)
	}
}
