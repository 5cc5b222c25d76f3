package ics

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"postplan/calendar"
)

// A large calendar, decoded whole or in pieces, one per core, is the
// calendar go-ical's decoder reads: the same properties, the same
// components in the same order, VTIMEZONEs and VALARMs included. A file
// with two calendars, or one whose piece would not decode, is decoded
// whole.
func TestCuttingALargeCalendarDecodesTheSame(t *testing.T) {
	plan := generatedPlan(2500, 100, 3)
	var ours bytes.Buffer
	if err := Write(&ours, Feed{Name: "Plan"}, plan.Posts, nil); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"our export": ours.Bytes()}
	// Files other programs wrote, their events repeated to the size of a
	// large plan: zones first, alarms inside events, folded lines.
	for _, name := range []string{"alarm_of_repeated_event.ics", "issue_48_daylight_aware_repeats.ics", "Germany.ics"} {
		b, err := os.ReadFile(filepath.Join("testdata", "real-world", name))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		first, last := strings.Index(s, "BEGIN:VEVENT"), strings.LastIndex(s, "END:VEVENT")
		if first < 0 || last < 0 {
			t.Fatalf("%s has no events", name)
		}
		events := s[first : last+len("END:VEVENT\r\n")]
		files[name] = []byte(s[:first] + strings.Repeat(events, 1+(800<<10)/len(events)) + s[last+len("END:VEVENT\r\n"):])
	}
	files["two calendars"] = append(append([]byte(nil), ours.Bytes()...), ours.Bytes()...)
	for name, body := range files {
		pr, _, err := prepare(body)
		if err != nil {
			t.Fatal(err)
		}
		want, err := goical.NewDecoder(bytes.NewReader(pr.body)).Decode()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if name != "two calendars" && len(pr.cuts) < 100 {
			t.Fatalf("%s: %d components found, too few to cut", name, len(pr.cuts))
		}
		for _, n := range []int{1, 2, 3} {
			if cut := len(pieces(pr, n)) == n; n > 1 && cut != (name != "two calendars") {
				t.Fatalf("%s in %d pieces: cut %v", name, n, cut)
			}
			got, err := decodeIn(pr, n)
			if err != nil {
				t.Fatalf("%s in %d pieces: %v", name, n, err)
			}
			// A property without parameters has none here, an empty map in
			// go-ical's.
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("%s in %d pieces differs from go-ical's reading of the whole (-go-ical +ours):\n%.2000s", name, n, diff)
			}
		}
	}
}

// A large file read on several cores is the file read on one: the same
// posts in the same order, the same problems, and the same campaigns,
// where two category names that make the same tag ("Forår 2026" and
// "FORÅR 2026") are told apart in the order the file names them.
func TestReadingOnSeveralCoresIsReadingOnOne(t *testing.T) {
	plan := generatedPlan(6000, 200, 5)
	for i, p := range plan.Posts {
		if i%700 == 0 { // a title too long: a problem, in the order of the file
			p.Title = strings.Repeat("Lang titel ", 40)
		}
	}
	var buf bytes.Buffer
	if err := Write(&buf, Feed{Name: "Plan"}, plan.Posts, nil); err != nil {
		t.Fatal(err)
	}
	// Categories naming campaigns the plan does not have, in events all
	// through the file, so that each core meets some.
	names := []string{"Forår 2026", "FORÅR 2026", "Efterår", "forår 2026"}
	var withCats strings.Builder
	n := 0
	for _, line := range strings.SplitAfter(buf.String(), "\r\n") {
		withCats.WriteString(line)
		if line == "BEGIN:VEVENT\r\n" {
			if n%250 == 0 {
				fmt.Fprintf(&withCats, "CATEGORIES:%s\r\n", names[(n/250)%len(names)])
			}
			n++
		}
	}
	o := ReadOptions{Now: testNow, Zone: "Europe/Copenhagen", Campaigns: map[string]calendar.Campaign{}}
	one, err := read(strings.NewReader(withCats.String()), o, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Plan.Posts) < 5000 || len(one.Problems) < 5 {
		t.Fatalf("read %d posts with %d problems; the test needs more", len(one.Plan.Posts), len(one.Problems))
	}
	tags := map[string]bool{}
	for _, c := range one.Plan.Campaigns {
		tags[c.Tag] = true
	}
	if !tags["forår-2026"] || !tags["forår-2026-2"] || !tags["forår-2026-3"] {
		t.Fatalf("campaigns %v: the names that make one tag were not told apart", one.Plan.Campaigns)
	}
	for _, workers := range []int{2, 3} {
		several, err := read(strings.NewReader(withCats.String()), o, workers)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(one, several) {
			t.Fatalf("on %d cores: %s", workers, cmp.Diff(one, several))
		}
	}
}

