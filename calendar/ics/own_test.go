package ics_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/calendar/ics"
)

// TestOwnRendersAPostAgainWhenAnythingItShowsChanged: a full render takes
// a post's events from the last render only when the post and its
// overdue mark are as they were; a change of stamp, of sequence, or of
// the mark alone (a mark ending, the post untouched) writes it again.
func TestOwnRendersAPostAgainWhenAnythingItShowsChanged(t *testing.T) {
	now := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	feed := &calendar.Feed{Name: "Alle"}
	plan := func(edit func(p *calendar.Post), mark bool) calendar.FeedContent {
		var posts []*calendar.Post
		for i := range 5 {
			posts = append(posts, &calendar.Post{ID: calendar.ID(fmt.Sprintf("01POST%d", i)), Title: fmt.Sprintf("Opslag %d", i),
				Status: calendar.StatusScheduled, TimeZone: "Europe/Copenhagen", Start: calendar.Wall(2026, 5, 1+i, 9, 0, 0),
				Updated: time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC)})
		}
		edit(posts[2])
		c := calendar.FeedItems(feed, posts, nil, nil, nil, nil, now)
		if mark {
			marked := c.Posts[2].Clone()
			marked.Title = calendar.OverduePrefix + marked.Title
			c.Posts[2], c.Marked = marked, map[calendar.ID]string{marked.ID: "!"}
		}
		return c
	}
	same := func(*calendar.Post) {}
	steps := []struct {
		what string
		c    calendar.FeedContent
	}{
		{"marked overdue", plan(same, true)},
		{"the mark ends, the post untouched", plan(same, false)},
		{"marked again", plan(same, true)},
		{"a new stamp", plan(func(p *calendar.Post) { p.Updated = p.Updated.Add(time.Minute); p.Title = "Ændret" }, true)},
		{"a new sequence, the same stamp (an import can keep one)", plan(func(p *calendar.Post) {
			p.Updated = p.Updated.Add(time.Minute)
			p.Title, p.Sequence = "Ændret igen", 1
		}, true)},
	}
	var own ics.Own
	for _, s := range steps {
		got := own.Render(s.c).Bytes()
		want := ics.RenderContent(s.c, nil).Bytes()
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the render kept events of the last one:\n%s\nwant\n%s", s.what, got, want)
		}
	}
}
