package storage

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
)

// TestAllPostsOnTwoCoresIsTheOneCoreRead: the read that decodes batches of
// records on other cores, each batch's posts made in one allocation, gives
// the same posts in the same order as decoding in place on one core, over
// enough posts for several batches and a partial last one; and each post
// is its own (a change to one shows in no other).
func TestAllPostsOnTwoCoresIsTheOneCoreRead(t *testing.T) {
	// At least one core besides the reader, even on a one-core machine.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0))))
	db, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	plan := calendar.Generate(calendar.GenerateOptions{Posts: 1_250, Series: 70, Seed: 7,
		Today: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)})
	if err := db.LoadPlan(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	want, err := db.allPostsInPlace()
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.AllPosts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(want) <= 2*512 || len(want)%512 == 0 {
		t.Fatalf("%d posts: not several batches of 512 and a partial one", len(want))
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("AllPosts differs from the one-core read (-want +got):\n%s", d)
	}
	title := got[1].Title
	got[0].Title, got[0].Channels = "changed", append(got[0].Channels, "extra")
	if got[1].Title != title || got[1].ID == got[0].ID {
		t.Errorf("changing the first post changed the second: %q", got[1].Title)
	}
}
