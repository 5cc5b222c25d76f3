package feedhttp_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"postplan/calendar"
	"postplan/calendar/ics"
	"postplan/feedhttp"
	"postplan/storage"
	"postplan/storage/benchplan"
)

// benchDB opens `make bench`'s data folder, else a plan of 2,000 posts
// (100 of them series) around the sample month: the 2,000-event
// feed.
func benchDB(b *testing.B) *storage.DB {
	db, err := benchplan.Open(ctx, b.TempDir(), 2_000, 1)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// benchServer serves one feed of the whole plan through the real handler.
func benchServer(b *testing.B) (http.Handler, string) {
	db := benchDB(b)
	f := calendar.Feed{Name: "All"}
	if err := db.CreateFeed(ctx, &f); err != nil {
		b.Fatal(err)
	}
	return feedhttp.New(db, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler(), feedhttp.URLPath(f.Token)
}

// BenchmarkFeed200 is a full response for a plan that has not changed since
// the last request: the rendered bytes are reused. It is served over a
// connection on 127.0.0.1 and read to its end, as a subscriber's request
// is (uncompressed, the most bytes): a recorder's buffer, growing to the
// feed's 60 MB at 100,000 posts, cost more than the server and varied
// two-fold from run to run.
func BenchmarkFeed200(b *testing.B) {
	h, path := benchServer(b)
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	get := func() {
		res, err := client.Get(srv.URL + path)
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != 200 || strconv.FormatInt(n, 10) != res.Header.Get("Content-Length") {
			b.Fatal(res.StatusCode, n, err)
		}
	}
	get() // the first render
	var t benchplan.Timer
	for b.Loop() {
		t.Start()
		get()
		t.Stop()
	}
	t.Report(b)
}

// BenchmarkFeed304 is a subscriber's refresh with nothing new.
func BenchmarkFeed304(b *testing.B) {
	h, path := benchServer(b)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	etag := rec.Header().Get("ETag")
	var t benchplan.Timer
	for b.Loop() {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("If-None-Match", etag)
		t.Start()
		h.ServeHTTP(rec, req)
		t.Stop()
		if rec.Code != 304 {
			b.Fatal(rec.Code)
		}
	}
	t.Report(b)
}

// BenchmarkFeedRender is a render after the plan changed, in a running
// server: one post edited, then the feed written again (the edited post
// read and its events written afresh, the others' taken from the last
// render, the overdue marks made again). The server's first render, which
// reads the whole plan, is not timed: it happens once, when the app
// starts.
func BenchmarkFeedRender(b *testing.B) {
	db := benchDB(b)
	s := feedhttp.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, _, err := s.Render(ctx, &calendar.Feed{Name: "All"}); err != nil {
		b.Fatal(err)
	}
	edit := editor(b, db)
	var t benchplan.Timer
	var body ics.Body
	for i := 0; b.Loop(); i++ {
		edit(i)
		t.Start()
		var err error
		body, _, err = s.Render(ctx, &calendar.Feed{Name: "All"})
		t.Stop()
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(bytes.Count(body.Bytes(), []byte("BEGIN:VEVENT"))), "events")
	t.Report(b)
}

// BenchmarkFeedAfterAChange is what a subscriber waits for after an edit:
// one post changed, then a request for the whole-plan feed over a
// connection on 127.0.0.1, as calendar apps ask (gzip), read to its end.
// It holds FeedRender's render and what the server does with its bytes
// (the ETag's hash, gzip) before the first byte goes out.
func BenchmarkFeedAfterAChange(b *testing.B) {
	db := benchDB(b)
	f := calendar.Feed{Name: "All"}
	if err := db.CreateFeed(ctx, &f); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(feedhttp.New(db, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	defer srv.Close()
	var n int64
	get := func() {
		req, _ := http.NewRequest("GET", srv.URL+feedhttp.URLPath(f.Token), nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" {
			b.Fatal(res.StatusCode, err)
		}
	}
	get() // the server's first render, with nothing cached
	edit := editor(b, db)
	var t benchplan.Timer
	for i := 0; b.Loop(); i++ {
		edit(i)
		t.Start()
		get()
		t.Stop()
	}
	b.ReportMetric(float64(n)/1e6, "gzip-MB")
	t.Report(b)
}

// editor returns an edit of the i-th of the plan's posts that are not
// series, untimed: the change before each timed render.
func editor(b *testing.B, db *storage.DB) func(i int) {
	all, err := db.AllPosts(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var dated []*calendar.Post
	for _, p := range all {
		if p.Dated() && !p.Recurring() {
			dated = append(dated, p)
		}
	}
	return func(i int) {
		b.StopTimer()
		defer b.StartTimer()
		p := dated[i*7919%len(dated)]
		p.Title = fmt.Sprintf("Edited %d", i)
		if err := db.UpdatePost(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
}
