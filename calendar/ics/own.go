package ics

import (
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"postplan/calendar"
)

// Own is a feed's own posts (calendar.FeedContent.Own) as its last render
// wrote them, in the order of their IDs, with what the feed's head needs
// of each. After a few posts changed, Patch writes the feed again from it
// and those posts alone: a render that read and decoded the whole plan
// after each edit grew faster than the plan (it no longer fits the CPU's
// caches at 100,000 posts). A full Render takes an unchanged post's events
// from it too. Its zero value is ready to use; it is safe for concurrent
// use, one render at a time.
type Own struct {
	mu      sync.Mutex
	written bool // entries are the feed's, as of its last render
	key     string
	entries []ownEntry
	count   map[string]int // the entries' zones
	utc     int            // entries that are series kept in UTC
	// lo and hi are the entries' earliest and latest starts; stale when
	// an entry at one of them changed, until the next rescan.
	lo, hi time.Time
	stale  bool
	// members are the entries' IDs: whether an occurrence in the overdue
	// days is the feed's is a lookup, not a search of 100,000 entries.
	members map[calendar.ID]struct{}
	marked  map[calendar.ID]string // the marks of the entries marked overdue
	// routines caches the routines' events, written for every render.
	routines EventCache
}

type ownEntry struct {
	// id and zone are copies: a decoded post's strings are parts of its
	// whole record, which they would keep in memory.
	id        calendar.ID
	updated   time.Time
	sequence  int
	mark      string
	start     time.Time
	zone      string
	utcSeries bool
	bytes     []byte // nil for an entry not written yet
}

// contentFeed is how a feed's content is written.
func contentFeed(c calendar.FeedContent) Feed {
	f := Feed{Name: c.Feed.Name, Colour: "teal", TitlesOnly: c.Feed.TitlesOnly, Campaigns: c.Campaigns, Members: c.Members,
		Marks: c.Marked}
	if routines := c.Routines(); len(routines) > 0 {
		f.Routines = make(map[calendar.ID]calendar.ID, len(routines))
		for _, p := range routines {
			f.Routines[p.ID] = calendar.RoutineOf(p.ID)
		}
	}
	return f
}

// Render writes c as RenderContent does, byte for byte, and keeps its own
// posts' events, which must come in the order of their IDs (the store's
// order), for the next render.
func (o *Own) Render(c calendar.FeedContent) Body {
	o.mu.Lock()
	defer o.mu.Unlock()
	f := contentFeed(c)
	key := feedKey(f)
	old := o.entries
	if !o.written || o.key != key {
		old = nil
	}
	own := c.Own()
	o.entries = writeEntries(f, own, old)
	o.key, o.written = key, true
	o.recount()
	return o.body(f, c.Posts[len(own):], c.Tombstones)
}

// Patch writes the feed again after the posts changed were written in the
// plan. c is what the feed shows of them (c.Own(): those of them it still
// shows, as they are now) with its routines, tombstones and names in
// full; occs are the plan's occurrences in calendar.OverdueWindow, whose
// marks are made again; post reads a post (nil for one deleted) whose
// events must be written again unmarked. It returns the body, as
// RenderContent would write the feed from the whole plan, and when the
// next post in it becomes overdue. It reports false, changing nothing,
// when the feed's names or options are not those of the last render, or
// there was none: then Render it. After an error the next must be a
// Render.
func (o *Own) Patch(c calendar.FeedContent, changed []calendar.ID, now time.Time, occs []calendar.Occurrence,
	post func(calendar.ID) (*calendar.Post, error)) (Body, time.Time, bool, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	f := contentFeed(c)
	if !o.written || feedKey(f) != o.key {
		return nil, time.Time{}, false, nil
	}
	pending := make(map[calendar.ID]*calendar.Post, len(c.Own()))
	for _, p := range c.Own() {
		pending[p.ID] = p
	}
	var gone []calendar.ID
	for _, id := range changed {
		if pending[id] == nil {
			gone = append(gone, id)
		}
	}
	// Which posts the feed has comes first: the marks are those of its
	// posts as they are now.
	o.reshape(pending, gone)

	var window []*calendar.Post
	inWindow := map[calendar.ID]*calendar.Post{}
	for _, oc := range occs {
		id := oc.Post.ID
		if _, seen := inWindow[id]; seen {
			continue
		}
		inWindow[id] = oc.Post
		if _, ok := o.members[id]; !ok {
			continue
		}
		if p := pending[id]; p != nil {
			window = append(window, p)
		} else {
			window = append(window, oc.Post)
		}
	}
	marks, marked, next := calendar.OverdueMarks(window, now, occs)
	f.Marks = marks

	redo := make(map[calendar.ID]bool, len(o.marked)+len(marks)+len(pending))
	for id, mark := range o.marked {
		redo[id] = mark != marks[id]
	}
	for id, mark := range marks {
		redo[id] = mark != o.marked[id]
	}
	for id := range pending {
		redo[id] = true
	}
	for id, changed := range redo {
		if !changed {
			continue
		}
		k, ok := o.find(id)
		if !ok {
			continue // gone from the feed
		}
		mark := marks[id]
		p := marked(id)
		if p == nil {
			p = pending[id]
		}
		if p == nil {
			p = inWindow[id] // no longer overdue, or past the marks' days
		}
		if p == nil {
			var err error
			if p, err = post(id); err != nil {
				o.written = false
				return nil, time.Time{}, false, err
			}
			if p == nil { // deleted since the changes were read: the next patch has it
				o.remove(k)
				continue
			}
		}
		o.uncount(o.entries[k])
		o.entries[k] = newEntry(p, mark, AppendPost(nil, f, p), nil)
		o.countIn(o.entries[k])
	}
	o.marked = marks
	return o.body(f, c.Posts[len(c.Own()):], c.Tombstones), next, true, nil
}

