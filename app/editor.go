package app

import (
	"time"

	"postplan/calendar"
)

// Post returns a post for the editor; with original set, the occurrence of
// the series that starts there.
func (p *Planner) Post(id, original string) (PostInput, error) {
	post, err := p.store.FindPost(p.ctx, calendar.ID(id))
	if err != nil {
		return PostInput{}, p.fail("open post", err)
	}
	var orig time.Time
	if original != "" {
		if orig, err = parseOriginal(original); err != nil {
			return PostInput{}, p.fail("open post", err)
		}
	}
	return toPostInput(post, orig), nil
}

// SavePost creates a post (no ID) or saves an edited one. An edit of one
// occurrence of a series (Original set) changes what its Scope says.
func (p *Planner) SavePost(in PostInput) (PostInput, error) {
	post, err := fromPostInput(in)
	if err != nil {
		return PostInput{}, p.fail("save post", err)
	}
	if post.ID == "" {
		if err := p.store.CreatePost(p.ctx, post); err != nil {
			return PostInput{}, p.fail("save post", err)
		}
		p.history.record("create", change{id: post.ID, to: post})
		return toPostInput(post, time.Time{}), nil
	}
	old, err := p.current(post.ID, post.Updated)
	if err != nil {
		return PostInput{}, p.fail("save post", err)
	}
	if in.Original != "" && old.Recurring() {
		orig, err := parseOriginal(in.Original)
		if err != nil {
			return PostInput{}, p.fail("save post", err)
		}
		series, split, err := calendar.EditOccurrence(old, orig, post, calendar.Scope(in.Scope))
		if err != nil {
			return PostInput{}, p.fail("save post", err)
		}
		if err := p.write("edit", old, series, split); err != nil {
			return PostInput{}, p.fail("save post", err)
		}
		if split != nil {
			return toPostInput(split, time.Time{}), nil
		}
		return toPostInput(series, orig), nil
	}
	// The editor does not show a series' exceptions; an edit keeps them.
	if old.Recurrence != nil && post.Recurrence != nil {
		post.Recurrence.ExDates, post.Recurrence.RDates = old.Recurrence.ExDates, old.Recurrence.RDates
	}
	if post.Recurring() {
		post.Overrides = old.Overrides
	}
	if err := p.store.UpdatePost(p.ctx, post); err != nil {
		return PostInput{}, p.fail("save post", err)
	}
	p.history.record("edit", change{id: post.ID, from: old, to: post})
	return toPostInput(post, time.Time{}), nil
}

// current returns the stored post, or ECONFLICT when it is no longer the
// version the editor opened.
func (p *Planner) current(id calendar.ID, updated time.Time) (*calendar.Post, error) {
	old, err := p.store.FindPost(p.ctx, id)
	if err != nil {
		return nil, err
	}
	if !updated.IsZero() && !old.Updated.Equal(updated) {
		return nil, calendar.Errorf(calendar.ECONFLICT, "%q was changed elsewhere since it was opened; reload it and try again.", old.Title)
	}
	return old, nil
}

// write saves series over old and, for a split, creates the new series,
// recording both as one step to undo. The new series is created first: if
// it is refused, nothing has changed.
func (p *Planner) write(label string, old, series, split *calendar.Post) error {
	changes := []change{{id: old.ID, from: old, to: series}}
	if split != nil {
		if err := p.store.CreatePost(p.ctx, split); err != nil {
			return err
		}
		changes = append(changes, change{id: split.ID, to: split})
	}
	if err := p.store.UpdatePost(p.ctx, series); err != nil {
		if split != nil {
			if derr := p.store.DeletePost(p.ctx, split.ID); derr != nil {
				p.log.Error("take back split series", "err", derr)
			}
		}
		return err
	}
	p.history.record(label, changes...)
	return nil
}

// DeletePost deletes a post; for an occurrence of a series, scope says
// whether only it, it and those after it, or the whole series goes.
func (p *Planner) DeletePost(id, original, scope string) error {
	old, err := p.store.FindPost(p.ctx, calendar.ID(id))
	if err != nil {
		return p.fail("delete post", err)
	}
	if original == "" || !old.Recurring() || calendar.Scope(scope) == calendar.ScopeAll {
		if err := p.store.DeletePost(p.ctx, old.ID); err != nil {
			return p.fail("delete post", err)
		}
		p.history.record("delete", change{id: old.ID, from: old})
		return nil
	}
	orig, err := parseOriginal(original)
	if err != nil {
		return p.fail("delete post", err)
	}
	series := old.Clone()
	switch calendar.Scope(scope) {
	case calendar.ScopeThis:
		series.Recurrence.ExDates = append(series.Recurrence.ExDates, orig)
	case calendar.ScopeFollowing:
		var split *calendar.Post
		if series, split, err = calendar.EditOccurrence(old, orig, old.AsOccurrence(orig), calendar.ScopeFollowing); err != nil {
			return p.fail("delete post", err)
		}
		if split == nil { // from the first one on: all of them
			return p.DeletePost(id, "", string(calendar.ScopeAll))
		}
	default:
		return p.fail("delete post", calendar.FieldErrorf("scope", "Choose this occurrence, this and following, or all."))
	}
	return p.fail("delete post", p.write("delete", old, series, nil))
}

