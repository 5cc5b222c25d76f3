package storage_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/storage"
)

// bulkPlan is n posts for a bulk write, the first replacing the post
// existing (a new title), the rest new.
func bulkPlan(n int, existing *calendar.Post) []*calendar.Post {
	posts := make([]*calendar.Post, n)
	for i := range posts {
		p := crashPost(i)
		p.ID = calendar.ID(fmt.Sprintf("01BULK%020d", i))
		posts[i] = p
	}
	if existing != nil {
		replaced := existing.Clone()
		replaced.Title = "replaced by the import"
		posts[0] = replaced
	}
	return posts
}

// cancelAfter is a context whose Err reports cancelled from its n-th call
// on: a user pressing Cancel while an import is half-way.
type cancelAfter struct {
	context.Context
	calls, n int
}

func (c *cancelAfter) Err() error {
	c.calls++
	if c.calls >= c.n {
		return context.Canceled
	}
	return nil
}

func checkPlanAsBefore(t *testing.T, db *storage.DB, before []*calendar.Post) {
	t.Helper()
	all, err := db.AllPosts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(before) {
		t.Fatalf("%d posts after the undone import, want the %d from before", len(all), len(before))
	}
	for _, p := range before {
		got, err := db.FindPost(ctx, p.ID)
		if err != nil || got.Title != p.Title || got.Sequence != p.Sequence {
			t.Fatalf("post %s after the undone import: %+v, %v; want title %q", p.ID, got, err, p.Title)
		}
	}
	checkIndexes(t, db)
	if n, err := storage.JournalKeys(db); err != nil || n != 0 {
		t.Fatalf("%d journal keys left (%v)", n, err)
	}
}

func checkIndexes(t *testing.T, db *storage.DB) {
	t.Helper()
	all, err := db.AllPosts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := storage.ExpectedIndexKeys(db, all)
	if err != nil {
		t.Fatal(err)
	}
	got, err := storage.IndexKeys(db)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(sortedCopy(want), "\n") != strings.Join(got, "\n") {
		t.Fatalf("indexes disagree with the records: %d keys, want %d", len(got), len(want))
	}
}

func sortedCopy(xs []string) []string {
	out := append([]string(nil), xs...)
	slices.Sort(out)
	return out
}

func TestCancelledBulkWriteLeavesThePlanAsItWas(t *testing.T) {
	db := openDB(t)
	existing := post("kept as it was", calendar.Wall(2026, 3, 2, 9, 0, 0))
	if err := db.CreatePost(ctx, existing); err != nil {
		t.Fatal(err)
	}
	other := post("untouched", calendar.Wall(2026, 3, 3, 9, 0, 0))
	if err := db.CreatePost(ctx, other); err != nil {
		t.Fatal(err)
	}
	// Cancelled before the third of five transactions.
	err := save(&cancelAfter{Context: ctx, n: 3}, db, calendar.Import{Posts: bulkPlan(2500, existing)})
	if err != context.Canceled {
		t.Fatalf("SaveImport = %v, want context.Canceled", err)
	}
	checkPlanAsBefore(t, db, []*calendar.Post{existing, other})
}

