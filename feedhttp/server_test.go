package feedhttp_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/feedhttp"
	"postplan/storage"
)

var ctx = context.Background()

type env struct {
	db   *storage.DB
	base string
	log  *bytes.Buffer
	feed calendar.Feed
}

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

// start runs the feed server on a free port on 127.0.0.1 over a plan with
// the sample month and one feed.
func start(t *testing.T) *env {
	t.Helper()
	db := openPlan(t)
	if err := db.LoadPlan(ctx, calendar.SamplePlan(time.Now())); err != nil {
		t.Fatal(err)
	}
	f := calendar.Feed{Name: "Launch", Filter: calendar.FeedFilter{Campaigns: []string{"launch"}}}
	if err := db.CreateFeed(ctx, &f); err != nil {
		t.Fatal(err)
	}
	var logBuf bytes.Buffer
	srv, ln, err := feedhttp.Listen("127.0.0.1:0", feedhttp.New(db, slog.New(slog.NewTextHandler(&logBuf, nil))).Handler())
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return &env{db: db, base: "http://" + ln.Addr().String(), log: &logBuf, feed: f}
}

func (e *env) get(t *testing.T, method, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, e.base+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// A transport of our own, so Go does not ask for and undo gzip itself.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, body
}

func TestFeedIsServedWithItsFilter(t *testing.T) {
	e := start(t)
	res, body := e.get(t, "GET", feedhttp.URLPath(e.feed.Token))
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("GET feed: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	s := string(body)
	if !strings.Contains(s, "Lancering! Efterårskollektionen er her") || strings.Contains(s, "Kundecase") {
		t.Error("the launch feed must hold the launch campaign's posts and no others")
	}
	if !strings.Contains(s, "X-WR-CALNAME:Launch") {
		t.Error("the feed is not named")
	}
}

func TestConditionalRequestsHeadAndGzip(t *testing.T) {
	e := start(t)
	path := feedhttp.URLPath(e.feed.Token)
	res, body := e.get(t, "GET", path)
	etag, modified := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
	if etag == "" || modified == "" {
		t.Fatalf("no validators: ETag %q, Last-Modified %q", etag, modified)
	}
	if res, b := e.get(t, "GET", path, "If-None-Match", etag); res.StatusCode != 304 || len(b) != 0 {
		t.Errorf("If-None-Match: %d with %d bytes, want 304 and nothing", res.StatusCode, len(b))
	}
	if res, _ := e.get(t, "GET", path, "If-Modified-Since", modified); res.StatusCode != 304 {
		t.Errorf("If-Modified-Since: %d, want 304", res.StatusCode)
	}
	if res, _ := e.get(t, "GET", path, "If-None-Match", `"stale"`, "If-Modified-Since", modified); res.StatusCode != 200 {
		t.Errorf("a stale ETag must win over If-Modified-Since: %d", res.StatusCode)
	}
	head, hb := e.get(t, "HEAD", path)
	if head.StatusCode != 200 || len(hb) != 0 || head.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
		t.Errorf("HEAD: %d, %d body bytes, length %q; want 200, none, %d", head.StatusCode, len(hb), head.Header.Get("Content-Length"), len(body))
	}
	gz, gb := e.get(t, "GET", path, "Accept-Encoding", "gzip")
	if gz.Header.Get("Content-Encoding") != "gzip" {
		t.Fatal("gzip was asked for and not given")
	}
	zr, err := gzip.NewReader(bytes.NewReader(gb))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Equal(plain, body) || len(gb) >= len(body) {
		t.Errorf("gzip body: %d bytes unpacking to %d; plain is %d", len(gb), len(plain), len(body))
	}

	// An edit to the plan changes the feed, and the old ETag no longer matches.
	posts := launchPosts(t, e.db)
	posts[0].Title = "Ny titel"
	if err := e.db.UpdatePost(ctx, posts[0]); err != nil {
		t.Fatal(err)
	}
	res, body = e.get(t, "GET", path, "If-None-Match", etag)
	if res.StatusCode != 200 || !strings.Contains(string(body), "Ny titel") {
		t.Errorf("after an edit: %d, feed has the new title: %v", res.StatusCode, strings.Contains(string(body), "Ny titel"))
	}
}

