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
// the last request: the rendered bytes are reused. The response goes to a
// writer that counts and drops it: a recorder's buffer, growing to the
// feed's 60 MB at 100,000 posts, cost more than the server and varied
// two-fold from run to run.
func BenchmarkFeed200(b *testing.B) {
	h, path := benchServer(b)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil)) // first render
	for b.Loop() {
		w := &discard{header: http.Header{}, code: 200}
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.code != 200 || strconv.Itoa(w.n) != w.header.Get("Content-Length") {
			b.Fatal(w.code, w.n, w.header.Get("Content-Length"))
		}
	}
}

// discard is a ResponseWriter that keeps only the status and the length.
type discard struct {
	header http.Header
	code   int
	n      int
}

func (d *discard) Header() http.Header         { return d.header }
func (d *discard) WriteHeader(code int)        { d.code = code }
func (d *discard) Write(p []byte) (int, error) { d.n += len(p); return len(p), nil }

// BenchmarkFeed304 is a subscriber's refresh with nothing new.
func BenchmarkFeed304(b *testing.B) {
	h, path := benchServer(b)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	etag := rec.Header().Get("ETag")
	for b.Loop() {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("If-None-Match", etag)
		h.ServeHTTP(rec, req)
		if rec.Code != 304 {
			b.Fatal(rec.Code)
		}
	}
}

// BenchmarkFeedRender is a render after the plan changed, in a running
// server: one post edited, then every post read and the feed written
// again (the edited post's events afresh, the others' from the server's
// cache). The server's first render, with nothing cached, is not timed:
// it happens once, when the app starts.
func BenchmarkFeedRender(b *testing.B) {
	db := benchDB(b)
	s := feedhttp.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, _, err := s.Render(ctx, &calendar.Feed{Name: "All"}); err != nil {
		b.Fatal(err)
	}
	all, err := db.AllPosts(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var dated []*calendar.Post // in the feed
	for _, p := range all {
		if p.Dated() && !p.Recurring() {
			dated = append(dated, p)
		}
	}
	var t benchplan.Timer
	var body ics.Body
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		p := dated[i*7919%len(dated)]
		p.Title = fmt.Sprintf("Edited %d", i)
		if err := db.UpdatePost(ctx, p); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t.Start()
		body, _, err = s.Render(ctx, &calendar.Feed{Name: "All"})
		t.Stop()
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(bytes.Count(body.Bytes(), []byte("BEGIN:VEVENT"))), "events")
	t.Report(b)
}
