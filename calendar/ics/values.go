package ics

import (
	"bytes"
	"fmt"
	"strings"
	"time"

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
func prepare(body []byte) ([]byte, []Problem, error) {
	var stack []string
	var problems []Problem
	var mended []byte // nil until a line is mended
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
		folded := false
		for pos < len(body) && (body[pos] == ' ' || body[pos] == '\t') {
			folded = true
			next := len(body)
			if i := bytes.IndexByte(body[pos:], '\n'); i >= 0 {
				next = pos + i + 1
			}
			lineNo++
			if len(line) < 64 {
				line = append(append([]byte(nil), line...), bytes.TrimRight(body[pos+1:next], "\r\n")...)
			}
			pos = next
		}
		name, val, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			if mended != nil {
				mended = append(mended, body[start:pos]...)
			}
			continue
		}
		comp := strings.ToUpper(strings.TrimSpace(string(val)))
		switch {
		case bytes.EqualFold(name, []byte("BEGIN")):
			stack = append(stack, comp)
			if len(stack) > maxNesting {
				return nil, nil, calendar.Errorf(calendar.EINVALID,
					"Line %d opens a component %d levels deep; calendars nest at most a few levels, so the file is not imported.", lineNo, len(stack))
			}
		case bytes.EqualFold(name, []byte("END")) && len(stack) > 0:
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
		return mended, problems, nil
	}
	return body, problems, nil
}

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
	if out.tzid != "" {
		if _, lerr := calendar.LoadLocation(out.tzid); lerr == nil {
			out.zone = out.tzid
		}
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
