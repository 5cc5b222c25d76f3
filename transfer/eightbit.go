package transfer

import (
	"bytes"
	"math"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// A CSV file that is not UTF-8 is, in practice, what Excel saves as plain
// "CSV": Windows-1252 on Windows, Mac Roman on a Mac. Both are 8-bit, and
// any byte is a character in either (bar five in Windows-1252), so the
// bytes alone do not say which. The text does: Danish, Swedish or German
// read in the wrong one has symbols inside words ("K¯b" for "Køb"),
// capitals inside words ("forÂrets", "hŠr") or lone letters where a dash
// was (" û "). guessEightBit reads each byte above ASCII in both and
// keeps the encoding whose characters look like text, when one clearly
// does.

// eightBit is an 8-bit encoding a CSV file may be in.
type eightBit struct {
	// Name is the encoding's IANA name, as the preview reports it.
	Name string
	cm   *charmap.Charmap
}

var eightBits = []eightBit{
	{"windows-1252", charmap.Windows1252},
	{"macintosh", charmap.Macintosh},
}

// decode returns b as UTF-8.
func (e eightBit) decode(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for _, c := range b {
		if c < utf8.RuneSelf {
			out = append(out, c)
		} else {
			out = utf8.AppendRune(out, e.cm.DecodeByte(c))
		}
	}
	return out
}

// guessEightBit returns the 8-bit encoding b's text reads as, if one
// reads clearly better than the other: a net score above zero and above
// the other's, with the characters that look wrong at most a fifth of the
// good ones' weight.
func guessEightBit(b []byte) (eightBit, bool) {
	if hasUTF8Characters(b) {
		return eightBit{}, false // UTF-8 with a fault, not 8-bit text
	}
	nets := make([]int, len(eightBits))
	best, sure := -1, false
	for i, e := range eightBits {
		good, bad, fatal := e.score(b)
		nets[i] = good - 2*bad
		if fatal {
			nets[i] = math.MinInt // it has no character for one of b's bytes
			continue
		}
		if best < 0 || nets[i] > nets[best] {
			best, sure = i, nets[i] > 0 && 5*bad <= good
		}
	}
	if best < 0 || !sure {
		return eightBit{}, false
	}
	for i, n := range nets {
		// A tie is no answer, unless both read b alike ("5 £").
		if i != best && n >= nets[best] && !bytes.Equal(eightBits[i].decode(b), eightBits[best].decode(b)) {
			return eightBit{}, false
		}
	}
	return eightBits[best], true
}

// score judges each character above ASCII that b would be in e: good
// counts those that look like text, in weights of two (letters the
// Western European languages share weigh two, rarer ones one), bad those
// that do not; fatal is a byte e has no character for.
func (e eightBit) score(b []byte) (good, bad int, fatal bool) {
	at := func(i int) rune {
		if i < 0 || i >= len(b) {
			return ' '
		}
		if b[i] < utf8.RuneSelf {
			return rune(b[i])
		}
		return e.cm.DecodeByte(b[i])
	}
	for i, c := range b {
		if c < utf8.RuneSelf {
			continue
		}
		r := e.cm.DecodeByte(c)
		if r == utf8.RuneError || unicode.IsControl(r) {
			return good, bad, true
		}
		switch g := judge(at(i-1), r, at(i+1)); {
		case g > 0:
			good += g
		case g < 0:
			bad++
		}
	}
	return good, bad, false
}

// judge says whether r between prev and next looks like text: 2 or 1 if
// it does (by how common the letter is), 0 when it cannot tell, -1 if not.
func judge(prev, r, next rune) int {
	if weight := letterWeight(r); weight > 0 {
		switch {
		case !unicode.IsLetter(prev) && !unicode.IsLetter(next):
			return 0 // a one-letter word: "å" is one, but so is a misread dash
		case unicode.IsLower(prev) && unicode.IsUpper(r):
			return -1 // "forÂrets"
		case unicode.IsLower(r) && unicode.IsUpper(next):
			return -1 // "ìHej", a misread opening quote
		case unicode.IsUpper(prev) && unicode.IsUpper(next) && unicode.IsLower(r):
			return -1 // "KÿBENHAVN"
		case unicode.IsUpper(prev) && unicode.IsUpper(r) && unicode.IsLower(next):
			return -1 // "DÈcouvrez"
		}
		return weight
	}
	letter := unicode.IsLetter
	switch r {
	case '’', '‘', '´', '\u00a0':
		return 2 // "don’t", "vi’s": apostrophes sit between letters too
	case '“', '”', '„', '‚', '«', '»':
		return judged(!(letter(prev) && letter(next))) // "l“s"
	case '–', '—':
		return judged(!(unicode.IsLower(prev) && unicode.IsLower(next))) // "vi–ses", but "Mo–Fr"
	case '…', '©', '®', '™':
		return judged(!letter(next)) // they end words: "…bler" is a misread "Æbler"
	case '€', '£', '§', '½', '×', '•':
		return judged(!letter(prev) && !letter(next)) // "5 €", "§ 3", "2×3", "• Kl."
	case '°':
		return judged(!letter(prev)) // "5°C"
	}
	return -1 // ¯, ˆ, ‰, ∂, π, ≤ and the like are not in plans' texts
}

// judged is judge's verdict on a character that is text if ok.
func judged(ok bool) int {
	if ok {
		return 2
	}
	return -1
}

// letterWeight is 2 for the letters of Latin-1 (å, æ, ø, ä, ö, ü, é, ñ,
// ß and the rest), 1 for the other letters the two encodings have (š, ž,
// œ, ÿ, ı), 0 for what is not a letter.
func letterWeight(r rune) int {
	switch {
	case r >= 'À' && r <= 'ÿ' && r != '×' && r != '÷' && r != 'ÿ':
		return 2
	case unicode.IsLetter(r):
		return 1
	}
	return 0
}

// hasUTF8Characters reports whether b has a character above ASCII in
// UTF-8: 8-bit text almost never has the pairs that make one ("Ã¸").
func hasUTF8Characters(b []byte) bool {
	for i := 0; i < len(b); i++ {
		if b[i] < utf8.RuneSelf {
			continue
		}
		if r, size := utf8.DecodeRune(b[i:]); r != utf8.RuneError || size > 1 {
			return true
		}
	}
	return false
}