// A large feed written on several cores, from an empty cache and from a
// full one, is the feed written on one core, its deleted posts' cancelled
// events after the others.
func TestAFeedWrittenOnSeveralCoresIsWrittenOnOne(t *testing.T) {
	plan := generatedPlan(6000, 200, 9)
	f := Feed{Name: "Plan"}
	var tombs []calendar.Tombstone
	for _, p := range plan.Posts[:3] {
		gone := *p
		gone.ID += "X"
		tombs = append(tombs, calendar.Tombstone{Post: &gone, Deleted: testNow})
	}
	prev := runtime.GOMAXPROCS(1)
	one := RenderCached(f, plan.Posts, tombs, nil).Bytes()
	runtime.GOMAXPROCS(max(prev, 3))
	defer runtime.GOMAXPROCS(prev)
	cache := &EventCache{}
	for _, run := range []string{"empty cache", "full cache", "no cache"} {
		c := cache
		if run == "no cache" {
			c = nil
		}
		if got := RenderCached(f, plan.Posts, tombs, c).Bytes(); !bytes.Equal(got, one) {
			t.Fatalf("%s: %d bytes, on one core %d", run, len(got), len(one))
		}
	}
	if n := bytes.Count(one, []byte("BEGIN:VEVENT")); n < 6000 {
		t.Fatalf("%d events; the test needs a large feed", n)
	}
	if n := bytes.Count(one, []byte("STATUS:CANCELLED")); n < 3 || !bytes.HasSuffix(one, []byte("END:VCALENDAR\r\n")) {
		t.Fatalf("%d cancelled events, ends %q", n, one[len(one)-20:])
	}
}

// testNow is the tests' clock: the generated plans' sample month is
// around it.
var testNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// generatedPlan is a generated plan of posts and series with IDs and
// stamps, as the store would give them.
func generatedPlan(posts, series int, seed uint64) calendar.Plan {
	plan := calendar.Generate(calendar.GenerateOptions{Posts: posts, Series: series, Seed: seed, Today: testNow})
	for i, p := range plan.Posts {
		p.ID = calendar.ID(fmt.Sprintf("01GEN%021d", i))
		p.Created, p.Updated = testNow, testNow
	}
	return plan
}

// The event cache is kept in the order of IDs, which a feed gives posts
// in; fed them in any order, with posts added, edited and gone between
// renders, a cached write is the fresh one.
func TestEventCacheInAnyOrderIsTheFreshWrite(t *testing.T) {
	plan := generatedPlan(300, 20, 4)
	f := Feed{Name: "Plan"}
	cache := &EventCache{}
	rng := rand.New(rand.NewPCG(5, 6))
	posts := slices.Clone(plan.Posts[:200])
	for round := range 6 {
		switch round {
		case 1: // shuffled
			rng.Shuffle(len(posts), func(i, j int) { posts[i], posts[j] = posts[j], posts[i] })
		case 2: // posts added, in the middle of the order and at its end
			posts = append(posts, plan.Posts[200:280]...)
			slices.SortFunc(posts, func(a, b *calendar.Post) int { return strings.Compare(string(a.ID), string(b.ID)) })
		case 3: // edited, and one added before all the others
			for _, p := range posts[10:15] {
				p.Title, p.Updated = p.Title+" (ret)", p.Updated.Add(time.Minute)
			}
			first := *plan.Posts[290]
			first.ID = "00FIRST"
			posts = append([]*calendar.Post{&first}, posts...)
		case 4: // some gone
			posts = slices.Delete(posts, 40, 90)
		case 5: // sorted, all of them
			posts = slices.Clone(plan.Posts)
			slices.SortFunc(posts, func(a, b *calendar.Post) int { return strings.Compare(string(a.ID), string(b.ID)) })
		}
		want := RenderCached(f, posts, nil, nil).Bytes()
		if got := RenderCached(f, posts, nil, cache).Bytes(); !bytes.Equal(got, want) {
			t.Fatalf("round %d: the cached write differs from the fresh one", round)
		}
		again := RenderCached(f, posts, nil, cache)
		if got := again.Bytes(); !bytes.Equal(got, want) {
			t.Fatalf("round %d, again: the cached write differs from the fresh one", round)
		}
		// Nothing changed since: every post's events are the cache's own
		// bytes, not a copy.
		for _, p := range posts {
			if !p.Dated() {
				continue // an idea: no events
			}
			k, ok := slices.BinarySearchFunc(cache.events, p.ID, byEventID)
			if !ok || !slices.ContainsFunc(again, func(piece []byte) bool { return len(piece) > 0 && &piece[0] == &cache.events[k].bytes[0] }) {
				t.Fatalf("round %d: post %s's events are not the cache's", round, p.ID)
			}
		}
	}
	if !slices.IsSortedFunc(cache.events, func(a, b cachedEvents) int { return strings.Compare(string(a.id), string(b.id)) }) {
		t.Error("the cache is out of order")
	}
}

