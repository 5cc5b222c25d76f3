// Package ics writes a plan as an iCalendar feed (RFC 5545, RFC 7986) that
// calendar clients subscribe to. Content lines are written by hand rather
// than through a general encoder: a feed of a few thousand events must
// render in a few milliseconds, and each post's events are cacheable bytes.
package ics

import (
	"strings"
	"time"
	"unicode/utf8"
)

// writer builds content lines: escaped, folded at 75 octets on UTF-8
// boundaries, CRLF-terminated. scratch holds the unfolded line, reused so
// that a feed of thousands of lines does not allocate one string per line.
type writer struct {
	b       []byte
	scratch []byte
}

// line writes name (with any parameters) and a value that is already in its
// final form (dates, numbers, rules: nothing to escape).
func (w *writer) line(name, value string) {
	w.scratch = append(append(append(w.scratch[:0], name...), ':'), value...)
	w.fold(w.scratch)
}

// text writes a TEXT value, escaping backslashes, semicolons, commas and
// newlines (RFC 5545 3.3.11).
func (w *writer) text(name, value string) {
	w.scratch = append(append(w.scratch[:0], name...), ':')
	for i := 0; i < len(value); i++ {
		switch c := value[i]; c {
		case '\\', ';', ',':
			w.scratch = append(w.scratch, '\\', c)
		case '\r':
			if i+1 < len(value) && value[i+1] == '\n' {
				i++
			}
			w.scratch = append(w.scratch, '\\', 'n')
		case '\n':
			w.scratch = append(w.scratch, '\\', 'n')
		default:
			w.scratch = append(w.scratch, c)
		}
	}
	w.fold(w.scratch)
}

var escaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

func escape(s string) string { return escaper.Replace(s) }

// fold appends l as one or more physical lines of at most 75 octets, each
// continuation starting with a space, never splitting a UTF-8 sequence.
func (w *writer) fold(l []byte) {
	limit := 75
	for len(l) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(l[cut]) {
			cut--
		}
		w.b = append(w.b, l[:cut]...)
		w.b = append(w.b, "\r\n "...)
		l = l[cut:]
		limit = 74 // the leading space counts
	}
	w.b = append(w.b, l...)
	w.b = append(w.b, "\r\n"...)
}

const (
	dateTimeFormat = "20060102T150405"
	dateFormat     = "20060102"
)

func utcStamp(t time.Time) string { return t.UTC().Format(dateTimeFormat) + "Z" }
