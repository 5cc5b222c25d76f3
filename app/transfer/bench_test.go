package transfer_test

import (
	"bytes"
	"fmt"
	"testing"

	"postplan/app/transfer"
	"postplan/storage"
	"postplan/storage/benchplan"
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
	benchImport(b, func(db *storage.DB) ([]byte, error) { return transfer.ExportCSV(ctx, db, nil) },
		func(dst *storage.DB, body []byte) error {
			p, err := transfer.PreviewCSV(ctx, dst, body, "Europe/Copenhagen")
			if err != nil {
				return err
			} else if p.Invalid > 0 {
				return fmt.Errorf("%d rows refused: %v", p.Invalid, p.Problems())
			}
			return transfer.CommitCSV(ctx, dst, p, false)
		})
}

// BenchmarkImportJSON reads the plan's JSON export (experiments and
// routines included) into an empty plan.
func BenchmarkImportJSON(b *testing.B) {
	benchImport(b, func(db *storage.DB) ([]byte, error) { return transfer.ExportJSON(ctx, db) },
		func(dst *storage.DB, body []byte) error {
			plan, err := transfer.ReadJSON(body)
			if err == nil {
				_, err = transfer.ImportJSON(ctx, dst, plan)
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
	benchExport(b, func(db *storage.DB) ([]byte, error) { return transfer.ExportCSV(ctx, db, nil) })
}

func BenchmarkExportJSON(b *testing.B) {
	benchExport(b, func(db *storage.DB) ([]byte, error) { return transfer.ExportJSON(ctx, db) })
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

func BenchmarkBackup(b *testing.B) {
	db := benchDB(b, 50_000)
	var buf bytes.Buffer
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
