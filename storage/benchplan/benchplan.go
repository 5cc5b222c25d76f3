// Package benchplan gives the Go benchmarks their plan and their figures.
// `make bench` generates a data folder with `postplan demo` and names it in
// POSTPLAN_BENCH_DATA, so that the benchmarks measure the very plan whose
// size on disk and memory the script reports; without it a benchmark
// generates a plan of the size it names, with the same generator.
package benchplan

import (
	"context"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/storage"
)

// DataEnv names the data folder to benchmark.
const DataEnv = "POSTPLAN_BENCH_DATA"

// Today is the generated plans' today when no folder is given: fixed, so
// that a benchmark's plan is the same on every run.
var Today = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// Open opens a plan in the empty folder dir: a copy of POSTPLAN_BENCH_DATA's
// (benchmarks write; the script's folder stays as generated), or a plan
// generated like `postplan demo --posts posts --seed seed`.
func Open(ctx context.Context, dir string, posts int, seed uint64) (*storage.DB, error) {
	if src := os.Getenv(DataEnv); src != "" {
		if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
			return nil, err
		}
		return storage.Open(dir, nil)
	}
	db, err := storage.Open(dir, nil)
	if err != nil {
		return nil, err
	}
	plan := calendar.Generate(calendar.GenerateOptions{Posts: posts - posts/20, Series: posts / 20, Seed: seed, Today: Today})
	if err := db.LoadPlan(ctx, plan); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Windows returns n windows that start on random Mondays between the
// plan's first and last dated post (in zone) and end where length says:
// the windows a user pages through, whatever the plan's size and dates.
func Windows(ctx context.Context, db *storage.DB, zone *time.Location, n int, length func(time.Time) time.Time) ([][2]time.Time, error) {
	posts, err := db.AllPosts(ctx)
	if err != nil {
		return nil, err
	}
	var first, last time.Time
	for _, p := range posts {
		if !p.Dated() {
			continue
		}
		if first.IsZero() || p.Start.Before(first) {
			first = p.Start
		}
		if p.Start.After(last) {
			last = p.Start
		}
	}
	first = time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, zone)
	for first.Weekday() != time.Monday {
		first = first.AddDate(0, 0, 1)
	}
	weeks := max(1, int(last.Sub(first).Hours()/24/7))
	rng := rand.New(rand.NewPCG(3, 4))
	out := make([][2]time.Time, n)
	for i := range out {
		from := first.AddDate(0, 0, 7*rng.IntN(weeks))
		out[i] = [2]time.Time{from, length(from)}
	}
	return out, nil
}

// Timer collects each operation's time, for the median and p95 that say
// more about a user's wait than b.N's mean.
type Timer struct {
	times []time.Duration
	t0    time.Time
}

// Start starts timing one operation.
func (t *Timer) Start() { t.t0 = time.Now() }

// Stop ends the operation started last.
func (t *Timer) Stop() { t.times = append(t.times, time.Since(t.t0)) }

// Report adds p50-ns and p95-ns to the benchmark's figures.
func (t *Timer) Report(b *testing.B) {
	if len(t.times) == 0 {
		return
	}
	d := slices.Clone(t.times)
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(d[len(d)*95/100].Nanoseconds()), "p95-ns")
}

// ReportHeap adds the Go heap in use, after a collection, as heap-MB: what
// the plan costs to keep open.
func ReportHeap(b *testing.B) {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/(1<<20), "heap-MB")
}

// HeapGrowth returns a function that reports, as grown-MB, how far the Go
// heap's footprint (HeapSys: what it has asked the system for) grew since
// HeapGrowth was called: the peak an operation costs, which the process
// keeps long after the operation's garbage is collected.
func HeapGrowth(b *testing.B) func() {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	before := m.HeapSys
	return func() {
		runtime.ReadMemStats(&m)
		b.ReportMetric(float64(m.HeapSys-before)/(1<<20), "grown-MB")
	}
}
