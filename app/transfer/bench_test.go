package transfer_test

import (
	"bytes"
	"testing"

	"postplan/app/transfer"
	"postplan/calendar"
	"postplan/storage"
)

// Budgets (issue 6): a 10,000-row CSV import under 1 s, a JSON export of
// 50,000 posts under 1 s, a backup of 50,000 posts under 2 s.

func BenchmarkImportCSV10k(b *testing.B) {
	src := openDB(b)
	if err := src.LoadPlan(ctx, calendar.Generate(calendar.GenerateOptions{Posts: 9_500, Series: 500, Seed: 3})); err != nil {
		b.Fatal(err)
	}
	body, err := transfer.ExportCSV(ctx, src, nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		dst := openDB(b)
		b.StartTimer()
		p, err := transfer.PreviewCSV(ctx, dst, body, "Europe/Copenhagen")
		if err != nil || p.Valid != 10_000 {
			b.Fatalf("%v %v", err, p)
		}
		if err := transfer.CommitCSV(ctx, dst, p, false); err != nil {
			b.Fatal(err)
		}
	}
}

func plan50k(b *testing.B) *storage.DB {
	b.Helper()
	db := openDB(b)
	if err := db.LoadPlan(ctx, calendar.Generate(calendar.GenerateOptions{Posts: 49_000, Series: 1_000, Seed: 5})); err != nil {
		b.Fatal(err)
	}
	return db
}

func BenchmarkExportJSON50k(b *testing.B) {
	db := plan50k(b)
	for b.Loop() {
		out, err := transfer.ExportJSON(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(out))/1e6, "MB")
	}
}

func BenchmarkBackup50k(b *testing.B) {
	db := plan50k(b)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := db.Backup(ctx, &buf); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(buf.Len())/1e6, "MB")
	}
}
