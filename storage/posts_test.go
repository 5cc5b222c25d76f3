package storage_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"postplan/calendar"
	"postplan/storage"
)

var ctx = context.Background()

func openDB(t testing.TB) *storage.DB {
	t.Helper()
	db, err := storage.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// withTeam adds a campaign and a member to the plan and returns the member.
func withTeam(t testing.TB, db *storage.DB) calendar.Member {
	t.Helper()
	c := calendar.Campaign{Tag: "spring", Name: "Spring sale", Colour: "#e11d48",
		Starts: calendar.Wall(2026, 3, 1, 0, 0, 0), Ends: calendar.Wall(2026, 3, 31, 0, 0, 0)}
	if err := db.PutCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := db.PutCampaign(ctx, calendar.Campaign{Tag: "brand", Name: "Brand", Colour: "#0f766e"}); err != nil {
		t.Fatal(err)
	}
	m := calendar.Member{Name: "Astrid", Email: "astrid@example.com", Colour: "#7c3aed"}
	if err := db.CreateMember(ctx, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func post(title string, start time.Time) *calendar.Post {
	return &calendar.Post{Title: title, Status: calendar.StatusDraft, Channels: []string{"Instagram"},
		Start: start, TimeZone: "Europe/Copenhagen"}
}

func window(t testing.TB, db *storage.DB, from, to string) []string {
	t.Helper()
	f, _ := time.Parse(time.RFC3339, from)
	u, _ := time.Parse(time.RFC3339, to)
	occs, err := db.Occurrences(ctx, f, u)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range occs {
		got = append(got, o.Start.Format("02 Jan 15:04 ")+o.Title())
	}
	return got
}

func TestCreateFindUpdateDelete(t *testing.T) {
	db := openDB(t)
	m := withTeam(t, db)
	clock := time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return clock }

	p := post("Tulip teaser", calendar.Wall(2026, 3, 10, 9, 0, 0))
	p.Tags, p.Assignee = []string{"spring"}, m.ID
	p.Variants = map[string]string{"Instagram": "🌷 Snart!"}
	if err := db.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	if p.ID == "" || !p.Created.Equal(clock) || p.Sequence != 0 {
		t.Fatalf("created post = %+v, want an ID, created stamp and sequence 0", p)
	}
	got, err := db.FindPost(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, got); diff != "" {
		t.Errorf("FindPost (-created +found):\n%s", diff)
	}

	// Notes are not shown by calendars: no new sequence.
	clock = clock.Add(time.Minute)
	got.Notes = "Ask Bo for the photo"
	if err := db.UpdatePost(ctx, got); err != nil {
		t.Fatal(err)
	}
	if got.Sequence != 0 {
		t.Errorf("sequence after a notes edit = %d, want 0", got.Sequence)
	}
	// Moving it is.
	clock = clock.Add(time.Minute)
	got.Start = calendar.Wall(2026, 3, 11, 9, 0, 0)
	if err := db.UpdatePost(ctx, got); err != nil {
		t.Fatal(err)
	}
	if got.Sequence != 1 {
		t.Errorf("sequence after a move = %d, want 1", got.Sequence)
	}
	if w := window(t, db, "2026-03-09T00:00:00Z", "2026-03-16T00:00:00Z"); !slices.Equal(w, []string{"11 Mar 09:00 Tulip teaser"}) {
		t.Errorf("week after the move = %v", w)
	}

	// An edit made from a stale copy is refused.
	stale := *p
	stale.Title = "Old title"
	if err := db.UpdatePost(ctx, &stale); calendar.ErrorCode(err) != calendar.ECONFLICT {
		t.Errorf("stale update err = %v, want conflict", err)
	}

	clock = clock.Add(time.Minute)
	if err := db.DeletePost(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindPost(ctx, p.ID); calendar.ErrorCode(err) != calendar.ENOTFOUND {
		t.Errorf("FindPost after delete err = %v, want not found", err)
	}
	if w := window(t, db, "2026-03-09T00:00:00Z", "2026-03-16T00:00:00Z"); len(w) != 0 {
		t.Errorf("deleted post still in the week: %v", w)
	}
	tombs, err := db.Tombstones(ctx, clock.Add(-time.Hour))
	if err != nil || len(tombs) != 1 {
		t.Fatalf("tombstones = %v, %v; want one", tombs, err)
	}
	if tb := tombs[0]; tb.Post.ID != p.ID || tb.Post.Status != calendar.StatusCancelled || tb.Post.Sequence != 2 || !tb.Deleted.Equal(clock) {
		t.Errorf("tombstone = %+v deleted %v, want cancelled, sequence 2, deleted %v", tb.Post, tb.Deleted, clock)
	}
	if keys, _ := storage.IndexKeys(db); slices.ContainsFunc(keys, func(k string) bool { return !strings.HasPrefix(k, "idx/tomb/") }) {
		t.Errorf("index entries left behind by delete: %q", keys)
	}
}

func TestTombstonesArePurgedAfter90Days(t *testing.T) {
	dir := t.TempDir()
	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	day := 24 * time.Hour
	for _, age := range []time.Duration{91 * day, 89 * day} {
		db.Now = func() time.Time { return time.Now().Add(-age) }
		p := post(fmt.Sprintf("Deleted %d ago", int(age/day)), calendar.Wall(2026, 1, 5, 9, 0, 0))
		if err := db.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
		if err := db.DeletePost(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	if tombs, _ := db.Tombstones(ctx, time.Time{}); len(tombs) != 2 {
		t.Fatalf("before reopening: %d tombstones, want 2", len(tombs))
	}
	db.Close()

	// Old stones are purged when the plan is opened.
	db, err = storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tombs, _ := db.Tombstones(ctx, time.Time{})
	if len(tombs) != 1 || tombs[0].Post.Title != "Deleted 89 ago" {
		t.Errorf("after reopening: %d tombstones (%v), want only the 89-day-old one", len(tombs), tombs)
	}
}

func TestInvalidInputChangesNothing(t *testing.T) {
	db := openDB(t)
	m := withTeam(t, db)
	good := post("Ok", calendar.Wall(2026, 3, 10, 9, 0, 0))
	if err := db.CreatePost(ctx, good); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		change    func(p *calendar.Post)
		wantField string
		wantMsg   string
	}{
		{"no title", func(p *calendar.Post) { p.Title = "" }, "title", "Title is required."},
		{"title too long", func(p *calendar.Post) { p.Title = strings.Repeat("a", 301) }, "title", "at most 300 characters"},
		{"unknown channel", func(p *calendar.Post) { p.Channels = []string{"Instagram", "MySpace"} }, "channels[1]", `Channel "MySpace" is not known`},
		{"channel twice", func(p *calendar.Post) { p.Channels = []string{"X", "X"} }, "channels[1]", "listed twice"},
		{"variant for absent channel", func(p *calendar.Post) { p.Variants = map[string]string{"X": "hi"} }, "variants", "not on that channel"},
		{"bad status", func(p *calendar.Post) { p.Status = "posted" }, "status", `Status "posted" is not one of idea, draft`},
		{"bad zone", func(p *calendar.Post) { p.TimeZone = "Europe/Aarhus" }, "timeZone", "not a time zone"},
		{"no zone", func(p *calendar.Post) { p.TimeZone = "" }, "timeZone", "Time zone is required."},
		{"unknown campaign", func(p *calendar.Post) { p.Tags = []string{"summer"} }, "tags[0]", `Campaign "summer" is not known.`},
		{"after campaign end", func(p *calendar.Post) { p.Tags = []string{"spring"}; p.Start = calendar.Wall(2026, 4, 2, 9, 0, 0) },
			"start", `Start is after the campaign "Spring sale" ends (31 Mar).`},
		{"before campaign start", func(p *calendar.Post) { p.Tags = []string{"spring"}; p.Start = calendar.Wall(2026, 2, 27, 9, 0, 0) },
			"start", `Start is before the campaign "Spring sale" begins (1 Mar).`},
		{"unknown assignee", func(p *calendar.Post) { p.Assignee = "01NOBODY" }, "assignee", "not on the team"},
		{"bad link", func(p *calendar.Post) { p.Link = "not a link" }, "link", "is not a web address"},
		{"too long", func(p *calendar.Post) { p.Duration = 15 * 24 * time.Hour }, "duration", "at most 14 days"},
		{"all-day at noon", func(p *calendar.Post) { p.AllDay = true; p.Start = calendar.Wall(2026, 3, 10, 12, 0, 0) }, "start", "starts at midnight"},
		{"hourly rule", func(p *calendar.Post) { p.Recurrence = &calendar.Recurrence{Rule: "FREQ=HOURLY"} }, "recurrence.rule", "at most daily"},
		{"rule without dates", func(p *calendar.Post) {
			p.Recurrence = &calendar.Recurrence{Rule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}
		},
			"recurrence.rule", "never gives a date"},
		{"undated series", func(p *calendar.Post) { p.Start = time.Time{}; p.Recurrence = &calendar.Recurrence{Rule: "FREQ=DAILY"} }, "start", "needs a start"},
		{"override twice", func(p *calendar.Post) {
			p.Recurrence = &calendar.Recurrence{Rule: "FREQ=DAILY"}
			o := calendar.Override{Original: p.Start, Skipped: true}
			p.Overrides = []calendar.Override{o, o}
		}, "overrides[1]", "changed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := db.FindPost(ctx, good.ID)
			keysBefore, _ := storage.IndexKeys(db)

			edit := *before
			edit.Assignee = m.ID
			tt.change(&edit)
			err := db.UpdatePost(ctx, &edit)
			checkFieldError(t, "update", err, tt.wantField, tt.wantMsg)

			fresh := *before
			fresh.ID = ""
			tt.change(&fresh)
			checkFieldError(t, "create", db.CreatePost(ctx, &fresh), tt.wantField, tt.wantMsg)

			after, _ := db.FindPost(ctx, good.ID)
			if diff := cmp.Diff(before, after); diff != "" {
				t.Errorf("a refused edit changed the post:\n%s", diff)
			}
			if keysAfter, _ := storage.IndexKeys(db); !slices.Equal(keysBefore, keysAfter) {
				t.Errorf("a refused edit changed the indexes:\n%s", cmp.Diff(keysBefore, keysAfter))
			}
		})
	}
}

func checkFieldError(t *testing.T, op string, err error, field, msg string) {
	t.Helper()
	if calendar.ErrorCode(err) != calendar.EINVALID || calendar.ErrorField(err) != field || !strings.Contains(calendar.ErrorMessage(err), msg) {
		t.Errorf("%s: err = %v (field %q), want field %q with %q", op, err, calendar.ErrorField(err), field, msg)
	}
}

func TestIndexesByTagStatusAndBacklog(t *testing.T) {
	db := openDB(t)
	withTeam(t, db)
	a := post("A", calendar.Wall(2026, 3, 2, 9, 0, 0))
	a.Tags = []string{"spring", "brand"}
	b := post("B", time.Time{})
	b.Status, b.TimeZone, b.Tags = calendar.StatusIdea, "", []string{"brand"}
	c := post("C", calendar.Wall(2026, 5, 2, 9, 0, 0))
	c.Status = calendar.StatusReady
	for _, p := range []*calendar.Post{a, b, c} {
		if err := db.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	titles := func(ps []*calendar.Post, err error) []string {
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range ps {
			out = append(out, p.Title)
		}
		return out
	}
	check := func(name string, got, want []string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("brand", titles(postsWhere(db, func(p *calendar.Post) bool { return slices.Contains(p.Tags, "brand") })), []string{"A", "B"})
	check("spring", titles(postsWhere(db, func(p *calendar.Post) bool { return slices.Contains(p.Tags, "spring") })), []string{"A"})
	check("drafts", titles(postsWhere(db, func(p *calendar.Post) bool { return p.Status == calendar.StatusDraft })), []string{"A"})
	check("ready", titles(postsWhere(db, func(p *calendar.Post) bool { return p.Status == calendar.StatusReady })), []string{"C"})
	check("backlog", titles(db.Backlog(ctx)), []string{"B"})
	if head, total, err := db.BacklogHead(ctx, 0); err != nil || total != 1 || len(head) != 0 {
		t.Errorf("BacklogHead(0) = %d posts of %d, %v; want none of 1", len(head), total, err)
	}
	if head, total, err := db.BacklogHead(ctx, 5); err != nil || total != 1 || len(head) != 1 || head[0].Title != "B" {
		t.Errorf("BacklogHead(5) = %v of %d, %v; want B of 1", head, total, err)
	}

	// Scheduling the idea moves it out of the backlog and into the calendar.
	b.Start, b.TimeZone, b.Status = calendar.Wall(2026, 3, 3, 9, 0, 0), "Europe/Copenhagen", calendar.StatusDraft
	if err := db.UpdatePost(ctx, b); err != nil {
		t.Fatal(err)
	}
	check("backlog after scheduling", titles(db.Backlog(ctx)), nil)
	check("drafts after scheduling", titles(postsWhere(db, func(p *calendar.Post) bool { return p.Status == calendar.StatusDraft })), []string{"A", "B"})
	if err := db.DeleteCampaign(ctx, "brand"); calendar.ErrorCode(err) != calendar.ECONFLICT {
		t.Errorf("deleting a campaign in use: err = %v, want conflict", err)
	}
}

func TestWindowQueryMixesSinglesSeriesAndLongPosts(t *testing.T) {
	db := openDB(t)
	weekly := post("Weekly numbers", calendar.Wall(2026, 3, 2, 9, 0, 0))
	weekly.Recurrence = &calendar.Recurrence{Rule: "FREQ=WEEKLY;BYDAY=MO"}
	weekly.Overrides = []calendar.Override{{Original: calendar.Wall(2026, 3, 30, 9, 0, 0), Start: calendar.Wall(2026, 3, 31, 10, 0, 0), Title: "Numbers (Tuesday)"}}
	ended := post("Old experiment", calendar.Wall(2026, 1, 1, 12, 0, 0))
	ended.Recurrence = &calendar.Recurrence{Rule: "FREQ=WEEKLY;COUNT=6"}
	launch := post("Launch fair", calendar.Wall(2026, 3, 27, 0, 0, 0))
	launch.AllDay, launch.Duration = true, 4*24*time.Hour
	late := post("Late-night post", calendar.Wall(2026, 3, 29, 23, 45, 0))
	late.Duration = 2 * time.Hour
	single := post("Tulips", calendar.Wall(2026, 4, 1, 8, 0, 0))
	for _, p := range []*calendar.Post{weekly, ended, launch, late, single} {
		if err := db.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	got := window(t, db, "2026-03-30T00:00:00+02:00", "2026-04-06T00:00:00+02:00")
	want := []string{
		"27 Mar 00:00 Launch fair",     // started before, lasts into the week
		"29 Mar 23:45 Late-night post", // started before, ends inside
		"31 Mar 10:00 Numbers (Tuesday)",
		"01 Apr 08:00 Tulips",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("week (-want +got):\n%s", diff)
	}
	occs, _ := db.Occurrences(ctx, time.Date(2026, 3, 28, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC))
	if len(occs) != 1 || occs[0].Post.Recurring() || !occs[0].Original.IsZero() || occs[0].Post.ID != launch.ID {
		t.Errorf("a multi-day post must read as the post itself, not as a series: %+v", occs)
	}
}

func TestConcurrentReadersWhileEditing(t *testing.T) {
	db := openDB(t)
	base := calendar.Wall(2026, 6, 1, 9, 0, 0)
	series := post("Daily tip", base)
	series.Recurrence = &calendar.Recurrence{Rule: "FREQ=DAILY"}
	if err := db.CreatePost(ctx, series); err != nil {
		t.Fatal(err)
	}
	from, to := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 8, 0, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 8)
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				occs, err := db.Occurrences(ctx, from, to)
				if err != nil {
					errs <- err
					return
				}
				// Every snapshot shows the whole series: 7 daily occurrences plus
				// between 0 and 50 singles.
				if n := len(occs); n < 7 || n > 57 {
					errs <- fmt.Errorf("a reader saw %d occurrences", n)
					return
				}
			}
		})
	}
	for i := range 50 {
		p := post(fmt.Sprintf("Post %d", i), base.Add(time.Duration(i)*time.Hour))
		if err := db.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
		if i%10 == 0 { // edits to the series invalidate the cached expansion
			series.Title = fmt.Sprintf("Daily tip v%d", i)
			if err := db.UpdatePost(ctx, series); err != nil {
				t.Fatal(err)
			}
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	occs, _ := db.Occurrences(ctx, from, to)
	if occs[0].Title() != "Daily tip v40" {
		t.Errorf("after the edits, the series reads %q: the cache kept an old version", occs[0].Title())
	}
}

func TestTooNewDatabaseIsRefused(t *testing.T) {
	dir := t.TempDir()
	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := storage.SetSchemaVersion(db, 99); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := storage.Open(dir, nil); !errors.Is(err, storage.ErrTooNew) {
		t.Errorf("Open of a layout-99 folder: err = %v, want ErrTooNew", err)
	}
}

func TestRecordRoundTrip(t *testing.T) {
	p := &calendar.Post{
		ID: "01JABCDEF", Title: "Smørrebrød 🥪, \"quoted\"", Body: "Linje 1\nLinje 2", Channels: []string{"Instagram", "X"},
		Variants: map[string]string{"X": "Kort", "Instagram": ""}, Start: calendar.Wall(1969, 7, 20, 20, 17, 0),
		TimeZone: "America/New_York", Duration: 90 * time.Minute, AllDay: false, Status: calendar.StatusPublished,
		Assignee: "01MEMBER", Tags: []string{"moon"}, Notes: "n", Link: "https://example.com/a?b=c", Media: []string{"/tmp/a.png"},
		Live: "https://www.instagram.com/p/C1a2b3/",
		Recurrence: &calendar.Recurrence{Rule: "FREQ=YEARLY", ExDates: []time.Time{calendar.Wall(1970, 7, 20, 20, 17, 0)},
			RDates: []time.Time{calendar.Wall(1970, 1, 1, 0, 0, 0)}},
		Overrides: []calendar.Override{{Original: calendar.Wall(1971, 7, 20, 20, 17, 0), Start: calendar.Wall(1971, 7, 21, 8, 0, 0),
			Duration: time.Hour, Title: "t", Body: "b", Status: calendar.StatusCancelled, Notes: "x",
			Live: "https://www.linkedin.com/feed/update/urn:li:activity:1/"},
			{Original: calendar.Wall(1972, 7, 20, 20, 17, 0), Skipped: true}},
		Created: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), Updated: time.Date(2026, 1, 2, 3, 4, 5, 7, time.UTC), Sequence: 42,
	}
	got, err := storage.DecodePost(storage.EncodePost(p))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	empty := &calendar.Post{Recurrence: &calendar.Recurrence{}}
	got, err = storage.DecodePost(storage.EncodePost(empty))
	if err != nil || !cmp.Equal(empty, got, cmpopts.EquateEmpty()) {
		t.Errorf("empty post round trip = %+v, %v", got, err)
	}
}

func FuzzDecodePost(f *testing.F) {
	f.Add(storage.EncodePost(&calendar.Post{ID: "x", Title: "t", Channels: []string{"X"}, Start: calendar.Wall(2026, 1, 1, 9, 0, 0),
		Recurrence: &calendar.Recurrence{Rule: "FREQ=DAILY", ExDates: []time.Time{calendar.Wall(2026, 1, 2, 9, 0, 0)}},
		Overrides:  []calendar.Override{{Original: calendar.Wall(2026, 1, 3, 9, 0, 0), Title: "o"}}, Variants: map[string]string{"X": "v"}}))
	f.Add([]byte{1})
	f.Add([]byte{1, 5, 200, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := storage.DecodePost(b)
		if err != nil {
			return
		}
		// Whatever decodes must re-encode to something that decodes the same.
		again, err := storage.DecodePost(storage.EncodePost(p))
		if err != nil {
			t.Fatalf("re-decoding failed: %v", err)
		}
		if !cmp.Equal(p, again, cmpopts.EquateEmpty()) {
			t.Fatalf("unstable round trip:\n%s", cmp.Diff(p, again, cmpopts.EquateEmpty()))
		}
	})
}

// postsWhere is every post keep accepts, in ID order (creation order).
func postsWhere(db *storage.DB, keep func(*calendar.Post) bool) ([]*calendar.Post, error) {
	all, err := db.AllPosts(ctx)
	return slices.DeleteFunc(all, func(p *calendar.Post) bool { return !keep(p) }), err
}
