package app

import (
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/storage"
)

// glanceOver returns the Glance service over a real store holding the
// sample plan, with the clock at now in Copenhagen.
func glanceOver(t *testing.T, now time.Time) (*Glance, *storage.DB) {
	t.Helper()
	db, err := storage.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.LoadPlan(t.Context(), calendar.SamplePlan(now)); err != nil {
		t.Fatal(err)
	}
	g := NewGlance(db, slog.New(slog.DiscardHandler))
	g.now = func() time.Time { return now }
	g.zone, _ = time.LoadLocation("Europe/Copenhagen")
	return g, db
}

func TestWeekAtAGlance(t *testing.T) {
	now := time.Date(2026, 11, 4, 10, 0, 0, 0, time.UTC)
	g, _ := glanceOver(t, now)
	v, err := g.Week("")
	if err != nil {
		t.Fatal(err)
	}
	if v.Week != "2026-W45" || !v.Current || v.Prev != "2026-W44" || v.Next != "2026-W46" || v.Days[0] != "2026-11-02" {
		t.Errorf("this week: %s current %v, prev %s, next %s, Monday %s", v.Week, v.Current, v.Prev, v.Next, v.Days[0])
	}
	channels := map[string]string{}
	for _, c := range v.Channels {
		channels[c.Name] = c.Level
	}
	// The sample's targets: Instagram 4, LinkedIn 2, Facebook 2, Newsletter 1
	// (its fortnightly issue is not this week).
	if channels["Instagram"] != "met" || channels["Newsletter"] != "zero" {
		t.Errorf("levels: %v", channels)
	}
	if len(v.Experiments) != 2 || len(v.Duties) != 1 || v.Duties[0].Who != "Björn Lind" || v.Duties[0].Start != "2026-11-02" {
		t.Errorf("experiments %+v, duties %+v", v.Experiments, v.Duties)
	}
	var opened WeekPostView
	for _, p := range v.Posts {
		if p.Original != "" {
			opened = p
			break
		}
	}
	if opened.Original == "" {
		t.Fatal("no occurrence of a series this week")
	}
	if _, err := time.Parse(originalLayout, opened.Original); err != nil {
		t.Errorf("a series occurrence's original %q is not what the editor opens: %v", opened.Original, err)
	}
	next, err := g.Week(v.Next)
	if err != nil || next.Current || next.Week != "2026-W46" {
		t.Errorf("next week: %+v, %v", next.Week, err)
	}
	if _, err := g.Week("2026-W54"); err == nil {
		t.Error("week 54 was accepted")
	} else if field, msg := bridgeField(t, err); field != "week" || msg != "2026 has no week 54." {
		t.Errorf("week 54: %s %q", field, msg)
	}
}

func TestWeekSummaryToCopy(t *testing.T) {
	g, _ := glanceOver(t, time.Date(2026, 11, 4, 10, 0, 0, 0, time.UTC))
	md, err := g.Summary("", "markdown", "da")
	if err != nil {
		t.Fatal(err)
	}
	text, err := g.Summary("2026-W45", "text", "en")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(md, "## Uge 45, 2.–8. nov 2026\n") || !strings.Contains(md, "- Instagram **") {
		t.Errorf("Markdown summary:\n%s", md)
	}
	if !strings.HasPrefix(text, "Week 45, 2–8 Nov 2026\n=====") || strings.Contains(text, "**") {
		t.Errorf("plain summary:\n%s", text)
	}
	if _, err := g.Summary("", "html", "en"); err == nil {
		t.Error("format html was accepted")
	} else if field, _ := bridgeField(t, err); field != "format" {
		t.Errorf("a bad format is reported at %q", field)
	}
}

func TestWeekPDF(t *testing.T) {
	g, _ := glanceOver(t, time.Date(2026, 11, 4, 10, 0, 0, 0, time.UTC))
	path := filepath.Join(t.TempDir(), "week.pdf")
	if err := g.writePDF("2026-W45", "sv", path); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (apt poppler-utils): %v", err)
	}
	for _, want := range []string{"Vecka 45, 2–8 nov 2026", "Instagram", "Jour", "Overvågning: Björn Lind"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the PDF has no %q:\n%s", want, out)
		}
	}
	if err := g.writePDF("2026-W45", "sv", filepath.Join(t.TempDir(), "missing", "week.pdf")); err == nil {
		t.Error("writing into a folder that does not exist succeeded")
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("the folder has %d files, want the PDF alone (no temporary file left)", len(entries))
	}
}
