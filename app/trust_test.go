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
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
	"postplan/feedrender"
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

// TestOwnExportsImportedBackChangeNothing: the plan's own CSV, .ics and
// JSON exports imported back into the live plan change nothing: every post
// is found unchanged, nothing is written (no new sequence, no new
// Last-Modified), no campaign, channel or member is called new, and what
// the format cannot hold (an experiment's link to its series, moved and
// edited occurrences, texts per channel) is kept. Before, the CSV import
// rewrote all 18 sample posts and stripped both experiment series. Posts
// are dragged first, as in the calendar: a drag stores the post's length,
// the default one included, which a calendar file does not tell apart from
// no length (the .ics import found every dragged post "updated").
func TestOwnExportsImportedBackChangeNothing(t *testing.T) {
	for _, format := range []string{"csv", "ics", "json"} {
		t.Run(format, func(t *testing.T) {
			p, files, db := samplePlanner(t)
			dragPosts(t, p, db)
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
			// A JSON export carries the whole team; the plan has it all.
			if n := len(preview.Campaigns) + len(preview.Channels) + len(preview.Members); n != 0 {
				t.Errorf("preview: new campaigns %q, channels %q, members %q; want none", preview.Campaigns, preview.Channels, preview.Members)
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

// TestOwnFeedsImportedBackChangeNothing: a feed of the plan, downloaded
// or sent back by a colleague and imported into the live plan, changes
// nothing. Its routines' events (a meeting, a rota's turns) are not made
// posts, a deleted post's cancellation does not bring the post back, a
// feed of titles only leaves every text, note and link as it was, the
// text of a single occurrence included, and the overdue marks of a feed
// as its server sends it do not become titles. Before, the titles-only
// feed of a 10,000-post plan emptied 9,523 texts and added 59 posts, and
// the served feed renamed 134 posts "⚠ Overdue: …".
func TestOwnFeedsImportedBackChangeNothing(t *testing.T) {
	for _, c := range []struct {
		name               string
		titlesOnly, served bool
	}{{"exported", false, false}, {"titles only", true, false}, {"served", false, true}, {"served, titles only", true, true}} {
		titlesOnly := c.titlesOnly
		t.Run(c.name, func(t *testing.T) {
			p, files, db := samplePlanner(t)
			posts, err := db.AllPosts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			gone := posts[slices.IndexFunc(posts, func(q *calendar.Post) bool { return q.Dated() && !q.Recurring() })]
			if err := p.DeletePost(string(gone.ID), "", ""); err != nil {
				t.Fatal(err)
			}
			// A draft whose time passed an hour ago: overdue whatever the day.
			cph, _ := time.LoadLocation("Europe/Copenhagen")
			late := time.Now().Add(-time.Hour).In(cph)
			if _, err := p.SavePost(draft("Forsinket opslag", late.Format("2006-01-02"), late.Format("15:04"))); err != nil {
				t.Fatal(err)
			}
			before, err := db.AllPosts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			texts, occurrenceTexts := 0, 0
			for _, q := range before {
				if q.Body != "" {
					texts++
				}
				for _, o := range q.Overrides {
					if o.Body != "" && o.Title == "" && o.Start.IsZero() && o.Status == "" {
						occurrenceTexts++
					}
				}
			}
			routines, err := db.Routines(ctx)
			if err != nil || len(routines) < 2 || texts == 0 || occurrenceTexts == 0 {
				t.Fatalf("the sample has %d routines (%v), %d posts with texts, %d occurrences changed only in text; the test needs them",
					len(routines), err, texts, occurrenceTexts)
			}
			feed := calendar.Feed{Name: "Holdet", TitlesOnly: titlesOnly}
			if err := db.CreateFeed(ctx, &feed); err != nil {
				t.Fatal(err)
			}
			var body []byte
			if c.served {
				rendered, _, err := feedrender.New(db, slog.New(slog.DiscardHandler)).Render(ctx, &feed, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if _, err := rendered.WriteTo(&buf); err != nil {
					t.Fatal(err)
				}
				body = buf.Bytes()
				if !bytes.Contains(body, []byte(calendar.OverduePrefix)) {
					t.Fatal("the served feed marks nothing overdue; the test needs a mark")
				}
			} else if body, err = transfer.Export(ctx, db, transfer.ICS, transfer.ExportOptions{Feed: &feed}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(body, []byte("STATUS:CANCELLED")) || !bytes.Contains(body, []byte(routines[0].Name)) {
				t.Fatal("the feed shows neither the deleted post's cancellation nor the routines; the test needs both")
			}
			path := filepath.Join(t.TempDir(), "holdet.ics")
			if err := os.WriteFile(path, body, 0o600); err != nil {
				t.Fatal(err)
			}
			preview, err := files.PreviewImport(path)
			if err != nil {
				t.Fatal(err)
			}
			dated := 0
			for _, q := range before {
				if q.Dated() {
					dated++
				}
			}
			if preview.New != 0 || preview.Updated != 0 || preview.Unchanged != dated {
				t.Errorf("preview: %d posts, %d new, %d updated, %d unchanged; want the plan's %d dated posts unchanged",
					preview.Posts, preview.New, preview.Updated, preview.Unchanged, dated)
			}
			notes := strings.Join(preview.Notes, "\n")
			for _, want := range []string{"X-POSTPLAN-ROUTINE", "X-POSTPLAN-DELETED"} {
				if !strings.Contains(notes, want) {
					t.Errorf("the preview's notes do not say what was left out (%s):\n%s", want, notes)
				}
			}
			if _, err := files.Import(path, false); err != nil {
				t.Fatal(err)
			}
			after, err := db.AllPosts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(before, after); diff != "" {
				t.Errorf("importing the plan's own feed changed the plan (-before +after):\n%s", diff)
			}
			if _, err := db.FindPost(ctx, gone.ID); calendar.ErrorCode(err) != calendar.ENOTFOUND {
				t.Errorf("the deleted post is back after importing its cancellation (%v)", err)
			}
		})
	}
}

// dragPosts drags a timed post a day later, another into the all-day row
// and a series' occurrence an hour later, as the calendar sends such
// drops: the two posts then hold the default lengths, 30 minutes and a
// day, as lengths of their own.
func dragPosts(t *testing.T, p *Planner, db *storage.DB) {
	t.Helper()
	posts, err := db.AllPosts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var timed []*calendar.Post
	for _, q := range posts {
		if q.Dated() && !q.Recurring() && !q.AllDay && q.Duration == 0 {
			timed = append(timed, q)
		}
	}
	if len(timed) < 2 {
		t.Fatalf("the sample plan has %d timed single posts of the default length; the test needs two", len(timed))
	}
	o, err := calendar.Single(timed[0])
	if err != nil {
		t.Fatal(err)
	}
	start := o.Start.AddDate(0, 0, 1).UTC()
	if err := p.MovePost(MoveInput{PostID: string(timed[0].ID), Start: start.Format(time.RFC3339),
		End: start.Add(calendar.DefaultDuration).Format(time.RFC3339)}); err != nil {
		t.Fatal(err)
	}
	day := timed[1].Start.Format("2006-01-02")
	if err := p.MovePost(MoveInput{PostID: string(timed[1].ID), Start: day, AllDay: true}); err != nil {
		t.Fatal(err)
	}
	for i, want := range []time.Duration{calendar.DefaultDuration, 24 * time.Hour} {
		if got, err := db.FindPost(ctx, timed[i].ID); err != nil || got.Duration != want {
			t.Fatalf("dragged post %d holds length %v (%v); the test needs %v", i, got.Duration, err, want)
		}
	}
	// And one occurrence of a timed series, an hour later.
	i := slices.IndexFunc(posts, func(q *calendar.Post) bool { return q.Recurring() && !q.AllDay && q.Duration == 0 })
	if i < 0 {
		t.Fatal("the sample plan has no timed series of the default length")
	}
	series := posts[i]
	occs, err := calendar.Expand(series, series.Start.AddDate(0, 0, -1).UTC(), series.Start.AddDate(0, 2, 0).UTC())
	j := slices.IndexFunc(occs, func(o calendar.Occurrence) bool { return o.Override == nil })
	if err != nil || j < 0 {
		t.Fatalf("the series %q has no unchanged occurrence in two months (%v)", series.Title, err)
	}
	moved := occs[j].Start.Add(time.Hour).UTC()
	if err := p.MovePost(MoveInput{PostID: string(series.ID), Original: occs[j].Original.Format("2006-01-02T15:04:05"), Scope: "this",
		Start: moved.Format(time.RFC3339), End: moved.Add(calendar.DefaultDuration).Format(time.RFC3339)}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindPost(ctx, series.ID); len(got.Overrides) <= len(series.Overrides) {
		t.Fatalf("the dragged occurrence left the series with %d changed occurrences, as before", len(got.Overrides))
	}
}

// TestAnExportFromBeforeADragLeavesTheDragAlone: a plan exported, a post
// dragged to another day an hour later, and the export imported back (a
// colleague's copy, or the same file): the drag stays, and the preview
// says the file's copy is older. Before, the import put the post back
// where it was. (A CSV row does not say when it was written: it still
// updates the post, as a row edited in a spreadsheet must.)
func TestAnExportFromBeforeADragLeavesTheDragAlone(t *testing.T) {
	for _, format := range []string{"ics", "json"} {
		t.Run(format, func(t *testing.T) {
			p, files, db := samplePlanner(t)
			path := filepath.Join(t.TempDir(), "plan."+format)
			if _, err := files.Export(path); err != nil {
				t.Fatal(err)
			}
			db.Now = func() time.Time { return time.Now().Add(time.Hour) }
			posts, err := db.AllPosts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(posts, func(q *calendar.Post) bool { return q.Dated() && !q.Recurring() && !q.AllDay })
			if i < 0 {
				t.Fatal("the sample plan has no timed single post")
			}
			o, err := calendar.Single(posts[i])
			if err != nil {
				t.Fatal(err)
			}
			start := o.Start.AddDate(0, 0, 2).UTC()
			if err := p.MovePost(MoveInput{PostID: string(posts[i].ID), Start: start.Format(time.RFC3339),
				End: start.Add(o.End.Sub(o.Start)).Format(time.RFC3339)}); err != nil {
				t.Fatal(err)
			}
			dragged, err := db.FindPost(ctx, posts[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			preview, err := files.PreviewImport(path)
			if err != nil {
				t.Fatal(err)
			}
			if preview.Older != 1 || preview.Updated != 0 || preview.Unchanged != preview.Posts-1 {
				t.Errorf("preview: %d posts, %d updated, %d unchanged, %d older; want the dragged one older, the rest unchanged",
					preview.Posts, preview.Updated, preview.Unchanged, preview.Older)
			}
			r, err := files.Import(path, false)
			if err != nil {
				t.Fatal(err)
			}
			after, err := db.FindPost(ctx, posts[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			if r.Older != 1 || !after.Start.Equal(dragged.Start) || !after.Updated.Equal(dragged.Updated) {
				t.Errorf("import %+v; the dragged post starts %s (dragged to %s, from %s)", r, after.Start, dragged.Start, posts[i].Start)
			}
		})
	}
}

// TestAJSONExportFromBeforeAnEditKeepsRoutinesAndResults: what a JSON
// export brings beside the posts is kept the same way. A result entered
// and a routine changed after the export stay when the export is imported
// back, and the import says which; before, both went back to the file's.
func TestAJSONExportFromBeforeAnEditKeepsRoutinesAndResults(t *testing.T) {
	_, files, db := samplePlanner(t)
	path := filepath.Join(t.TempDir(), "plan.json")
	if _, err := files.Export(path); err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return time.Now().Add(time.Hour) }
	experiments, err := db.Experiments(ctx)
	if err != nil || len(experiments) == 0 {
		t.Fatalf("the sample plan has %d experiments (%v)", len(experiments), err)
	}
	routines, err := db.Routines(ctx)
	if err != nil || len(routines) == 0 {
		t.Fatalf("the sample plan has %d routines (%v)", len(routines), err)
	}
	const learning, notes = "Questions in the first line doubled the comments.", "Moved to the big meeting room."
	if _, err := db.ChangeExperiment(ctx, experiments[0].ID, func(e *calendar.Experiment, _ map[calendar.ID]*calendar.Post) error {
		e.Learning = learning
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ChangeRoutine(ctx, routines[0].ID, func(r *calendar.Routine) error { r.Notes = notes; return nil }); err != nil {
		t.Fatal(err)
	}
	r, err := files.Import(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.KeptExperiments, []string{experiments[0].Name}) || !slices.Equal(r.KeptRoutines, []string{routines[0].Name}) {
		t.Errorf("import kept experiments %q and routines %q; want %q and %q",
			r.KeptExperiments, r.KeptRoutines, experiments[0].Name, routines[0].Name)
	}
	after, err := db.Experiments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(after, func(e calendar.Experiment) bool { return e.ID == experiments[0].ID })
	if i < 0 || after[i].Learning != learning {
		t.Errorf("the experiment's learning after the import: %+v", after)
	}
	rs, err := db.Routines(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if j := slices.IndexFunc(rs, func(x calendar.Routine) bool { return x.ID == routines[0].ID }); j < 0 || rs[j].Notes != notes {
		t.Errorf("the routine's notes after the import: %+v", rs)
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
