// Package feedhttp serves the plan's iCalendar feeds and week pages over
// HTTP, and only HTTP: tokens, validators, gzip, timeouts. What a feed
// holds is calendar.FeedItems's to decide and calendar/ics's to write. The
// window's feed server and `postplan serve` both use it, so a colleague's
// calendar sees the same bytes whichever runs.
package feedhttp

import (
	"bufio"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"postplan/calendar"
	"postplan/calendar/ics"
	"postplan/feedrender"
)

// Store is what the feeds and the week pages need from the plan.
type Store interface {
	calendar.WeekStore
	feedrender.Store
	FeedByToken(ctx context.Context, token string) (*calendar.Feed, error)
}

// Server renders feeds and answers requests for them.
type Server struct {
	store Store
	log   *slog.Logger
	// Now is the server's clock; tests set it before serving.
	Now  func() time.Time
	zone *time.Location // whose weeks the week pages show, and whose days

	feeds *feedrender.Renderer

	mu      sync.Mutex
	cache   map[string]*rendered  // by token
	gzips   map[string]*gzipCache // by feed name
	flights map[string]*flight    // renders under way, by token
}

// flight is one render that concurrent requests for the same feed wait for,
// so that an edit under load costs one render, not one per request.
type flight struct {
	key  renderKey
	done chan struct{} // closed when r or err is set, however the render ended
	r    *rendered
	err  error
}

// renderKey is what a rendered feed depends on besides its feed: the
// plan's generation, and the day, since a rota's turns and the tombstones
// kept move with it even when nobody edits the plan.
type renderKey struct {
	gen uint64
	day string
}

// rendered is one feed's bytes, kept until the plan or the day changes,
// or a post in it becomes overdue.
type rendered struct {
	key      renderKey
	staleAt  time.Time // when the next post in it becomes overdue; zero for none
	body     ics.Body  // in the pieces the render gave, shared with the renderer's kept events
	gz       []byte
	etag     string // of body; the gzip body's is etagGzip
	etagGzip string
	// modified is when the server first rendered these bytes for this
	// feed: Last-Modified follows what the feed holds, whatever moved it
	// (an edit, a post leaving the filter, a routine, a day passing), and
	// never a stamp from an imported file.
	modified time.Time
}

// New returns a Server over store.
func New(store Store, log *slog.Logger) *Server {
	return NewWith(store, feedrender.New(store, log), log)
}

// NewWith returns a Server over store that renders its feeds with feeds,
// which others may share: the window's publisher renders the same feeds,
// and a server started again keeps what the last one rendered.
func NewWith(store Store, feeds *feedrender.Renderer, log *slog.Logger) *Server {
	return &Server{store: store, log: log, Now: time.Now, zone: time.Local, feeds: feeds,
		cache: map[string]*rendered{}, gzips: map[string]*gzipCache{}, flights: map[string]*flight{}}
}

// gzipOf returns the compressed blocks of the feed called name.
func (s *Server) gzipOf(name string) *gzipCache {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.gzips[name]
	if c == nil {
		c = &gzipCache{}
		s.gzips[name] = c
	}
	return c
}

// Render writes a feed's iCalendar bytes as of the server's clock (see
// feedrender.Renderer.Render).
func (s *Server) Render(ctx context.Context, f *calendar.Feed) (ics.Body, time.Time, error) {
	return s.feeds.Render(ctx, f, s.Now())
}

