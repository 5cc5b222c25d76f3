package app

import (
	"strings"
	"time"

	"postplan/calendar"
)

// PostInput is a post as the editor shows and sends it back. Date and time
// are the wall clock in TimeZone, as the user typed them; Original names
// one occurrence of a series (its wall-clock start, "2006-01-02T15:04:05")
// when the editor was opened on one, and Scope says what a save of it
// changes: "this", "following" or "all".
type PostInput struct {
	ID        string            `json:"id"`
	Updated   string            `json:"updated"` // the stored post's, to detect edits made elsewhere
	Title     string            `json:"title"`
	Body      string            `json:"body"`
	Channels  []string          `json:"channels"`
	Variants  map[string]string `json:"variants"`
	Date      string            `json:"date"` // 2006-01-02; empty for an idea
	Time      string            `json:"time"` // 15:04; empty when all day
	Minutes   int               `json:"minutes"`
	AllDay    bool              `json:"allDay"`
	TimeZone  string            `json:"timeZone"`
	Status    string            `json:"status"`
	Assignee  string            `json:"assignee"`
	Tags      []string          `json:"tags"`
	Notes     string            `json:"notes"`
	Link      string            `json:"link"`
	Live      string            `json:"live"` // the published post's address
	Media     []string          `json:"media"`
	Rule      string            `json:"rule"`
	Original  string            `json:"original"`
	Scope     string            `json:"scope"`
	Sequence  int               `json:"sequence"`  // read only
	Changed   int               `json:"changed"`   // read only: occurrences changed on their own
	Recurring bool              `json:"recurring"` // read only
}

const (
	dateLayout     = "2006-01-02"
	clockLayout    = "15:04"
	originalLayout = "2006-01-02T15:04:05"
)

// toPostInput shows p in the editor; with a non-zero original, the editor
// shows that occurrence of the series.
func toPostInput(p *calendar.Post, original time.Time) PostInput {
	shown := p
	in := PostInput{ID: string(p.ID), Updated: p.Updated.Format(time.RFC3339Nano), Sequence: p.Sequence,
		Changed: len(p.Overrides), Recurring: p.Recurring()}
	if !original.IsZero() && p.Recurring() {
		shown = p.AsOccurrence(original)
		in.Original = original.Format(originalLayout)
	}
	in.Title, in.Body, in.Status, in.Notes, in.Link = shown.Title, shown.Body, string(shown.Status), shown.Notes, shown.Link
	in.Live = shown.Live
	in.Channels, in.Tags, in.Media = nonNil(shown.Channels), nonNil(shown.Tags), nonNil(shown.Media)
	in.Variants = shown.Variants
	if in.Variants == nil {
		in.Variants = map[string]string{}
	}
	in.TimeZone, in.AllDay, in.Assignee = shown.TimeZone, shown.AllDay, string(shown.Assignee)
	in.Minutes = int(shown.Length() / time.Minute)
	if shown.Dated() {
		in.Date = shown.Start.Format(dateLayout)
		if !shown.AllDay {
			in.Time = shown.Start.Format(clockLayout)
		}
	}
	if p.Recurrence != nil {
		in.Rule = p.Recurrence.Rule
	}
	return in
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// fromPostInput reads what the editor sent. Problems with the date, time or
// duration name their field; the rest is for Post.Validate.
func fromPostInput(in PostInput) (*calendar.Post, error) {
	p := &calendar.Post{
		ID: calendar.ID(in.ID), Title: strings.TrimSpace(in.Title), Body: in.Body, Channels: in.Channels,
		Variants: in.Variants, TimeZone: in.TimeZone, AllDay: in.AllDay, Status: calendar.Status(in.Status),
		Assignee: calendar.ID(in.Assignee), Tags: in.Tags, Notes: in.Notes, Link: strings.TrimSpace(in.Link), Media: in.Media,
		Live: strings.TrimSpace(in.Live),
	}
	if in.Updated != "" {
		t, err := time.Parse(time.RFC3339Nano, in.Updated)
		if err != nil {
			return nil, calendar.FieldErrorf("updated", "%q is not a date and time.", in.Updated)
		}
		p.Updated = t
	}
	if in.Minutes < 0 {
		return nil, calendar.FieldErrorf("minutes", "Duration must be at least %s.", "0")
	}
	p.Duration = time.Duration(in.Minutes) * time.Minute
	if in.Date != "" {
		d, err := time.Parse(dateLayout, in.Date)
		if err != nil {
			return nil, calendar.FieldErrorf("date", "%q is not a date.", in.Date)
		}
		p.Start = d
		if !in.AllDay {
			c, err := time.Parse(clockLayout, in.Time)
			if err != nil {
				return nil, calendar.FieldErrorf("time", "%q is not a time.", in.Time)
			}
			p.Start = d.Add(time.Duration(c.Hour())*time.Hour + time.Duration(c.Minute())*time.Minute)
		}
	} else if in.Rule != "" {
		return nil, calendar.FieldErrorf("date", "A repeating post needs a start.")
	}
	if in.Rule != "" {
		p.Recurrence = &calendar.Recurrence{Rule: strings.TrimSpace(in.Rule)}
	}
	if p.Dated() && p.TimeZone == "" {
		return nil, calendar.FieldErrorf("timeZone", "%s is required.", "Time zone")
	}
	return p, nil
}

// parseOriginal reads the occurrence an edit is about.
func parseOriginal(s string) (time.Time, error) {
	t, err := time.Parse(originalLayout, s)
	if err != nil {
		return time.Time{}, calendar.FieldErrorf("original", "%q is not a date and time.", s)
	}
	return t, nil
}
