package storage_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
	"postplan/storage"
)

// longText is n characters of the kind a LinkedIn or Facebook post holds:
// Danish letters and emoji take two to four bytes each.
func longText(n int, seed string) string {
	unit := []rune(seed + " – vi glæder os til at se jer på standen i Bella Center 🎉, kom forbi! ")
	out := make([]rune, n)
	for i := range out {
		out[i] = unit[i%len(unit)]
	}
	return string(out)
}

// longPlan is n posts with texts and notes of the given length.
func longPlan(n, length int) []*calendar.Post {
	posts := make([]*calendar.Post, n)
	for i := range posts {
		p := post(fmt.Sprintf("Long post %d", i), calendar.Wall(2026, 1, 1, 9, 0, 0).AddDate(0, 0, i%365))
		p.ID = calendar.ID(fmt.Sprintf("01LONG%020d", i))
		p.Body = longText(length, fmt.Sprint(i))
		p.Notes = longText(length, "note")
		posts[i] = p
	}
	return posts
}

// TestImportsOfLongTextsLand: transactions are sized by bytes, not by a
// count of posts, so real-length texts import, and import again over
// themselves. Before, 500 posts of 2,000 characters were one transaction,
// over Badger's limit, and the whole import failed with "Internal error."
func TestImportsOfLongTextsLand(t *testing.T) {
	for _, tc := range []struct {
		name      string
		n, length int
	}{
		{"1,000 posts with 2,000-character texts and notes", 1000, 2000},
		{"100 posts with 60,000-character Facebook texts", 100, 60000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			res, err := db.SaveImport(ctx, calendar.Import{Posts: longPlan(tc.n, tc.length)})
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			if res.New != tc.n {
				t.Errorf("import: %+v, want %d new", res, tc.n)
			}
			// The same file again: nothing changes, nothing is written.
			before, _ := db.AllPosts(ctx)
			res, err = db.SaveImport(ctx, calendar.Import{Posts: longPlan(tc.n, tc.length)})
			if err != nil || res.Unchanged != tc.n {
				t.Fatalf("the same import again: %+v, %v; want %d unchanged", res, err, tc.n)
			}
			after, _ := db.AllPosts(ctx)
			for i := range before {
				if !after[i].Updated.Equal(before[i].Updated) || after[i].Sequence != before[i].Sequence {
					t.Fatalf("an unchanged post was written: %v/%d -> %v/%d", before[i].Updated, before[i].Sequence, after[i].Updated, after[i].Sequence)
				}
			}
			// The file edited: every post is replaced, each a transaction's
			// worth of journal and record.
			edited := longPlan(tc.n, tc.length)
			for _, p := range edited {
				p.Body = longText(tc.length, "edited")
			}
			res, err = db.SaveImport(ctx, calendar.Import{Posts: edited})
			if err != nil || res.Updated != tc.n {
				t.Fatalf("the edited import over itself: %+v, %v", res, err)
			}
			got, err := db.FindPost(ctx, edited[tc.n-1].ID)
			if err != nil || got.Body != edited[tc.n-1].Body || got.Sequence != 1 {
				t.Fatalf("after the edited import: %v, sequence %d", err, got.Sequence)
			}
			checkIndexes(t, db)
		})
	}
}

// TestAPostAsLongAsAllowedSaves: a post with every text at its limit (the
// body, the notes, a text for each of three channels) is larger than any
// transaction may be, and saves, because Badger keeps such a value in its
// value log and counts only a pointer to it.
func TestAPostAsLongAsAllowedSaves(t *testing.T) {
	dir := t.TempDir()
	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := post("Everything at its limit", calendar.Wall(2026, 5, 4, 9, 0, 0))
	p.Channels = []string{"Facebook", "LinkedIn", "Instagram"}
	p.Body, p.Notes = longText(100000, "body"), longText(100000, "notes")
	p.Variants = map[string]string{"Facebook": longText(100000, "fb"), "LinkedIn": longText(100000, "li"), "Instagram": longText(100000, "ig")}
	if err := db.CreatePost(ctx, p); err != nil {
		t.Fatalf("create: %v", err)
	}
	p.Title = "Everything at its limit, edited"
	if err := db.UpdatePost(ctx, p); err != nil {
		t.Fatalf("update: %v", err)
	}
	posts := longPlan(5, 100000)
	if _, err := db.SaveImport(ctx, calendar.Import{Posts: posts}); err != nil {
		t.Fatalf("import of five such posts: %v", err)
	}
	db.Close()
	db, err = storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.FindPost(ctx, p.ID)
	if err != nil || got.Variants["LinkedIn"] != p.Variants["LinkedIn"] || got.Title != p.Title {
		t.Fatalf("after reopening: %v", err)
	}
}

