// Package feedhttp serves the plan's iCalendar feeds over HTTP. The window's
// feed server and `postplan serve` both use it, so a colleague's calendar
// sees the same bytes whichever runs.
package feedhttp

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"postplan/calendar"
	"postplan/calendar/ics"
)

// Store is what the feeds and the week pages need from the plan.
type Store interface {
	calendar.WeekStore
	FeedByToken(ctx context.Context, token string) (*calendar.Feed, error)
	AllPosts(ctx context.Context) ([]*calendar.Post, error)
	Tombstones(ctx context.Context, since time.Time) ([]calendar.Tombstone, error)
	Campaigns(ctx context.Context) ([]calendar.Campaign, error)
	Members(ctx context.Context) ([]calendar.Member, error)
	Routines(ctx context.Context) ([]calendar.Routine, error)
	Generation() uint64
}

// Server renders feeds and answers requests for them.
type Server struct {
	store Store
	log   *slog.Logger
	now   func() time.Time
	zone  *time.Location // whose weeks the week pages show

	mu      sync.Mutex
	cache   map[string]*rendered       // by token
	events  map[string]*ics.EventCache // by feed name
	flights map[string]*flight         // renders under way, by token
}

// flight is one render that concurrent requests for the same feed wait for,
// so that an edit under load costs one render, not one per request.
type flight struct {
	gen  uint64
	done chan struct{}
	r    *rendered
	err  error
}

// rendered is one feed's bytes, kept until the plan changes.
type rendered struct {
	gen      uint64
	body, gz []byte
	etag     string
	modified time.Time
}

// New returns a Server over store.
func New(store Store, log *slog.Logger) *Server {
	return &Server{store: store, log: log, now: time.Now, zone: time.Local, cache: map[string]*rendered{},
		events: map[string]*ics.EventCache{}, flights: map[string]*flight{}}
}

// Render writes a feed's iCalendar bytes: its posts, the team's routines (a
// rota as one event per turn), and the posts deleted in the last 90 days as
// cancelled events, so subscribers drop them.
func (s *Server) Render(ctx context.Context, f *calendar.Feed) ([]byte, time.Time, error) {
	posts, err := s.store.AllPosts(ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	tombs, err := s.store.Tombstones(ctx, s.now().Add(-calendar.TombstoneTTL))
	if err != nil {
		return nil, time.Time{}, err
	}
	campaigns, err := s.store.Campaigns(ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	members, err := s.store.Members(ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	feed := ics.Feed{Name: f.Name, Colour: "teal", TitlesOnly: f.TitlesOnly,
		Campaigns: map[string]calendar.Campaign{}, Members: map[calendar.ID]calendar.Member{}}
	for _, c := range campaigns {
		feed.Campaigns[c.Tag] = c
	}
	for _, m := range members {
		feed.Members[m.ID] = m
	}
	modified := f.Created
	kept := posts[:0]
	for _, p := range posts {
		if p.Dated() && f.Filter.Matches(p) {
			kept = append(kept, p)
			if p.Updated.After(modified) {
				modified = p.Updated
			}
		}
	}
	routines, err := s.store.Routines(ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	name := func(id calendar.ID) string { return feed.Members[id].Name }
	for i := range routines {
		rposts, err := routines[i].FeedPosts(f.Filter, name, s.now())
		if err != nil {
			s.log.Warn("routine left out of a feed", "routine", routines[i].ID, "err", err)
			continue
		}
		kept = append(kept, rposts...)
		if len(rposts) > 0 && routines[i].Updated.After(modified) {
			modified = routines[i].Updated
		}
	}
	var keptTombs []calendar.Tombstone
	for _, t := range tombs {
		if f.Filter.Matches(t.Post) {
			keptTombs = append(keptTombs, t)
			if t.Deleted.After(modified) {
				modified = t.Deleted
			}
		}
	}
	s.mu.Lock()
	events := s.events[f.Name]
	if events == nil {
		events = &ics.EventCache{}
		s.events[f.Name] = events
	}
	s.mu.Unlock()
	var buf bytes.Buffer
	if err := ics.WriteCached(&buf, feed, kept, keptTombs, events); err != nil {
		return nil, time.Time{}, err
	}
	return buf.Bytes(), modified.Truncate(time.Second), nil
}

// feed returns the rendered feed for a token, rendering it again only when
// the plan has changed since.
func (s *Server) feed(ctx context.Context, token string) (*rendered, error) {
	gen := s.store.Generation() // read before the plan, so a later write is never missed
	f, err := s.store.FeedByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if r := s.cache[token]; r != nil && r.gen == gen {
		s.mu.Unlock()
		return r, nil
	}
	if fl := s.flights[token]; fl != nil && fl.gen == gen {
		s.mu.Unlock()
		<-fl.done
		return fl.r, fl.err
	}
	fl := &flight{gen: gen, done: make(chan struct{})}
	s.flights[token] = fl
	s.mu.Unlock()
	fl.r, fl.err = s.render(ctx, f, gen)
	s.mu.Lock()
	if fl.err == nil {
		s.cache[token] = fl.r
	}
	if s.flights[token] == fl {
		delete(s.flights, token)
	}
	s.mu.Unlock()
	close(fl.done)
	return fl.r, fl.err
}

// render makes the response bodies of a feed, plain and gzipped.
func (s *Server) render(ctx context.Context, f *calendar.Feed, gen uint64) (*rendered, error) {
	body, modified, err := s.Render(ctx, f)
	if err != nil {
		return nil, err
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	zw.Write(body)
	zw.Close()
	sum := sha256.Sum256(body)
	return &rendered{gen: gen, body: body, gz: gz.Bytes(), etag: `"` + hex.EncodeToString(sum[:16]) + `"`, modified: modified}, nil
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
	} else if err != nil {
		s.internal(w, "render feed", err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("ETag", feed.etag)
	h.Set("Last-Modified", feed.modified.UTC().Format(http.TimeFormat))
	h.Set("Cache-Control", "private, no-cache")
	h.Set("Vary", "Accept-Encoding")
	h.Set("X-Content-Type-Options", "nosniff")
	if notModified(r, feed) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := feed.body
	if acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = feed.gz
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

// notModified applies If-None-Match, then If-Modified-Since (RFC 9110 13.2.2).
func notModified(r *http.Request, f *rendered) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for tag := range strings.SplitSeq(inm, ",") {
			if t := strings.TrimPrefix(strings.TrimSpace(tag), "W/"); t == f.etag || t == "*" {
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
