package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"github.com/google/go-cmp/cmp"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/storage"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, cli{stdout: &out, stderr: &errOut, started: time.Now()})
	return code, out.String(), errOut.String()
}

func TestCommandLine(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{name: "version", args: []string{"version"}, wantCode: 0, wantStdout: "postplan dev\n"},
		{name: "help command", args: []string{"help"}, wantCode: 0, wantStdout: "postplan version"},
		{name: "help flag", args: []string{"--help"}, wantCode: 0, wantStderr: "Usage:"},
		{name: "unknown flag", args: []string{"--colour=blue"}, wantCode: 2, wantStderr: "flag provided but not defined: -colour"},
		{name: "unknown command", args: []string{"tweet"}, wantCode: 2, wantStderr: `unknown command "tweet"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d (stderr %q)", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stdout, tt.wantStdout) {
				t.Errorf("stdout = %q, want it to contain %q", stdout, tt.wantStdout)
			}
			if !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.wantStderr)
			}
			if tt.wantCode == 2 && !strings.Contains(stderr, "Usage:") {
				t.Errorf("a command line error must print the usage; stderr = %q", stderr)
			}
		})
	}
}

func TestSecondInstanceIsRefusedInPlainWords(t *testing.T) {
	dir := t.TempDir()
	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	code, _, stderr := runCLI(t, "--data", dir)
	if code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}
	if want := "Postplan is already open with this data folder: " + dir + "\n"; stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
}

func TestDataDirPrecedence(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/home/ann/.config")
	t.Setenv("POSTPLAN_DATA", "")
	if got, want := resolveDataDir(""), "/home/ann/.config/postplan"; got != want {
		t.Errorf("default = %q, want %q", got, want)
	}
	t.Setenv("POSTPLAN_DATA", "/srv/plan")
	if got, want := resolveDataDir(""), "/srv/plan"; got != want {
		t.Errorf("with POSTPLAN_DATA = %q, want %q", got, want)
	}
	if got, want := resolveDataDir("/media/usb/plan"), "/media/usb/plan"; got != want {
		t.Errorf("--data must win: got %q, want %q", got, want)
	}
	rel := resolveDataDir("plan")
	if !filepath.IsAbs(rel) {
		t.Errorf("a relative --data must be made absolute, got %q", rel)
	}
}

func TestDemoFillsAnEmptyPlanOnce(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "demo", "--data", dir, "--posts", "400", "--seed", "3")
	want := calendar.Generate(calendar.GenerateOptions{Posts: 380, Series: 20, Seed: 3, Today: time.Now()})
	if code != 0 || !strings.Contains(stdout, fmt.Sprintf("Added %d posts", len(want.Posts))) {
		t.Fatalf("demo: code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, _, stderr = runCLI(t, "--data", dir, "demo")
	if code != 1 || !strings.Contains(stderr, "is not empty") {
		t.Errorf("second demo: code %d, stderr %q; want a refusal", code, stderr)
	}
	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The sample month's own series (four) plus the generated 20 (5%).
	series := 0
	all, _ := db.AllPosts(context.Background())
	for _, p := range all {
		if p.Recurring() && (p.Status == calendar.StatusScheduled || p.Status == calendar.StatusReady) {
			series++
		}
	}
	if series != 24 {
		t.Errorf("%d series in a 400-post demo plan, want 24 (the sample's 4 and 20 generated)", series)
	}
	exps, err := db.Experiments(context.Background())
	if err != nil || len(exps) != len(want.Experiments) || len(exps) < 2 {
		t.Errorf("%d experiments (%v), want the %d generated", len(exps), err, len(want.Experiments))
	}
	if code, _, _ := runCLI(t, "demo", "--posts", "-1", "--data", t.TempDir()); code != 2 {
		t.Errorf("negative --posts: code %d, want 2", code)
	}
}

func TestFeedsFromTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, "demo", "--data", dir); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	code, stdout, stderr := runCLI(t, "feeds", "add", "--data", dir, "--name", "Launch", "--campaign", "launch", "--titles-only")
	if code != 0 || !strings.HasPrefix(stdout, "/feeds/") || !strings.HasSuffix(stdout, ".ics\n") || len(stdout) < len("/feeds/.ics\n")+26 {
		t.Fatalf("feeds add: %d %q %q", code, stdout, stderr)
	}
	path := strings.TrimSpace(stdout)
	if code, _, stderr := runCLI(t, "feeds", "add", "--data", dir, "--name", "Launch"); code != 1 || !strings.Contains(stderr, `already a feed called "Launch"`) {
		t.Errorf("duplicate feed: %d %q", code, stderr)
	}
	if _, stdout, _ := runCLI(t, "feeds", "list", "--data", dir); stdout != "Launch\t"+path+"\n" {
		t.Errorf("feeds list = %q", stdout)
	}

	out := filepath.Join(t.TempDir(), "launch.ics")
	if code, _, stderr := runCLI(t, "export", "--data", dir, "--format", "ics", "--feed", "Launch", "--out", out); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	body, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), "Lancering!") || strings.Contains(string(body), "Kundecase") || strings.Contains(string(body), "Læs mere") {
		t.Error("the exported launch feed must hold launch titles only")
	}
	if code, _, stderr := runCLI(t, "export", "--data", dir, "--format", "csv", "--feed", "Launch"); code != 2 || !strings.Contains(stderr, "--feed goes with --format ics") {
		t.Errorf("export csv of a feed: %d %q", code, stderr)
	}
	if code, stdout, stderr := runCLI(t, "export", "--data", dir, "--format", "csv", "--separator", ";"); code != 0 || !strings.HasPrefix(stdout, "\uFEFFID;Date;Time;") {
		t.Errorf("export csv with semicolons: %d %.40q %q", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "export", "--data", dir, "--format", "csv", "--separator", "|"); code != 2 || !strings.Contains(stderr, "--separator is , or ;") {
		t.Errorf("export csv with a | separator: %d %q", code, stderr)
	}

	if code, _, _ := runCLI(t, "feeds", "revoke", "--data", dir, "Launch"); code != 0 {
		t.Error("revoke failed")
	}
	if _, stdout, _ := runCLI(t, "feeds", "list", "--data", dir); !strings.HasPrefix(stdout, "Launch\trevoked ") {
		t.Errorf("after revoke, list = %q", stdout)
	}
	if code, _, stderr := runCLI(t, "feeds", "revoke", "--data", dir, "Nope"); code != 1 || !strings.Contains(stderr, `no feed called "Nope"`) {
		t.Errorf("revoke unknown: %d %q", code, stderr)
	}
}

func TestServeSaysWhenThePortIsTaken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, _, stderr := runCLI(t, "serve", "--data", t.TempDir(), "--addr", ln.Addr().String())
	if code != 1 || !strings.Contains(stderr, "Another program is using "+ln.Addr().String()) {
		t.Errorf("serve on a busy port: %d %q", code, stderr)
	}
}

func TestExportThenImportGivesTheSamePlan(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	if code, _, stderr := runCLI(t, "demo", "--data", src, "--posts", "300"); code != 0 {
		t.Fatal(stderr)
	}
	file := filepath.Join(t.TempDir(), "plan.ics")
	if code, _, stderr := runCLI(t, "export", "--data", src, "--format", "ics", "--out", file); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr := runCLI(t, "import", "--data", dst, "--dry-run", file)
	if code != 0 || !strings.Contains(stdout, "Would import ") {
		t.Fatalf("dry run: %d %q %q", code, stdout, stderr)
	}
	if empty := countPosts(t, dst); empty != 0 {
		t.Fatalf("a dry run wrote %d posts", empty)
	}
	for round := range 2 { // the second import must update, not add
		code, stdout, stderr = runCLI(t, "import", "--data", dst, file)
		if code != 0 || !strings.Contains(stdout, "Imported ") {
			t.Fatalf("import %d: %d %q %q", round, code, stdout, stderr)
		}
	}
	if !strings.Contains(stdout, "(0 new, ") {
		t.Errorf("second import: %q, want no new posts", stdout)
	}
	want, got := countPosts(t, src), countPosts(t, dst)
	// Undated ideas have no place in a calendar file.
	if got == 0 || got > want {
		t.Errorf("%d posts imported from a plan of %d", got, want)
	}
	again := filepath.Join(t.TempDir(), "again.ics")
	if code, _, stderr := runCLI(t, "export", "--data", dst, "--format", "ics", "--out", again); code != 0 {
		t.Fatal(stderr)
	}
	a, _ := os.ReadFile(file)
	b, _ := os.ReadFile(again)
	if countEvents(a) != countEvents(b) {
		t.Errorf("re-export has %d events, the original %d", countEvents(b), countEvents(a))
	}
	if code, _, stderr := runCLI(t, "import", "--data", dst, "plan.txt"); code != 2 || !strings.Contains(stderr, "it reads .ics, .csv, .json files") {
		t.Errorf("import txt: %d %q", code, stderr)
	}
}

func TestCSVJSONBackupAndRestoreFromTheCommandLine(t *testing.T) {
	src, dst, files := t.TempDir(), t.TempDir(), t.TempDir()
	if code, _, stderr := runCLI(t, "demo", "--data", src); code != 0 {
		t.Fatal(stderr)
	}
	export := func(dir, format string) []byte {
		t.Helper()
		out := filepath.Join(files, "plan."+format)
		if code, _, stderr := runCLI(t, "export", "--data", dir, "--format", format, "--out", out); code != 0 {
			t.Fatalf("export %s: %s", format, stderr)
		}
		b, _ := os.ReadFile(out)
		return b
	}
	csv := export(src, "csv")
	bad := filepath.Join(files, "bad.csv")
	os.WriteFile(bad, []byte("Date,Time,Title\n2026-03-02,09:00,Good\n2026-03-02,25:00,Bad\n2026-03-02,10:00,Wide,extra\n"), 0o600)
	code, stdout, _ := runCLI(t, "import", "--data", dst, "--dry-run", bad)
	if code != 0 || !strings.Contains(stdout, `row 3, Time: "25:00" is not a time`) || !strings.Contains(stdout, "row 2: ok: Good") ||
		!strings.Contains(stdout, "row 4: The row has 4 cells but the header only 3.") {
		t.Fatalf("dry run of a file with a bad row: %d %q", code, stdout)
	}
	if code, _, stderr := runCLI(t, "import", "--data", dst, bad); code != 1 || !strings.Contains(stderr, "2 of 3 rows have problems, so nothing was imported") {
		t.Fatalf("import of a file with a bad row: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "import", "--data", dst, filepath.Join(files, "plan.csv")); code != 0 {
		t.Fatalf("import csv: %s", stderr)
	}
	if again := export(dst, "csv"); !bytes.Equal(csv, again) {
		t.Error("a CSV export imported into an empty plan exports differently")
	}

	json := export(src, "json")
	fresh := t.TempDir()
	if code, _, stderr := runCLI(t, "import", "--data", fresh, filepath.Join(files, "plan.json")); code != 0 {
		t.Fatalf("import json: %s", stderr)
	}
	if again := export(fresh, "json"); !bytes.Equal(json, again) {
		t.Error("a JSON export imported into an empty plan exports differently")
	}

	backup := filepath.Join(files, "plan.backup")
	if code, _, stderr := runCLI(t, "backup", "--data", src, "--out", backup); code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	if code, _, stderr := runCLI(t, "restore", "--data", dst, backup); code != 1 || !strings.Contains(stderr, "Use --force") {
		t.Fatalf("restore over a plan, without --force: %d %q", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "restore", "--data", dst, "--force", backup)
	if code != 0 || !strings.Contains(stdout, "The plan it replaced is kept in "+filepath.Join(dst, "backups", "replaced-")) {
		t.Fatalf("restore --force: %d %q %q", code, stdout, stderr)
	}
	if again := export(dst, "json"); !bytes.Equal(json, again) {
		t.Error("the restored plan differs from the backed-up one")
	}
}

func countEvents(b []byte) int { return strings.Count(string(b), "BEGIN:VEVENT") }

func countPosts(t *testing.T, dir string) int {
	t.Helper()
	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	posts, err := db.AllPosts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(posts)
}

func TestWeekFromTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCLI(t, "demo", "--data", dir); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	this := calendar.WeekOf(time.Now())
	code, stdout, stderr := runCLI(t, "week", "--data", dir, "--lang", "sv", "--format", "markdown")
	if code != 0 || !strings.HasPrefix(stdout, fmt.Sprintf("## Vecka %d, ", this.Num)) || !strings.Contains(stdout, "### Kanaler") {
		t.Errorf("week as Markdown: code %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
	pdf := filepath.Join(t.TempDir(), "week.pdf")
	if code, _, stderr := runCLI(t, "week", "--data", dir, "--format", "pdf", "--out", pdf); code != 0 {
		t.Fatalf("week as PDF: %s", stderr)
	}
	if b, _ := os.ReadFile(pdf); !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("%s is not a PDF", pdf)
	}
	for _, bad := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"--week", "2026-W99"}, 2, "2026 has no week 99."},
		{[]string{"--format", "docx"}, 2, "usage: postplan week"},
		{[]string{"--format", "pdf"}, 2, "usage: postplan week"},
		{[]string{"--lang", "de"}, 2, "usage: postplan week"},
		{[]string{"--feed", "Nobody's"}, 1, `There is no feed called "Nobody's".`},
	} {
		code, _, stderr := runCLI(t, append([]string{"week", "--data", dir}, bad.args...)...)
		if code != bad.code || !strings.Contains(stderr, bad.says) {
			t.Errorf("week %v: code %d, stderr %q; want %d and %q", bad.args, code, stderr, bad.code, bad.says)
		}
	}
}

// TestTrustFromTheCommandLine is the Trust report's reproductions, run as
// they were: each failed on 05e4f99.
func TestTrustFromTheCommandLine(t *testing.T) {
	files := t.TempDir()

	// A CSV of 1,000 posts with 1,500-character texts and 400-character
	// notes imported nothing ("Internal error.").
	var b strings.Builder
	b.WriteString("Date,Time,Title,Text,Notes,Channels\n")
	text := strings.Repeat("Vi glæder os til efteråret – nye varer i butikken hver uge! ", 25)[:1500]
	notes := strings.Repeat("Husk billedet fra fotografen. ", 14)[:400]
	for i := range 1000 {
		fmt.Fprintf(&b, "%s,%02d:%02d,Post %d,\"%s\",\"%s\",LinkedIn\n", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%365).Format("2006-01-02"), 8+i%10, i%60, i, text, notes)
	}
	long := filepath.Join(files, "long.csv")
	os.WriteFile(long, []byte(b.String()), 0o600)
	plan := t.TempDir()
	code, stdout, stderr := runCLI(t, "import", "--data", plan, long)
	if code != 0 || !strings.Contains(stdout, "1000 new") {
		t.Fatalf("import of 1,000 long posts: %d %q %q", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, "import", "--data", plan, long)
	if code != 0 || !strings.Contains(stdout, "1000 unchanged") {
		t.Fatalf("the same file again: %d %q %q", code, stdout, stderr)
	}

	// A file that starts like a backup and is not one left an empty plan.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("hello, this is not a backup"))
	zw.Close()
	bogus := filepath.Join(files, "bogus.backup")
	os.WriteFile(bogus, append([]byte("postplan backup 1\n"), gz.Bytes()...), 0o600)
	code, _, stderr = runCLI(t, "restore", "--data", plan, "--force", bogus)
	if code != 1 || !strings.Contains(stderr, "The backup is damaged") || !strings.Contains(stderr, "nothing was restored") {
		t.Fatalf("restore of a bogus backup: %d %q", code, stderr)
	}
	if n := countPosts(t, plan); n != 1000 {
		t.Fatalf("after the refused restore the plan has %d posts, want its 1,000", n)
	}

	// A plan with a feed and no posts is not empty.
	feedsOnly := t.TempDir()
	if code, _, stderr := runCLI(t, "feeds", "add", "--data", feedsOnly, "--name", "Team"); code != 0 {
		t.Fatal(stderr)
	}
	backup := filepath.Join(files, "plan.backup")
	if code, _, stderr := runCLI(t, "backup", "--data", plan, "--out", backup); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := runCLI(t, "restore", "--data", feedsOnly, backup); code != 1 || !strings.Contains(stderr, "Use --force") {
		t.Fatalf("restore over a plan with a feed, without --force: %d %q", code, stderr)
	}
	code, stdout, stderr = runCLI(t, "restore", "--data", feedsOnly, "--force", backup)
	if code != 0 || !strings.Contains(stdout, "The plan it replaced is kept in ") {
		t.Fatalf("restore --force over a plan with a feed: %d %q %q", code, stdout, stderr)
	}

	// A week far away expanded every endless series to it.
	if code, _, stderr := runCLI(t, "week", "--data", plan, "--week", "9999-W52"); code != 2 || !strings.Contains(stderr, "Weeks from 1900 to 2200 can be shown") {
		t.Errorf("week 9999-W52: %d %q", code, stderr)
	}
}

// TestCLIDocsMatchHelp: the command line is described once. docs/cli.md
// holds what `postplan help` prints, and every flag a subcommand takes is
// in it (`feeds add --kind` and `--member` were missing).
func TestCLIDocsMatchHelp(t *testing.T) {
	_, help, _ := runCLI(t, "help")
	doc, err := os.ReadFile(filepath.Join("docs", "cli.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(doc), "```text\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("docs/cli.md has no ```text block with the usage")
	}
	if block != help {
		t.Errorf("docs/cli.md's usage differs from `postplan help`:\n%s", cmp.Diff(help, block))
	}
	for _, cmd := range [][]string{{"demo"}, {"serve"}, {"feeds", "add"}, {"export"}, {"import"}, {"week"}, {"backup"}, {"restore"}} {
		_, _, stderr := runCLI(t, append(cmd, "-h")...)
		flags := 0
		for line := range strings.SplitSeq(stderr, "\n") {
			name, ok := strings.CutPrefix(strings.TrimSpace(line), "-")
			if !ok || strings.HasPrefix(line, "\t") {
				continue
			}
			name, _, _ = strings.Cut(name, " ")
			flags++
			if !strings.Contains(help, "--"+name) {
				t.Errorf("postplan %s takes --%s, which the usage does not name", strings.Join(cmd, " "), name)
			}
		}
		if flags == 0 {
			t.Errorf("postplan %s -h listed no flags: %q", strings.Join(cmd, " "), stderr)
		}
	}
}

// TestArchitectureDocNamesRealFiles: every file docs/architecture.md names
// is where it says, so its walks stay true as the code moves.
func TestArchitectureDocNamesRealFiles(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("docs", "architecture.md"))
	if err != nil {
		t.Fatal(err)
	}
	named := regexp.MustCompile("`([A-Za-z0-9_./-]+\\.(?:go|ts|mjs|json|md))`").FindAllStringSubmatch(string(doc), -1)
	if len(named) < 30 {
		t.Fatalf("docs/architecture.md names only %d files", len(named))
	}
	for _, m := range named {
		path := strings.TrimPrefix(m[1], "../")
		if _, err := os.Stat(path); err == nil {
			continue
		}
		if _, err := os.Stat(filepath.Join("frontend", "src", path)); err != nil {
			t.Errorf("docs/architecture.md names %s, which is not in the repository", m[1])
		}
	}
}
