package storage_test

import (
	"slices"
	"testing"
	"time"

	"postplan/calendar"
)

// TestChangesSinceSaysWhichPostsOrThatItCannot: the writes that say which
// posts they changed (create, edit, delete, undo, a setting) are read
// back from any generation after which there were only such writes; a
// write that does not say (a campaign saved, an import) or a reader too
// far behind gets false, never a list with posts missing.
func TestChangesSinceSaysWhichPostsOrThatItCannot(t *testing.T) {
	db := openDB(t)
	newPost := func(title string) *calendar.Post {
		p := &calendar.Post{Title: title, Status: calendar.StatusDraft, TimeZone: "Europe/Stockholm", Start: calendar.Wall(2026, 12, 1, 9, 0, 0)}
		if err := db.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	start := db.Generation()
	a, b := newPost("A"), newPost("B")
	a.Title = "A, ændret"
	if err := db.UpdatePost(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := db.DeletePost(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.PutSetting(ctx, "window", 1); err != nil {
		t.Fatal(err)
	}
	if err := db.RestorePost(ctx, b); err != nil {
		t.Fatal(err)
	}
	ids, to, ok := db.ChangesSince(start)
	if want := []calendar.ID{a.ID, b.ID, a.ID, b.ID, b.ID}; !ok || to != db.Generation() || !slices.Equal(ids, want) {
		t.Fatalf("ChangesSince = %v to %d (%t); want %v to %d", ids, to, ok, want, db.Generation())
	}
	if ids, _, ok := db.ChangesSince(db.Generation()); !ok || len(ids) != 0 {
		t.Errorf("no writes since: %v (%t), want none", ids, ok)
	}

	// A refused write makes no generation and leaves nothing in the log.
	before := db.Generation()
	if err := db.CreatePost(ctx, &calendar.Post{Title: "No zone", Status: calendar.StatusDraft, Start: time.Now()}); err == nil {
		t.Fatal("a post without a zone was saved")
	}
	if ids, _, ok := db.ChangesSince(before); !ok || len(ids) != 0 || db.Generation() != before {
		t.Errorf("after a refused write: %v (%t), generation %d to %d", ids, ok, before, db.Generation())
	}

	if err := db.PutCampaign(ctx, calendar.Campaign{Tag: "jul", Name: "Jul", Colour: "#b91c1c"}); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := db.ChangesSince(start); ok {
		t.Error("a campaign saved since: ChangesSince answered; want false")
	}
	after := db.Generation()
	c := newPost("C")
	if ids, _, ok := db.ChangesSince(after); !ok || !slices.Equal(ids, []calendar.ID{c.ID}) {
		t.Errorf("after the campaign: %v (%t), want [%s]", ids, ok, c.ID)
	}
	if _, err := db.SaveImport(ctx, calendar.Import{Posts: []*calendar.Post{{ID: "imported@example.com", Title: "Importeret",
		Status: calendar.StatusDraft, TimeZone: "UTC", Start: calendar.Wall(2026, 12, 2, 9, 0, 0)}}}); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := db.ChangesSince(after); ok {
		t.Error("an import since: ChangesSince answered; want false")
	}

	far := db.Generation()
	for i := range 300 {
		if err := db.PutSetting(ctx, "window", i); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, ok := db.ChangesSince(far); ok {
		t.Error("300 writes behind: ChangesSince answered; want false")
	}
	if _, _, ok := db.ChangesSince(db.Generation() + 1); ok {
		t.Error("a generation ahead of the plan's: ChangesSince answered; want false")
	}
}
