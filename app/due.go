package app

import (
	"errors"
	"strings"
	"time"

	"postplan/calendar"
)

// DueView is one occurrence in the Due now panel: what to post where, and
// whether it is done.
type DueView struct {
	OccurrenceView
	Texts     []ChannelText `json:"texts"` // one per channel, in the post's order
	Media     []string      `json:"media"`
	Live      string        `json:"live"`
	Published bool          `json:"published"`
}

// ChannelText is the text to paste into one channel: its variant if the
// post has one, else the post's text.
type ChannelText struct {
	Channel string `json:"channel"`
	Text    string `json:"text"`
	Limit   int    `json:"limit"` // the channel's character limit; 0 for none
	Variant bool   `json:"variant"`
}

// Due lists what the Due now panel shows: today's posts, awaited or
// published today, and those of the last calendar.DueBack still awaited.
func (p *Planner) Due() ([]DueView, error) {
	now := p.now()
	from, to := calendar.DueWindow(now, time.Local)
	occs, err := p.store.Occurrences(p.ctx, from, to)
	if err != nil {
		return nil, p.fail("due now", err)
	}
	colours, initials, _, err := p.lookups()
	if err != nil {
		return nil, p.fail("due now", err)
	}
	limits, err := p.channelLimits()
	if err != nil {
		return nil, p.fail("due now", err)
	}
	due := calendar.DueList(occs, now, time.Local)
	views := make([]DueView, 0, len(due))
	for _, o := range due {
		views = append(views, toDueView(o, now, colours, initials, limits))
	}
	return views, nil
}

func (p *Planner) channelLimits() (map[string]int, error) {
	chans, err := p.store.Channels(p.ctx)
	if err != nil {
		return nil, err
	}
	limits := make(map[string]int, len(chans))
	for _, c := range chans {
		limits[c.Name] = c.CharLimit
	}
	return limits, nil
}

func toDueView(o calendar.Occurrence, now time.Time, colours map[string]string, initials map[calendar.ID]string, limits map[string]int) DueView {
	v := DueView{OccurrenceView: toOccurrenceView(o, colours, initials), Media: nonNil(o.Post.Media),
		Published: o.Status() == calendar.StatusPublished}
	v.Overdue = o.Overdue(now)
	v.Live = o.Post.Live
	if o.Override != nil && o.Override.Live != "" {
		v.Live = o.Override.Live
	}
	v.Texts = make([]ChannelText, 0, len(o.Post.Channels))
	for _, ch := range o.Post.Channels {
		t := ChannelText{Channel: ch, Text: o.Body(), Limit: limits[ch]}
		if text, ok := o.Post.Variants[ch]; ok && strings.TrimSpace(text) != "" {
			t.Text, t.Variant = text, true
		}
		v.Texts = append(v.Texts, t)
	}
	return v
}

// PublishedInput marks one post, or one occurrence of a series (Original
// set, as in PostInput), published, with the address of the live post if
// there is one.
type PublishedInput struct {
	PostID   string `json:"postId"`
	Original string `json:"original"`
	Live     string `json:"live"`
}

// MarkPublished sets the post's status, or the occurrence's, to published
// and keeps its live address. It is one step to undo.
func (p *Planner) MarkPublished(in PublishedInput) (DueView, error) {
	fail := func(err error) (DueView, error) { return DueView{}, p.fail("mark published", err) }
	old, err := p.store.FindPost(p.ctx, calendar.ID(in.PostID))
	if err != nil {
		return fail(err)
	}
	live := strings.TrimSpace(in.Live)
	var saved *calendar.Post
	var orig time.Time
	if in.Original != "" && old.Recurring() {
		if orig, err = parseOriginal(in.Original); err != nil {
			return fail(err)
		}
		edited := old.AsOccurrence(orig)
		edited.Status, edited.Live = calendar.StatusPublished, live
		if saved, _, err = calendar.EditOccurrence(old, orig, edited, calendar.ScopeThis); err != nil {
			return fail(err)
		}
	} else {
		saved = old.Clone()
		saved.Status, saved.Live = calendar.StatusPublished, live
	}
	if err := p.write("publish", old, saved, nil); err != nil {
		return fail(liveField(err))
	}
	return p.dueViewOf(saved, orig)
}

// liveField names the field the panel shows for a refused address: an
// override's "overrides[3].live" is the panel's "live".
func liveField(err error) error {
	var e *calendar.Error
	if errors.As(err, &e) && strings.HasSuffix(e.Field, "live") {
		c := *e
		c.Field = "live"
		return &c
	}
	return err
}

// dueViewOf shows the saved post, or its occurrence at orig, as the panel
// lists it.
func (p *Planner) dueViewOf(post *calendar.Post, orig time.Time) (DueView, error) {
	colours, initials, _, err := p.lookups()
	if err != nil {
		return DueView{}, p.fail("mark published", err)
	}
	limits, err := p.channelLimits()
	if err != nil {
		return DueView{}, p.fail("mark published", err)
	}
	o, err := occurrenceAt(post, orig)
	if err != nil {
		return DueView{}, p.fail("mark published", err)
	}
	return toDueView(o, p.now(), colours, initials, limits), nil
}

// occurrenceAt is the post's occurrence the rule gave at the wall clock
// orig, or the post itself when it does not repeat.
func occurrenceAt(post *calendar.Post, orig time.Time) (calendar.Occurrence, error) {
	if orig.IsZero() || !post.Recurring() {
		return calendar.Single(post)
	}
	shown := post.AsOccurrence(orig)
	loc, err := post.Location()
	if err != nil {
		return calendar.Occurrence{}, err
	}
	at := calendar.Resolve(shown.Start, loc)
	occs, err := calendar.Expand(post, at.Add(-time.Minute), at.Add(time.Minute))
	if err != nil {
		return calendar.Occurrence{}, err
	}
	for _, o := range occs {
		if o.Original.Equal(orig) {
			return o, nil
		}
	}
	return calendar.Occurrence{}, calendar.Errorf(calendar.ENOTFOUND, "%q has no occurrence at %s.", post.Title, orig.Format(originalLayout))
}
