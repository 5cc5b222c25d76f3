package storage_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
)

func TestRestorePostUndoesADelete(t *testing.T) {
	db := openDB(t)
	p := post("Launch teaser", calendar.Wall(2026, 4, 7, 9, 0, 0))
	if err := db.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	deleted := p.Clone()
	if err := db.DeletePost(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	tombs, err := db.Tombstones(ctx, time.Time{})
	if err != nil || len(tombs) != 1 {
		t.Fatalf("tombstones = %v, %v; want one", tombs, err)
	}
	if err := db.RestorePost(ctx, deleted); err != nil {
		t.Fatal(err)
	}
	if deleted.Sequence <= tombs[0].Post.Sequence {
		t.Errorf("sequence %d is not above the tombstone's %d: calendars would keep it cancelled", deleted.Sequence, tombs[0].Post.Sequence)
	}
	if tombs, _ := db.Tombstones(ctx, time.Time{}); len(tombs) != 0 {
		t.Errorf("tombstones after restore = %d, want 0", len(tombs))
	}
	if got := window(t, db, "2026-04-06T00:00:00Z", "2026-04-13T00:00:00Z"); !cmp.Equal(got, []string{"07 Apr 09:00 Launch teaser"}) {
		t.Errorf("window after restore = %v", got)
	}
	found, err := db.FindPost(ctx, p.ID)
	if err != nil || found.Title != "Launch teaser" || !found.Created.Equal(p.Created) {
		t.Errorf("FindPost after restore = %+v, %v", found, err)
	}
}

func TestRestorePostUndoesAnEdit(t *testing.T) {
	db := openDB(t)
	p := post("Before", calendar.Wall(2026, 4, 7, 9, 0, 0))
	if err := db.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	before := p.Clone()
	p.Title, p.Start = "After", calendar.Wall(2026, 4, 20, 9, 0, 0)
	if err := db.UpdatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := db.RestorePost(ctx, before); err != nil {
		t.Fatal(err)
	}
	if got := window(t, db, "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z"); !cmp.Equal(got, []string{"07 Apr 09:00 Before"}) {
		t.Errorf("window after restore = %v, want the old post only (no stale index entry)", got)
	}
	bad := before.Clone()
	bad.Title = ""
	if err := db.RestorePost(ctx, bad); calendar.ErrorField(err) != "title" {
		t.Errorf("restoring an invalid post gave %v, want an error at title", err)
	}
}
