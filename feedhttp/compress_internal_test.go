package feedhttp

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"postplan/calendar/ics"
)

// A feed's body gzipped through the block cache is one gzip member that
// gzip itself, Python's zlib and Go's reader all inflate to the body,
// whatever changed since the last one: a post edited, added or deleted,
// the header rewritten, nothing. Only the blocks that changed are
// compressed again, and the hash follows the bytes: the same for the same
// body in new memory, another for any change.
func TestGzipCacheGivesTheBodyAfterEachChange(t *testing.T) {
	prev := runtime.GOMAXPROCS(3)
	defer runtime.GOMAXPROCS(prev)
	rng := rand.New(rand.NewPCG(1, 2))
	event := func(id int, edit string) []byte {
		// Text like a feed's, with some noise so that blocks differ.
		return fmt.Appendf(nil, "BEGIN:VEVENT\r\nUID:%026d\r\nSUMMARY:[IG] Post %d %x%s\r\nDESCRIPTION:%s\r\nEND:VEVENT\r\n",
			id, id, rng.Uint64(), edit, strings.Repeat("Forårskampagne ", rng.IntN(20)))
	}
	posts := make([][]byte, 20_000)
	for i := range posts {
		posts[i] = event(i, "")
	}
	bodyOf := func(header string) ics.Body {
		return append(append(ics.Body{[]byte(header)}, posts...), []byte("END:VCALENDAR\r\n"))
	}
	var c gzipCache
	check := func(step string, body ics.Body, wantNew int) digest {
		t.Helper()
		runs := blocks(body)
		fresh := 0
		for _, run := range runs {
			if c.find(run) == nil {
				fresh++
			}
		}
		if wantNew >= 0 && fresh > wantNew {
			t.Errorf("%s: %d of %d blocks compressed again, want at most %d", step, fresh, len(runs), wantNew)
		}
		d := c.digestOf(body)
		want := body.Bytes()
		zr, err := gzip.NewReader(bytes.NewReader(d.gz))
		if err != nil {
			t.Fatal(err)
		}
		zr.Multistream(false)
		got, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s: Go's reader gives %d bytes of %d (%v)", step, len(got), len(want), err)
		}
		if rest, _ := io.ReadAll(zr); len(rest) != 0 {
			t.Fatalf("%s: more than one gzip member", step)
		}
		file := filepath.Join(t.TempDir(), "feed.ics.gz")
		if err := os.WriteFile(file, d.gz, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, cmd := range [][]string{{"gzip", "-dc", file},
			{"/usr/bin/python3", "-c", "import sys, zlib; sys.stdout.buffer.write(zlib.decompress(open(sys.argv[1], 'rb').read(), 31))", file}} {
			out, err := exec.Command(cmd[0], cmd[1:]...).Output()
			if err != nil || !bytes.Equal(out, want) {
				t.Fatalf("%s: %s gives %d bytes of %d (%v)", step, cmd[0], len(out), len(want), err)
			}
		}
		return d
	}
	first := check("first", bodyOf("BEGIN:VCALENDAR\r\n"), -1)
	if n := len(blocks(bodyOf(""))); n < 100 {
		t.Fatalf("%d blocks; the test needs more", n)
	}
	same := check("nothing changed", bodyOf("BEGIN:VCALENDAR\r\n"), 2) // the header's block and the tail's are new memory
	if same.sum != first.sum {
		t.Error("the same body has another hash")
	}
	posts[5000] = event(5000, " (edited)")
	edited := check("a post edited", bodyOf("BEGIN:VCALENDAR\r\n"), 4)
	if edited.sum == same.sum {
		t.Error("an edit left the hash as it was")
	}
	posts = slices.Insert(posts, 12000, event(99999, ""))
	check("a post added", bodyOf("BEGIN:VCALENDAR\r\n"), 5)
	posts = slices.Delete(posts, 300, 301)
	check("a post deleted", bodyOf("BEGIN:VCALENDAR\r\n"), 5)
	check("the header rewritten", bodyOf("BEGIN:VCALENDAR\r\nNAME:Renamed\r\n"), 2)
	// The same bytes in new memory: every block compressed again, the
	// same hash.
	copied := bodyOf("BEGIN:VCALENDAR\r\nNAME:Renamed\r\n")
	before := c.digestOf(copied).sum
	for i := range copied {
		copied[i] = bytes.Clone(copied[i])
	}
	if check("new memory", copied, -1).sum != before {
		t.Error("the same bytes in new memory have another hash")
	}
	check("one piece", ics.Body{bytes.Repeat([]byte("BEGIN:VEVENT\r\nEND:VEVENT\r\n"), 50_000)}, -1)
	check("empty", ics.Body{}, -1)
}
