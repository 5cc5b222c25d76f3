package transfer_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/storage"
	"postplan/transfer"
)

var ctx = context.Background()

func openDB(t testing.TB) *storage.DB {
	t.Helper()
	db, err := storage.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// samplePlan is the sample month plus a generated year with series,
// changed and skipped occurrences, and a feed.
func samplePlan(t testing.TB, db *storage.DB, posts int) {
	t.Helper()
	plan := calendar.Generate(calendar.GenerateOptions{Posts: posts - posts/20, Series: posts / 20, Seed: 7,
		Today: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)})
	if err := db.LoadPlan(ctx, plan); err != nil {
		t.Fatal(err)
	}
	feed := calendar.Feed{Name: "Launch", Filter: calendar.FeedFilter{Statuses: []calendar.Status{calendar.StatusScheduled}}, TitlesOnly: true}
	if err := db.CreateFeed(ctx, &feed); err != nil {
		t.Fatal(err)
	}
}

func TestJSONExportImportExportIsByteIdentical(t *testing.T) {
	src := openDB(t)
	samplePlan(t, src, 2000)
	first, err := transfer.Export(ctx, src, transfer.JSON, transfer.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dst := openDB(t)
	p, err := transfer.Read(ctx, dst, transfer.JSON, first, transfer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := transfer.Import(ctx, dst, p, false); err != nil || len(res.SkippedFeeds) > 0 {
		t.Fatalf("import: %v (%+v)", err, res)
	}
	second, err := transfer.Export(ctx, dst, transfer.JSON, transfer.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		a, b := strings.Split(string(first), "\n"), strings.Split(string(second), "\n")
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("second export differs at line %d:\n  %s\n  %s", i+1, a[i], b[i])
			}
		}
		t.Fatalf("second export has %d lines, the first %d", len(b), len(a))
	}
	if !strings.Contains(string(first), `"overrides"`) || strings.Contains(string(first), `"token"`) {
		t.Error("the export must hold changed occurrences and no feed token")
	}
	exps, _ := dst.Experiments(ctx)
	routines, _ := dst.Routines(ctx)
	results := 0
	for _, e := range exps {
		results += len(e.Results)
	}
	want := calendar.Generate(calendar.GenerateOptions{Posts: 1900, Series: 100, Seed: 7, Today: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)})
	if len(exps) != len(want.Experiments) || len(exps) < 3 || results == 0 || len(routines) != 3 {
		t.Fatalf("imported %d experiments with %d results and %d routines; want %d (the sample's 2 and generated ones) with results, and 3",
			len(exps), results, len(routines), len(want.Experiments))
	}
	feeds, err := dst.Feeds(ctx)
	if err != nil || len(feeds) != 1 || feeds[0].Token == "" {
		t.Fatalf("imported feeds %+v (%v), want one with a new address", feeds, err)
	}
	srcFeeds, _ := src.Feeds(ctx)
	if feeds[0].Token == srcFeeds[0].Token {
		t.Error("an imported feed must not share the exported plan's address")
	}
}

