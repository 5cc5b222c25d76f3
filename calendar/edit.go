package calendar

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Scope says which occurrences of a series an edit of one of them changes:
// the answer to "this one / this and following / all".
type Scope string

const (
	ScopeThis      Scope = "this"
	ScopeFollowing Scope = "following"
	ScopeAll       Scope = "all"
)

// Clone returns a copy of p that shares no slices or maps with it.
func (p *Post) Clone() *Post {
	c := *p
	c.Channels = slices.Clone(p.Channels)
	c.Tags = slices.Clone(p.Tags)
	c.Media = slices.Clone(p.Media)
	if p.Variants != nil {
		c.Variants = make(map[string]string, len(p.Variants))
		for k, v := range p.Variants {
			c.Variants[k] = v
		}
	}
	if p.Recurrence != nil {
		r := *p.Recurrence
		r.ExDates, r.RDates = slices.Clone(r.ExDates), slices.Clone(r.RDates)
		c.Recurrence = &r
	}
	c.Overrides = slices.Clone(p.Overrides)
	return &c
}

// EditOccurrence applies an edit of one occurrence of the series p, the one
// its rule gave at the wall clock original. edited is the post as the editor
// shows that occurrence: its Start is the occurrence's new start. It returns
// the series to save over p and, for ScopeFollowing, a new series (without an
// ID) that carries the edited occurrence and those after it.
//
// Moving occurrences to another weekday moves the rule's weekdays with them
// (every Tuesday dragged to Wednesday becomes every Wednesday), unless the
// edit also changes the rule, in which case the rule is taken as written.
func EditOccurrence(p *Post, original time.Time, edited *Post, scope Scope) (series, split *Post, err error) {
	if !p.Recurring() {
		return nil, nil, Errorf(EINVALID, "%q does not repeat.", p.Title)
	}
	switch scope {
	case ScopeThis:
		return editThis(p, original, edited), nil, nil
	case ScopeAll:
		return shiftSeries(p, edited, original), nil, nil
	case ScopeFollowing:
		return splitSeries(p, original, edited)
	}
	return nil, nil, FieldErrorf("scope", "Choose this occurrence, this and following, or all.")
}

func editThis(p *Post, original time.Time, edited *Post) *Post {
	s := p.Clone()
	o := Override{Original: original}
	i := slices.IndexFunc(s.Overrides, func(o Override) bool { return o.Original.Equal(original) })
	if i >= 0 {
		o = s.Overrides[i]
	}
	o.Start, o.Duration = time.Time{}, 0
	if !edited.Start.Equal(original) {
		o.Start = edited.Start
	}
	if edited.Length() != p.Length() {
		o.Duration = edited.Length()
	}
	o.Title = differs(edited.Title, p.Title)
	o.Body = differs(edited.Body, p.Body)
	o.Notes = differs(edited.Notes, p.Notes)
	o.Status = Status(differs(string(edited.Status), string(p.Status)))
	o.Live = differs(edited.Live, p.Live)
	empty := !o.Skipped && o.Start.IsZero() && o.Duration == 0 && o.Title == "" && o.Body == "" && o.Notes == "" &&
		o.Status == "" && o.Live == ""
	switch {
	case i >= 0 && empty:
		s.Overrides = slices.Delete(s.Overrides, i, i+1)
	case i >= 0:
		s.Overrides[i] = o
	case !empty:
		s.Overrides = append(s.Overrides, o)
		slices.SortFunc(s.Overrides, func(a, b Override) int { return a.Original.Compare(b.Original) })
	}
	return s
}

func differs(v, base string) string {
	if v == base {
		return ""
	}
	return v
}

// shiftSeries returns edited as the whole series p, moved as far as its
// occurrence at original was: its start,
// its exceptions and, when the rule is unchanged, the rule's weekdays,
// month days and end.
func shiftSeries(p, edited *Post, original time.Time) *Post {
	delta, days := edited.Start.Sub(original), daysBetween(original, edited.Start)
	s := edited.Clone()
	s.ID, s.Created, s.Updated, s.Sequence = p.ID, p.Created, p.Updated, p.Sequence
	s.Start = p.Start.Add(delta)
	old := p.Recurrence
	if s.Recurrence == nil || s.Recurrence.Rule == old.Rule {
		r := *old
		r.Rule = shiftRule(old.Rule, delta, days)
		r.ExDates, r.RDates = shiftTimes(old.ExDates, delta), shiftTimes(old.RDates, delta)
		s.Recurrence = &r
		s.Overrides = shiftOverrides(p.Overrides, delta)
	} else {
		// A new rule gives new occurrences: changes made to the old ones
		// no longer have an occurrence to belong to.
		s.Overrides = nil
	}
	return s
}