// reshape removes the entries of gone and adds an entry, not written yet,
// for each post of pending the feed did not have.
func (o *Own) reshape(pending map[calendar.ID]*calendar.Post, gone []calendar.ID) {
	var add []calendar.ID
	for id := range pending {
		if _, ok := o.members[id]; !ok {
			add = append(add, calendar.ID(strings.Clone(string(id)))) // not the post's, which holds its record
		}
	}
	drop := map[calendar.ID]bool{}
	for _, id := range gone {
		if _, ok := o.members[id]; ok {
			drop[id] = true
		}
	}
	if len(add)+len(drop) <= 8 { // an edit or two: moved in place
		for id := range drop {
			k, _ := o.find(id)
			o.remove(k)
		}
		for _, id := range add {
			k, _ := o.find(id)
			o.entries = slices.Insert(o.entries, k, ownEntry{id: id})
			o.members[o.entries[k].id] = struct{}{}
		}
		return
	}
	slices.SortFunc(add, func(a, b calendar.ID) int { return strings.Compare(string(a), string(b)) })
	for _, id := range add {
		o.members[id] = struct{}{}
	}
	out := make([]ownEntry, 0, len(o.entries)+len(add)-len(drop))
	for _, e := range o.entries {
		for len(add) > 0 && add[0] < e.id {
			out = append(out, ownEntry{id: add[0]})
			add = add[1:]
		}
		if drop[e.id] {
			o.uncount(e)
			delete(o.members, e.id)
			continue
		}
		out = append(out, e)
	}
	for _, id := range add {
		out = append(out, ownEntry{id: id})
	}
	o.entries = out
}

func (o *Own) remove(k int) {
	o.uncount(o.entries[k])
	delete(o.members, o.entries[k].id)
	o.entries = slices.Delete(o.entries, k, k+1)
}

func (o *Own) find(id calendar.ID) (int, bool) {
	return slices.BinarySearchFunc(o.entries, id, byOwnID)
}

func byOwnID(e ownEntry, id calendar.ID) int { return strings.Compare(string(e.id), string(id)) }

// findFrom finds id in entries, looking first at *next, where the caller
// expects it, and moves *next past it.
func findFrom(entries []ownEntry, id calendar.ID, next *int) (int, bool) {
	if j := *next; j < len(entries) && entries[j].id == id {
		*next = j + 1
		return j, true
	}
	k, ok := slices.BinarySearchFunc(entries, id, byOwnID)
	*next = k
	if ok {
		*next = k + 1
	}
	return k, ok
}

