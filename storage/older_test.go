package storage_test

import (
	"testing"
	"time"

	"postplan/calendar"
)

// A file exported on Monday and imported on Wednesday must not undo what
// the plan changed on Tuesday: the post stays as the plan has it, counted
// as older, and nothing is written for it. A copy that does not say when
// it was written (a CSV row), one written from the plan's current version
// and edited since, and one with a later sequence still update the post.
func TestAnOlderCopyLeavesThePlansEditAlone(t *testing.T) {
	monday := time.Date(2026, 3, 2, 10, 0, 0, 500_000_000, time.UTC)
	tuesday := monday.Add(24*time.Hour + 400*time.Millisecond)
	for _, c := range []struct {
		name    string
		copy    func(exported, current *calendar.Post) *calendar.Post
		older   bool
		checked bool // previewed first, as the window and the command line do
	}{
		{"Monday's export", func(e, _ *calendar.Post) *calendar.Post { return e }, true, false},
		{"Monday's export, previewed", func(e, _ *calendar.Post) *calendar.Post { return e }, true, true},
		{"a CSV row of Monday's", func(e, _ *calendar.Post) *calendar.Post { e.Updated = time.Time{}; return e }, false, true},
		{"Tuesday's .ics export, edited by hand", func(_, cur *calendar.Post) *calendar.Post {
			cur.Updated = cur.Updated.Truncate(time.Second) // LAST-MODIFIED holds seconds
			cur.Title = "edited in the file"
			return cur
		}, false, true},
		{"a copy that saw a later version", func(e, cur *calendar.Post) *calendar.Post { e.Sequence = cur.Sequence + 1; return e }, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := openDB(t)
			now := monday
			db.Now = func() time.Time { return now }
			p := &calendar.Post{Title: "Monday's title", Channels: []string{"LinkedIn"}, Start: calendar.Wall(2026, 3, 9, 9, 0, 0),
				TimeZone: "Europe/Copenhagen", Status: calendar.StatusDraft}
			if err := db.CreatePost(ctx, p); err != nil {
				t.Fatal(err)
			}
			exported := p.Clone()
			now = tuesday
			p.Title, p.Start = "Tuesday's title", calendar.Wall(2026, 3, 10, 9, 0, 0)
			if err := db.UpdatePost(ctx, p); err != nil {
				t.Fatal(err)
			}
			before, err := db.FindPost(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			now = tuesday.Add(24 * time.Hour)
			in := c.copy(exported.Clone(), before.Clone())
			imp := calendar.Import{Posts: []*calendar.Post{in}, Kept: calendar.KeptByICS}
			res, err := db.Classify(ctx, imp)
			if err != nil {
				t.Fatal(err)
			}
			if c.checked {
				imp.Checked = res
			}
			if _, err := db.SaveImport(ctx, imp); err != nil {
				t.Fatal(err)
			}
			after, err := db.FindPost(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			kept := after.Title == before.Title && after.Updated.Equal(before.Updated)
			if c.older != kept || c.older != (res.Older == 1 && res.Updated == 0) {
				t.Errorf("previewed %+v; the post is now %q, updated %s (before: %q, %s); want it kept: %v",
					res, after.Title, after.Updated, before.Title, before.Updated, c.older)
			}
		})
	}
}

// The same holds for an import too large for one transaction (3,000 posts
// are 24,000 entries; one takes 4,000), which is written in parts under a
// journal, after a preview.
func TestAnOlderCopyInALargeImport(t *testing.T) {
	db := openDB(t)
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	posts := bulkPlan(3000, nil)
	if _, err := db.SaveImport(ctx, calendar.Import{Posts: posts}); err != nil {
		t.Fatal(err)
	}
	exported := make([]*calendar.Post, len(posts))
	for i, p := range posts {
		exported[i] = p.Clone()
	}
	now = now.Add(time.Hour)
	edited := posts[1234].Clone()
	edited.Title = "changed after the export"
	if err := db.UpdatePost(ctx, edited); err != nil {
		t.Fatal(err)
	}
	exported[7].Title = "changed in the file" // no stamp: as a CSV row, it updates
	exported[7].Updated = time.Time{}
	for _, p := range exported {
		p.Body += " Changed in the file." // so that every post is written
	}
	imp := calendar.Import{Posts: exported, Kept: calendar.KeptByICS}
	res, err := db.Classify(ctx, imp)
	if err != nil {
		t.Fatal(err)
	}
	imp.Checked = res // previewed: the write trusts the check and looks each post up again
	if _, err := db.SaveImport(ctx, imp); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindPost(ctx, edited.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != edited.Title || res.Older != 1 || res.Updated != len(posts)-1 {
		t.Errorf("%+v; the edited post is %q", res, got.Title)
	}
	if got, _ := db.FindPost(ctx, exported[7].ID); got == nil || got.Title != "changed in the file" {
		t.Errorf("the post without a stamp: %+v", got)
	}
}
