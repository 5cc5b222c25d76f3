package ics

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	goical "github.com/emersion/go-ical"

	"postplan/calendar"
)

// maxNesting is the deepest component nesting read. Calendars nest three
// levels (VCALENDAR, VEVENT, VALARM); go-ical's decoder recurses once per
// BEGIN, and a file of millions of nested BEGINs overflows the stack, which
// no recover can catch. So the depth is counted before decoding.
const maxNesting = 10

// prepare reads the file's component structure before the decoder does. It
// refuses nesting deeper than maxNesting, and it mends an END that names
// another component than the one open (a typo such as END:VTOOD for
// END:VTODO), which go-ical refuses but other readers take, saying so in
// the problems. Lines are read as logical lines: a folded line's
// continuation starts with a space or tab.
//
// It also notes where each component of the calendar begins, and how many
// calendars the file holds, for decode to cut a large file into pieces.
func prepare(body []byte) (prepared, []Problem, error) {
	var stack []string
	var problems []Problem
	var mended []byte // nil until a line is mended
	var cuts []int
	calendars := 0
	lineNo := 0
	for pos := 0; pos < len(body); {
		start := pos
		end := len(body)
		if i := bytes.IndexByte(body[pos:], '\n'); i >= 0 {
			end = pos + i + 1
		}
		lineNo++
		line := bytes.TrimRight(body[start:end], "\r\n")
		pos = end
		// Only BEGIN and END lines matter here; the others (nearly all) are
		// passed over without looking inside.
		special := len(line) > 0 && (line[0]|0x20 == 'b' || line[0]|0x20 == 'e')
		folded := false
		for pos < len(body) && (body[pos] == ' ' || body[pos] == '\t') {
			folded = true
			next := len(body)
			if i := bytes.IndexByte(body[pos:], '\n'); i >= 0 {
				next = pos + i + 1
			}
			lineNo++
			if special && len(line) < 64 {
				line = append(append([]byte(nil), line...), bytes.TrimRight(body[pos+1:next], "\r\n")...)
			}
			pos = next
		}
		name, val, ok := bytes.Cut(line, []byte(":"))
		begin := ok && special && bytes.EqualFold(name, []byte("BEGIN"))
		if !begin && !(ok && special && bytes.EqualFold(name, []byte("END")) && len(stack) > 0) {
			if mended != nil {
				mended = append(mended, body[start:pos]...)
			}
			continue
		}
		comp := strings.ToUpper(strings.TrimSpace(string(val)))
		switch {
		case begin:
			stack = append(stack, comp)
			switch {
			case len(stack) == 1:
				calendars++
			case len(stack) == 2 && stack[0] == "VCALENDAR" && !folded:
				at := start // where the line is in what prepare returns
				if mended != nil {
					at = len(mended)
				}
				cuts = append(cuts, at)
			}
			if len(stack) > maxNesting {
				return prepared{}, nil, calendar.Errorf(calendar.EINVALID,
					"Line %d opens a component %d levels deep; calendars nest at most a few levels, so the file is not imported.", lineNo, len(stack))
			}
		default: // END
			open := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if comp != open && !folded {
				if mended == nil {
					mended = append([]byte(nil), body[:start]...)
				}
				mended = append(mended, "END:"+open+"\r\n"...)
				problems = append(problems, Problem{Event: "(the file)", Property: "END",
					Message: fmt.Sprintf("line %d ends %s where %s is open; read as END:%s", lineNo, comp, open, open)})
				continue
			}
		}
		if mended != nil {
			mended = append(mended, body[start:pos]...)
		}
	}
	if mended != nil {
		body = mended
	}
	return prepared{body: body, cuts: cuts, calendars: calendars}, problems, nil
}

// prepared is a file as prepare leaves it: its text, where each of its
// calendar's components begins in it, and how many calendars it holds.
type prepared struct {
	body      []byte
	cuts      []int
	calendars int
}

// decodeIn reads the file into go-ical's components (see decoder). A
// large calendar is cut between its components into a piece per core (n),
// each piece decoded as a calendar of its own and their components joined
// in order: decoding was a third of reading a 100,000-event file, on one
// core. Should any piece fail, the whole file is decoded at once, so that
// what is refused and why is the same either way.
func decodeIn(pr prepared, n int) (*goical.Calendar, error) {
	// The components' values are parts of the text. The text is the
	// file's bytes, not a copy (46 MB at 100,000 events): they are read
	// from the caller's reader into a buffer of read's own, or mended into
	// a new one, and nothing writes to them after.
	text := unsafe.String(unsafe.SliceData(pr.body), len(pr.body))
	whole := func() (*goical.Calendar, error) { return (&decoder{s: text}).calendar() }
	ps := pieces(pr, n)
	if ps == nil {
		return whole()
	}
	cals := make([]*goical.Calendar, len(ps))
	errs := make([]error, len(ps))
	var wg sync.WaitGroup
	for i, piece := range ps {
		d := &decoder{s: text[piece.from:piece.end]}
		if i > 0 {
			d.pre = []string{"BEGIN:VCALENDAR"}
		}
		if i < len(ps)-1 {
			d.post = []string{"END:VCALENDAR"}
		}
		wg.Go(func() { cals[i], errs[i] = d.calendar() })
	}
	wg.Wait()
	if errors.Join(errs...) != nil {
		return whole()
	}
	cal := cals[0]
	for _, c := range cals[1:] {
		cal.Children = append(cal.Children, c.Children...)
	}
	return cal, nil
}