// recount counts the entries' zones, series in UTC, marks and span anew.
func (o *Own) recount() {
	o.count, o.utc, o.marked = map[string]int{}, 0, nil
	o.members = make(map[calendar.ID]struct{}, len(o.entries))
	o.lo, o.hi, o.stale = time.Time{}, time.Time{}, false
	for _, e := range o.entries {
		o.countIn(e)
		o.members[e.id] = struct{}{}
		if e.mark != "" {
			if o.marked == nil {
				o.marked = map[calendar.ID]string{}
			}
			o.marked[e.id] = e.mark
		}
	}
}

func (o *Own) countIn(e ownEntry) {
	if o.count == nil {
		o.count = map[string]int{}
	}
	o.count[e.zone]++
	if e.utcSeries {
		o.utc++
	}
	if !o.stale {
		o.widen(e.start)
	}
}

// widen takes start into the entries' span.
func (o *Own) widen(start time.Time) {
	if o.lo.IsZero() || start.Before(o.lo) {
		o.lo = start
	}
	if start.After(o.hi) {
		o.hi = start
	}
}

// uncount takes a written entry out of the counts.
func (o *Own) uncount(e ownEntry) {
	if e.bytes == nil {
		return
	}
	o.count[e.zone]--
	if e.utcSeries {
		o.utc--
	}
	if e.start.Equal(o.lo) || e.start.Equal(o.hi) {
		o.stale = true
	}
}

// body is the feed: the head, the entries' events, the routines' and the
// tombstones'.
func (o *Own) body(f Feed, routines []*calendar.Post, tombs []calendar.Tombstone) Body {
	if o.stale {
		o.lo, o.hi, o.stale = time.Time{}, time.Time{}, false
		for _, e := range o.entries {
			o.widen(e.start)
		}
	}
	zs := zoneStats{count: maps.Clone(o.count), lo: o.lo, hi: o.hi}
	dated := make([]*calendar.Post, 0, len(routines))
	for _, p := range routines {
		zs.see(p)
		if p.Dated() {
			dated = append(dated, p)
		}
	}
	for _, t := range tombs {
		zs.see(t.Post)
	}
	body := make(Body, 0, len(o.entries)+len(dated)+2)
	body = append(body, writeHead(f, zs, o.utc > 0 || slices.ContainsFunc(routines, utcSeries)))
	for i := range o.entries {
		body = append(body, o.entries[i].bytes)
	}
	body = append(body, o.routines.appendPosts(nil, o.key, f, dated)...)
	return append(body, writeEnd(f, tombs))
}

// newEntry is the entry of p with its events. zones, when not nil, keeps
// one copy of each zone's name.
func newEntry(p *calendar.Post, mark string, events []byte, zones map[string]string) ownEntry {
	zone, ok := zones[p.TimeZone]
	if !ok {
		zone = strings.Clone(p.TimeZone)
		if zones != nil {
			zones[zone] = zone
		}
	}
	if events == nil {
		events = []byte{} // written, if to nothing (a zone the system lacks)
	}
	return ownEntry{id: calendar.ID(strings.Clone(string(p.ID))), updated: p.Updated, sequence: p.Sequence, mark: mark,
		start: p.Start, zone: zone, utcSeries: utcSeries(p), bytes: events}
}

// writeEntries writes the entries of posts, taking those of unchanged
// posts from old, on every core for a large feed.
func writeEntries(f Feed, posts []*calendar.Post, old []ownEntry) []ownEntry {
	out := make([]ownEntry, len(posts))
	run := func(from, to int) {
		zones := map[string]string{}
		var scratch []byte
		next := 0 // where in old the next post is expected: posts and old are both in ID order
		for i := from; i < to; i++ {
			p := posts[i]
			mark := f.mark(p.ID)
			if k, ok := findFrom(old, p.ID, &next); ok {
				if e := old[k]; e.bytes != nil && e.updated.Equal(p.Updated) && e.sequence == p.Sequence && e.mark == mark {
					out[i] = e
					continue
				}
			}
			scratch = AppendPost(scratch[:0], f, p)
			out[i] = newEntry(p, mark, slices.Clone(scratch), zones)
		}
	}
	n := runtime.GOMAXPROCS(0)
	if n < 2 || len(posts) < 4000 {
		run(0, len(posts))
		return out
	}
	var wg sync.WaitGroup
	for i := 1; i < n; i++ {
		wg.Go(func() { run(len(posts)*i/n, len(posts)*(i+1)/n) })
	}
	run(0, len(posts)/n)
	wg.Wait()
	return out
}
