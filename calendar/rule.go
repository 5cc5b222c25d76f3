package calendar

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// MinYear and MaxYear bound the dates of a plan: wider ones are typing
// mistakes, and rrule-go misbehaves far from the present.
const (
	MinYear = 1900
	MaxYear = 2200
)

// MaxCount bounds COUNT in a rule: a series with more occurrences than this
// is a mistake, not a plan (a daily post for 13 years).
const MaxCount = 5000

// Rule is a parsed, checked RRULE value. Its times are wall clocks, like
// Post.Start: recurrence is computed on the wall clock and only then placed
// in the zone, so DST never shifts an occurrence's time of day.
type Rule struct {
	opt rrule.ROption
}

// ParseRule checks an RRULE value ("FREQ=WEEKLY;BYDAY=MO", with or without
// the "RRULE:" prefix) for a series starting at the wall clock start in loc.
// Errors name the rule field in the user's terms.
func ParseRule(value string, start time.Time, loc *time.Location) (r Rule, err error) {
	defer func() {
		// rrule-go panics on a few malformed inputs; a bad rule typed by a
		// user must be an error, never a crash.
		if p := recover(); p != nil {
			err = ruleErrorf("The repeat rule %q is not valid.", value)
		}
	}()
	value = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(value), "RRULE:"))
	if y := start.Year(); y < MinYear || y > MaxYear {
		return Rule{}, FieldErrorf("start", "The start must be between %d and %d.", MinYear, MaxYear)
	}
	if value == "" {
		return Rule{}, ruleErrorf("The repeat rule is empty.")
	}
	if len(value) > 1000 {
		return Rule{}, ruleErrorf("The repeat rule is too long.")
	}
	untilKind := ""
	for part := range strings.SplitSeq(value, ";") {
		name, val, _ := strings.Cut(part, "=")
		switch strings.ToUpper(name) {
		case "FREQ":
			switch strings.ToUpper(val) {
			case "HOURLY", "MINUTELY", "SECONDLY":
				return Rule{}, ruleErrorf("Posts can repeat at most daily; %s repeats are not supported.", strings.ToLower(val))
			}
		case "UNTIL":
			switch {
			case strings.HasSuffix(val, "Z"):
				untilKind = "utc"
			case len(val) == 8:
				untilKind = "date"
			}
		case "COUNT":
			if n, err := strconv.Atoi(val); err == nil && n > MaxCount {
				return Rule{}, ruleErrorf("A series can have at most %d occurrences; this rule asks for %d.", MaxCount, n)
			} else if err == nil && n < 1 {
				return Rule{}, ruleErrorf("COUNT must be at least 1.")
			}
		case "DTSTART", "TZID":
			return Rule{}, ruleErrorf("The repeat rule must not set %s; the post's own start is used.", strings.ToUpper(name))
		}
	}
	opt, err := rrule.StrToROptionInLocation(value, time.UTC)
	if err != nil {
		return Rule{}, ruleErrorf("The repeat rule %q is not valid: %s.", value, strings.TrimSuffix(err.Error(), "."))
	}
	opt.Dtstart = start
	switch untilKind {
	case "utc":
		// An UNTIL in UTC is an instant (RFC 5545 requires this form when
		// DTSTART has a zone); compare it as the wall clock it shows in loc.
		opt.Until = WallOf(opt.Until.In(loc))
	case "date":
		// A date-only UNTIL includes that whole day.
		opt.Until = opt.Until.Add(24*time.Hour - time.Second)
	}
	if !opt.Until.IsZero() && opt.Until.Before(start) {
		return Rule{}, ruleErrorf("The repeat rule ends (%s) before the post starts (%s).",
			opt.Until.Format("2 Jan 2006"), start.Format("2 Jan 2006"))
	}
	// rrule-go repeats an occurrence when BYHOUR, BYMINUTE or BYSECOND list a
	// value twice.
	for _, list := range []*[]int{&opt.Byhour, &opt.Byminute, &opt.Bysecond, &opt.Bymonthday, &opt.Bymonth, &opt.Bysetpos, &opt.Byyearday, &opt.Byweekno} {
		slices.Sort(*list)
		*list = slices.Compact(*list)
	}
	// An ordinal weekday counts within the month for monthly rules and
	// yearly rules with BYMONTH, else within the year (RFC 5545 3.3.10).
	// rrule-go indexes past its tables on larger ones.
	most := 53
	if opt.Freq == rrule.MONTHLY || (opt.Freq == rrule.YEARLY && len(opt.Bymonth) > 0) {
		most = 5
	}
	for _, d := range opt.Byweekday {
		if n := d.N(); n > most || n < -most {
			return Rule{}, ruleErrorf("BYDAY %s: a weekday's number goes from -%d to %d here.", strings.TrimPrefix(d.String(), "+"), most, most)
		}
	}
	if _, err := rrule.NewRRule(*opt); err != nil {
		return Rule{}, ruleErrorf("The repeat rule %q is not valid: %s.", value, strings.TrimSuffix(err.Error(), "."))
	}
	return Rule{opt: *opt}, nil
}

// Bounded reports whether the rule ends by itself (COUNT or UNTIL).
func (r Rule) Bounded() bool { return r.opt.Count > 0 || !r.opt.Until.IsZero() }

// Until returns the rule's last possible wall-clock start, if it has UNTIL.
func (r Rule) Until() time.Time { return r.opt.Until }

// First returns the rule's first wall-clock start on or after the series'
// start. It differs from the start when the two are not in step ("every
// Tuesday" starting on a Friday): RFC 5545 leaves such a set undefined, and
// clients disagree on it, so feeds write First as DTSTART.
func (r Rule) First() (t time.Time, ok bool) {
	return r.iterator()()
}

// Empty reports whether the rule gives no date at all, such as the 30th of
// February. Finding out walks the rule to its end (year 9999), which takes
// tens of milliseconds: call it when a rule is saved, not when it is read.
func (r Rule) Empty() bool {
	_, ok := r.First()
	return !ok
}

// iterator returns the rule's wall-clock starts in order. rrule-go can
// panic on a rule it accepted, building the iterator or walking it (an
// index past a month's end): the series then ends there, and no caller
// sees the panic.
func (r Rule) iterator() func() (time.Time, bool) {
	var next rrule.Next
	ended := false
	return func() (t time.Time, ok bool) {
		if ended {
			return time.Time{}, false
		}
		defer func() {
			if recover() != nil {
				ended, t, ok = true, time.Time{}, false
			}
		}()
		if next == nil {
			rr, err := rrule.NewRRule(r.opt)
			if err != nil { // ParseRule built it once already
				ended = true
				return time.Time{}, false
			}
			next = rr.Iterator()
		}
		return next()
	}
}

func ruleErrorf(format string, args ...any) *Error {
	return FieldErrorf("recurrence.rule", format, args...)
}