// TestACancelledImportOfLongTextsRollsBack: the rollback, too, goes in
// transactions sized by bytes; before, it put back 500 long posts at a time
// and failed, leaving half an import behind.
func TestACancelledImportOfLongTextsRollsBack(t *testing.T) {
	db := openDB(t)
	existing := longPlan(600, 3000)
	if _, err := db.SaveImport(ctx, calendar.Import{Posts: existing}); err != nil {
		t.Fatal(err)
	}
	before, _ := db.AllPosts(ctx)
	edited := longPlan(1200, 3000)
	for _, p := range edited {
		p.Title += " (edited)"
	}
	err := save(&cancelAfter{Context: ctx, n: 8}, db, calendar.Import{Posts: edited})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("SaveImport = %v, want it cancelled", err)
	}
	checkPlanAsBefore(t, db, before)
}

// The kill test with long texts: a child process imports 1,000 posts of
// 2,000-character texts and notes over 600 of the same and is killed at a
// random moment; the reopened plan holds the whole import or none of it.

const longChildEnv = "POSTPLAN_LONG_CHILD_DIR"

func TestLongImportChild(t *testing.T) {
	dir := os.Getenv(longChildEnv)
	if dir == "" {
		return // only meaningful as the child of TestKillDuringLongImportLeavesAllOrNone
	}
	db, err := storage.Open(dir, nil)
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(3)
	}
	posts := longPlan(1000, 2000)
	for _, p := range posts {
		p.Title += " (imported)"
	}
	fmt.Println("START")
	if _, err := db.SaveImport(ctx, calendar.Import{Posts: posts}); err != nil {
		fmt.Println("ERR", err)
		os.Exit(3)
	}
	fmt.Println("DONE")
	os.Exit(0)
}

func TestKillDuringLongImportLeavesAllOrNone(t *testing.T) {
	midway := 0
	var full time.Duration
	for round := range 6 {
		dir := t.TempDir()
		db, err := storage.Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveImport(ctx, calendar.Import{Posts: longPlan(600, 2000)}); err != nil {
			t.Fatal(err)
		}
		db.Close()
		var finished bool
		if round == 0 {
			finished, full = importInChild(t, "TestLongImportChild", longChildEnv, dir, -1)
		} else {
			finished, _ = importInChild(t, "TestLongImportChild", longChildEnv, dir, time.Duration(float64(full)*float64(round)/6))
			if !finished {
				midway++
			}
		}
		db, err = storage.Open(dir, nil)
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		all, err := db.AllPosts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		imported := 0
		for _, p := range all {
			if strings.HasSuffix(p.Title, "(imported)") {
				imported++
			}
		}
		none := len(all) == 600 && imported == 0
		whole := len(all) == 1000 && imported == 1000
		if !(none || whole) || (finished && !whole) {
			t.Fatalf("round %d: %d posts, %d of them imported (finished: %t); want the whole import (1,000) or none of it (600)", round, len(all), imported, finished)
		}
		checkIndexes(t, db)
		if n, _ := storage.JournalKeys(db); n != 0 {
			t.Fatalf("round %d: %d journal keys left", round, n)
		}
		db.Close()
	}
	t.Logf("a whole import took %v; %d of 5 kills landed mid-import", full, midway)
	if midway < 2 {
		t.Errorf("only %d kills landed while the import was running; the test proved little", midway)
	}
}