// piece is where one piece of a file is in its text.
type piece struct{ from, end int }

// pieces cuts the file into n calendars, at the beginnings of components'
// lines, or returns nil when it is not worth it or cannot be done: a small
// file, or a file of several calendars. Every piece but the first is read
// after a BEGIN:VCALENDAR line, and every one but the last before an END.
func pieces(pr prepared, n int) []piece {
	if n < 2 || pr.calendars != 1 || len(pr.body) < minPiece*n || len(pr.cuts) < 2*n {
		return nil
	}
	// A piece ends where the first component at or after its share of the
	// text begins; the first keeps the calendar's own properties.
	out := make([]piece, 0, n)
	from := 0
	for i := 1; i < n; i++ {
		j, _ := slices.BinarySearch(pr.cuts, len(pr.body)*i/n)
		if j == 0 || j >= len(pr.cuts) || pr.cuts[j] <= from || pr.body[pr.cuts[j]-1] != '\n' {
			return nil
		}
		out = append(out, piece{from, pr.cuts[j]})
		from = pr.cuts[j]
	}
	return append(out, piece{from, len(pr.body)})
}

// minPiece is the least text worth a piece of its own.
const minPiece = 256 << 10

// value is a DATE or DATE-TIME as a file wrote it.
type value struct {
	wall   time.Time // the date or wall clock as written
	date   bool      // a DATE: no time of day, no zone
	zone   string    // "UTC" for a value ending in Z, a known TZID, or "" (floating, a date, an unknown TZID)
	tzid   string    // the TZID parameter as written, known or not
	length time.Duration
	period bool // a PERIOD: length is its duration
}

// parseValue reads one value of a property (a property may hold a list):
// DATE, DATE-TIME in UTC, with a TZID or floating, or a PERIOD, whose start
// it reads and whose end or duration it keeps as a length.
func parseValue(p *goical.Prop, v string) (value, error) {
	start, rest, isPeriod := strings.Cut(v, "/")
	out, err := parseOne(p, start)
	if err != nil || !isPeriod {
		return out, err
	}
	out.period = true
	if strings.HasPrefix(rest, "P") || strings.HasPrefix(rest, "+P") {
		d := goical.NewProp(goical.PropDuration)
		d.Value = rest
		if out.length, err = d.Duration(); err != nil {
			return out, err
		}
	} else {
		end, err := parseOne(p, rest)
		if err != nil {
			return out, err
		}
		zone := out.zoneOr("UTC")
		out.length = end.instant(zone).Sub(out.instant(zone))
	}
	if out.length < 0 {
		return out, fmt.Errorf("the period %q ends before it starts", v)
	}
	return out, nil
}

func parseOne(p *goical.Prop, v string) (value, error) {
	out := value{tzid: strings.Trim(p.Params.Get(goical.ParamTimezoneID), `"`)}
	if len(v) == 8 || strings.EqualFold(p.Params.Get(goical.ParamValue), "DATE") {
		t, err := time.Parse("20060102", v)
		out.wall, out.date = t, true
		return out, err
	}
	if s, ok := strings.CutSuffix(v, "Z"); ok {
		t, err := time.Parse("20060102T150405", s)
		out.wall, out.zone = t, "UTC"
		return out, err
	}
	t, err := time.Parse("20060102T150405", v)
	out.wall = t
	if z, ok := namedZone(out.tzid); ok {
		out.zone = z
	}
	return out, err
}

func (v value) zoneOr(zone string) string {
	if v.zone != "" {
		return v.zone
	}
	return zone
}

// instant is the moment v names, a floating value being read in zone.
func (v value) instant(zone string) time.Time {
	loc, err := calendar.LoadLocation(v.zoneOr(zone))
	if err != nil {
		loc = time.UTC
	}
	return calendar.Resolve(v.wall, loc)
}

// in returns v as a wall clock in zone, the way Post.Start is kept: a UTC
// or TZID value is the same instant in zone; a floating one is read there.
// A date stays the date.
func (v value) in(zone string) time.Time {
	if v.date || v.zone == "" || v.zone == zone {
		return v.wall
	}
	loc, err := calendar.LoadLocation(zone)
	if err != nil {
		return v.wall
	}
	return calendar.WallOf(v.instant(zone).In(loc))
}

// values reads every value of every instance of a property.
func values(c *goical.Component, name string) (out []value, bad []string) {
	for _, prop := range c.Props.Values(name) {
		for v := range strings.SplitSeq(prop.Value, ",") {
			if v = strings.TrimSpace(v); v == "" {
				continue
			}
			val, err := parseValue(&prop, v)
			if err != nil {
				bad = append(bad, v)
				continue
			}
			out = append(out, val)
		}
	}
	return out, bad
}