// zonesUsed orders the zones most used first, ties by name, for a plan of
// a few zones or many, its posts' zones interleaved; UTC gets no VTIMEZONE.
func TestZonesUsedMostUsedFirst(t *testing.T) {
	names := []string{"Europe/Copenhagen", "Europe/Stockholm", "UTC", "Asia/Tokyo", "America/New_York",
		"Europe/London", "Europe/Oslo", "Europe/Helsinki", "Australia/Sydney", "America/Chicago", "Asia/Kolkata", "Africa/Lagos"}
	for _, zones := range []int{3, len(names)} {
		// Zone k has 3*(zones-k) posts, the fifth as many as the fourth
		// (named after it), shuffled together.
		var zoneOf []string
		want := map[string]int{}
		for k, n := range names[:zones] {
			want[n] = 3 * (zones - k)
			if k == 4 {
				want[n] = 3 * (zones - 3)
			}
			for range want[n] {
				zoneOf = append(zoneOf, n)
			}
		}
		rand.New(rand.NewPCG(uint64(zones), 7)).Shuffle(len(zoneOf), func(i, j int) { zoneOf[i], zoneOf[j] = zoneOf[j], zoneOf[i] })
		var posts []*calendar.Post
		for i, z := range zoneOf {
			posts = append(posts, &calendar.Post{ID: calendar.ID(fmt.Sprint(i)), TimeZone: z, Status: calendar.StatusDraft,
				Start: calendar.Wall(2026, 3, 1+i%28, 9, 0, 0)})
		}
		posts = append(posts, &calendar.Post{ID: "idea", TimeZone: "Pacific/Auckland", Status: calendar.StatusIdea}) // undated: no zone
		order := slices.Collect(maps.Keys(want))
		slices.SortFunc(order, func(a, b string) int {
			if want[a] != want[b] {
				return want[b] - want[a]
			}
			return strings.Compare(a, b)
		})
		order = slices.DeleteFunc(order, func(n string) bool { return n == "UTC" })
		var zs zoneStats
		for _, p := range posts {
			zs.see(p)
		}
		locs, from, to := zs.zones()
		var got []string
		for _, l := range locs {
			got = append(got, l.String())
		}
		if !slices.Equal(got, order) {
			t.Errorf("%d zones: %v, want %v", zones, got, order)
		}
		if from.Year() != 2025 || to.Year() != 2036 {
			t.Errorf("%d zones: span %v to %v, want 2025 to 2036", zones, from, to)
		}
	}
}

// A large file, read in pieces on several cores, with a malformed line
// deep inside (a parameter and no value, a junk character after a quoted
// parameter) is refused with a message, as a small one is: a panic in the
// reading of a piece would end the app.
func TestAMalformedLineInALargeFileIsRefused(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, Feed{Name: "Plan"}, generatedPlan(3000, 100, 7).Posts, nil); err != nil {
		t.Fatal(err)
	}
	file := buf.String()
	at := strings.Index(file[len(file)*3/4:], "BEGIN:VEVENT\r\n") + len(file)*3/4 + len("BEGIN:VEVENT\r\n")
	for _, bad := range []string{"X-NOTE;LANG=da\r\n", "X-NOTE;LANG=\"da\"x:hej\r\n", "X-NOTE;LANG=\"da\r\n", "X-NOTE;LANG=d\"a:hej\r\n"} {
		for _, workers := range []int{1, 2} {
			_, err := read(strings.NewReader(file[:at]+bad+file[at:]), ReadOptions{Now: testNow}, workers)
			if calendar.ErrorCode(err) != calendar.EINVALID {
				t.Errorf("%q on %d cores: %v, want the file refused", bad, workers, err)
			}
		}
	}
}

