package calendar

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"
)

// Lookup answers the questions validation asks about the rest of the plan.
// Stores implement it inside the transaction that writes, so a post is
// checked against the plan it is saved into.
type Lookup interface {
	Channel(name string) (Channel, bool)
	Campaign(tag string) (Campaign, bool)
	Member(id ID) (Member, bool)
}

// validate is configured once: field names in its errors are the JSON names
// the window uses, so the window can show a message beside the right field.
var validate = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	return v
}()

// labels are the user's words for fields.
var labels = map[string]string{
	"title": "Title", "body": "Text", "channels": "Channels", "variants": "Channel text",
	"timeZone": "Time zone", "duration": "Duration", "status": "Status", "assignee": "Assignee",
	"tags": "Campaigns", "notes": "Notes", "link": "Link", "media": "Media", "original": "Original start",
	"tag": "Tag", "name": "Name", "colour": "Colour", "hashtag": "Hashtag", "goal": "Goal",
	"email": "Email", "weeklyTarget": "Weekly target", "charLimit": "Character limit",
	"hypothesis": "Hypothesis", "metric": "Metric", "baseline": "Baseline", "target": "Target", "learning": "Learning",
	"state": "State", "arms": "Variants", "results": "Results", "note": "Note", "rule": "Repeat rule", "kind": "Kind",
	"members": "Members", "handovers": "Handovers", "member": "Member", "post": "Series", "live": "Live link", "count": "Times",
}

func label(field string) string {
	base := field
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		base = base[i+1:]
	}
	if i := strings.IndexByte(base, '['); i >= 0 {
		base = base[:i]
	}
	if l, ok := labels[base]; ok {
		return l
	}
	return base
}

// checkShape runs the struct tags and turns the first failure into an Error
// naming the field in the user's terms.
func checkShape(v any) error {
	err := validate.Struct(v)
	var verrs validator.ValidationErrors
	if err == nil {
		return nil
	} else if !errors.As(err, &verrs) {
		return err
	}
	fe := verrs[0]
	// Namespace is "Post.channels[0]"; the window wants "channels[0]".
	_, field, _ := strings.Cut(fe.Namespace(), ".")
	l := label(field)
	switch fe.Tag() {
	case "required", "required_with":
		return FieldErrorf(field, "%s is required.", l)
	case "max":
		if fe.Kind() == reflect.String {
			return FieldErrorf(field, "%s is too long: at most %s characters.", l, fe.Param())
		}
		return FieldErrorf(field, "%s must be at most %s.", l, fe.Param())
	case "min":
		return FieldErrorf(field, "%s must be at least %s.", l, fe.Param())
	case "url":
		return FieldErrorf(field, "%s %q is not a web address.", l, fe.Value())
	case "email":
		return FieldErrorf(field, "%s %q is not an email address.", l, fe.Value())
	case "hexcolor":
		return FieldErrorf(field, "%s must be a colour like #1a7f5a.", l)
	case "startswith":
		return FieldErrorf(field, "%s must start with %s.", l, fe.Param())
	case "excludesall":
		return FieldErrorf(field, "%s must be one word without spaces or slashes.", l)
	}
	return FieldErrorf(field, "%s is not valid.", l)
}

