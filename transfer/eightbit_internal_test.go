package transfer

import (
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
