package transfer

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// The sample the preview shows is the line with the first letter outside
// ASCII, cut at spaces to some 60 characters about it.
func TestEncodingSampleIsAPieceAroundTheLetter(t *testing.T) {
	long := "Første linje\nVi har en nyhed, som vi har ventet længe med at fortælle jer om: fra 1. april åbner vi vores nye værksted."
	for _, c := range []struct{ in, want string }{
		{"Åbent hus", "Åbent hus"},
		{"Plain ASCII only", ""},
		{"Intro line\nthen a café at the corner", "then a café at the corner"},
		{long[strings.IndexByte(long, '\n')+1:], "…har en nyhed, som vi har ventet længe med at fortælle jer om: fra…"},
	} {
		got := around(c.in)
		if got != c.want {
			t.Errorf("around(%.40q) = %q, want %q", c.in, got, c.want)
		}
		if n := utf8.RuneCountInString(got); n > 82 {
			t.Errorf("around(%.40q) is %d characters", c.in, n)
		}
	}
}

// Sentence by sentence (the long posts' and short ones in German, French,
// Finnish, Danish, Swedish and English with typographic quotes), each
// written by iconv in each encoding, alone: none is read in the wrong
// one, and few are refused (a lone "år" or apostrophe can be either).
func TestEverySentenceIsReadRightOrRefused(t *testing.T) {
	var sentences []string
	for _, name := range []string{"opslag-da.txt", "inlagg-sv.txt", "saetninger.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", "excel", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			for _, s := range strings.SplitAfter(line, ". ") {
				if strings.IndexFunc(s, func(r rune) bool { return r >= utf8.RuneSelf }) >= 0 {
					sentences = append(sentences, s)
				}
			}
		}
	}
	right, refused := 0, 0
	for _, s := range sentences {
		for _, c := range []struct{ iconv, want string }{{"CP1252", "windows-1252"}, {"MACINTOSH", "macintosh"}} {
			cmd := exec.Command("iconv", "-f", "UTF-8", "-t", c.iconv)
			cmd.Stdin = strings.NewReader(s)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("iconv to %s of %q: %v", c.iconv, s, err)
			}
			switch e, ok := guessEightBit(out); {
			case !ok:
				refused++
			case e.Name != c.want:
				t.Errorf("%q in %s read as %s", s, c.iconv, e.Name)
			default:
				right++
			}
		}
	}
	if right < 150 || refused*20 > right {
		t.Errorf("%d sentences read right, %d refused", right, refused)
	}
}