// FieldLabels lists the user's words for fields, which error messages
// include and the window translates.
func FieldLabels() []string {
	out := make([]string, 0, len(labels))
	for _, l := range labels {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// Validate checks a post against its own rules and against the plan it is
// saved into. It returns the first problem, as an EINVALID error naming the
// field.
func (p *Post) Validate(plan Lookup) error {
	if p.ID != "" {
		if err := CheckID(p.ID); err != nil {
			return err
		}
	}
	if err := checkShape(p); err != nil {
		return err
	}
	if !p.Status.Valid() {
		return FieldErrorf("status", "Status %q is not one of %s.", p.Status, statusList())
	}
	seen := map[string]bool{}
	for i, ch := range p.Channels {
		if seen[ch] {
			return FieldErrorf(fmt.Sprintf("channels[%d]", i), "Channel %q is listed twice.", ch)
		}
		seen[ch] = true
		if _, ok := plan.Channel(ch); !ok {
			return FieldErrorf(fmt.Sprintf("channels[%d]", i), "Channel %q is not known; add it in Settings first.", ch)
		}
	}
	for ch := range p.Variants {
		if !seen[ch] {
			return FieldErrorf("variants", "There is text for %s, but the post is not on that channel.", ch)
		}
	}
	if p.Assignee != "" {
		if _, ok := plan.Member(p.Assignee); !ok {
			return FieldErrorf("assignee", "The assignee is not on the team.")
		}
	}
	if p.Duration > MaxDuration {
		return FieldErrorf("duration", "A post can last at most 14 days.")
	}
	var loc *time.Location
	if p.Dated() {
		var err error
		if loc, err = p.Location(); err != nil {
			return err
		}
		if y := p.Start.Year(); y < MinYear || y > MaxYear {
			return FieldErrorf("start", "The start must be between %d and %d.", MinYear, MaxYear)
		}
		if p.AllDay && (p.Start.Hour() != 0 || p.Start.Minute() != 0 || p.Start.Second() != 0) {
			return FieldErrorf("start", "An all-day post starts at midnight.")
		}
	}
	seenTag := map[string]bool{}
	for i, tag := range p.Tags {
		field := fmt.Sprintf("tags[%d]", i)
		if seenTag[tag] {
			return FieldErrorf(field, "Campaign %q is listed twice.", tag)
		}
		seenTag[tag] = true
		c, ok := plan.Campaign(tag)
		if !ok {
			return FieldErrorf(field, "Campaign %q is not known.", tag)
		}
		if !p.Dated() {
			continue
		}
		day := Wall(p.Start.Year(), p.Start.Month(), p.Start.Day(), 0, 0, 0)
		if !c.Starts.IsZero() && day.Before(c.Starts) {
			return FieldErrorf("start", "Start is before the campaign %q begins (%s).", c.Name, c.Starts.Format("2 Jan"))
		}
		if !c.Ends.IsZero() && day.After(c.Ends) {
			return FieldErrorf("start", "Start is after the campaign %q ends (%s).", c.Name, c.Ends.Format("2 Jan"))
		}
	}
	return p.validateRecurrence(loc)
}

func (p *Post) validateRecurrence(loc *time.Location) error {
	if p.Recurrence == nil || p.Recurrence.Rule == "" {
		if p.Recurrence != nil && (len(p.Recurrence.ExDates) > 0 || len(p.Recurrence.RDates) > 0) {
			return FieldErrorf("recurrence.rule", "Extra or excluded dates need a repeat rule.")
		}
		if len(p.Overrides) > 0 {
			return FieldErrorf("overrides", "Only a repeating post can have changed occurrences.")
		}
		return nil
	}
	if !p.Dated() {
		return FieldErrorf("start", "A repeating post needs a start.")
	}
	rule, err := ParseRule(p.Recurrence.Rule, p.Start, loc)
	if err != nil {
		return err
	}
	if len(p.Recurrence.RDates) == 0 && rule.Empty() {
		return FieldErrorf("recurrence.rule", "The repeat rule never gives a date; check its days and months.")
	}
	if n := len(p.Recurrence.ExDates) + len(p.Recurrence.RDates) + len(p.Overrides); n > MaxCount {
		return FieldErrorf("recurrence", "A series can have at most %d exceptions.", MaxCount)
	}
	seen := map[int64]bool{}
	for i, o := range p.Overrides {
		field := fmt.Sprintf("overrides[%d]", i)
		if seen[o.Original.Unix()] {
			return FieldErrorf(field, "The occurrence of %s is changed twice.", o.Original.Format("2 Jan 2006 15:04"))
		}
		seen[o.Original.Unix()] = true
		if o.Status != "" && !o.Status.Valid() {
			return FieldErrorf(field+".status", "Status %q is not one of %s.", o.Status, statusList())
		}
		if o.Duration > MaxDuration {
			return FieldErrorf(field+".duration", "A post can last at most 14 days.")
		}
		for _, t := range []time.Time{o.Original, o.Start} {
			if y := t.Year(); !t.IsZero() && (y < MinYear || y > MaxYear) {
				return FieldErrorf(field+".start", "The start must be between %d and %d.", MinYear, MaxYear)
			}
		}
	}
	return nil
}

// Validate checks a campaign's fields.
func (c *Campaign) Validate() error {
	if err := checkShape(c); err != nil {
		return err
	}
	if !c.Starts.IsZero() && !c.Ends.IsZero() && c.Ends.Before(c.Starts) {
		return FieldErrorf("ends", "The campaign ends (%s) before it starts (%s).", c.Ends.Format("2 Jan 2006"), c.Starts.Format("2 Jan 2006"))
	}
	return nil
}

// Validate checks a member's fields.
func (m *Member) Validate() error {
	if m.ID != "" {
		if err := CheckID(m.ID); err != nil {
			return err
		}
	}
	return checkShape(m)
}

// Validate checks a channel's fields.
func (c *Channel) Validate() error { return checkShape(c) }

func statusList() string {
	s := make([]string, len(Statuses))
	for i, st := range Statuses {
		s[i] = string(st)
	}
	return strings.Join(s, ", ")
}

// NeedsNewSequence reports whether changing old into p changes what a
// subscribed calendar shows, so that SEQUENCE must go up (RFC 5545 3.8.7.4).
func NeedsNewSequence(old, p *Post) bool {
	if old.Title != p.Title || !old.Start.Equal(p.Start) || old.TimeZone != p.TimeZone ||
		old.Length() != p.Length() || old.AllDay != p.AllDay || old.Status != p.Status || old.Body != p.Body {
		return true
	}
	if old.Recurring() != p.Recurring() {
		return true
	}
	if !p.Recurring() {
		return false
	}
	return !reflect.DeepEqual(old.Recurrence, p.Recurrence) || !reflect.DeepEqual(old.Overrides, p.Overrides)
}
