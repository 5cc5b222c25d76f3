package ics

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"postplan/calendar"
)

// EventCache keeps each post's rendered events for one feed, so that a feed
// is rebuilt from bytes except for the posts that changed. Its zero value is
// ready to use; it is safe for concurrent use.
type EventCache struct {
	mu      sync.Mutex
	feedKey string
	// events is in the order of the posts' IDs, the order a feed gives
	// them in: finding each is a step along it, where a map's lookups (a
	// hash and a comparison of each ID, cache misses mostly) were a
	// quarter of a 100,000-post render after one edit.
	events []cachedEvents
}

type cachedEvents struct {
	id       calendar.ID
	updated  time.Time
	sequence int
	mark     string // Feed.Marks' for the post when its events were written
	bytes    []byte
}

// mark is the post's entry in f.Marks; a lookup only when there are marks.
func (f *Feed) mark(id calendar.ID) string {
	if len(f.Marks) == 0 {
		return ""
	}
	return f.Marks[id]
}

func byEventID(e cachedEvents, id calendar.ID) int { return strings.Compare(string(e.id), string(id)) }

// find returns where id is in c.events, or -1. next is where the caller
// expects it, the place after the last one found, and moves on.
func (c *EventCache) find(id calendar.ID, next *int) int {
	if j := *next; j < len(c.events) && c.events[j].id == id {
		*next = j + 1
		return j
	}
	k, ok := slices.BinarySearchFunc(c.events, id, byEventID)
	if !ok {
		*next = k
		return -1
	}
	*next = k + 1
	return k
}

// keep puts made in c.events, replacing the entries of their IDs.
func (c *EventCache) keep(made []cachedEvents) {
	var added []cachedEvents
	for _, m := range made {
		if k, ok := slices.BinarySearchFunc(c.events, m.id, byEventID); ok {
			c.events[k] = m
		} else {
			added = append(added, m)
		}
	}
	if len(added) <= 64 { // a post or two added since the last render
		for _, m := range added {
			k, ok := slices.BinarySearchFunc(c.events, m.id, byEventID)
			if ok {
				c.events[k] = m
			} else {
				c.events = slices.Insert(c.events, k, m)
			}
		}
		return
	}
	// The first render: sorted once. Should an ID come twice, the later
	// entry is kept, as a map's would be.
	c.events = append(c.events, added...)
	slices.SortStableFunc(c.events, func(a, b cachedEvents) int { return strings.Compare(string(a.id), string(b.id)) })
	out := c.events[:0]
	for i, e := range c.events {
		if i+1 < len(c.events) && c.events[i+1].id == e.id {
			continue
		}
		out = append(out, e)
	}
	c.events = out
}

// feedKey is everything of a feed, besides the post, that its events show:
// when it changes (a campaign renamed, a member added) every entry is stale.
func feedKey(f Feed) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%t|", f.TitlesOnly)
	tags := slices.Sorted(maps.Keys(f.Campaigns))
	for _, t := range tags {
		fmt.Fprintf(&b, "%s=%s|", t, f.Campaigns[t].Name)
	}
	ids := slices.Sorted(maps.Keys(f.Members))
	for _, id := range ids {
		fmt.Fprintf(&b, "%s=%s|", id, f.Members[id].Name)
	}
	return b.String()
}

// appendPosts is the events of posts after head: each post's from the
// cache when the post is as it was at the last render, as a piece of its
// own, and written afresh otherwise. Without a cache they are written
// into one buffer after head. The cache is locked twice per call, not
// twice per post.
func (c *EventCache) appendPosts(head []byte, key string, f Feed, posts []*calendar.Post) Body {
	if c == nil {
		b := slices.Grow(head, 700*len(posts)) // about 700 bytes an event
		for _, p := range posts {
			b = AppendPost(b, f, p)
		}
		return Body{b}
	}
	body := make(Body, 0, len(posts)+1)
	if len(head) > 0 {
		body = append(body, head)
	}
	hit := make([]bool, len(posts))
	c.mu.Lock()
	if c.feedKey != key {
		c.feedKey, c.events = key, nil
	}
	next := 0
	for i, p := range posts {
		if k := c.find(p.ID, &next); k >= 0 {
			if e := &c.events[k]; e.updated.Equal(p.Updated) && e.sequence == p.Sequence && e.mark == f.mark(p.ID) {
				hit[i] = true
				body = append(body, e.bytes)
				continue
			}
		}
		body = append(body, nil) // written below, outside the lock
	}
	c.mu.Unlock()
	var made []cachedEvents
	var scratch []byte
	for i, p := range posts {
		if hit[i] {
			continue
		}
		scratch = AppendPost(scratch[:0], f, p)
		e := cachedEvents{id: p.ID, updated: p.Updated, sequence: p.Sequence, mark: f.mark(p.ID), bytes: slices.Clone(scratch)}
		body[len(body)-len(posts)+i] = e.bytes
		made = append(made, e)
	}
	if len(made) > 0 {
		c.mu.Lock()
		if c.feedKey == key {
			c.keep(made)
		}
		c.mu.Unlock()
	}
	return body
}

// appendAll is appendPosts sharing a large feed among the cores: the
// posts are cut into runs, each written on a core of its own, and the
// runs' pieces joined in order.
func (c *EventCache) appendAll(head []byte, key string, f Feed, posts []*calendar.Post) Body {
	n := runtime.GOMAXPROCS(0)
	if n < 2 || len(posts) < 4000 {
		return c.appendPosts(head, key, f, posts)
	}
	runs := make([]Body, n)
	var wg sync.WaitGroup
	for i := 1; i < n; i++ {
		run := posts[len(posts)*i/n : len(posts)*(i+1)/n]
		wg.Go(func() { runs[i] = c.appendPosts(nil, key, f, run) })
	}
	runs[0] = c.appendPosts(head, key, f, posts[:len(posts)/n])
	wg.Wait()
	return slices.Concat(runs...)
}