func TestUnknownRevokedAndOtherPathsLookAlike(t *testing.T) {
	e := start(t)
	_, missing := e.get(t, "GET", "/nothing-here")
	for _, tt := range []struct{ method, path string }{
		{"GET", feedhttp.URLPath("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")},
		{"GET", "/feeds/"},
		{"GET", "/feeds/../healthz"},
		{"GET", "/"},
		{"POST", feedhttp.URLPath(e.feed.Token)},
	} {
		res, body := e.get(t, tt.method, tt.path)
		if res.StatusCode != 404 || !bytes.Equal(body, missing) {
			t.Errorf("%s %s: %d %q, want the plain 404", tt.method, tt.path, res.StatusCode, body)
		}
	}
	if res, body := e.get(t, "GET", "/healthz"); res.StatusCode != 200 || string(body) != "ok\n" {
		t.Errorf("/healthz: %d %q", res.StatusCode, body)
	}

	if err := e.db.RevokeFeed(ctx, "Launch"); err != nil {
		t.Fatal(err)
	}
	if res, body := e.get(t, "GET", feedhttp.URLPath(e.feed.Token)); res.StatusCode != 404 || !bytes.Equal(body, missing) {
		t.Errorf("a revoked feed: %d, want the plain 404 at once", res.StatusCode)
	}
	rotated, err := e.db.RotateFeedToken(ctx, "Launch")
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := e.get(t, "GET", feedhttp.URLPath(rotated.Token)); res.StatusCode != 200 {
		t.Errorf("the new token: %d, want 200", res.StatusCode)
	}
	if res, _ := e.get(t, "GET", feedhttp.URLPath(e.feed.Token)); res.StatusCode != 404 {
		t.Errorf("the old token after rotation: %d, want 404", res.StatusCode)
	}
	if strings.Contains(e.log.String(), e.feed.Token) || strings.Contains(e.log.String(), rotated.Token) {
		t.Error("a token reached the access log")
	}
	if !strings.Contains(e.log.String(), "path=/feeds/[token].ics status=200") {
		t.Errorf("no access line for a feed request in:\n%s", e.log.String())
	}
}

func TestSlowClientsAreCutOff(t *testing.T) {
	e := start(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Send half a request and stall: the server must hang up after its
	// header timeout rather than hold the connection.
	if _, err := conn.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n")); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(15 * time.Second))
	began := time.Now()
	_, err = io.ReadAll(conn)
	if err != nil || time.Since(began) > 12*time.Second {
		t.Errorf("stalled client: read ended after %v with %v, want the server to close within its 5 s header timeout", time.Since(began), err)
	}

	big := strings.Repeat("x", 64<<10)
	res, _ := e.get(t, "GET", "/healthz", "X-Big", big)
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("64 KiB of headers: %d, want 431", res.StatusCode)
	}
}

func TestPortInUseIsSaidPlainly(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, _, err = feedhttp.Listen(ln.Addr().String(), http.NotFoundHandler())
	if calendar.ErrorCode(err) != calendar.ECONFLICT || !strings.Contains(err.Error(), "Another program is using") {
		t.Errorf("err = %v, want a plain conflict", err)
	}
}

// countingStore is the real store, counting how often the plan is read.
type countingStore struct {
	*storage.DB
	reads atomic.Int32
}

func (c *countingStore) AllPosts(ctx context.Context) ([]*calendar.Post, error) {
	c.reads.Add(1)
	return c.DB.AllPosts(ctx)
}

// sampleWithFeed is a plan in a temporary folder holding the sample month
// (none when empty) and a feed of everything.
func sampleWithFeed(t *testing.T, empty bool) (*storage.DB, calendar.Feed) {
	t.Helper()
	db := openPlan(t)
	if !empty {
		if err := db.LoadPlan(ctx, calendar.SamplePlan(time.Now())); err != nil {
			t.Fatal(err)
		}
	}
	f := calendar.Feed{Name: "All"}
	if err := db.CreateFeed(ctx, &f); err != nil {
		t.Fatal(err)
	}
	return db, f
}

func TestConcurrentRequestsAfterAnEditRenderOnce(t *testing.T) {
	db, f := sampleWithFeed(t, false)
	store := &countingStore{DB: db}
	h := feedhttp.New(store, slog.New(slog.DiscardHandler)).Handler()
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", feedhttp.URLPath(f.Token), nil))
			if rec.Code != 200 {
				t.Errorf("status %d", rec.Code)
			}
		})
	}
	wg.Wait()
	if n := store.reads.Load(); n != 1 {
		t.Errorf("50 concurrent requests read the plan %d times, want once", n)
	}
}

// launchPosts are the sample plan's posts in the launch campaign.
func launchPosts(t *testing.T, db *storage.DB) []*calendar.Post {
	t.Helper()
	all, err := db.AllPosts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(all, func(p *calendar.Post) bool { return !slices.Contains(p.Tags, "launch") })
}