func splitSeries(p *Post, original time.Time, edited *Post) (series, split *Post, err error) {
	loc, err := p.Location()
	if err != nil {
		return nil, nil, err
	}
	rule, err := ParseRule(p.Recurrence.Rule, p.Start, loc)
	if err != nil {
		return nil, nil, err
	}
	before := 0
	next := rule.iterator()
	for t, ok := next(); ok && t.Before(original) && before <= MaxCount; t, ok = next() {
		before++
	}
	if before == 0 {
		return shiftSeries(p, edited, original), nil, nil
	}
	delta, days := edited.Start.Sub(original), daysBetween(original, edited.Start)
	series = p.Clone()
	rest := edited.Clone()
	rest.ID, rest.Created, rest.Updated, rest.Sequence = "", time.Time{}, time.Time{}, 0
	rest.Overrides = nil

	count, hasCount := rulePart(p.Recurrence.Rule, "COUNT")
	if hasCount {
		series.Recurrence.Rule = setRulePart(p.Recurrence.Rule, "COUNT", strconv.Itoa(before))
	} else {
		series.Recurrence.Rule = setRulePart(p.Recurrence.Rule, "UNTIL", untilBefore(original, p.AllDay))
	}
	keep := func(t time.Time) bool { return t.Before(original) }
	series.Recurrence.ExDates = slices.DeleteFunc(series.Recurrence.ExDates, func(t time.Time) bool { return !keep(t) })
	series.Recurrence.RDates = slices.DeleteFunc(series.Recurrence.RDates, func(t time.Time) bool { return !keep(t) })
	series.Overrides = slices.DeleteFunc(series.Overrides, func(o Override) bool { return !keep(o.Original) })

	if rest.Recurrence == nil || rest.Recurrence.Rule == p.Recurrence.Rule {
		r := Recurrence{Rule: shiftRule(p.Recurrence.Rule, delta, days)}
		if n, err := strconv.Atoi(count); hasCount && err == nil {
			r.Rule = setRulePart(r.Rule, "COUNT", strconv.Itoa(max(n-before, 1)))
		}
		for _, t := range p.Recurrence.ExDates {
			if !keep(t) {
				r.ExDates = append(r.ExDates, t.Add(delta))
			}
		}
		for _, t := range p.Recurrence.RDates {
			if !keep(t) {
				r.RDates = append(r.RDates, t.Add(delta))
			}
		}
		rest.Recurrence = &r
		for _, o := range p.Overrides {
			if !keep(o.Original) && !o.Original.Equal(original) {
				rest.Overrides = append(rest.Overrides, shiftOverrides([]Override{o}, delta)...)
			}
		}
	}
	return series, rest, nil
}

// untilBefore is an UNTIL that ends a series just before original: the day
// before for an all-day series, whose UNTIL is a date, else one second
// before, as a wall clock like the series' start.
func untilBefore(original time.Time, allDay bool) string {
	if allDay {
		return original.AddDate(0, 0, -1).Format("20060102")
	}
	return original.Add(-time.Second).Format("20060102T150405")
}

// daysBetween counts the calendar days from a's date to b's, wall clocks.
func daysBetween(a, b time.Time) int {
	return int(b.Truncate(24*time.Hour).Sub(a.Truncate(24*time.Hour)).Hours() / 24)
}

