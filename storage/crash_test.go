package storage_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
	"postplan/storage"
)

// The crash test runs the writer below in a child process (this same test
// binary), kills it with SIGKILL at a random moment, and checks that every
// write the child saw acknowledged is in the reopened database, intact and
// with consistent indexes. Fifty rounds, on one growing database.

const crashChildEnv = "POSTPLAN_CRASH_CHILD_DIR"

func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashChildEnv)
	if dir == "" {
		return // only meaningful as the child of TestKillDuringWritesLosesNothing
	}
	db, err := storage.Open(dir, nil)
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(3)
	}
	out := bufio.NewWriter(os.Stdout)
	var mine []*calendar.Post
	for i := 0; ; i++ {
		if i%3 == 2 && len(mine) > 0 { // move an earlier post to another day
			p := mine[i%len(mine)]
			n, _ := strconv.Atoi(strings.Fields(p.Title)[1])
			v, _ := strconv.Atoi(strings.TrimPrefix(strings.Fields(p.Title)[2], "v"))
			p.Title = fmt.Sprintf("post %d v%d", n, v+1)
			p.Start = p.Start.AddDate(0, 0, 1)
			if err := db.UpdatePost(ctx, p); err != nil {
				fmt.Println("ERR", err)
				os.Exit(3)
			}
			fmt.Fprintf(out, "U %s %s\n", p.ID, p.Title)
		} else {
			p := crashPost(i)
			if err := db.CreatePost(ctx, p); err != nil {
				fmt.Println("ERR", err)
				os.Exit(3)
			}
			mine = append(mine, p)
			fmt.Fprintf(out, "C %s %s\n", p.ID, p.Title)
		}
		out.Flush() // the acknowledgement leaves only after the write returned
	}
}

func crashPost(i int) *calendar.Post {
	p := post(fmt.Sprintf("post %d v0", i), calendar.Wall(2026, 1, 1, 9, 0, 0).AddDate(0, 0, i%300))
	p.Body = strings.Repeat("Tekst med æøå og 🎉. ", 1+i%20)
	if i%7 == 0 {
		p.Recurrence = &calendar.Recurrence{Rule: "FREQ=WEEKLY;COUNT=8"}
	}
	return p
}

func TestKillDuringWritesLosesNothing(t *testing.T) {
	dir := t.TempDir()
	acked := map[calendar.ID]string{} // id -> last acknowledged title
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 50 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		kill := time.After(time.Duration(20+rng.IntN(300)) * time.Millisecond)
		n := 0
	read:
		for {
			select {
			case <-kill:
				_ = cmd.Process.Signal(syscall.SIGKILL)
				kill = nil
			case line, ok := <-lines:
				if !ok {
					break read
				}
				f := strings.SplitN(line, " ", 3)
				if f[0] == "ERR" {
					t.Fatalf("round %d: child failed: %s", round, line)
				}
				acked[calendar.ID(f[1])] = f[2]
				n++
			}
		}
		_ = cmd.Wait()
		if n == 0 && round == 0 {
			t.Log("first child was killed before its first write")
		}
		checkAfterCrash(t, round, dir, acked)
	}
	t.Logf("%d posts acknowledged across 50 kills, all found intact", len(acked))
	if len(acked) < 100 {
		t.Errorf("only %d writes acknowledged; the children did not get to write", len(acked))
	}
}

func checkAfterCrash(t *testing.T, round int, dir string, acked map[calendar.ID]string) {
	t.Helper()
	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatalf("round %d: reopen: %v", round, err)
	}
	defer db.Close()
	for id, title := range acked {
		p, err := db.FindPost(ctx, id)
		if err != nil {
			t.Fatalf("round %d: acknowledged post %s (%s) lost: %v", round, id, title, err)
		}
		if version(p.Title) < version(title) || !strings.HasPrefix(p.Title, strings.Fields(title)[0]+" "+strings.Fields(title)[1]+" ") {
			t.Fatalf("round %d: post %s is %q, acknowledged as %q", round, id, p.Title, title)
		}
		n, _ := strconv.Atoi(strings.Fields(p.Title)[1])
		if p.Body != crashPost(n).Body {
			t.Fatalf("round %d: post %s body damaged", round, id)
		}
	}
	posts, err := db.AllPosts(ctx)
	if err != nil {
		t.Fatalf("round %d: %v", round, err)
	}
	want, err := storage.ExpectedIndexKeys(db, posts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := storage.IndexKeys(db)
	if err != nil {
		t.Fatal(err)
	}
	// Span index values carry a revision that differs per write; compare keys.
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("round %d: indexes disagree with the records (-want +got):\n%s", round, diff)
	}
}

func version(title string) int {
	f := strings.Fields(title)
	v, _ := strconv.Atoi(strings.TrimPrefix(f[len(f)-1], "v"))
	return v
}
