package ics

import (
	"fmt"
	"io"
	"strings"

	goical "github.com/emersion/go-ical"
)

// decoder reads iCalendar text into go-ical's components, as go-ical's
// Decoder does: the same lines, folding, names, parameters and values, the
// same errors for what it refuses (the tests hold it to that, on real-world
// files and fuzzed text). Two things differ. A line go-ical panics on (a
// parameter without a value or colon, a character after a quoted
// parameter value) is an error here: a panic in a piece read on another
// core ended the app. And it makes little garbage: the values are parts of
// the file's text rather than a copy of each line built byte by byte, a
// property without parameters has no map, and a component's properties
// share one allocation. go-ical's decoder made more than half of what
// reading a 100,000-event file allocated.
type decoder struct {
	s   string // the text
	pos int    // where the next line starts in s
	// pre and post are lines read before and after s: the calendar's
	// BEGIN and END around a piece of a large file.
	pre, post []string
	folded    []byte // a folded line's parts joined, reused from line to line
}

// rawLine is the next physical line without its end: at a "\n", less a
// "\r" before it, as bufio.Reader.ReadLine gives it.
func (d *decoder) rawLine() (string, error) {
	switch {
	case len(d.pre) > 0:
		l := d.pre[0]
		d.pre = d.pre[1:]
		return l, nil
	case d.pos < len(d.s):
		rest := d.s[d.pos:]
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			d.pos = len(d.s)
			return rest, nil
		}
		d.pos += i + 1
		return strings.TrimSuffix(rest[:i], "\r"), nil
	case len(d.post) > 0:
		l := d.post[0]
		d.post = d.post[1:]
		return l, nil
	}
	return "", io.EOF
}

// continues consumes the space or tab that makes the next line a
// continuation of this one, if it does.
func (d *decoder) continues() bool {
	if len(d.pre) > 0 || d.pos >= len(d.s) {
		return false // the lines around a piece begin with BEGIN or END
	}
	if c := d.s[d.pos]; c == ' ' || c == '\t' {
		d.pos++
		return true
	}
	return false
}

// line is the next logical line: a physical line and its continuations,
// each without its first character.
func (d *decoder) line() (string, error) {
	l, err := d.rawLine()
	if err != nil {
		return "", err
	}
	if !d.continues() {
		return l, nil
	}
	d.folded = append(d.folded[:0], l...)
	for {
		more, err := d.rawLine()
		if err != nil {
			return "", err // go-ical's too: a continuation with no line after it
		}
		d.folded = append(d.folded, more...)
		if !d.continues() {
			return string(d.folded), nil
		}
	}
}

// contentLine is the next property, blank lines passed over.
func (d *decoder) contentLine() (goical.Prop, error) {
	for {
		l, err := d.line()
		if err != nil {
			return goical.Prop{}, err
		}
		if l != "" {
			return parseContentLine(l)
		}
	}
}

// parseContentLine reads NAME;PARAM=value,"value":value.
func parseContentLine(l string) (goical.Prop, error) {
	i := strings.IndexAny(l, ";:")
	if i < 0 {
		return goical.Prop{}, fmt.Errorf("ical: malformed content line: missing colon")
	} else if i == 0 {
		return goical.Prop{}, fmt.Errorf("ical: malformed content line: empty property name")
	}
	p := goical.Prop{Name: strings.ToUpper(l[:i])}
	l = l[i:]
	for len(l) > 0 && l[0] == ';' {
		l = l[1:]
		eq := strings.IndexByte(l, '=')
		if eq < 0 {
			return goical.Prop{}, fmt.Errorf("ical: malformed param: missing equal sign")
		} else if eq == 0 {
			return goical.Prop{}, fmt.Errorf("ical: malformed param: empty param name")
		}
		name := strings.ToUpper(l[:eq])
		l = l[eq+1:]
		if p.Params == nil {
			p.Params = goical.Params{}
		}
		for {
			var v string
			if len(l) > 0 && l[0] == '"' {
				end := strings.IndexByte(l[1:], '"')
				if end < 0 {
					return goical.Prop{}, fmt.Errorf("ical: malformed param value: unterminated quoted string")
				}
				v, l = l[1:1+end], l[2+end:]
			} else {
				end := strings.IndexAny(l, "\";,:")
				if end < 0 {
					end = len(l)
				} else if l[end] == '"' {
					return goical.Prop{}, fmt.Errorf("ical: malformed param value: illegal double-quote")
				}
				v, l = l[:end], l[end:]
			}
			p.Params[name] = append(p.Params[name], v)
			if len(l) == 0 {
				return goical.Prop{}, fmt.Errorf("ical: malformed param: the line ends in parameter %s", name)
			}
			if l[0] != ',' {
				break
			}
			l = l[1:]
		}
		if l[0] != ';' && l[0] != ':' {
			return goical.Prop{}, fmt.Errorf("ical: malformed param: %q after the quoted value of parameter %s", l[0], name)
		}
	}
	if len(l) == 0 || l[0] != ':' {
		return goical.Prop{}, fmt.Errorf("ical: malformed property: expected colon")
	}
	p.Value = l[1:]
	return p, nil
}

// component reads a component's lines after its BEGIN, to its END.
func (d *decoder) component(name string) (*goical.Component, error) {
	c := &goical.Component{Name: name}
	var props []goical.Prop // in the file's order, one allocation for most components
	for {
		p, err := d.contentLine()
		if err != nil {
			return nil, err
		}
		switch p.Name {
		case "BEGIN":
			child, err := d.component(strings.ToUpper(p.Value))
			if err != nil {
				return nil, err
			}
			c.Children = append(c.Children, child)
			continue
		case "END":
			if !strings.EqualFold(p.Value, name) {
				return nil, fmt.Errorf("ical: malformed component: expected END property for %q, got %q", name, p.Value)
			}
		default:
			if props == nil {
				props = make([]goical.Prop, 0, 16)
			}
			props = append(props, p)
			continue
		}
		break
	}
	c.Props = make(goical.Props, len(props))
	for i := range props {
		name := props[i].Name
		if have, ok := c.Props[name]; ok {
			c.Props[name] = append(have, props[i]) // a repeated name: its own slice
		} else {
			c.Props[name] = props[i : i+1 : i+1]
		}
	}
	return c, nil
}

// calendar reads the first component, which must be a VCALENDAR.
func (d *decoder) calendar() (*goical.Calendar, error) {
	p, err := d.contentLine()
	if err != nil {
		return nil, err
	}
	if p.Name != "BEGIN" {
		return nil, fmt.Errorf("ical: malformed component: expected BEGIN property, got %q", p.Name)
	}
	c, err := d.component(strings.ToUpper(p.Value))
	if err != nil {
		return nil, err
	}
	if c.Name != goical.CompCalendar {
		return nil, fmt.Errorf("ical: invalid toplevel component name: expected %q, got %q", goical.CompCalendar, c.Name)
	}
	return &goical.Calendar{Component: c}, nil
}
