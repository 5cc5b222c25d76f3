package app

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
	"postplan/storage"
	"postplan/transfer"
)

var ctx = context.Background()

// samplePlanner is a planner over the sample month, with the Files service
// beside it.
func samplePlanner(t *testing.T) (*Planner, *Files, *storage.DB) {
	t.Helper()
	p := newPlanner(t)
	if _, err := p.LoadSamplePlan(); err != nil {
		t.Fatal(err)
	}
	db := p.store.(*storage.DB)
	return p, NewFiles(db, slog.New(slog.DiscardHandler)), db
}

// TestOwnExportsImportedBackChangeNothing: the plan's own CSV and .ics
// exports imported back into the live plan change nothing: every post is
// found unchanged, nothing is written (no new sequence, no new
// Last-Modified), and what the format cannot hold (an experiment's link to
// its series, moved and edited occurrences, texts per channel) is kept.
// Before, the CSV import rewrote all 18 sample posts and stripped both
// experiment series.
func TestOwnExportsImportedBackChangeNothing(t *testing.T) {
	for _, format := range []string{"csv", "ics"} {
		t.Run(format, func(t *testing.T) {
			_, files, db := samplePlanner(t)
			before, err := db.AllPosts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			experiments := 0
			for _, p := range before {
				if p.Experiment != "" {
					experiments++
				}
			}
			if experiments < 2 {
				t.Fatalf("the sample plan has %d experiment series; the test needs them", experiments)
			}
			feed, err := transfer.Export(ctx, db, transfer.ICS, transfer.ExportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "plan."+format)
			if _, err := files.Export(path); err != nil {
				t.Fatal(err)
			}
			preview, err := files.PreviewImport(path)
			if err != nil {
				t.Fatal(err)
			}
			if preview.New != 0 || preview.Updated != 0 || preview.Unchanged != preview.Posts || preview.Posts == 0 {
				t.Errorf("preview: %d posts, %d new, %d updated, %d unchanged; want all unchanged", preview.Posts, preview.New, preview.Updated, preview.Unchanged)
			}
			r, err := files.Import(path, false)
			if err != nil {
				t.Fatal(err)
			}
			if r.Unchanged != r.Posts || r.Updated != 0 || r.New != 0 {
				t.Errorf("import: %+v; want every post unchanged", r)
			}
			after, err := db.AllPosts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(before, after); diff != "" {
				t.Errorf("importing the plan's own %s export changed the plan (-before +after):\n%s", format, diff)
			}
			again, err := transfer.Export(ctx, db, transfer.ICS, transfer.ExportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(feed, again) {
				t.Errorf("the feed's bytes changed after importing an unchanged %s export", format)
			}
		})
	}
}

// TestACSVRowUpdatesOnlyWhatCSVHolds: an edited row changes the post's
// title and keeps its experiment, its changed occurrences and its text per
// channel.
func TestACSVRowUpdatesOnlyWhatCSVHolds(t *testing.T) {
	_, files, db := samplePlanner(t)
	posts, _ := db.AllPosts(ctx)
	i := slices.IndexFunc(posts, func(p *calendar.Post) bool { return p.Experiment != "" && len(p.Overrides) > 0 })
	if i < 0 {
		t.Fatal("the sample plan has no experiment series with changed occurrences")
	}
	series := posts[i]
	series.Variants = map[string]string{series.Channels[0]: "Kortere tekst til " + series.Channels[0]}
	if err := db.UpdatePost(ctx, series); err != nil {
		t.Fatal(err)
	}
	kept, _ := db.FindPost(ctx, series.ID)
	path := filepath.Join(t.TempDir(), "plan.csv")
	if _, err := files.Export(path); err != nil {
		t.Fatal(err)
	}
	body, _ := os.ReadFile(path)
	edited := strings.Replace(string(body), ","+series.Title+",", ","+series.Title+" (ny titel),", 1)
	if edited == string(body) {
		t.Fatalf("the title %q is not a cell of the export", series.Title)
	}
	if err := os.WriteFile(path, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := files.Import(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if r.Updated != 1 || r.Unchanged != r.Posts-1 {
		t.Errorf("import: %+v; want one updated, the rest unchanged", r)
	}
	got, _ := db.FindPost(ctx, series.ID)
	if got.Title != series.Title+" (ny titel)" || got.Sequence != kept.Sequence+1 || !got.Updated.After(kept.Updated) {
		t.Errorf("the edited row: title %q, sequence %d (was %d)", got.Title, got.Sequence, kept.Sequence)
	}
	if got.Experiment != kept.Experiment || !cmp.Equal(got.Overrides, kept.Overrides) || !cmp.Equal(got.Variants, kept.Variants) ||
		!cmp.Equal(got.Recurrence, kept.Recurrence) {
		t.Errorf("the row took what CSV cannot hold:\n%s", cmp.Diff(kept, got))
	}
}

// TestIDsWithLineBreaksGetNowhere: an ID with a line break, brought in by
// every way into the plan, is refused or replaced, and no subscriber's
// calendar gets a property of the sender's choosing. Before, the UID line
// was written as the ID was, and an ICS UID ending "@postplan" or a JSON
// id went into the plan unchecked.
func TestIDsWithLineBreaksGetNowhere(t *testing.T) {
	const evil = "01EVIL\r\nX-INJECTED:1"
	planner, files, db := samplePlanner(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// CSV: the row is refused at its ID cell.
	csvPath := write("evil.csv", "ID,Date,Time,Title\n\""+evil+"\",2026-12-01,09:00,Injected\n")
	p, err := files.PreviewImport(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if p.Invalid != 1 || len(p.Problems) == 0 || p.Problems[0].Column != "ID" {
		t.Errorf("CSV preview: %d invalid, problems %+v; want the row refused at its ID", p.Invalid, p.Problems)
	}
	if _, err := files.Import(csvPath, false); err == nil {
		t.Error("CSV: the row with a line break in its ID was imported")
	}
	// ICS: a UID of ours with an escaped line break gets an ID of its own.
	icsPath := write("evil.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\n"+
		"UID:01EVIL\\nX-INJECTED:1@postplan\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261201T090000Z\r\nSUMMARY:Injected\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	if _, err := files.Import(icsPath, false); err != nil {
		t.Fatalf("ICS: %v", err)
	}
	// JSON: refused before anything is written, with the post named.
	jsonPath := write("evil.json", `{"format":"postplan-plan","version":1,"posts":[{"id":"01EVIL\r\nX-INJECTED:1","title":"Injected","status":"draft"}]}`)
	if _, err := files.Import(jsonPath, false); err == nil || !strings.Contains(err.Error(), "Post 1 in the file") {
		t.Errorf("JSON: %v; want the post refused by name", err)
	}
	// The window: an edit sent with such an ID changes nothing.
	if _, err := planner.SavePost(PostInput{ID: evil, Title: "Injected", Status: "draft"}); err == nil {
		t.Error("window: a post with a line break in its ID was saved")
	}
	posts, _ := db.AllPosts(ctx)
	for _, p := range posts {
		if strings.ContainsAny(string(p.ID), "\r\n") {
			t.Errorf("the plan holds the ID %q", p.ID)
		}
	}
	feed, err := transfer.Export(ctx, db, transfer.ICS, transfer.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.SplitSeq(string(feed), "\r\n") {
		if strings.HasPrefix(line, "X-INJECTED") {
			t.Errorf("the feed carries an injected line: %q", line)
		}
	}
	if !strings.Contains(string(feed), "Injected") {
		t.Error("the calendar file's event, under an ID of its own, is not in the feed")
	}
}