func TestBulkWriteTwiceAddsNothingAndKeepsCreated(t *testing.T) {
	db := openDB(t)
	existing := post("before", calendar.Wall(2026, 3, 2, 9, 0, 0))
	if err := db.CreatePost(ctx, existing); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := save(ctx, db, calendar.Import{Posts: bulkPlan(1200, existing)}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := db.AllPosts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1200 {
		t.Fatalf("%d posts after importing 1,200 twice, want 1,200", len(all))
	}
	got, err := db.FindPost(ctx, existing.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "replaced by the import" || !got.Created.Equal(existing.Created) || got.Sequence != existing.Sequence+1 {
		t.Fatalf("replaced post: title %q created %v sequence %d; want the import's title, created %v, sequence %d",
			got.Title, got.Created, got.Sequence, existing.Created, existing.Sequence+1)
	}
	checkIndexes(t, db)
	if n, _ := storage.JournalKeys(db); n != 0 {
		t.Fatalf("%d journal keys left after finished imports", n)
	}
}

// The kill test: a child process imports 10,000 posts, with a campaign and
// a channel of their own, into a plan of two and is killed with SIGKILL at a random moment; the reopened plan has all
// of the import or none of it.

const bulkChildEnv = "POSTPLAN_BULK_CHILD_DIR"

func TestBulkChild(t *testing.T) {
	dir := os.Getenv(bulkChildEnv)
	if dir == "" {
		return // only meaningful as the child of TestKillDuringBulkImportLeavesAllOrNone
	}
	db, err := storage.Open(dir, nil)
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(3)
	}
	existing, err := db.AllPosts(ctx)
	if err != nil || len(existing) == 0 {
		fmt.Println("ERR no plan to import into", err)
		os.Exit(3)
	}
	fmt.Println("START")
	posts := bulkPlan(10_000, existing[0])
	if err := save(ctx, db, winterImport(posts)); err != nil {
		fmt.Println("ERR", err)
		os.Exit(3)
	}
	fmt.Println("DONE")
	os.Exit(0)
}

func TestKillDuringBulkImportLeavesAllOrNone(t *testing.T) {
	if testing.Short() {
		t.Skip("kills ten importing processes")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var full time.Duration // how long a whole import takes, from round 0
	midway := 0
	for round := range 10 {
		dir := t.TempDir()
		db, err := storage.Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		before := []*calendar.Post{post("kept", calendar.Wall(2026, 3, 2, 9, 0, 0)), post("other", calendar.Wall(2026, 3, 3, 9, 0, 0))}
		for _, p := range before {
			if err := db.CreatePost(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		db.Close()

		var finished bool
		if round == 0 {
			finished, full = importInChild(t, "TestBulkChild", bulkChildEnv, dir, -1)
		} else if finished, _ = importInChild(t, "TestBulkChild", bulkChildEnv, dir, time.Duration(rng.Float64()*0.9*float64(full))); !finished {
			midway++
		}

		db, err = storage.Open(dir, nil)
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		all, err := db.AllPosts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case len(all) == 2:
			if finished {
				t.Fatalf("round %d: the import said it was done, but none of it is there", round)
			}
			checkPlanAsBefore(t, db, before)
			checkNoImportedTeam(t, db)
		case len(all) == 10_001:
			if c, err := db.Campaigns(ctx); err != nil || len(c) != 1 {
				t.Fatalf("round %d: all posts are there but the import's campaign is not: %+v (%v)", round, c, err)
			}
			if p, err := db.FindPost(ctx, before[0].ID); err != nil || p.Title != "replaced by the import" {
				t.Fatalf("round %d: all posts are there but the replaced one is %+v (%v)", round, p, err)
			}
			checkIndexes(t, db)
		default:
			t.Fatalf("round %d: %d posts after the kill: neither all (10,001) nor none (2) of the import", round, len(all))
		}
		db.Close()
	}
	t.Logf("a whole import of 10,000 posts took %v; %d of 9 kills landed mid-import", full, midway)
	if midway < 3 {
		t.Errorf("only %d kills landed while the import was running; the test proved little", midway)
	}
}

// importInChild runs the test child of this binary with env set to dir,
// waits for its "START", and kills it with SIGKILL after kill (never, when
// kill is negative). It reports whether the child said "DONE" first, and
// how long it ran after "START".
func importInChild(t *testing.T, child, env, dir string, kill time.Duration) (finished bool, ran time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+child+"$")
	cmd.Env = append(os.Environ(), env+"="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Wait() }()
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() || sc.Text() != "START" {
		_ = cmd.Process.Kill()
		t.Fatalf("%s did not start: %q", child, sc.Text())
	}
	started := time.Now()
	done := make(chan bool, 1)
	go func() { done <- sc.Scan() && sc.Text() == "DONE" }()
	if kill < 0 {
		return <-done, time.Since(started)
	}
	select {
	case finished = <-done:
	case <-time.After(kill):
		_ = cmd.Process.Signal(syscall.SIGKILL)
		finished = <-done
	}
	return finished, time.Since(started)
}

// winterImport is an import of posts with what a CSV file naming a new
// campaign and a new channel brings, the posts using both.
func winterImport(posts []*calendar.Post) calendar.Import {
	for _, p := range posts {
		p.Tags = []string{"winter"}
		p.Channels = []string{"Nyhedsbrev"}
	}
	return calendar.Import{
		Campaigns: []calendar.Campaign{{Tag: "winter", Name: "Winter sale", Colour: "#1e88e5"}},
		Channels:  []calendar.Channel{{Name: "Nyhedsbrev", CharLimit: 5000}},
		Posts:     posts,
	}
}

func checkNoImportedTeam(t *testing.T, db *storage.DB) {
	t.Helper()
	campaigns, err := db.Campaigns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	channels, err := db.Channels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(campaigns) != 0 || len(channels) != len(calendar.DefaultChannels) {
		t.Fatalf("after the undone import the plan has campaigns %+v and %d channels; want none of the import's", campaigns, len(channels))
	}
}

func TestCancelledImportTakesItsTeamBackToo(t *testing.T) {
	for _, n := range []int{300, 2500} { // one transaction; journalled
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			db := openDB(t)
			existing := post("kept as it was", calendar.Wall(2026, 3, 2, 9, 0, 0))
			if err := db.CreatePost(ctx, existing); err != nil {
				t.Fatal(err)
			}
			posts := bulkPlan(n, nil)
			imp := winterImport(posts)
			var seen [][2]int
			// The user presses Cancel once the first chunk is written.
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			pctx := storage.WithProgress(cctx, func(done, total int) {
				seen = append(seen, [2]int{done, total})
				if done > 0 || n <= 500 {
					cancel()
				}
			})
			err := save(pctx, db, imp)
			if err != context.Canceled {
				t.Fatalf("SaveImport = %v, want context.Canceled", err)
			}
			if len(seen) == 0 || seen[0] != [2]int{0, n} {
				t.Fatalf("progress reports %v, want the first to be 0 of %d", seen, n)
			}
			checkPlanAsBefore(t, db, []*calendar.Post{existing})
			checkNoImportedTeam(t, db)
		})
	}
}