func shiftTimes(ts []time.Time, delta time.Duration) []time.Time {
	out := make([]time.Time, len(ts))
	for i, t := range ts {
		out[i] = t.Add(delta)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func shiftOverrides(os []Override, delta time.Duration) []Override {
	out := slices.Clone(os)
	for i := range out {
		out[i].Original = out[i].Original.Add(delta)
		if !out[i].Start.IsZero() {
			out[i].Start = out[i].Start.Add(delta)
		}
	}
	return out
}

// rulePart returns the value of one part of an RRULE ("COUNT").
func rulePart(rule, name string) (string, bool) {
	for part := range strings.SplitSeq(strings.TrimPrefix(rule, "RRULE:"), ";") {
		k, v, _ := strings.Cut(part, "=")
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

// setRulePart sets one part of an RRULE. COUNT and UNTIL exclude each
// other, so setting one removes the other.
func setRulePart(rule, name, value string) string {
	var parts []string
	for part := range strings.SplitSeq(strings.TrimPrefix(rule, "RRULE:"), ";") {
		k, _, _ := strings.Cut(part, "=")
		k = strings.ToUpper(k)
		if part == "" || k == name || (name == "COUNT" && k == "UNTIL") || (name == "UNTIL" && k == "COUNT") {
			continue
		}
		parts = append(parts, part)
	}
	if value != "" {
		parts = append(parts, name+"="+value)
	}
	return strings.Join(parts, ";")
}

var weekdays = []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// shiftRule moves a rule's weekdays and month days by days, and its UNTIL by
// delta.
func shiftRule(rule string, delta time.Duration, days int) string {
	if v, ok := rulePart(rule, "BYDAY"); ok && days%7 != 0 {
		var out []string
		for d := range strings.SplitSeq(v, ",") {
			if len(d) < 2 {
				out = append(out, d)
				continue
			}
			ord, wd := d[:len(d)-2], strings.ToUpper(d[len(d)-2:])
			if i := slices.Index(weekdays, wd); i >= 0 {
				wd = weekdays[((i+days)%7+7)%7]
			}
			out = append(out, ord+wd)
		}
		rule = setRulePart(rule, "BYDAY", strings.Join(out, ","))
	}
	if v, ok := rulePart(rule, "BYMONTHDAY"); ok && days != 0 {
		var out []string
		for d := range strings.SplitSeq(v, ",") {
			if n, err := strconv.Atoi(d); err == nil && n > 0 && n+days >= 1 && n+days <= 31 {
				d = strconv.Itoa(n + days)
			}
			out = append(out, d)
		}
		rule = setRulePart(rule, "BYMONTHDAY", strings.Join(out, ","))
	}
	if v, ok := rulePart(rule, "UNTIL"); ok && delta != 0 {
		for _, layout := range []string{"20060102T150405Z", "20060102T150405", "20060102"} {
			if t, err := time.Parse(layout, v); err == nil {
				rule = setRulePart(rule, "UNTIL", t.Add(delta).Format(layout))
				break
			}
		}
	}
	return rule
}

// NextStarts returns up to n starts of the series a post with this rule,
// start (a wall clock) and zone would have: the repeat editor's preview.
func NextStarts(rule string, start time.Time, zone string, n int) ([]time.Time, error) {
	loc, err := LoadLocation(zone)
	if err != nil {
		return nil, err
	}
	r, err := ParseRule(rule, start, loc)
	if err != nil {
		return nil, err
	}
	var out []time.Time
	func() {
		defer func() {
			if p := recover(); p != nil {
				err = ruleErrorf("The repeat rule %q is not valid.", rule)
			}
		}()
		next := r.iterator()
		for t, ok := next(); ok && len(out) < n; t, ok = next() {
			out = append(out, Resolve(t, loc))
		}
	}()
	if err == nil && len(out) == 0 {
		err = ruleErrorf("The repeat rule never gives a date; check its days and months.")
	}
	return out, err
}

// AsOccurrence returns the series p as its occurrence at the wall clock
// original shows it: that start, with what its override changes.
func (p *Post) AsOccurrence(original time.Time) *Post {
	c := p.Clone()
	c.Start = original
	for _, o := range p.Overrides {
		if !o.Original.Equal(original) {
			continue
		}
		if !o.Start.IsZero() {
			c.Start = o.Start
		}
		if o.Duration != 0 {
			c.Duration = o.Duration
		}
		c.Title = cmp.Or(o.Title, c.Title)
		c.Body = cmp.Or(o.Body, c.Body)
		c.Notes = cmp.Or(o.Notes, c.Notes)
		c.Status = cmp.Or(o.Status, c.Status)
		c.Live = cmp.Or(o.Live, c.Live)
	}
	return c
}