// Any text is read as go-ical's decoder reads it: the same calendar, or
// the same error; where go-ical panics, an error. The seeds are the
// real-world files, our own export and lines that go-ical refuses or
// panics on.
func FuzzDecodeLikeGoICal(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.ics"))
	files = append(files, filepath.Join("testdata", "edge.ics"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	var ours bytes.Buffer
	if err := Write(&ours, Feed{Name: "Plan"}, generatedPlan(40, 5, 1).Posts, nil); err != nil {
		f.Fatal(err)
	}
	f.Add(ours.String())
	for _, s := range []string{
		"BEGIN:VCALENDAR\nX;A=\"q\":v\nEND:VCALENDAR\n", "BEGIN:VCALENDAR\r\nX;A=b\r\nEND:VCALENDAR", "BEGIN:VCALENDAR\nX;=b:v\n",
		"BEGIN:VCALENDAR\nX;A=\"b\"c:v\n", "BEGIN:VCALENDAR\nX;A=b\"c:v\n", "BEGIN:VCALENDAR\nX;A\n", ":v", "BEGIN:VEVENT\nEND:VEVENT",
		"BEGIN:VCALENDAR\n \nEND:vcalendar\r", "BEGIN:VCALENDAR\nX;A=1,\"2;3\";a=4:v\n\tw\n\nEND:VCALENDAR\n ", "begin:vcalendar\r\nEND:VTODO\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := (&decoder{s: text}).calendar()
		if longestLine(text) > 8<<10 {
			return // go-ical takes quadratic time over a long parameter (see TestALongParameterIsReadInLinearTime)
		}
		want, wantErr, panicked := func() (c *goical.Calendar, err error, panicked bool) {
			defer func() {
				if recover() != nil {
					panicked = true
				}
			}()
			c, err = goical.NewDecoder(strings.NewReader(text)).Decode()
			return c, err, false
		}()
		switch {
		case panicked:
			if err == nil {
				t.Fatalf("go-ical panics, ours reads %v", got)
			}
		case wantErr != nil:
			if err == nil || err.Error() != wantErr.Error() {
				t.Fatalf("go-ical: %v; ours: %v", wantErr, err)
			}
		case err != nil:
			t.Fatalf("go-ical reads it, ours: %v", err)
		default:
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("read differently (-go-ical +ours):\n%s", diff)
			}
		}
	})
}

func longestLine(s string) int {
	n := 0
	for l := range strings.Lines(s) {
		n = max(n, len(l))
	}
	return n
}

// A parameter of a megabyte is read in about the time its bytes take:
// go-ical's decoder builds a parameter's value a byte at a time, which
// took 5.6 s for 200 kB (and grows with the square), a file to hang the
// app with.
func TestALongParameterIsReadInLinearTime(t *testing.T) {
	for _, value := range []string{`"` + strings.Repeat("a", 1<<20) + `"`, strings.Repeat("b", 1<<20)} {
		text := "BEGIN:VCALENDAR\r\nX-NOTE;X-A=" + value + ":v\r\nEND:VCALENDAR\r\n"
		start := time.Now()
		cal, err := (&decoder{s: text}).calendar()
		if took := time.Since(start); took > time.Second {
			t.Errorf("%d bytes read in %v", len(text), took)
		}
		if err != nil || len(cal.Props.Get("X-NOTE").Params.Get("X-A")) != 1<<20 {
			t.Fatalf("read as %v, %v", cal, err)
		}
	}
}

// Every Windows zone name maps to a zone this build can load, and every
// zone filed under a name maps back to a name there is.
func TestWindowsZoneNamesLoad(t *testing.T) {
	for name, zone := range windowsZones {
		if _, err := calendar.LoadLocation(zone); err != nil {
			t.Errorf("%q maps to %q: %v", name, zone, err)
		}
	}
	for zone, name := range windowsNames {
		if _, ok := windowsZones[name]; !ok {
			t.Errorf("%s is filed under %q, which maps to no zone", zone, name)
		}
	}
	if len(windowsZones) < 130 || windowsNames["Europe/Copenhagen"] != "Romance Standard Time" {
		t.Errorf("%d Windows names, Copenhagen under %q", len(windowsZones), windowsNames["Europe/Copenhagen"])
	}
}