func TestImportWithItsTeamReportsProgressAndLands(t *testing.T) {
	db := openDB(t)
	posts := bulkPlan(1200, nil)
	imp := winterImport(posts)
	var seen []int
	_, err := db.SaveImport(storage.WithProgress(ctx, func(done, total int) {
		if total != 1200 {
			t.Errorf("progress total %d, want 1200", total)
		}
		seen = append(seen, done)
	}), imp)
	if err != nil {
		t.Fatal(err)
	}
	// Transactions are sized by bytes, so where the counts fall depends on
	// the posts; they start at 0, rise, and end at the whole import.
	if len(seen) < 3 || seen[0] != 0 || seen[len(seen)-1] != 1200 || !slices.IsSorted(seen) {
		t.Fatalf("progress %v, want 0, rising, to 1200 in several steps", seen)
	}
	if c, err := db.Campaigns(ctx); err != nil || len(c) != 1 || c[0].Tag != "winter" {
		t.Fatalf("campaigns after the import: %+v (%v)", c, err)
	}
	if n, _ := storage.JournalKeys(db); n != 0 {
		t.Fatalf("%d journal keys left after a finished import", n)
	}
	checkIndexes(t, db)
}

func TestImportNamingAnUnknownCampaignWritesNoneOfItsTeam(t *testing.T) {
	db := openDB(t)
	posts := bulkPlan(3, nil)
	imp := winterImport(posts)
	posts[2].Tags = []string{"summer"} // not in the plan, not in the import
	err := save(ctx, db, imp)
	if err == nil || !strings.Contains(err.Error(), "post 3") {
		t.Fatalf("SaveImport = %v, want post 3's unknown campaign refused", err)
	}
	checkNoImportedTeam(t, db)
}

// save is SaveImport for tests that need only its error.
func save(ctx context.Context, db *storage.DB, imp calendar.Import) error {
	_, err := db.SaveImport(ctx, imp)
	return err
}