// MoveInput is a drag and drop: the post (and occurrence) dragged and where
// it was dropped. Start and End are RFC 3339 instants, or dates when AllDay;
// an empty Start sends the post back to the ideas. TimeZone is used for an
// idea that has none yet.
type MoveInput struct {
	PostID   string `json:"postId"`
	Original string `json:"original"`
	Start    string `json:"start"`
	End      string `json:"end"`
	AllDay   bool   `json:"allDay"`
	Scope    string `json:"scope"`
	TimeZone string `json:"timeZone"`
}

// MovePost reschedules a post or an occurrence where it was dropped,
// keeping the time of day the drop implies in the post's own zone.
func (p *Planner) MovePost(m MoveInput) error {
	old, err := p.store.FindPost(p.ctx, calendar.ID(m.PostID))
	if err != nil {
		return p.fail("move post", err)
	}
	if m.Start == "" {
		if old.Recurring() {
			return p.fail("move post", calendar.Errorf(calendar.EINVALID, "A repeating post cannot go back to the ideas; delete it or change it to not repeat first."))
		}
		moved := old.Clone()
		moved.Start, moved.AllDay = time.Time{}, false
		return p.fail("move post", p.write("move", old, moved, nil))
	}
	if old.TimeZone == "" {
		old.TimeZone = m.TimeZone
	}
	loc, err := old.Location()
	if err != nil {
		return p.fail("move post", err)
	}
	start, err := wallAt(m.Start, m.AllDay, loc)
	if err != nil {
		return p.fail("move post", err)
	}
	length := old.Length()
	if m.End != "" {
		end, err := wallAt(m.End, m.AllDay, loc)
		if err != nil {
			return p.fail("move post", err)
		}
		length = end.Sub(start)
	} else if m.AllDay != old.AllDay {
		length = map[bool]time.Duration{true: 24 * time.Hour, false: calendar.DefaultDuration}[m.AllDay]
	}
	if !old.Recurring() || m.Original == "" {
		moved := old.Clone()
		moved.Start, moved.AllDay, moved.Duration = start, m.AllDay, length
		return p.fail("move post", p.write("move", old, moved, nil))
	}
	orig, err := parseOriginal(m.Original)
	if err != nil {
		return p.fail("move post", err)
	}
	edited := old.AsOccurrence(orig)
	edited.Start, edited.AllDay, edited.Duration = start, m.AllDay, length
	series, split, err := calendar.EditOccurrence(old, orig, edited, calendar.Scope(m.Scope))
	if err != nil {
		return p.fail("move post", err)
	}
	return p.fail("move post", p.write("move", old, series, split))
}

// wallAt reads a dropped time as a wall clock in the post's zone.
func wallAt(s string, allDay bool, loc *time.Location) (time.Time, error) {
	if allDay {
		d, err := time.Parse(dateLayout, s[:min(len(s), len(dateLayout))])
		if err != nil {
			return time.Time{}, calendar.FieldErrorf("start", "%q is not a date.", s)
		}
		return d, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, calendar.FieldErrorf("start", "%q is not a date and time.", s)
	}
	return calendar.WallOf(t.In(loc)), nil
}

// PreviewRule returns the next five starts a repeat rule gives from the
// editor's date, time and zone, as RFC 3339 instants.
func (p *Planner) PreviewRule(in PostInput) ([]string, error) {
	post, err := fromPostInput(in)
	if err != nil {
		return nil, p.fail("preview rule", err)
	}
	if !post.Recurring() {
		return []string{}, nil
	}
	starts, err := calendar.NextStarts(post.Recurrence.Rule, post.Start, post.TimeZone, 5)
	if err != nil {
		return nil, p.fail("preview rule", err)
	}
	out := make([]string, len(starts))
	for i, t := range starts {
		out[i] = t.Format(time.RFC3339)
	}
	return out, nil
}

// Ideas is the start of the backlog: the first ideas that pass the
// filter, and how many pass it.
type Ideas struct {
	Total int    `json:"total"`
	Items []Idea `json:"items"`
}

// Idea is what the ideas list shows of an undated post: the editor loads
// the rest when one is opened.
type Idea struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Channels []string `json:"channels"`
}

// IdeasPage is how many ideas the list shows until asked for more.
const IdeasPage = 100

// Backlog returns the first limit undated posts (ideas) that pass the
// filter, oldest first, and how many pass it (limit 0: IdeasPage). A large
// plan has thousands of ideas; sending and drawing them all was most of
// what the window held at 100,000 posts and a fifth of its start.
func (p *Planner) Backlog(f Filter, limit int) (Ideas, error) {
	if limit <= 0 {
		limit = IdeasPage
	}
	out := Ideas{Items: []Idea{}}
	add := func(post *calendar.Post) {
		out.Items = append(out.Items, Idea{ID: string(post.ID), Title: post.Title, Channels: append([]string{}, post.Channels...)})
	}
	if f.empty() {
		// Only the ideas shown are read; the index counts the rest.
		posts, total, err := p.store.BacklogHead(p.ctx, limit)
		if err != nil {
			return Ideas{}, p.fail("backlog", err)
		}
		for _, post := range posts {
			add(post)
		}
		out.Total = total
		return out, nil
	}
	posts, err := p.store.Backlog(p.ctx)
	if err != nil {
		return Ideas{}, p.fail("backlog", err)
	}
	match := f.matcher()
	for _, post := range posts {
		if !match(post, post.Title, post.Body, post.Status) {
			continue
		}
		out.Total++
		if len(out.Items) < limit {
			add(post)
		}
	}
	return out, nil
}