// feed returns the rendered feed for a token, rendering it again only when
// the plan or the day has changed since. Concurrent requests share one
// render; each waits only as long as its own request lasts.
func (s *Server) feed(ctx context.Context, token string) (*rendered, error) {
	// The generation is read before the plan, so a later write is never missed.
	key := renderKey{gen: s.store.Generation(), day: s.Now().In(s.zone).Format(time.DateOnly)}
	f, err := s.store.FeedByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if r := s.cache[token]; r != nil && r.key == key && (r.staleAt.IsZero() || s.Now().Before(r.staleAt)) {
		s.mu.Unlock()
		return r, nil
	}
	fl := s.flights[token]
	if fl == nil || fl.key != key {
		fl = &flight{key: key, done: make(chan struct{})}
		s.flights[token] = fl
		// The render outlives the request that started it, so that the
		// others waiting for it, and the next request, get its result.
		go s.fly(context.WithoutCancel(ctx), token, f, fl)
	}
	s.mu.Unlock()
	select {
	case <-fl.done:
		return fl.r, fl.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// fly renders a feed for the requests waiting on fl. Whatever happens in
// the render, a panic included, fl.done is closed, or every later request
// for the feed would wait for ever.
func (s *Server) fly(ctx context.Context, token string, f *calendar.Feed, fl *flight) {
	defer func() {
		if p := recover(); p != nil {
			fl.r, fl.err = nil, fmt.Errorf("render feed %q: panic: %v", f.Name, p)
			s.log.Error("feed render panicked", "feed", f.Name, "panic", p, "stack", string(debug.Stack()))
		}
		s.mu.Lock()
		if fl.err == nil {
			s.cache[token] = fl.r
		}
		if s.flights[token] == fl {
			delete(s.flights, token)
		}
		s.mu.Unlock()
		close(fl.done)
	}()
	fl.r, fl.err = s.render(ctx, token, f, fl.key)
}

// render makes the response bodies of a feed, plain and gzipped.
func (s *Server) render(ctx context.Context, token string, f *calendar.Feed, key renderKey) (*rendered, error) {
	body, staleAt, err := s.Render(ctx, f)
	if err != nil {
		return nil, err
	}
	d := s.gzipOf(f.Name).digestOf(body)
	tag := hex.EncodeToString(d.sum[:16])
	r := &rendered{key: key, staleAt: staleAt, body: body, gz: d.gz, etag: `"` + tag + `"`, etagGzip: `"` + tag + `-gzip"`,
		modified: s.Now().UTC().Truncate(time.Second)}
	s.mu.Lock()
	switch prev := s.cache[token]; {
	case prev == nil:
	case prev.etag == r.etag:
		r.modified = prev.modified
	case !r.modified.After(prev.modified):
		// Last-Modified counts whole seconds: a change within the second
		// of the last one must still move it, or If-Modified-Since
		// would answer 304 over the change.
		r.modified = prev.modified.Add(time.Second)
	}
	s.mu.Unlock()
	return r, nil
}

// Handler answers GET and HEAD for /feeds/<token>.ics, /week/<token> and
// /healthz; every
// other request, and every unknown or revoked token, gets the same plain
// 404, so the server says nothing about which tokens exist.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		s.serve(rec, r)
		s.log.Info("http", "method", r.Method, "path", redact(r.URL.Path), "status", rec.status,
			"bytes", rec.bytes, "ms", float64(time.Since(start).Microseconds())/1000)
	})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		notFound(w)
		return
	}
	if r.URL.Path == "/healthz" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
		return
	}
	if token, ok := strings.CutPrefix(r.URL.Path, "/week/"); ok {
		s.serveWeek(w, r, token)
		return
	}
	token, ok := strings.CutPrefix(r.URL.Path, "/feeds/")
	token, ok2 := strings.CutSuffix(token, ".ics")
	if !ok || !ok2 || token == "" || strings.Contains(token, "/") {
		notFound(w)
		return
	}
	feed, err := s.feed(r.Context(), token)
	if calendar.ErrorCode(err) == calendar.ENOTFOUND {
		notFound(w)
		return
	} else if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		http.Error(w, "503 the feed is being rendered; try again", http.StatusServiceUnavailable)
		return
	} else if err != nil {
		s.internal(w, "render feed", err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	body, etag := feed.body, feed.etag
	if acceptsGzip(r) {
		// A different body is a different representation, with an ETag
		// of its own (RFC 9110 8.8.3).
		h.Set("Content-Encoding", "gzip")
		body, etag = ics.Body{feed.gz}, feed.etagGzip
	}
	h.Set("ETag", etag)
	h.Set("Last-Modified", feed.modified.UTC().Format(http.TimeFormat))
	h.Set("Cache-Control", "private, no-cache")
	h.Set("Vary", "Accept-Encoding")
	h.Set("X-Content-Type-Options", "nosniff")
	if notModified(r, feed) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	size := body.Len()
	h.Set("Content-Length", strconv.Itoa(size))
	if r.Method == http.MethodHead {
		return
	}
	// The pieces go out in writes of up to a megabyte, not one per post:
	// smaller ones made a large feed's response half as slow again over
	// a connection (a system call each).
	bw := bufio.NewWriterSize(w, min(size, 1<<20))
	if _, err := body.WriteTo(bw); err == nil {
		_ = bw.Flush()
	}
}

// notModified applies If-None-Match, then If-Modified-Since (RFC 9110
// 13.2.2). Either ETag names the same content, so either matches (the weak
// comparison If-None-Match asks for).
func notModified(r *http.Request, f *rendered) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for tag := range strings.SplitSeq(inm, ",") {
			if t := strings.TrimPrefix(strings.TrimSpace(tag), "W/"); t == f.etag || t == f.etagGzip || t == "*" {
				return true
			}
		}
		return false
	}
	if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil {
		return !f.modified.After(ims)
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(name) == "gzip" && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

func notFound(w http.ResponseWriter) {
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// redact keeps tokens out of the log: they are the feeds' only secret.
func redact(path string) string {
	if strings.HasPrefix(path, "/feeds/") {
		return "/feeds/[token].ics"
	}
	if strings.HasPrefix(path, "/week/") {
		return "/week/[token]"
	}
	return path
}

type statusRecorder struct {
	http.ResponseWriter
	status, bytes int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

// Listen opens addr and returns a server with timeouts and a header limit
// fit for a feed server facing a network: a slow or hostile client cannot
// hold a connection or memory for long.
func Listen(addr string, h http.Handler) (*http.Server, net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, nil, calendar.Errorf(calendar.ECONFLICT, "Another program is using %s; choose another port.", addr)
	} else if err != nil {
		return nil, nil, calendar.Errorf(calendar.EINVALID, "Cannot listen on %s: %v", addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       90 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	return srv, ln, nil
}

// WeekPath is the address of a feed's week page on any feed server.
func WeekPath(token string) string { return "/week/" + token }

// URLPath is the address of a feed on any feed server.
func URLPath(token string) string { return fmt.Sprintf("/feeds/%s.ics", token) }