// TestALargeImportBringsBackADeletedPost: an import of new posts, too large
// for one transaction, one of them a post the plan deleted: its tombstone
// goes and its sequence is above the tombstone's, as in a small import.
func TestALargeImportBringsBackADeletedPost(t *testing.T) {
	db := openDB(t)
	gone := post("deleted, then imported", calendar.Wall(2026, 3, 2, 9, 0, 0))
	if err := db.CreatePost(ctx, gone); err != nil {
		t.Fatal(err)
	}
	if err := db.DeletePost(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	tombs, err := db.Tombstones(ctx, time.Time{})
	if err != nil || len(tombs) != 1 {
		t.Fatalf("%d tombstones after the delete (%v)", len(tombs), err)
	}
	posts := bulkPlan(1200, nil)
	posts[600] = gone.Clone()
	if err := save(ctx, db, calendar.Import{Posts: posts}); err != nil {
		t.Fatal(err)
	}
	if left, err := db.Tombstones(ctx, time.Time{}); err != nil || len(left) != 0 {
		t.Fatalf("after the import: %d tombstones (%v); the post is live, so none", len(left), err)
	}
	back, err := db.FindPost(ctx, gone.ID)
	if err != nil || back.Sequence <= tombs[0].Post.Sequence {
		t.Fatalf("the post came back as %+v (%v); its sequence must be above the tombstone's %d", back, err, tombs[0].Post.Sequence)
	}
	checkIndexes(t, db)
}

// TestALargeImportGivingAPostTwiceKeepsTheLater: an import of new posts,
// too large for one transaction, in which one ID comes twice, in different
// transactions and at different times: the plan has one post, as the later
// says, and no index entry of the earlier.
func TestALargeImportGivingAPostTwiceKeepsTheLater(t *testing.T) {
	db := openDB(t)
	posts := bulkPlan(1200, nil)
	again := posts[3].Clone()
	again.Title, again.Start = "given again", calendar.Wall(2026, 9, 1, 14, 0, 0)
	posts[1100] = again
	if err := save(ctx, db, calendar.Import{Posts: posts}); err != nil {
		t.Fatal(err)
	}
	all, err := db.AllPosts(ctx)
	if err != nil || len(all) != 1199 {
		t.Fatalf("%d posts (%v), want 1,199", len(all), err)
	}
	got, err := db.FindPost(ctx, again.ID)
	if err != nil || got.Title != "given again" || !got.Start.Equal(again.Start) {
		t.Fatalf("the post given twice is %+v (%v)", got, err)
	}
	checkIndexes(t, db)
}

// TestARestoreDuringALargeImportEndsItsShortcut: an import of posts all
// new to the plan writes without reading them back, until the plan
// changes under it; here a restore between two of its transactions brings
// back a post of one of its IDs, which the import then replaces as an
// update, leaving no index entry of the restored one.
func TestARestoreDuringALargeImportEndsItsShortcut(t *testing.T) {
	db := openDB(t)
	posts := bulkPlan(1200, nil)
	// A backup of a plan holding a later post of the import, elsewhere.
	other := openDB(t)
	there := posts[1100].Clone()
	there.Title, there.Start = "in the backup", calendar.Wall(2026, 12, 24, 8, 0, 0)
	if err := save(ctx, other, calendar.Import{Posts: []*calendar.Post{there}}); err != nil {
		t.Fatal(err)
	}
	var backup bytes.Buffer
	if err := other.Backup(ctx, &backup); err != nil {
		t.Fatal(err)
	}
	restored := false
	progress := storage.WithProgress(ctx, func(done, total int) {
		if done > 0 && done < total && !restored {
			restored = true
			if err := db.Restore(ctx, bytes.NewReader(backup.Bytes())); err != nil {
				t.Errorf("restore during the import: %v", err)
			}
		}
	})
	if _, err := db.SaveImport(progress, calendar.Import{Posts: posts}); err != nil {
		t.Fatal(err)
	}
	if !restored {
		t.Fatal("the import reported no progress between its transactions")
	}
	got, err := db.FindPost(ctx, posts[1100].ID)
	if err != nil || got.Title != posts[1100].Title {
		t.Fatalf("the post the restore brought back is %+v (%v); the import's later write should win", got, err)
	}
	checkIndexes(t, db)
}
