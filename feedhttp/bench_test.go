package feedhttp_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"postplan/calendar"
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
// the last request: the rendered bytes are reused.
func BenchmarkFeed200(b *testing.B) {
	h, path := benchServer(b)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil)) // first render
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

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

// BenchmarkFeedRender is a render after the plan changed: every post read
// and written again.
func BenchmarkFeedRender(b *testing.B) {
	s := feedhttp.New(benchDB(b), slog.New(slog.NewTextHandler(io.Discard, nil)))
	var t benchplan.Timer
	for b.Loop() {
		t.Start()
		body, _, err := s.Render(ctx, &calendar.Feed{Name: "All"})
		t.Stop()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(bytes.Count(body, []byte("BEGIN:VEVENT"))), "events")
	}
	t.Report(b)
}