// TestDeleteReimportDeletePurge: a post deleted, imported again under its
// ID, deleted again and purged leaves one tombstone at a time, never a
// live and a cancelled post with one ID, and the feed's list of tombstones
// keeps working after the purge. Before, the import kept the tombstone and
// the second delete added a second index entry, which the purge left
// pointing at nothing: every feed then failed.
func TestDeleteReimportDeletePurge(t *testing.T) {
	dir := t.TempDir()
	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	longAgo := time.Now().Add(-calendar.TombstoneTTL - 48*time.Hour)
	db.Now = func() time.Time { return longAgo }
	p := post("Come and go", calendar.Wall(2026, 5, 5, 10, 0, 0))
	if err := db.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	kept := p.Clone()
	if err := db.DeletePost(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	tombs, _ := db.Tombstones(ctx, time.Time{})
	if len(tombs) != 1 {
		t.Fatalf("%d tombstones after the delete", len(tombs))
	}
	if _, err := db.SaveImport(ctx, calendar.Import{Posts: []*calendar.Post{kept}}); err != nil {
		t.Fatal(err)
	}
	if tombs, err := db.Tombstones(ctx, time.Time{}); err != nil || len(tombs) != 0 {
		t.Fatalf("after the import: %d tombstones (%v); the post is live, so none", len(tombs), err)
	}
	back, _ := db.FindPost(ctx, p.ID)
	if back.Sequence <= tombs[0].Post.Sequence {
		t.Errorf("sequence %d is not above the tombstone's %d: calendars would keep it cancelled", back.Sequence, tombs[0].Post.Sequence)
	}
	if err := db.DeletePost(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	keys, _ := storage.IndexKeys(db)
	tombKeys := 0
	for _, k := range keys {
		if strings.HasPrefix(k, "idx/tomb/") {
			tombKeys++
		}
	}
	if tombKeys != 1 {
		t.Errorf("%d tombstone index entries after the second delete, want 1", tombKeys)
	}
	db.Close()
	// Opening purges tombstones older than TombstoneTTL.
	db, err = storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if tombs, err := db.Tombstones(ctx, time.Time{}); err != nil || len(tombs) != 0 {
		t.Fatalf("after the purge: %d tombstones, %v", len(tombs), err)
	}
	if keys, _ := storage.IndexKeys(db); strings.Contains(strings.Join(keys, " "), "idx/tomb/") {
		t.Errorf("index entries left after the purge: %v", keys)
	}
}

// TestLayoutTwoLeavesOneTombstonePerID: a plan written by layout 1 with a
// tombstone for a post that is live and two index entries for one deleted
// post is cleaned by the upgrade to layout 2.
func TestLayoutTwoLeavesOneTombstonePerID(t *testing.T) {
	dir := t.TempDir()
	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	live := post("Live", calendar.Wall(2026, 5, 5, 10, 0, 0))
	gone := post("Gone", calendar.Wall(2026, 5, 6, 10, 0, 0))
	for _, p := range []*calendar.Post{live, gone} {
		if err := db.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	// What layout 1 left: a tombstone of a post an import brought back,
	// and a second index entry from deleting a post twice.
	if err := storage.WriteLayoutOneTombstones(db, live, gone); err != nil {
		t.Fatal(err)
	}
	if err := storage.SetSchemaVersion(db, 1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tombs, err := db.Tombstones(ctx, time.Time{})
	if err != nil || len(tombs) != 1 || tombs[0].Post.ID != gone.ID {
		t.Fatalf("tombstones after the upgrade: %v, %v; want Gone's only", tombs, err)
	}
	keys, _ := storage.IndexKeys(db)
	n := 0
	for _, k := range keys {
		if strings.HasPrefix(k, "idx/tomb/") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d tombstone index entries after the upgrade, want 1", n)
	}
}

// TestASecondProcessIsToldThePlanIsInUse: our own lock, held for as long as
// the plan is open, refuses a second process with ErrLocked on every system
// (Badger's own message differs on Windows).
func TestASecondProcessIsToldThePlanIsInUse(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldPlanChild$")
	cmd.Env = append(os.Environ(), holdChildEnv+"="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() || sc.Text() != "OPEN" {
		t.Fatalf("the child did not open the plan: %q", sc.Text())
	}
	if _, err := storage.Open(dir, nil); !errors.Is(err, storage.ErrLocked) {
		t.Fatalf("Open while another process has the plan = %v, want ErrLocked", err)
	}
	stdin.Close() // the child closes the plan and exits
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatalf("Open after the other process closed the plan: %v", err)
	}
	db.Close()
}

const holdChildEnv = "POSTPLAN_HOLD_CHILD_DIR"

func TestHoldPlanChild(t *testing.T) {
	dir := os.Getenv(holdChildEnv)
	if dir == "" {
		return // only meaningful as the child of TestASecondProcessIsToldThePlanIsInUse
	}
	db, err := storage.Open(dir, nil)
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(3)
	}
	fmt.Println("OPEN")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n') // until the parent closes stdin
	db.Close()
	os.Exit(0)
}

// TestAFailedRestoreChangesNothing: a file that starts like a backup but is
// not one, a backup from a newer Postplan, and a stream of another Badger
// database are each refused with their own words, and the plan is as it
// was. Before, the plan was dropped first and then the load failed: an
// empty plan and "Internal error."
func TestAFailedRestoreChangesNothing(t *testing.T) {
	db := openDB(t)
	p := post("Still here", calendar.Wall(2026, 6, 1, 9, 0, 0))
	if err := db.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		_, _ = w.Write(b)
		_ = w.Close()
		return buf.Bytes()
	}
	// A plan written by a newer Postplan: a layout this one cannot read.
	newer := openDB(t)
	if err := newer.CreatePost(ctx, post("From the future", calendar.Wall(2026, 6, 2, 9, 0, 0))); err != nil {
		t.Fatal(err)
	}
	if err := storage.SetSchemaVersion(newer, 99); err != nil {
		t.Fatal(err)
	}
	var newerBackup bytes.Buffer
	if err := newer.Backup(ctx, &newerBackup); err != nil {
		t.Fatal(err)
	}
	// A Badger database that is not a plan.
	other, err := badger.Open(badger.DefaultOptions(t.TempDir()).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	_ = other.Update(func(txn *badger.Txn) error { return txn.Set([]byte("hello"), []byte("world")) })
	var otherStream bytes.Buffer
	otherStream.WriteString("postplan backup 1\n")
	zw := gzip.NewWriter(&otherStream)
	if _, err := other.Backup(zw, 0); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	other.Close()
	for name, tc := range map[string]struct {
		body []byte
		want string
	}{
		"gzip of text":        {append([]byte("postplan backup 1\n"), gz([]byte("this is not a backup at all, just text that happens to be gzipped"))...), "The backup is damaged"},
		"a length that lies":  {append([]byte("postplan backup 1\n"), gz([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3})...), "The backup is"},
		"newer backup format": {append([]byte("postplan backup 2\n"), gz([]byte("x"))...), "made by a newer Postplan (backup format 2"},
		"newer plan layout":   {newerBackup.Bytes(), "made by a newer Postplan (plan layout 99"},
		"another Badger":      {otherStream.Bytes(), "holds no Postplan plan"},
		"not a backup at all": {[]byte("hello"), "not a Postplan backup"},
		"cut short":           {newerBackup.Bytes()[:newerBackup.Len()/2], "cut short"},
	} {
		t.Run(name, func(t *testing.T) {
			err := db.Restore(ctx, bytes.NewReader(tc.body))
			if err == nil || calendar.ErrorCode(err) != calendar.EINVALID || !strings.Contains(calendar.ErrorMessage(err), tc.want) ||
				!strings.Contains(calendar.ErrorMessage(err), "nothing was restored") {
				t.Fatalf("Restore = %v; want a refusal saying %q and that nothing was restored", err, tc.want)
			}
			got, err := db.FindPost(ctx, p.ID)
			if err != nil || got.Title != "Still here" {
				t.Fatalf("after the refused restore the plan lost its post: %v", err)
			}
			if leftovers, _ := filepath.Glob(filepath.Join(db.Dir(), ".restoring-*")); len(leftovers) > 0 {
				t.Errorf("staging folders left: %v", leftovers)
			}
		})
	}
}

// TestRestoreReplacesThePlanAndOpenFinishesAnInterruptedOne: a restore
// swaps the plan for the backup's while the plan stays open; a restore cut
// off half-way through its swap (the process killed) is finished the next
// time the plan opens.
func TestRestoreReplacesThePlanAndOpenFinishesAnInterruptedOne(t *testing.T) {
	src := openDB(t)
	for i := range 50 {
		if err := src.CreatePost(ctx, post(fmt.Sprintf("Backed up %d", i), calendar.Wall(2026, 7, 1, 9, 0, 0).AddDate(0, 0, i))); err != nil {
			t.Fatal(err)
		}
	}
	var backup bytes.Buffer
	if err := src.Backup(ctx, &backup); err != nil {
		t.Fatal(err)
	}
	db := openDB(t)
	if err := db.CreatePost(ctx, post("Replaced", calendar.Wall(2026, 7, 1, 9, 0, 0))); err != nil {
		t.Fatal(err)
	}
	if err := db.Restore(ctx, bytes.NewReader(backup.Bytes())); err != nil {
		t.Fatal(err)
	}
	all, _ := db.AllPosts(ctx)
	if len(all) != 50 || !strings.HasPrefix(all[0].Title, "Backed up") {
		t.Fatalf("after the restore: %d posts", len(all))
	}
	if err := db.CreatePost(ctx, post("Written after", calendar.Wall(2026, 9, 1, 9, 0, 0))); err != nil {
		t.Fatalf("writing to the restored plan: %v", err)
	}
	checkIndexes(t, db)

	// The swap interrupted after setting half the old files aside.
	dir := t.TempDir()
	old, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := old.CreatePost(ctx, post("Old plan", calendar.Wall(2026, 7, 1, 9, 0, 0))); err != nil {
		t.Fatal(err)
	}
	old.Close()
	staging := filepath.Join(dir, ".restoring-test")
	if err := storage.LoadBackup(ctx, staging, bytes.NewReader(backup.Bytes()), nil); err != nil {
		t.Fatal(err)
	}
	if err := storage.StartSwapAndStop(dir, staging, filepath.Join(dir, ".replaced-test")); err != nil {
		t.Fatal(err)
	}
	db, err = storage.Open(dir, nil)
	if err != nil {
		t.Fatalf("open after the interrupted restore: %v", err)
	}
	defer db.Close()
	all, _ = db.AllPosts(ctx)
	if len(all) != 50 {
		t.Fatalf("after finishing the interrupted restore: %d posts, want the backup's 50", len(all))
	}
	if _, err := os.Stat(filepath.Join(dir, "restore-swap.json")); !os.IsNotExist(err) {
		t.Errorf("the swap marker is still there: %v", err)
	}
}

// TestBlankMeansNothingTheUserMade: a plan with feeds, a team, routines or
// experiments but no posts is not blank.
func TestBlankMeansNothingTheUserMade(t *testing.T) {
	db := openDB(t)
	if blank, err := db.Blank(ctx); err != nil || !blank {
		t.Fatalf("a new plan: blank %t, %v", blank, err)
	}
	if err := db.CreateFeed(ctx, &calendar.Feed{Name: "Team"}); err != nil {
		t.Fatal(err)
	}
	if blank, err := db.Blank(ctx); err != nil || blank {
		t.Fatalf("a plan with a feed: blank %t, %v", blank, err)
	}
	db2 := openDB(t)
	withTeam(t, db2)
	if blank, _ := db2.Blank(ctx); blank {
		t.Fatal("a plan with a team is blank")
	}
}

// TestABackupWithALineBreakInAnIDIsRefused: IDs are checked on the way in
// from a backup too; the plan is unchanged.
func TestABackupWithALineBreakInAnIDIsRefused(t *testing.T) {
	forged := openDB(t)
	evil := post("Injected", calendar.Wall(2026, 6, 1, 9, 0, 0))
	evil.ID = "01EVIL\r\nX-INJECTED:1"
	if err := storage.PutRawPost(forged, evil); err != nil {
		t.Fatal(err)
	}
	var backup bytes.Buffer
	if err := forged.Backup(ctx, &backup); err != nil {
		t.Fatal(err)
	}
	db := openDB(t)
	if err := db.CreatePost(ctx, post("Kept", calendar.Wall(2026, 6, 2, 9, 0, 0))); err != nil {
		t.Fatal(err)
	}
	err := db.Restore(ctx, &backup)
	if calendar.ErrorCode(err) != calendar.EINVALID || !strings.Contains(calendar.ErrorMessage(err), "does not accept") {
		t.Fatalf("Restore = %v, want the ID refused", err)
	}
	if all, _ := db.AllPosts(ctx); len(all) != 1 || all[0].Title != "Kept" {
		t.Fatalf("the plan changed: %v", all)
	}
}

// FuzzRestore: whatever a file holds, restoring it either replaces the
// plan or is refused as invalid with the plan as it was; it never panics
// and never fails as "Internal error."
func FuzzRestore(f *testing.F) {
	src := openDB(f)
	if err := src.LoadPlan(ctx, calendar.SamplePlan(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))); err != nil {
		f.Fatal(err)
	}
	var backup bytes.Buffer
	if err := src.Backup(ctx, &backup); err != nil {
		f.Fatal(err)
	}
	f.Add(backup.Bytes())
	f.Add(backup.Bytes()[:backup.Len()/3])
	f.Add([]byte("postplan backup 2\n"))
	f.Add([]byte("postplan backup 1\n\x1f\x8b\x08\x00\x00\x00\x00\x00"))
	db := openDB(f)
	kept := post("Kept unless replaced", calendar.Wall(2026, 6, 1, 9, 0, 0))
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := storage.CheckBackup(bytes.NewReader(b)); err != nil && calendar.ErrorCode(err) != calendar.EINVALID {
			t.Fatalf("CheckBackup: %v", err)
		}
		if _, err := db.FindPost(ctx, kept.ID); kept.ID == "" || err != nil {
			kept.ID = ""
			if err := db.CreatePost(ctx, kept); err != nil {
				t.Fatal(err)
			}
		}
		err := db.Restore(ctx, bytes.NewReader(b))
		if err == nil {
			return
		}
		if calendar.ErrorCode(err) != calendar.EINVALID {
			t.Fatalf("Restore: %v, want a refusal", err)
		}
		if _, ferr := db.FindPost(ctx, kept.ID); ferr != nil {
			t.Fatalf("a refused restore changed the plan: %v", ferr)
		}
	})
}
