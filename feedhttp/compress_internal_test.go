package feedhttp

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"postplan/calendar/ics"
)

// A body gzipped in parts on several cores is one gzip member that gzip
// itself, Python's zlib and Go's reader all inflate to the body, with the
// body's SHA-256 beside it; a small body is one part.
func TestDigestIsOneGzipMemberOfTheBody(t *testing.T) {
	prev := runtime.GOMAXPROCS(3)
	defer runtime.GOMAXPROCS(prev)
	rng := rand.New(rand.NewPCG(1, 2))
	event := func(i int) []byte {
		// Text like a feed's, with some noise so that parts differ.
		return fmt.Appendf(nil, "BEGIN:VEVENT\r\nUID:%026d\r\nSUMMARY:[IG] Post %d %x\r\nDESCRIPTION:%s\r\nEND:VEVENT\r\n",
			i, i, rng.Uint64(), strings.Repeat("Forårskampagne ", rng.IntN(20)))
	}
	for _, n := range []int{3, 40_000} {
		body := ics.Body{[]byte("BEGIN:VCALENDAR\r\n")}
		for i := range n {
			body = append(body, event(i))
		}
		body = append(body, []byte("END:VCALENDAR\r\n"))
		want := body.Bytes()
		if parts := len(cut(body, 3)); (n > 1000) != (parts == 3) {
			t.Fatalf("%d events: %d parts", n, parts)
		}
		d := digestOf(body)
		if d.sum != sha256.Sum256(want) {
			t.Errorf("%d events: the hash is not the body's", n)
		}
		zr, err := gzip.NewReader(bytes.NewReader(d.gz))
		if err != nil {
			t.Fatal(err)
		}
		zr.Multistream(false)
		got, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%d events: Go's reader gives %d bytes of %d (%v)", n, len(got), len(want), err)
		}
		if rest, _ := io.ReadAll(zr); len(rest) != 0 {
			t.Fatalf("%d events: more than one gzip member", n)
		}
		file := filepath.Join(t.TempDir(), "feed.ics.gz")
		if err := os.WriteFile(file, d.gz, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, cmd := range [][]string{{"gzip", "-dc", file},
			{"/usr/bin/python3", "-c", "import sys, zlib; sys.stdout.buffer.write(zlib.decompress(open(sys.argv[1], 'rb').read(), 31))", file}} {
			out, err := exec.Command(cmd[0], cmd[1:]...).Output()
			if err != nil || !bytes.Equal(out, want) {
				t.Fatalf("%d events: %s gives %d bytes of %d (%v)", n, cmd[0], len(out), len(want), err)
			}
		}
	}
}
