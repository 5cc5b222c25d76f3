package weekreport_test

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
	"postplan/calendar/weekreport"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var cph, _ = time.LoadLocation("Europe/Copenhagen")

// summaryOf summarizes one week of a plan the way the store would hand it
// over: every dated post expanded around the week.
func summaryOf(t *testing.T, plan calendar.Plan, w calendar.Week, now time.Time) *calendar.WeekSummary {
	t.Helper()
	d := calendar.WeekData{Week: w, Zone: cph, Now: now, Campaigns: plan.Campaigns, Members: plan.Members,
		Channels: plan.Channels, Experiments: plan.Experiments, Routines: plan.Routines, Posts: map[calendar.ID]*calendar.Post{}}
	from, to := w.Add(-1).Monday(cph).AddDate(0, 0, -2), w.Add(1).Monday(cph).AddDate(0, 0, 2)
	for i, p := range plan.Posts {
		if p.ID == "" {
			p.ID = calendar.ID("post" + string(rune('A'+i%26)) + string(rune('a'+i/26%26)))
		}
		d.Posts[p.ID] = p
		if !p.Dated() {
			continue
		}
		occs, err := calendar.Expand(p, from, to)
		if err != nil {
			t.Fatal(err)
		}
		d.Occurrences = append(d.Occurrences, occs...)
	}
	return calendar.Summarize(d)
}

// sampleWeek is the second week of the sample plan, seen on its Wednesday.
func sampleWeek(t *testing.T) *calendar.WeekSummary {
	now := time.Date(2026, 11, 4, 10, 0, 0, 0, cph)
	plan := calendar.SamplePlan(now)
	return summaryOf(t, plan, calendar.Week{Year: 2026, Num: 45}, now)
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update once to write it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
}

func TestText(t *testing.T) {
	s := sampleWeek(t)
	for _, tt := range []struct {
		lang   string
		format weekreport.Format
		file   string
	}{
		{"en", weekreport.Plain, "week45.en.txt"},
		{"da", weekreport.Markdown, "week45.da.md"},
		{"sv", weekreport.Plain, "week45.sv.txt"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := weekreport.Text(&buf, s, tt.lang, tt.format); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, buf.Bytes())
		})
	}
}

func TestMarkdownKeepsTitlesAsWritten(t *testing.T) {
	s := sampleWeek(t)
	s.Posts[0].Title = "*Nyt* fra [lageret] #1"
	s.NotReady = []int{0}
	var buf bytes.Buffer
	if err := weekreport.Text(&buf, s, "en", weekreport.Markdown); err != nil {
		t.Fatal(err)
	}
	if want := `\*Nyt\* fra \[lageret\] \#1`; !strings.Contains(buf.String(), want) {
		t.Errorf("Markdown does not escape the title; want %s in\n%s", want, buf.String())
	}
}

func TestHTML(t *testing.T) {
	s := sampleWeek(t)
	s.Posts[0].Title = `<script>alert("x")</script>`
	var buf bytes.Buffer
	link := func(w calendar.Week) string { return "?week=" + w.String() }
	if err := weekreport.HTML(&buf, s, "da", time.Date(2026, 11, 4, 10, 0, 0, 0, cph), link); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{
		`<html lang="da">`, `<title>Uge 45, 2.–8. nov 2026</title>`,
		`href="?week=2026-W44" rel="prev"`, `href="?week=2026-W46" rel="next"`,
		`&lt;script&gt;`, `border-left-color: #e11d48`,
		`<tr class="level-met"><th scope="row">Instagram <span class="figure">`,
		`<span class="swatch" style="background: #e11d48"></span>Efterårslancering`,
		`Overvågning: `, `Opdateret ons 4. nov 10:00`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %s", want)
		}
	}
	for _, bad := range []string{"ZgotmplZ", "<script>"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page has %s", bad)
		}
	}
}

func TestLanguageFromTheBrowser(t *testing.T) {
	for header, want := range map[string]string{
		"":                                 "en",
		"da-DK,da;q=0.9,en;q=0.8":          "da",
		"en-GB,en;q=0.9,sv;q=0.8":          "en",
		"sv-SE":                            "sv",
		"de-DE,de;q=0.9,sv;q=0.5,da;q=0.7": "da",
		"nb-NO":                            "da",
		"da;q=0,en":                        "en",
	} {
		if got := weekreport.FromAcceptLanguage(header); got != want {
			t.Errorf("FromAcceptLanguage(%q) = %s, want %s", header, got, want)
		}
	}
}

// pdfText writes a summary as PDF and reads it back with pdftotext from
// poppler, with the page count from pdfinfo.
func pdfText(t *testing.T, s *calendar.WeekSummary, lang string) (text string, pages int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "week.pdf")
	var buf bytes.Buffer
	if err := weekreport.PDF(&buf, s, lang, time.Date(2026, 11, 4, 10, 0, 0, 0, cph)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (apt poppler-utils; make test installs it): %v", err)
	}
	info, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo says no page count:\n%s", info)
	}
	size := regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+) pts \(A4\)`).FindSubmatch(info)
	if size == nil || len(size[1]) < len(size[2]) || (len(size[1]) == len(size[2]) && string(size[1]) < string(size[2])) {
		t.Errorf("the page is not A4 landscape:\n%s", info)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return string(out), n
}

func TestPDF(t *testing.T) {
	s := sampleWeek(t)
	text, pages := pdfText(t, s, "en")
	if pages != 1 {
		t.Errorf("%d pages, want 1", pages)
	}
	for _, want := range []string{"Week 45, 2–8 Nov 2026", "Instagram", "Channels", "Status", "Campaigns",
		"Efterårslancering", "Experiments", "Bag kulisserne hver torsdag", "On duty", "Meetings", "Ugens tal"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF has no %q:\n%s", want, text)
		}
	}
	// Every channel's figure against its target, as the summary has it.
	for _, c := range s.Channels {
		if c.Name == calendar.ChannelNone {
			continue
		}
		fig := regexp.MustCompile(regexp.QuoteMeta(c.Name) + `\s+(\d+(/\d+)?)`).FindStringSubmatch(text)
		var want string
		if c.Target > 0 {
			want = strconv.Itoa(c.Planned) + "/" + strconv.Itoa(c.Target)
		} else {
			want = strconv.Itoa(c.Planned)
		}
		if fig == nil || fig[1] != want {
			t.Errorf("%s: the PDF shows %v, want %s", c.Name, fig, want)
		}
	}
	if strings.ContainsRune(text, '\uFFFD') {
		t.Errorf("the PDF has characters pdftotext cannot read:\n%s", text)
	}
}

func TestPDFOfABusyWeekStaysOnOnePage(t *testing.T) {
	plan := calendar.Generate(calendar.GenerateOptions{Posts: 5000, Series: 250, Seed: 7})
	w := calendar.Week{Year: 2026, Num: 10}
	s := summaryOf(t, plan, w, time.Date(2026, 3, 4, 10, 0, 0, 0, cph))
	if s.Total < 300 {
		t.Fatalf("the generated week has only %d posts", s.Total)
	}
	text, pages := pdfText(t, s, "sv")
	if pages != 1 {
		t.Errorf("%d pages, want 1", pages)
	}
	if !strings.Contains(text, "Vecka 10") || !regexp.MustCompile(`\+\d+`).MatchString(text) {
		t.Errorf("a busy week should say how many more posts a cell has:\n%s", text)
	}
}
