package transfer_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/calendar/ics"
	"postplan/storage"
	"postplan/storage/benchplan"
	"postplan/transfer"
)

// The plan is `make bench`'s data folder (POSTPLAN_BENCH_DATA), else a
// generated one of the size each benchmark names. Budgets (issue 6): a
// 10,000-row CSV import under 1 s, a JSON export of 50,000 posts under 1 s,
// a backup of 50,000 posts under 2 s.

func benchDB(b *testing.B, posts int) *storage.DB {
	b.Helper()
	db, err := benchplan.Open(ctx, b.TempDir(), posts, 5)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkImportCSV reads the plan's CSV export into an empty plan:
// preview (every row checked) and commit.
func BenchmarkImportCSV(b *testing.B) {
	benchImport(b, func(db *storage.DB) ([]byte, error) {
		return transfer.Export(ctx, db, transfer.CSV, transfer.ExportOptions{})
	},
		func(dst *storage.DB, body []byte) error {
			p, err := transfer.Read(ctx, dst, transfer.CSV, body, transfer.Options{Zone: "Europe/Copenhagen"})
			if err != nil {
				return err
			} else if p.Invalid > 0 {
				return fmt.Errorf("%d rows refused: %v", p.Invalid, p.Problems)
			}
			return commit(dst, p, false)
		})
}

// BenchmarkImportJSON reads the plan's JSON export (experiments and
// routines included) into an empty plan.
func BenchmarkImportJSON(b *testing.B) {
	benchImport(b, func(db *storage.DB) ([]byte, error) {
		return transfer.Export(ctx, db, transfer.JSON, transfer.ExportOptions{})
	},
		func(dst *storage.DB, body []byte) error {
			p, err := transfer.Read(ctx, dst, transfer.JSON, body, transfer.Options{})
			if err == nil {
				err = commit(dst, p, false)
			}
			return err
		})
}

// benchImport times reading the plan's export into a new, empty plan each
// run (opening that plan is not timed).
func benchImport(b *testing.B, export func(*storage.DB) ([]byte, error), load func(dst *storage.DB, body []byte) error) {
	body, err := export(benchDB(b, 10_000))
	if err != nil {
		b.Fatal(err)
	}
	var t benchplan.Timer
	for b.Loop() {
		b.StopTimer()
		dst := openDB(b)
		b.StartTimer()
		t.Start()
		err := load(dst, body)
		t.Stop()
		if err != nil {
			b.Fatal(err)
		}
	}
	t.Report(b)
}

func BenchmarkExportCSV(b *testing.B) {
	benchExport(b, func(db *storage.DB) ([]byte, error) {
		return transfer.Export(ctx, db, transfer.CSV, transfer.ExportOptions{})
	})
}

func BenchmarkExportJSON(b *testing.B) {
	benchExport(b, func(db *storage.DB) ([]byte, error) {
		return transfer.Export(ctx, db, transfer.JSON, transfer.ExportOptions{})
	})
}

// benchExport times one export of the whole plan, reporting its size.
func benchExport(b *testing.B, export func(*storage.DB) ([]byte, error)) {
	db := benchDB(b, 50_000)
	var t benchplan.Timer
	for b.Loop() {
		t.Start()
		out, err := export(db)
		t.Stop()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(out))/1e6, "MB")
	}
	t.Report(b)
}

// BenchmarkBackup also reports how far the backup grows the heap, as the
// daily one runs inside the app.
func BenchmarkBackup(b *testing.B) {
	db := benchDB(b, 50_000)
	var buf bytes.Buffer
	grown := benchplan.HeapGrowth(b)
	defer grown()
	var t benchplan.Timer
	for b.Loop() {
		buf.Reset()
		t.Start()
		err := db.Backup(ctx, &buf)
		t.Stop()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(buf.Len())/1e6, "MB")
	}
	t.Report(b)
}

// The whole plan as one .ics file, out and back in, as File > Export and
// File > Import do.

func BenchmarkExportICS(b *testing.B) {
	benchExport(b, func(db *storage.DB) ([]byte, error) {
		return transfer.Export(ctx, db, transfer.ICS, transfer.ExportOptions{})
	})
}

func BenchmarkImportICS(b *testing.B) {
	benchImport(b, func(db *storage.DB) ([]byte, error) {
		return transfer.Export(ctx, db, transfer.ICS, transfer.ExportOptions{})
	},
		func(dst *storage.DB, body []byte) error {
			p, err := transfer.Read(ctx, dst, transfer.ICS, body, transfer.Options{})
			if err == nil && p.New == 0 {
				err = fmt.Errorf("no new posts: %s", p)
			}
			if err == nil {
				err = commit(dst, p, false)
			}
			return err
		})
}

// BenchmarkParseICS reads the exported file into posts without the store:
// what `make bench` sets against ical.js parsing the same file.
func BenchmarkParseICS(b *testing.B) {
	body, err := transfer.Export(ctx, benchDB(b, 2_000), transfer.ICS, transfer.ExportOptions{})
	if err != nil {
		b.Fatal(err)
	}
	var t benchplan.Timer
	var n int
	for b.Loop() {
		t.Start()
		imp, err := ics.Read(bytes.NewReader(body), ics.ReadOptions{Campaigns: map[string]calendar.Campaign{}, Now: time.Now().UTC()})
		t.Stop()
		if err != nil {
			b.Fatal(err)
		}
		n = len(imp.Plan.Posts)
	}
	b.ReportMetric(float64(n), "events")
	t.Report(b)
}
