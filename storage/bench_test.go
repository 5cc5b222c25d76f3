package storage_test

import (
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/storage"
)

// The benchmarks share one plan of 50,000 posts and 1,000 series, built once
// per test binary run: building it is slower than what is measured.
var (
	benchOnce sync.Once
	benchDB   *storage.DB
	benchErr  error
)

const benchPosts, benchSeries = 50_000, 1_000

func benchPlan(b *testing.B) *storage.DB {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "postplan-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchDB, benchErr = storage.Open(dir, nil)
		if benchErr == nil {
			benchErr = benchDB.LoadPlan(ctx, calendar.Generate(calendar.GenerateOptions{Posts: benchPosts, Series: benchSeries, Seed: 1}))
		}
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

// reportPercentiles adds p50 and p95 of the per-operation times: a window
// query's typical cost matters more than its mean.
func reportPercentiles(b *testing.B, d []time.Duration) {
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(d[len(d)*95/100].Nanoseconds()), "p95-ns")
}

func benchWindow(b *testing.B, length func(time.Time) time.Time) {
	db := benchPlan(b)
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	rng := rand.New(rand.NewPCG(3, 4))
	// Random windows across the plan's 2.3 years, aligned as the window asks
	// for them (a week from Monday, a month from the 1st).
	windows := make([][2]time.Time, 256)
	for i := range windows {
		day := time.Date(2026, 1, 5, 0, 0, 0, 0, loc).AddDate(0, 0, 7*rng.IntN(115))
		windows[i] = [2]time.Time{day, length(day)}
	}
	for _, w := range windows { // first visits build the series cache
		if _, err := db.Occurrences(ctx, w[0], w[1]); err != nil {
			b.Fatal(err)
		}
	}
	times := make([]time.Duration, 0, b.N)
	var total int
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		w := windows[i%len(windows)]
		t0 := time.Now()
		occs, err := db.Occurrences(ctx, w[0], w[1])
		times = append(times, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		total += len(occs)
	}
	b.ReportMetric(float64(total)/float64(len(times)), "occurrences/op")
	reportPercentiles(b, times)
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

func BenchmarkCreatePost(b *testing.B) {
	db := benchPlan(b)
	times := make([]time.Duration, 0, b.N)
	for i := 0; b.Loop(); i++ {
		p := post("Bench", calendar.Wall(2026, 6, 1, 9, 0, 0).Add(time.Duration(i)*time.Minute))
		t0 := time.Now()
		if err := db.CreatePost(ctx, p); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	reportPercentiles(b, times)
}

func BenchmarkUpdatePost(b *testing.B) {
	db := benchPlan(b)
	p := post("Bench update", calendar.Wall(2026, 6, 1, 9, 0, 0))
	if err := db.CreatePost(ctx, p); err != nil {
		b.Fatal(err)
	}
	times := make([]time.Duration, 0, b.N)
	for i := 0; b.Loop(); i++ {
		p.Start = calendar.Wall(2026, 6, 1, 9, 0, 0).Add(time.Duration(i%1000) * time.Hour)
		t0 := time.Now()
		if err := db.UpdatePost(ctx, p); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	reportPercentiles(b, times)
}

// BenchmarkWeekSummary is the week at a glance on the 50,000-post plan:
// two weeks of occurrences, the team, experiments and routines, summed up.
func BenchmarkWeekSummary(b *testing.B) {
	db := benchPlan(b)
	rng := rand.New(rand.NewPCG(3, 4))
	times := make([]time.Duration, 0, b.N)
	for b.Loop() {
		w := calendar.Week{Year: 2026, Num: 1 + rng.IntN(52)}
		t0 := time.Now()
		if _, err := calendar.LoadWeek(ctx, db, w, time.UTC, calendar.FeedFilter{}, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	reportPercentiles(b, times)
}
