package storage_test

import (
	"strings"
	"testing"

	"postplan/calendar"
	"postplan/storage"
)

// reopen closes db and opens its folder again, as the next start after a
// crash does.
func reopen(t *testing.T, db *storage.DB) *storage.DB {
	t.Helper()
	dir := db.Dir()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// An import killed half-way is undone at the next open, from the journal
// this version writes (a part per transaction) and from the one earlier
// versions wrote (a key per post), which a user may upgrade over.
func TestAnUnfinishedImportIsUndoneWhicheverJournalItLeft(t *testing.T) {
	for _, layout := range []struct {
		name    string
		perPost bool
	}{{"parts", false}, {"a key per post", true}} {
		t.Run(layout.name, func(t *testing.T) {
			db := openDB(t)
			kept := post("kept as it was", calendar.Wall(2026, 3, 2, 9, 0, 0))
			if err := db.CreatePost(ctx, kept); err != nil {
				t.Fatal(err)
			}
			before, err := db.FindPost(ctx, kept.ID)
			if err != nil {
				t.Fatal(err)
			}
			// What the killed import had written: kept changed, one post new.
			changed := before.Clone()
			changed.Title = "changed by the import"
			added := post("added by the import", calendar.Wall(2026, 3, 4, 9, 0, 0))
			added.ID = "01JOURNALTESTADDED00000000"
			if err := save(ctx, db, calendar.Import{Posts: []*calendar.Post{changed, added}}); err != nil {
				t.Fatal(err)
			}
			if err := storage.WriteOpenJournal(db, []calendar.ID{kept.ID, added.ID}, []*calendar.Post{before, nil}, layout.perPost); err != nil {
				t.Fatal(err)
			}
			db = reopen(t, db)
			checkPlanAsBefore(t, db, []*calendar.Post{before})
		})
	}
}

// A part whose undoing is larger than one transaction (its posts were far
// longer before the import) is halved until each half fits.
func TestAJournalPartTooLargeToUndoAtOnceIsSplit(t *testing.T) {
	db := openDB(t)
	long := strings.Repeat("A long LinkedIn text, kept word for word. ", 1400) // 60,200 characters
	var ids []calendar.ID
	var befores, shortened []*calendar.Post
	for i := range 40 {
		p := post("long post", calendar.Wall(2026, 3, 2+i%20, 9, 0, 0))
		p.Body = long
		if err := db.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
		saved, err := db.FindPost(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		short := saved.Clone()
		short.Body = "short"
		ids, befores, shortened = append(ids, p.ID), append(befores, saved), append(shortened, short)
	}
	if err := save(ctx, db, calendar.Import{Posts: shortened}); err != nil {
		t.Fatal(err)
	}
	// 40 records of 60 KB, each put back twice (the record and the start
	// index): 4.8 MB, four times what Badger takes in one transaction.
	if err := storage.WriteOpenJournal(db, ids, befores, false); err != nil {
		t.Fatal(err)
	}
	db = reopen(t, db)
	checkPlanAsBefore(t, db, befores)
	for _, id := range ids {
		if p, err := db.FindPost(ctx, id); err != nil || p.Body != long {
			t.Fatalf("post %s after the undo: %d characters, %v; want the long text back", id, len(p.Body), err)
		}
	}
}

// Layout 3 drops the status index, which nothing read; an upgraded plan
// has no key of it left and its other indexes as they were.
func TestLayoutThreeDropsTheStatusIndex(t *testing.T) {
	db := openDB(t)
	for i := range 30 {
		if err := db.CreatePost(ctx, post("a post", calendar.Wall(2026, 4, 1+i, 9, 0, 0))); err != nil {
			t.Fatal(err)
		}
	}
	if err := storage.WriteLayoutTwoStatusIndex(db); err != nil {
		t.Fatal(err)
	}
	if err := storage.SetSchemaVersion(db, 2); err != nil {
		t.Fatal(err)
	}
	keys, _ := storage.IndexKeys(db)
	if !strings.Contains(strings.Join(keys, " "), "idx/status/") {
		t.Fatal("the layout 2 plan has no status index to drop")
	}
	db = reopen(t, db)
	keys, _ = storage.IndexKeys(db)
	if strings.Contains(strings.Join(keys, " "), "idx/status/") {
		t.Error("status index keys left after the upgrade")
	}
	checkIndexes(t, db)
	if all, err := db.AllPosts(ctx); err != nil || len(all) != 30 {
		t.Fatalf("%d posts after the upgrade, %v; want 30", len(all), err)
	}
}