func TestCSVImportTwiceAddsNothingAndExportReadsBack(t *testing.T) {
	src := openDB(t)
	samplePlan(t, src, 300)
	body, err := transfer.Export(ctx, src, transfer.CSV, transfer.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dst := openDB(t)
	for round := range 2 {
		p, err := transfer.Read(ctx, dst, transfer.CSV, body, transfer.Options{Zone: "Europe/Copenhagen"})
		if err != nil {
			t.Fatal(err)
		}
		if p.Invalid > 0 {
			t.Fatalf("an export does not import cleanly: %v", p.Problems)
		}
		// The second time the plan holds every row as it is: nothing is
		// written, so no subscriber sees a change.
		if round == 1 && (p.New != 0 || p.Unchanged != p.Posts) {
			t.Fatalf("second import: %s; want every row unchanged", p)
		}
		if err := commit(dst, p, false); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := src.AllPosts(ctx)
	b, _ := dst.AllPosts(ctx)
	if len(a) != len(b) {
		t.Fatalf("%d posts after importing a plan of %d twice", len(b), len(a))
	}
	again, err := transfer.Export(ctx, dst, transfer.CSV, transfer.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := strings.Split(string(body), "\n"), strings.Split(string(again), "\n"); !slices.Equal(a, b) {
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("exporting the imported plan gives a different CSV file; line %d:\n  %s\n  %s", i+1, a[i], b[i])
			}
		}
		t.Fatalf("exporting the imported plan gives %d lines, not %d", len(b), len(a))
	}
}

func TestCSVWithProblemsImportsNothingUnlessValidOnly(t *testing.T) {
	db := openDB(t)
	body := []byte("Date,Time,Title,Channels\n2026-03-02,09:00,Good,Instagram\n2026-03-02,25:00,Bad,Instagram\n")
	p, err := transfer.Read(ctx, db, transfer.CSV, body, transfer.Options{Zone: "Europe/Copenhagen"})
	if err != nil {
		t.Fatal(err)
	}
	err = commit(db, p, false)
	if want := "1 of 2 rows have problems, so nothing was imported; fix them, or import only the 1 valid rows."; calendar.ErrorMessage(err) != want {
		t.Fatalf("got %v, want %q", err, want)
	}
	if empty, _ := db.Empty(ctx); !empty {
		t.Fatal("a refused import changed the plan")
	}
	if err := commit(db, p, true); err != nil {
		t.Fatal(err)
	}
	posts, _ := db.AllPosts(ctx)
	if len(posts) != 1 || posts[0].Title != "Good" {
		t.Fatalf("posts after importing the valid rows: %d", len(posts))
	}
}

// malformed files, each with the message it must get. None may change the
// plan.
func malformed(t *testing.T) map[string]struct {
	body []byte
	want string
} {
	var backup bytes.Buffer
	db := openDB(t)
	samplePlan(t, db, 0)
	if err := db.Backup(ctx, &backup); err != nil {
		t.Fatal(err)
	}
	gzipped := func(s string) []byte {
		var b bytes.Buffer
		b.WriteString("postplan backup 1\n")
		w := gzip.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.Bytes()
	}
	exported, err := transfer.Export(ctx, db, transfer.JSON, transfer.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	big := make([]byte, transfer.MaxFileBytes+1)
	type file = struct {
		body []byte
		want string
	}
	return map[string]file{
		"empty.csv":            {nil, "empty.csv is empty."},
		"blank.csv":            {[]byte(" \r\n\t\n"), "blank.csv is empty."},
		"bom-only.csv":         {[]byte("\uFEFF"), "bom-only.csv is empty."},
		"huge.csv":             {big, "huge.csv is 50 MB; files over 50 MB are not imported."},
		"cut-utf16le.csv":      {[]byte("\xFF\xFET\x00i\x00t\x00l\x00e"), "cut-utf16le.csv is UTF-16 text cut short (it ends in half a character); it was cut when it was copied or saved."},
		"utf16be.json":         {[]byte("\xFE\xFF\x00{\x00}"), `The file is JSON but not a Postplan export (its "format" is "", not "postplan-plan").`},
		"mixed.csv":            {[]byte("Title,Date\nKøbenhavn,2026-03-02\nK\xf8ge,2026-03-03\n"), `mixed.csv is not UTF-8: line 3, column 2 has the byte 0xF8, as Latin-1 or Windows-1252 files do (Excel's plain "CSV"); save it as "CSV UTF-8" and import that.`},
		"windows1252.csv":      {[]byte("Title\n\x93quoted\x94\n"), `windows1252.csv is not UTF-8, and its letters do not show whether it is Windows-1252 or Mac Roman text (Excel's plain "CSV" on Windows or on a Mac); save it as "CSV UTF-8" and import that.`},
		"image.csv":            {[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image.csv is not a text file (it holds binary data); is it the file you meant?"},
		"zip.json":             {[]byte("PK\x03\x04\x14\x00\x00\x00"), "zip.json is not a text file (it holds binary data); is it the file you meant?"},
		"no-header.csv":        {[]byte("2026-03-02,09:00,Hello\n"), "The first row is not a header with a Title or Text column; the columns are ID, Date, Time, Time zone, Minutes, Channels, Title, Text, Campaigns, Status, Assignee, Link, Notes, Media, Repeat."},
		"header-only.csv":      {[]byte("Title,Date\n"), "The file has a header but no rows."},
		"two-titles.csv":       {[]byte("Title,Titel\na,b\n"), `The header names the column "Title" twice.`},
		"open-quote.csv":       {[]byte("Title,Date\n\"never closed,2026-03-02\n"), "Line 2 is not valid CSV: extraneous or missing \" in quoted-field."},
		"stray-quote.csv":      {[]byte("Title,Date\nsay \"hi\" there,2026-03-02\n"), "Line 2 is not valid CSV: bare \" in non-quoted-field."},
		"all-bad.csv":          {[]byte("Title,Date,Time\nA,2026-03-02,25:00\n"), "1 of 1 rows have problems, so nothing was imported; fix them, or import only the 0 valid rows."},
		"truncated.json":       {exported[:len(exported)/2], "The file ends in the middle of the plan; it was cut short (truncated) when it was copied or saved."},
		"not-json.json":        {[]byte("Title,Date\n"), "Line 1, column 1 is not valid JSON: invalid character 'T' looking for beginning of value."},
		"trailing-comma.json":  {[]byte("{\"format\": \"postplan-plan\",}"), "Line 1, column 28 is not valid JSON: invalid character '}' looking for beginning of object key string."},
		"array.json":           {[]byte("[1, 2]"), "Line 1, column 1: \"\" should be transfer.Plan, not a JSON array."},
		"other-format.json":    {[]byte(`{"format": "buffer", "version": 1}`), `The file is JSON but not a Postplan export (its "format" is "buffer", not "postplan-plan").`},
		"too-new.json":         {[]byte(`{"format": "postplan-plan", "version": 9}`), "The file was exported by a newer Postplan (format version 9; this one reads up to 1). Update Postplan to import it."},
		"no-version.json":      {[]byte(`{"format": "postplan-plan"}`), "The file has no format version."},
		"unknown-field.json":   {[]byte(`{"format": "postplan-plan", "version": 1, "pots": []}`), `The file is not a Postplan export: json: unknown field "pots".`},
		"wrong-type.json":      {[]byte(`{"format": "postplan-plan", "version": "one"}`), `Line 1, column 44: "version" should be int, not a JSON string.`},
		"two-plans.json":       {[]byte(`{"format": "postplan-plan", "version": 1} {}`), "The file has more after the plan ends; is it two files in one?"},
		"post-without-id.json": {[]byte(`{"format": "postplan-plan", "version": 1, "posts": [{"title": "x"}]}`), "Post 1 in the file has no ID."},
		"not-a-backup.backup":  {[]byte("hello"), "The file is not a Postplan backup; nothing was restored."},
		"cut-backup.backup":    {backup.Bytes()[:backup.Len()/2], "The backup is cut short (truncated); nothing was restored."},
		"bad-backup.backup":    {gzipped("not badger")[:30], "The backup is cut short (truncated); nothing was restored."},
		"notes.txt":            {[]byte("hello"), "notes.txt is not a file Postplan imports; it reads .ics, .csv, .json files."},
	}
}

// importPath is what `postplan import` and File > Import do with a file.
func importPath(db *storage.DB, path string) error {
	if strings.HasSuffix(path, ".backup") {
		_, err := transfer.RestoreFile(ctx, db, path, true)
		return err
	}
	format, err := transfer.FormatOf(path)
	if err != nil {
		return err
	}
	body, err := transfer.ReadFile(path)
	if err != nil {
		return err
	}
	p, err := transfer.Read(ctx, db, format, body, transfer.Options{Zone: "UTC"})
	if err != nil {
		return err
	}
	return commit(db, p, false)
}

func TestMalformedFilesAreRefusedWithTheirOwnMessage(t *testing.T) {
	db := openDB(t)
	samplePlan(t, db, 0)
	before, err := transfer.Export(ctx, db, transfer.JSON, transfer.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := malformed(t)
	if len(files) < 30 {
		t.Fatalf("only %d malformed files", len(files))
	}
	for name, f := range files {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, f.body, 0o600); err != nil {
				t.Fatal(err)
			}
			err := importPath(db, path)
			if err == nil {
				t.Fatal("imported without a complaint")
			}
			if got := strings.ReplaceAll(calendar.ErrorMessage(err), dir+string(filepath.Separator), ""); got != f.want {
				t.Errorf("message:\n  got  %s\n  want %s", got, f.want)
			}
			after, err := transfer.Export(ctx, db, transfer.JSON, transfer.ExportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("the plan changed")
			}
		})
	}
}

func TestBackupAndRestore(t *testing.T) {
	src := openDB(t)
	samplePlan(t, src, 500)
	file := filepath.Join(t.TempDir(), "plan.backup")
	if err := transfer.BackupFile(ctx, src, file); err != nil {
		t.Fatal(err)
	}
	want, _ := transfer.Export(ctx, src, transfer.JSON, transfer.ExportOptions{})

	dst := openDB(t)
	other := &calendar.Post{Title: "only here", Status: calendar.StatusIdea, TimeZone: "UTC"}
	if err := dst.CreatePost(ctx, other); err != nil {
		t.Fatal(err)
	}
	_, err := transfer.RestoreFile(ctx, dst, file, false)
	if calendar.ErrorCode(err) != calendar.ECONFLICT {
		t.Fatalf("restore over a plan with posts, without force: %v", err)
	}
	replaced, err := transfer.RestoreFile(ctx, dst, file, true)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := transfer.Export(ctx, dst, transfer.JSON, transfer.ExportOptions{})
	if !bytes.Equal(want, got) {
		t.Error("the restored plan differs from the backed-up one")
	}
	// The replaced plan was kept, and restores.
	third := openDB(t)
	if _, err := transfer.RestoreFile(ctx, third, replaced, false); err != nil {
		t.Fatal(err)
	}
	if p, err := third.FindPost(ctx, other.ID); err != nil || p.Title != "only here" {
		t.Fatalf("the replaced plan's backup does not hold its post: %v", err)
	}
	// The restored plan takes edits, and its window queries see them.
	occs, err := dst.Occurrences(ctx, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || len(occs) == 0 {
		t.Fatalf("no occurrences in the restored sample month (%v)", err)
	}
}

func TestDailyBackupRunsOnceADayAndKeepsSeven(t *testing.T) {
	db := openDB(t)
	samplePlan(t, db, 0)
	day := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	for i := range 10 {
		now := day.AddDate(0, 0, i)
		path, err := transfer.AutoBackup(ctx, db, now)
		if err != nil || path == "" {
			t.Fatalf("day %d: no backup (%v)", i, err)
		}
		// Backups' ages are their files' times.
		if err := os.Chtimes(path, now, now); err != nil {
			t.Fatal(err)
		}
		if again, err := transfer.AutoBackup(ctx, db, now.Add(3*time.Hour)); err != nil || again != "" {
			t.Fatalf("day %d: a second backup the same day: %q %v", i, again, err)
		}
	}
	daily, err := transfer.DailyBackups(transfer.BackupDir(db.Dir()))
	if err != nil {
		t.Fatal(err)
	}
	if len(daily) != transfer.KeepBackups || !strings.Contains(daily[0], "2026-11-04") {
		t.Fatalf("backups kept: %v; want the last 7 days", daily)
	}
}

func FuzzReadJSON(f *testing.F) {
	f.Add([]byte(`{"format": "postplan-plan", "version": 1, "posts": [{"id": "01A", "title": "x", "status": "idea"}]}`))
	f.Add([]byte(`{"format": "postplan-plan", "version": 1, "campaigns": [{"tag": "a"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		plan, err := transfer.ReadJSON(body)
		if err != nil {
			if calendar.ErrorCode(err) != calendar.EINVALID {
				t.Fatalf("not an invalid-input error: %v", err)
			}
			return
		}
		for _, p := range plan.Posts {
			if p == nil || p.ID == "" {
				t.Fatal("a post without ID passed")
			}
		}
	})
}

// TestSchemaDescribesEveryField walks an export of a plan that uses every
// field and checks each object key it meets is in schema.json, so the
// schema cannot fall behind the format.
func TestSchemaDescribesEveryField(t *testing.T) {
	raw, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatalf("schema.json is not JSON: %v", err)
	}
	db := openDB(t)
	samplePlan(t, db, 400)
	body, err := transfer.Export(ctx, db, transfer.JSON, transfer.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	missing := map[string]bool{}
	var walk func(v any, s map[string]any, path string)
	walk = func(v any, s map[string]any, path string) {
		if ref, ok := s["$ref"].(string); ok {
			s = schema["$defs"].(map[string]any)[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		}
		switch v := v.(type) {
		case map[string]any:
			props, _ := s["properties"].(map[string]any)
			extra, _ := s["additionalProperties"].(map[string]any)
			for k, child := range v {
				cs, ok := props[k].(map[string]any)
				if !ok && extra != nil {
					cs, ok = extra, true
				}
				if !ok {
					missing[path+"."+k] = true
					continue
				}
				walk(child, cs, path+"."+k)
			}
		case []any:
			items, _ := s["items"].(map[string]any)
			for _, child := range v {
				walk(child, items, path+"[]")
			}
		}
	}
	walk(doc, schema, "")
	if len(missing) > 0 {
		t.Errorf("schema.json does not describe %v", slices.Sorted(maps.Keys(missing)))
	}
}

// commit is transfer.Import for tests that need only its error.
func commit(db *storage.DB, p *transfer.Preview, validOnly bool) error {
	_, err := transfer.Import(ctx, db, p, validOnly)
	return err
}

// The preview says in what order a CSV file's dates were read, and which
// row showed it, in the window (Dates) and on the command line (String),
// which says "1 row", not "1 rows".
func TestThePreviewSaysHowDatesWereRead(t *testing.T) {
	db := openDB(t)
	for _, c := range []struct{ text, want string }{
		{"Date,Time,Title\n04/01/2026,09:00,One\n03/31/2026,09:00,Two\n", "; dates read month first (row 3's 03/31/2026 shows it)"},
		{"Date,Time,Title\n04/01/2026,09:00,One\n", "; dates read day first (none shows the order; row 2's 04/01/2026 is 2026-01-04)"},
	} {
		p, err := transfer.Read(ctx, db, transfer.CSV, []byte(c.text), transfer.Options{Zone: "UTC"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(p.String(), c.want) {
			t.Errorf("preview %q does not end %q", p, c.want)
		}
		if p.Rows == 1 && !strings.HasPrefix(p.String(), "1 row: ") {
			t.Errorf("preview %q does not start \"1 row: \"", p)
		}
	}
}

// A CSV export with semicolons, as Excel in Denmark and Sweden opens by
// double click, holds the same cells as the comma one: Python's csv
// module, which is not ours, reads each file with its separator and finds
// the same rows (texts with semicolons, commas, quotes and line breaks
// included). Imported back into the live plan, it changes nothing.
func TestASemicolonExportHoldsTheSameCellsAndReadsBack(t *testing.T) {
	db := openDB(t)
	samplePlan(t, db, 200)
	p := &calendar.Post{Title: "Quote; comma, \"quotes\"", Body: "Line one; with a semicolon\nLine two, with a comma", Status: calendar.StatusIdea}
	if err := db.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, sep := range []string{",", ";"} {
		body, err := transfer.Export(ctx, db, transfer.CSV, transfer.ExportOptions{Comma: rune(sep[0])})
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "plan.csv")
		if err := os.WriteFile(path, body, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("/usr/bin/python3", "-c", `import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    print(json.dumps(list(csv.reader(f, delimiter=sys.argv[2]))))`, path, sep).Output()
		if err != nil {
			t.Fatalf("python's csv module on the %q export: %v", sep, err)
		}
		rows[sep] = string(out)
		pv, err := transfer.Read(ctx, db, transfer.CSV, body, transfer.Options{Zone: "Europe/Copenhagen"})
		if err != nil {
			t.Fatal(err)
		}
		if pv.Invalid != 0 || pv.New+pv.Updated != 0 || pv.Unchanged != pv.Posts || pv.Posts < 200 {
			t.Errorf("the %q export read back into the plan: %s", sep, pv)
		}
	}
	if rows[","] != rows[";"] {
		t.Errorf("the two exports hold different cells:\n%.300s\n%.300s", rows[","], rows[";"])
	}
	if !strings.Contains(rows[";"], `"Quote; comma, \"quotes\""`) {
		t.Errorf("the title with a semicolon is not one cell: %.300s", rows[";"])
	}
}
