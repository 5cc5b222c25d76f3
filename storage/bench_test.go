package storage_test

import (
	"os"
	"sync"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/storage"
	"postplan/storage/benchplan"
)

// The benchmarks share one plan, opened once per test binary run: the data
// folder `make bench` generated (POSTPLAN_BENCH_DATA), else a generated plan
// of 50,000 posts, 2,500 of them series. Building it is slower than what is
// measured.
var (
	benchOnce sync.Once
	benchDB   *storage.DB
	benchErr  error
)

func benchPlan(b *testing.B) *storage.DB {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "postplan-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchDB, benchErr = benchplan.Open(ctx, dir, 50_000, 1)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDB
}

// TestMain removes the benchmark plan's folder after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchDB != nil {
		dir := benchDB.Dir()
		benchDB.Close()
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

func benchWindow(b *testing.B, length func(time.Time) time.Time) {
	db := benchPlan(b)
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	// Windows across the whole plan, aligned as the window asks for them (a
	// week from Monday, a month from the 1st).
	windows, err := benchplan.Windows(ctx, db, loc, 256, length)
	if err != nil {
		b.Fatal(err)
	}
	for _, w := range windows { // first visits build the series cache
		if _, err := db.Occurrences(ctx, w[0], w[1]); err != nil {
			b.Fatal(err)
		}
	}
	var t benchplan.Timer
	var total, n int
	for i := 0; b.Loop(); i++ {
		w := windows[i%len(windows)]
		t.Start()
		occs, err := db.Occurrences(ctx, w[0], w[1])
		t.Stop()
		if err != nil {
			b.Fatal(err)
		}
		total += len(occs)
		n++
	}
	b.ReportMetric(float64(total)/float64(n), "occurrences/op")
	t.Report(b)
}

func BenchmarkWeekQuery(b *testing.B) {
	benchWindow(b, func(t time.Time) time.Time { return t.AddDate(0, 0, 7) })
}

func BenchmarkMonthQuery(b *testing.B) {
	benchWindow(b, func(t time.Time) time.Time {
		first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
		return first.AddDate(0, 1, 0)
	})
}

// BenchmarkOpen opens the plan's folder as the app does at start, and
// reports the heap it holds once open.
func BenchmarkOpen(b *testing.B) {
	src := benchPlan(b).Dir()
	var t benchplan.Timer
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t.Start()
		db, err := storage.Open(dir, nil)
		t.Stop()
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		benchplan.ReportHeap(b)
		db.Close()
		b.StartTimer()
	}
	t.Report(b)
}

func BenchmarkCreatePost(b *testing.B) {
	db := benchPlan(b)
	var t benchplan.Timer
	for i := 0; b.Loop(); i++ {
		p := post("Bench", calendar.Wall(2026, 6, 1, 9, 0, 0).Add(time.Duration(i)*time.Minute))
		t.Start()
		err := db.CreatePost(ctx, p)
		t.Stop()
		if err != nil {
			b.Fatal(err)
		}
	}
	t.Report(b)
}

func BenchmarkUpdatePost(b *testing.B) {
	db := benchPlan(b)
	p := post("Bench update", calendar.Wall(2026, 6, 1, 9, 0, 0))
	if err := db.CreatePost(ctx, p); err != nil {
		b.Fatal(err)
	}
	var t benchplan.Timer
	for i := 0; b.Loop(); i++ {
		p.Start = calendar.Wall(2026, 6, 1, 9, 0, 0).Add(time.Duration(i%1000) * time.Hour)
		t.Start()
		err := db.UpdatePost(ctx, p)
		t.Stop()
		if err != nil {
			b.Fatal(err)
		}
	}
	t.Report(b)
}

// BenchmarkDeletePost deletes a post that was created for it (creating is
// not timed); a deletion also writes the tombstone feeds cancel it by.
func BenchmarkDeletePost(b *testing.B) {
	db := benchPlan(b)
	var t benchplan.Timer
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		p := post("Bench delete", calendar.Wall(2026, 7, 1, 9, 0, 0).Add(time.Duration(i)*time.Minute))
		if err := db.CreatePost(ctx, p); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t.Start()
		err := db.DeletePost(ctx, p.ID)
		t.Stop()
		if err != nil {
			b.Fatal(err)
		}
	}
	t.Report(b)
}

// BenchmarkWeekSummary is the week at a glance: two weeks of occurrences,
// the team, experiments and routines, summed up.
func BenchmarkWeekSummary(b *testing.B) {
	db := benchPlan(b)
	windows, err := benchplan.Windows(ctx, db, time.UTC, 256, func(t time.Time) time.Time { return t })
	if err != nil {
		b.Fatal(err)
	}
	var t benchplan.Timer
	for i := 0; b.Loop(); i++ {
		w := calendar.WeekOf(windows[i%len(windows)][0])
		t.Start()
		_, err := calendar.LoadWeek(ctx, db, w, time.UTC, calendar.FeedFilter{}, benchplan.Today)
		t.Stop()
		if err != nil {
			b.Fatal(err)
		}
	}
	t.Report(b)
}

// BenchmarkExpandSeries expands every series of the plan over 2026, EXDATEs
// and moved occurrences applied: what `make bench` sets against the rrule
// package from npm on the same rules. occurrences/op lets the script check
// that both found the same number.
func BenchmarkExpandSeries(b *testing.B) {
	posts, err := benchPlan(b).AllPosts(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var series []*calendar.Post
	for _, p := range posts {
		if p.Recurring() {
			series = append(series, p)
		}
	}
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	var t benchplan.Timer
	var n int
	for b.Loop() {
		n = 0
		t.Start()
		for _, p := range series {
			occs, err := calendar.Expand(p, from, to)
			if err != nil {
				b.Fatal(err)
			}
			n += len(occs)
		}
		t.Stop()
	}
	b.ReportMetric(float64(n), "occurrences/op")
	b.ReportMetric(float64(len(series)), "series")
	t.Report(b)
}
