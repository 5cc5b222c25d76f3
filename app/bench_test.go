package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/calendar/ics"
	"postplan/storage"
	"postplan/storage/benchplan"
)

// The whole plan as one .ics file, out and back in, as File > Export and
// File > Import do; on `make bench`'s data folder when it names one.

func benchFiles(b *testing.B, posts int) (*storage.DB, *slog.Logger) {
	db, err := benchplan.Open(context.Background(), b.TempDir(), posts, 5)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, slog.New(slog.NewTextHandler(io.Discard, nil))
}

func BenchmarkExportICS(b *testing.B) {
	db, log := benchFiles(b, 50_000)
	var t benchplan.Timer
	for b.Loop() {
		t.Start()
		out, err := ExportICS(context.Background(), db, log, "")
		t.Stop()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(out))/1e6, "MB")
	}
	t.Report(b)
}

func BenchmarkImportICS(b *testing.B) {
	src, log := benchFiles(b, 10_000)
	body, err := ExportICS(context.Background(), src, log, "")
	if err != nil {
		b.Fatal(err)
	}
	var t benchplan.Timer
	for b.Loop() {
		b.StopTimer()
		dst, err := storage.Open(b.TempDir(), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t.Start()
		r, err := ImportICS(context.Background(), dst, body, false)
		t.Stop()
		if err != nil || r.New == 0 {
			b.Fatalf("%v %+v", err, r)
		}
		b.StopTimer()
		dst.Close()
		b.StartTimer()
	}
	t.Report(b)
}

// BenchmarkParseICS reads the exported file into posts without the store:
// what `make bench` sets against ical.js parsing the same file.
func BenchmarkParseICS(b *testing.B) {
	src, log := benchFiles(b, 2_000)
	body, err := ExportICS(context.Background(), src, log, "")
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
