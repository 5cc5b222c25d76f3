package feedhttp_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"postplan/app/feedhttp"
	"postplan/calendar"
	"postplan/storage"
)

// benchServer serves one feed of a 2,000-event plan (1,900 posts, 100
// series) through the real handler.
func benchServer(b *testing.B) (http.Handler, string) {
	db, err := storage.Open(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.LoadPlan(ctx, calendar.Generate(calendar.GenerateOptions{Posts: 1900, Series: 100, Seed: 1})); err != nil {
		b.Fatal(err)
	}
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
	db, err := storage.Open(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.LoadPlan(ctx, calendar.Generate(calendar.GenerateOptions{Posts: 1900, Series: 100, Seed: 1})); err != nil {
		b.Fatal(err)
	}
	s := feedhttp.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for b.Loop() {
		if _, _, err := s.Render(ctx, &calendar.Feed{Name: "All"}); err != nil {
			b.Fatal(err)
		}
	}
}
