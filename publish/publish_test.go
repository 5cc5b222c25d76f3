package publish_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
	"postplan/credentials"
	"postplan/feedhttp"
	"postplan/publish"
	"postplan/publish/davtest"
	"postplan/storage"
	"postplan/transfer"
)

var ctx = context.Background()

// plan is a real plan in a temporary data folder: the sample month, a
// campaign's feed and the whole plan's.
type plan struct {
	db     *storage.DB
	dir    string
	creds  *credentials.Store
	log    *syncBuffer
	launch calendar.Feed
	all    calendar.Feed
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newPlan(t *testing.T) *plan {
	t.Helper()
	dir := t.TempDir()
	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.LoadPlan(ctx, calendar.SamplePlan(time.Now())); err != nil {
		t.Fatal(err)
	}
	p := &plan{db: db, dir: dir, creds: credentials.New(t.TempDir()), log: &syncBuffer{}}
	p.launch = calendar.Feed{Name: "Launch", Filter: calendar.FeedFilter{Campaigns: []string{"launch"}}}
	p.all = calendar.Feed{Name: "Hele planen"}
	for _, f := range []*calendar.Feed{&p.launch, &p.all} {
		if err := db.CreateFeed(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// counter counts the requests a publisher sends, by method.
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) RoundTrip(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.n[req.Method]++
	c.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

func (c *counter) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.n
	c.n = map[string]int{}
	return n
}

// publisher returns a Publisher over the plan whose requests are counted,
// with the target set to the server's folder sub and both feeds chosen.
func (p *plan) publisher(t *testing.T, srv *davtest.Server, sub string) (*publish.Publisher, *counter) {
	t.Helper()
	pub := publish.New(p.db, p.creds, p.dir, slog.New(slog.NewTextHandler(p.log, nil)))
	c := &counter{n: map[string]int{}}
	pub.HTTP = publish.NewHTTPClient()
	pub.HTTP.Transport = c
	pub.Quiet, pub.MaxDelay, pub.Tick = 300*time.Millisecond, 2*time.Second, 50*time.Millisecond
	pub.RetryMin, pub.RetryMax = 100*time.Millisecond, 500*time.Millisecond
	_, err := pub.SetTarget(ctx, publish.Target{URL: srv.URL(sub), User: srv.User, Keep: credentials.File,
		Feeds: []string{p.launch.Name, p.all.Name}, Language: "da"}, srv.Pass)
	if err != nil {
		t.Fatal(err)
	}
	return pub, c
}

func (p *plan) names(f calendar.Feed) []string {
	n := publish.NamesOf(&f)
	w := calendar.WeekOf(time.Now())
	out := []string{n.Calendar()}
	for i := range publish.WeeksPublished {
		out = append(out, n.Week(w.Add(i), i))
	}
	return out
}

// TestPublishToRealServers publishes the sample plan's two feeds to rclone's
// and Apache's WebDAV servers: the files arrive whole, two parsers we did
// not write read the published calendar as they read the live feed, a
// second publish of an unchanged plan uploads nothing, and the week pages
// link to each other at their public addresses.
func TestPublishToRealServers(t *testing.T) {
	for name, start := range map[string]func(testing.TB) *davtest.Server{"rclone": davtest.Rclone, "apache": davtest.Apache} {
		t.Run(name, func(t *testing.T) {
			srv := start(t)
			p := newPlan(t)
			pub, count := p.publisher(t, srv, "")
			rep, err := pub.Publish(ctx, false)
			if err != nil {
				t.Fatal(err)
			}
			files := srv.Files(t, "")
			want := append(p.names(p.launch), p.names(p.all)...)
			if got := slices.Sorted(mapKeys(files)); !cmp.Equal(got, slices.Sorted(slices.Values(want))) {
				t.Fatalf("the server holds %v, want %v", got, want)
			}
			if len(rep.Uploaded) != len(want) {
				t.Errorf("uploaded %v", rep.Uploaded)
			}
			n := count.take()
			if n["PUT"] != len(want) || n["MOVE"] != len(want) {
				t.Errorf("requests %v: want one PUT and one MOVE a file", n)
			}
			cal := files[publish.NamesOf(&p.launch).Calendar()]
			if !strings.HasPrefix(cal, "BEGIN:VCALENDAR") || !strings.HasSuffix(cal, "END:VCALENDAR\r\n") {
				t.Fatalf("the calendar is not whole: %.80q", cal)
			}
			sameAsLive(t, p, srv, p.launch)

			// This week's page links to next week's, at its public address,
			// and to no week before it.
			names := p.names(p.all)
			page := files[names[1]]
			if !strings.Contains(page, `href="`+srv.URL("")+names[2]+`"`) || strings.Contains(page, `rel="prev"`) {
				t.Errorf("this week's page links: %s", linksOf(page))
			}
			if !strings.Contains(page, `lang="da"`) {
				t.Error("the week page is not in Danish, as the target says")
			}

			// Nothing changed: the server is asked, and nothing is sent.
			rep, err = pub.Publish(ctx, true)
			if err != nil {
				t.Fatal(err)
			}
			if n := count.take(); n["PUT"]+n["MOVE"]+n["DELETE"] != 0 || len(rep.Uploaded) != 0 || rep.Unchanged != len(want) {
				t.Errorf("an unchanged plan sent %v (report %+v)", n, rep)
			}
			// Without force, an unchanged plan does not even ask.
			if rep, err = pub.Publish(ctx, false); err != nil || rep.Contacted {
				t.Errorf("an unchanged plan contacted the server: %+v, %v", rep, err)
			}
			if n := count.take(); len(n) != 0 {
				t.Errorf("requests for an unchanged plan: %v", n)
			}
		})
	}
}

// sameAsLive has ical.js and python's icalendar with recurring-ical-events
// expand the published calendar and the same feed served live by the feed
// server: each must find the same occurrences in both.
func sameAsLive(t *testing.T, p *plan, srv *davtest.Server, f calendar.Feed) {
	t.Helper()
	h, ln, err := feedhttp.Listen("127.0.0.1:0", feedhttp.New(p.db, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	if err != nil {
		t.Fatal(err)
	}
	go h.Serve(ln)
	defer h.Close()
	live := fetch(t, "http://"+ln.Addr().String()+feedhttp.URLPath(f.Token), "", "")
	published := fetch(t, srv.URL("")+publish.NamesOf(&f).Calendar(), srv.User, srv.Pass)
	dir := t.TempDir()
	files := map[string]string{"live": filepath.Join(dir, "live.ics"), "published": filepath.Join(dir, "published.ics")}
	_ = os.WriteFile(files["live"], live, 0o644)
	_ = os.WriteFile(files["published"], published, 0o644)
	from, to := time.Now().AddDate(0, -1, 0).UTC().Format(time.RFC3339), time.Now().AddDate(1, 0, 0).UTC().Format(time.RFC3339)
	for tool, cmd := range map[string]func(file string) *exec.Cmd{
		"ical.js": func(file string) *exec.Cmd {
			return exec.Command("node", filepath.Join("..", "frontend", "interop", "icaljs-expand.mjs"), file, from, to)
		},
		"icalendar": func(file string) *exec.Cmd {
			return exec.Command("/usr/bin/python3", filepath.Join("..", "calendar", "ics", "testdata", "rie_expand.py"), file, from, to)
		},
	} {
		var got [2][][3]string
		for i, which := range []string{"live", "published"} {
			c := cmd(files[which])
			c.Env = append(os.Environ(), "TZ=UTC")
			var stderr bytes.Buffer
			c.Stderr = &stderr
			out, err := c.Output()
			if err != nil {
				t.Fatalf("%s on the %s feed: %v\n%s", tool, which, err, stderr.String())
			}
			if err := json.Unmarshal(out, &got[i]); err != nil {
				t.Fatalf("%s: %v", tool, err)
			}
		}
		if len(got[0]) < 3 {
			t.Fatalf("%s finds %d occurrences in the live feed: too few to compare", tool, len(got[0]))
		}
		if diff := cmp.Diff(got[0], got[1]); diff != "" {
			t.Errorf("%s reads the published calendar differently (-live +published):\n%s", tool, diff)
		}
	}
}

func fetch(t *testing.T, url, user, pass string) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %s", url, res.Status)
	}
	return b
}

func linksOf(page string) []string {
	var out []string
	for _, part := range strings.Split(page, "<a ")[1:] {
		out = append(out, strings.SplitN(part, ">", 2)[0])
	}
	return out
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestEditsAndRevocationsReachTheServer runs the publisher as the window
// does: an edit is on the server within the debounce, and a revoked feed's
// files are deleted.
func TestEditsAndRevocationsReachTheServer(t *testing.T) {
	srv := davtest.Rclone(t)
	p := newPlan(t)
	pub, _ := p.publisher(t, srv, "")
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { pub.Run(runCtx); close(done) }()
	t.Cleanup(func() { stop(); <-done })
	cal := publish.NamesOf(&p.launch).Calendar()
	waitFor(t, "the first publish", func() bool { _, ok := srv.Files(t, "")[cal]; return ok })

	posts, err := p.db.AllPosts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(posts, func(q *calendar.Post) bool { return slices.Contains(q.Tags, "launch") && q.Recurrence == nil })
	post := posts[i]
	post.Title = "Lanceringen er rykket: nyt tidspunkt"
	edited := time.Now()
	if err := p.db.UpdatePost(ctx, post); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the edit on the server", func() bool { return strings.Contains(srv.Files(t, "")[cal], "Lanceringen er rykket") })
	took := time.Since(edited)
	t.Logf("an edit reached the server after %v (quiet %v)", took, pub.Quiet)
	if took > 10*time.Second {
		t.Errorf("the edit took %v to reach the server, over 10 s", took)
	}
	waitFor(t, "the publish to end", func() bool { st := pub.Status(); return !st.Publishing && !st.Pending })
	if st := pub.Status(); st.Problem != nil || st.LastSuccess.Before(edited) {
		t.Errorf("status after the edit: %+v", st)
	}

	if err := p.db.RevokeFeed(ctx, p.launch.Name); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the revoked feed's files gone", func() bool {
		files := srv.Files(t, "")
		for _, n := range p.names(p.launch) {
			if _, ok := files[n]; ok {
				return false
			}
		}
		return true
	})
	if files := srv.Files(t, ""); len(files) != len(p.names(p.all)) {
		t.Errorf("after revoking, the server holds %v", slices.Sorted(mapKeys(files)))
	}
}

// TestProblemsSayWhatIsWrongAndKeepThePublishPending: a wrong password, a
// folder that is not there and a stopped server each give their message;
// the publish stays pending, and once the server is back Run publishes it.
func TestProblemsSayWhatIsWrongAndKeepThePublishPending(t *testing.T) {
	srv := davtest.Rclone(t)
	p := newPlan(t)
	pub, _ := p.publisher(t, srv, "")

	check := func(what, kind, words string) {
		t.Helper()
		_, err := pub.Publish(ctx, true)
		var pr *publish.Problem
		if !errors.As(err, &pr) || pr.Kind != kind || !strings.Contains(pr.Err.Error(), words) {
			t.Fatalf("%s: err = %v, want a %s problem saying %q", what, err, kind, words)
		}
		if st := pub.Status(); !st.Pending || st.Problem == nil || st.Problem.Kind != kind {
			t.Errorf("%s: status %+v", what, st)
		}
		if strings.Contains(p.log.String(), srv.Pass) || strings.Contains(pr.Err.Error(), srv.Pass) {
			t.Errorf("%s: the password is in the log or the message", what)
		}
	}

	target, _, _ := pub.Target(ctx)
	wrong := target
	if _, err := pub.SetTarget(ctx, wrong, "not the password"); err != nil {
		t.Fatal(err)
	}
	check("a wrong password", publish.ProblemPassword, "refused the user name or password")

	missing := target
	missing.URL = srv.URL("missing")
	if _, err := pub.SetTarget(ctx, missing, srv.Pass); err != nil {
		t.Fatal(err)
	}
	check("a missing folder", publish.ProblemFolder, "does not exist on the server")

	if _, err := pub.SetTarget(ctx, target, srv.Pass); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	check("a stopped server", publish.ProblemNetwork, "does not answer")
	if len(srv.Files(t, "")) != 0 {
		t.Fatal("files arrived while the server was stopped")
	}

	// Run keeps trying; the server comes back on its address.
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { pub.Run(runCtx); close(done) }()
	t.Cleanup(func() { stop(); <-done })
	srv.Start(t)
	waitFor(t, "the pending publish after the server came back", func() bool {
		st := pub.Status()
		return !st.Pending && st.Problem == nil && len(srv.Files(t, "")) == 2*(1+publish.WeeksPublished)
	})
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// TestThePasswordIsNowhereButWhereItIsKept publishes with the password
// kept in a file and for the session only, then looks for it, as bytes, in
// every file of the data folder (the plan, its log, the publish state), in
// a backup and in the JSON export.
func TestThePasswordIsNowhereButWhereItIsKept(t *testing.T) {
	srv := davtest.Rclone(t)
	srv.Stop()
	// Random, so no compression in Badger's files can hide it.
	srv.Pass = "pw-" + rand.Text()
	srv.Start(t)
	p := newPlan(t)
	logFile, err := os.Create(filepath.Join(p.dir, "postplan.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	for _, keep := range []string{credentials.File, credentials.Session} {
		pub := publish.New(p.db, p.creds, p.dir, slog.New(slog.NewTextHandler(logFile, &slog.HandlerOptions{Level: slog.LevelDebug})))
		target := publish.Target{URL: srv.URL(""), User: srv.User, Keep: keep, Feeds: []string{p.all.Name}}
		// A wrong password first, so the failure's log lines are there too.
		if _, err := pub.SetTarget(ctx, target, srv.Pass+"-wrong"); err != nil {
			t.Fatal(err)
		}
		if _, err := pub.Publish(ctx, true); err == nil {
			t.Fatal("a wrong password published")
		}
		if _, err := pub.SetTarget(ctx, target, srv.Pass); err != nil {
			t.Fatal(err)
		}
		if _, err := pub.Publish(ctx, true); err != nil {
			t.Fatal(err)
		}
		if pw, err := p.creds.Get(keep, target.Normalize().Key()); err != nil || pw != srv.Pass {
			t.Fatalf("%s: the password is not kept where it should be: %q, %v", keep, pw, err)
		}
	}
	backup := filepath.Join(t.TempDir(), "plan.postplan-backup")
	if err := transfer.BackupFile(ctx, p.db, backup); err != nil {
		t.Fatal(err)
	}
	export, err := transfer.Export(ctx, p.db, transfer.JSON, transfer.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.db.Close(); err != nil { // flushes everything Badger holds
		t.Fatal(err)
	}
	secret := []byte(srv.Pass)
	searched := 0
	err = filepath.WalkDir(p.dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		searched++
		if bytes.Contains(b, secret) {
			t.Errorf("the password is in %s", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if searched < 5 {
		t.Fatalf("only %d files searched in the data folder", searched)
	}
	for name, b := range map[string][]byte{"the JSON export": export, "the backup": mustRead(t, backup)} {
		if len(b) < 1000 || bytes.Contains(b, secret) {
			t.Errorf("%s (%d bytes) holds the password, or nothing", name, len(b))
		}
	}
	if log := mustRead(t, logFile.Name()); !bytes.Contains(log, []byte("publish failed")) {
		t.Errorf("the log does not have the failure, so it proves nothing:\n%s", log)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestATargetMustBeSafeAndWhole(t *testing.T) {
	for _, tc := range []struct {
		t            publish.Target
		field, words string
	}{
		{publish.Target{URL: "http://cloud.example.com/dav/"}, "url", "must start with https://"},
		{publish.Target{URL: "ftp://cloud.example.com/"}, "url", "full address"},
		{publish.Target{URL: "cloud.example.com/dav"}, "url", "full address"},
		{publish.Target{URL: "https://anna:pw@cloud.example.com/dav/"}, "url", "Leave the user name and password out"},
		{publish.Target{URL: "https://cloud.example.com/", PublicURL: "http://example.com/s/x"}, "publicUrl", "https://"},
		{publish.Target{URL: "https://cloud.example.com/", Keep: "clipboard"}, "keep", "keyring"},
		{publish.Target{URL: "https://cloud.example.com/", Language: "de"}, "language", "English, Danish or Swedish"},
	} {
		err := tc.t.Normalize().Validate()
		if calendar.ErrorField(err) != tc.field || !strings.Contains(calendar.ErrorMessage(err), tc.words) {
			t.Errorf("%+v: %v (field %q), want %q at %s", tc.t, err, calendar.ErrorField(err), tc.words, tc.field)
		}
	}
	for _, ok := range []string{"https://cloud.example.com/remote.php/dav/files/anna/postplan", "http://127.0.0.1:8080/", "http://localhost/dav/", "http://[::1]:9/"} {
		if err := (publish.Target{URL: ok}).Normalize().Validate(); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	if got := (publish.Target{URL: "https://h/dav"}).Normalize().URL; got != "https://h/dav/" {
		t.Errorf("normalized folder %q", got)
	}
}

func TestPublicAddresses(t *testing.T) {
	f := calendar.Feed{Name: "Kampagne: Forår på Øresund!", Token: "ABCDEF234567"}
	n := publish.NamesOf(&f)
	if n.Calendar() != "kampagne-foraar-paa-oeresund-abcdef234567.ics" {
		t.Errorf("calendar file %q", n.Calendar())
	}
	plain := publish.Target{URL: "https://cloud.example.com/dav/"}
	if got := plain.PublicAddress(n.Calendar()); got != "https://cloud.example.com/dav/"+n.Calendar() {
		t.Errorf("plain: %s", got)
	}
	share := publish.Target{URL: "https://cloud.example.com/dav/", PublicURL: "https://cloud.example.com/s/Ab12/download?path=%2F&files="}
	if got := share.PublicAddress(n.Calendar()); got != "https://cloud.example.com/s/Ab12/download?path=%2F&files="+n.Calendar() {
		t.Errorf("share link: %s", got)
	}
	if got := publish.Webcal("https://h/x.ics"); got != "webcal://h/x.ics" {
		t.Errorf("webcal: %s", got)
	}
}

// A post whose time passes is marked overdue on the server at that
// moment, with no edit to wake the publisher and long before Recheck.
func TestAPostBecomingOverdueIsPublished(t *testing.T) {
	srv := davtest.Rclone(t)
	p := newPlan(t)
	at := time.Now().Add(3 * time.Second).Truncate(time.Second)
	post := &calendar.Post{Title: "Goes out at once", Channels: []string{"Instagram"}, Status: calendar.StatusScheduled,
		TimeZone: "UTC", Start: calendar.WallOf(at.UTC())}
	if err := p.db.CreatePost(ctx, post); err != nil {
		t.Fatal(err)
	}
	pub, _ := p.publisher(t, srv, "")
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { pub.Run(runCtx); close(done) }()
	t.Cleanup(func() { stop(); <-done })
	cal := publish.NamesOf(&p.all).Calendar()
	waitFor(t, "the first publish", func() bool { return strings.Contains(srv.Files(t, "")[cal], "Goes out at once") })
	if strings.Contains(srv.Files(t, "")[cal], calendar.OverduePrefix+"Goes out at once") && time.Now().Before(at) {
		t.Fatal("marked overdue before its time")
	}
	waitFor(t, "the overdue mark on the server", func() bool {
		return strings.Contains(srv.Files(t, "")[cal], calendar.OverduePrefix+"Goes out at once")
	})
	if late := time.Since(at); late > 5*time.Second {
		t.Errorf("the mark reached the server %v after the post's time", late)
	}
}
