package calendar

import (
	"context"
	"slices"
	"time"
)

// Feed is a subscribable view of the plan: a name, which posts it shows and
// in how much detail, and the secret token in its address.
type Feed struct {
	Name       string     `json:"name" validate:"required,max=80"`
	Filter     FeedFilter `json:"filter"`
	TitlesOnly bool       `json:"titlesOnly"`
	Token      string     `json:"token,omitempty"` // never exported
	Created    time.Time  `json:"created"`
	Revoked    time.Time  `json:"revoked,omitzero"`
}

// FeedFilter selects posts; an empty list means "all" for that field.
type FeedFilter struct {
	Campaigns []string `json:"campaigns,omitempty"`
	Channels  []string `json:"channels,omitempty"`
	Statuses  []Status `json:"statuses,omitempty"`
	Assignees []ID     `json:"assignees,omitempty"`
	Kinds     []Kind   `json:"kinds,omitempty"`
}

// Kind is what a feed entry is: a post, an experiment's post, a team
// meeting or a rota turn.
type Kind string

const (
	KindPost       Kind = "posts"
	KindExperiment Kind = "experiments"
	KindMeeting    Kind = "meetings"
	KindRota       Kind = "rota"
)

// Kinds lists every kind.
var Kinds = []Kind{KindPost, KindExperiment, KindMeeting, KindRota}

// Matches reports whether a post belongs in a feed with this filter.
func (f FeedFilter) Matches(p *Post) bool {
	anyOf := func(want, have []string) bool {
		return len(want) == 0 || slices.ContainsFunc(have, func(h string) bool { return slices.Contains(want, h) })
	}
	kind := KindPost
	if p.Experiment != "" {
		kind = KindExperiment
	}
	return f.wants(kind) && anyOf(f.Campaigns, p.Tags) && anyOf(f.Channels, p.Channels) &&
		(len(f.Statuses) == 0 || slices.Contains(f.Statuses, p.Status)) &&
		(len(f.Assignees) == 0 || slices.Contains(f.Assignees, p.Assignee))
}

func (f FeedFilter) wants(k Kind) bool { return len(f.Kinds) == 0 || slices.Contains(f.Kinds, k) }

// MatchesRoutine reports whether a routine's occurrences belong in a feed.
// Routines have no campaign, channel or status, so a feed that asks for
// those leaves them out; an assignee filter keeps the rota turns of those
// members (see MatchesTurn) and no meetings.
func (f FeedFilter) MatchesRoutine(r *Routine) bool {
	if len(f.Campaigns) > 0 || len(f.Channels) > 0 || len(f.Statuses) > 0 {
		return false
	}
	if r.Kind == RoutineRota {
		return f.wants(KindRota)
	}
	return f.wants(KindMeeting) && len(f.Assignees) == 0
}

// MatchesTurn reports whether one rota turn belongs in a feed that
// MatchesRoutine its rota: the feed of one member shows that member's turns.
func (f FeedFilter) MatchesTurn(member ID) bool {
	return len(f.Assignees) == 0 || slices.Contains(f.Assignees, member)
}

// Validate checks a feed's fields.
func (f *Feed) Validate() error {
	if err := checkShape(f); err != nil {
		return err
	}
	for _, k := range f.Filter.Kinds {
		if !slices.Contains(Kinds, k) {
			return FieldErrorf("filter.kinds", "Kind %q is not one of posts, experiments, meetings, rota.", k)
		}
	}
	for _, s := range f.Filter.Statuses {
		if !s.Valid() {
			return FieldErrorf("filter.statuses", "Status %q is not one of %s.", s, statusList())
		}
	}
	return nil
}

// IsRevoked reports whether the feed's address has been turned off.
func (f *Feed) IsRevoked() bool { return !f.Revoked.IsZero() }

// FeedStore is what a feed's contents are read from.
type FeedStore interface {
	AllPosts(ctx context.Context) ([]*Post, error)
	Tombstones(ctx context.Context, since time.Time) ([]Tombstone, error)
	Campaigns(ctx context.Context) ([]Campaign, error)
	Members(ctx context.Context) ([]Member, error)
	Routines(ctx context.Context) ([]Routine, error)
}

// FeedContent is what one feed shows at one moment, and the names its
// events give campaigns and members.
type FeedContent struct {
	Feed       *Feed
	Posts      []*Post     // the dated posts the filter matches, and the routines' events
	Tombstones []Tombstone // the posts deleted in the last TombstoneTTL that it matched
	Campaigns  map[string]Campaign
	Members    map[ID]Member
	// LeftOut are the routines that could not be shown, with why.
	LeftOut map[ID]error
	// Marked are the posts MarkOverdue rewrote, each with what it marked:
	// "!" for a post, its occurrences' original starts for a series. A
	// marked post can keep its stamp (it was written after its time, or
	// after its series' last overdue occurrence), so a cache of events
	// keyed on the stamp alone would go on showing a mark after DueBack.
	Marked map[ID]string
	// own is how many of Posts are the plan's own, before the routines'.
	own int
}

// FeedItems decides what a feed shows: the dated posts its filter
// matches; the team's routines it matches, a rota as one event per turn
// from RotaFeedBack before now to RotaFeedAhead after; and, as cancelled
// events, the posts deleted since TombstoneTTL before now that it matched,
// so subscribers drop them. The window's file export, the feed server and
// the command line all show a feed through it.
func FeedItems(f *Feed, posts []*Post, routines []Routine, tombs []Tombstone, campaigns []Campaign, members []Member, now time.Time) FeedContent {
	c := FeedContent{Feed: f, Campaigns: make(map[string]Campaign, len(campaigns)), Members: make(map[ID]Member, len(members))}
	for _, cp := range campaigns {
		c.Campaigns[cp.Tag] = cp
	}
	for _, m := range members {
		c.Members[m.ID] = m
	}
	for _, p := range posts {
		if p.Dated() && f.Filter.Matches(p) {
			c.Posts = append(c.Posts, p)
		}
	}
	c.own = len(c.Posts)
	name := func(id ID) string { return c.Members[id].Name }
	for i := range routines {
		rposts, err := routines[i].FeedPosts(f.Filter, name, now)
		if err != nil {
			if c.LeftOut == nil {
				c.LeftOut = map[ID]error{}
			}
			c.LeftOut[routines[i].ID] = err
			continue
		}
		c.Posts = append(c.Posts, rposts...)
	}
	since := now.Add(-TombstoneTTL)
	for _, t := range tombs {
		if !t.Deleted.Before(since) && f.Filter.Matches(t.Post) {
			c.Tombstones = append(c.Tombstones, t)
		}
	}
	return c
}

// LoadFeed reads what FeedItems needs from store and returns what the feed
// shows.
func LoadFeed(ctx context.Context, store FeedStore, f *Feed, now time.Time) (FeedContent, error) {
	posts, err := store.AllPosts(ctx)
	if err != nil {
		return FeedContent{}, err
	}
	return loadWith(ctx, store, f, posts, now)
}

// ChangesStore is a FeedStore that can read one post.
type ChangesStore interface {
	FeedStore
	FindPost(ctx context.Context, id ID) (*Post, error)
}

// LoadChanged is LoadFeed for a feed brought up to date after the posts
// ids were written: of the posts only those are read, and those deleted
// since are left out; the routines, tombstones and names are read in full.
func LoadChanged(ctx context.Context, store ChangesStore, f *Feed, ids []ID, now time.Time) (FeedContent, error) {
	posts := make([]*Post, 0, len(ids))
	seen := make(map[ID]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		p, err := store.FindPost(ctx, id)
		if ErrorCode(err) == ENOTFOUND {
			continue
		} else if err != nil {
			return FeedContent{}, err
		}
		posts = append(posts, p)
	}
	return loadWith(ctx, store, f, posts, now)
}

// loadWith reads the rest of what FeedItems needs besides posts.
func loadWith(ctx context.Context, store FeedStore, f *Feed, posts []*Post, now time.Time) (FeedContent, error) {
	tombs, err := store.Tombstones(ctx, now.Add(-TombstoneTTL))
	if err != nil {
		return FeedContent{}, err
	}
	campaigns, err := store.Campaigns(ctx)
	if err != nil {
		return FeedContent{}, err
	}
	members, err := store.Members(ctx)
	if err != nil {
		return FeedContent{}, err
	}
	routines, err := store.Routines(ctx)
	if err != nil {
		return FeedContent{}, err
	}
	return FeedItems(f, posts, routines, tombs, campaigns, members, now), nil
}

// PlanFeed is the feed of the whole plan's posts, experiments' included, and
// not the team's routines: the .ics export, so that importing it gives back
// the same posts and nothing else.
func PlanFeed() *Feed {
	return &Feed{Name: "Postplan", Filter: FeedFilter{Kinds: []Kind{KindPost, KindExperiment}}}
}

// Upcoming says what a subscriber's calendar holds: how many events the
// feed gives (a series is one event) and its next n occurrences from now,
// earliest first, within a year.
func (c FeedContent) Upcoming(now time.Time, n int) (events int, next []Occurrence) {
	until := now.AddDate(1, 0, 0)
	for _, p := range c.Posts {
		occs, err := Expand(p, now, until)
		if err != nil {
			continue // the feed writes what it can of such a post; the count still has it
		}
		for _, o := range occs {
			if o.Status() == StatusCancelled {
				continue
			}
			i, _ := slices.BinarySearchFunc(next, o, byOccurrence)
			if i < n {
				next = slices.Insert(next, i, o)
				if len(next) > n {
					next = next[:n]
				}
			}
		}
	}
	return len(c.Posts), next
}

// OverduePrefix starts the title of an overdue post, or occurrence, in a
// subscribed feed.
const OverduePrefix = "⚠ Overdue: "

// OverdueWindow is the span MarkOverdue needs the plan's occurrences of.
func OverdueWindow(now time.Time) (from, to time.Time) {
	return now.Add(-DueBack), now.Add(36 * time.Hour)
}

// MarkOverdue makes a subscribed feed say what is overdue (see
// Occurrence.Overdue): a post's title, or an occurrence's in the last
// DueBack (an override of its own), starts with OverduePrefix, and its
// last change is the moment it became overdue. The team's routines are
// left as they are. occs are the plan's occurrences in OverdueWindow (one
// window query, not an expansion of every series). It returns when the
// next awaited post of the feed becomes overdue, within a day and a half,
// or zero: until then the marked feed is current.
//
// File exports do not mark: a file imported back must hold the titles as
// they are.
func (c *FeedContent) MarkOverdue(now time.Time, occs []Occurrence) (next time.Time) {
	marks, marked, next := OverdueMarks(c.Posts[:c.own], now, occs)
	for i, p := range c.Posts[:c.own] {
		if _, ok := marks[p.ID]; ok {
			c.Posts[i] = marked(p.ID)
		}
	}
	if len(marks) > 0 {
		c.Marked = marks
	}
	return next
}

// Own is the feed's own posts, those the plan holds, before the routines'.
func (c FeedContent) Own() []*Post { return c.Posts[:c.own] }

// Routines are the events of the team's routines among Posts.
func (c FeedContent) Routines() []*Post { return c.Posts[c.own:] }

// OverdueMarks is MarkOverdue's work for a feed whose own posts are
// posts (or those of them in OverdueWindow: no other can be marked): what
// it marks of each post it marks (see FeedContent.Marked), the marked copy
// of one of those, made when asked for, and when the next awaited post
// becomes overdue. A feed brought up to date after a few posts changed
// marks its posts this way, without holding them all or copying those
// whose marks it has already written.
func OverdueMarks(posts []*Post, now time.Time, occs []Occurrence) (marks map[ID]string, marked func(ID) *Post, next time.Time) {
	own := make(map[ID]int, len(occs))
	for _, o := range occs {
		own[o.Post.ID] = -1
	}
	for i, p := range posts {
		if _, ok := own[p.ID]; ok {
			own[p.ID] = i
		}
	}
	recent := now.Add(-DueBack)
	by := map[ID][]Occurrence{} // the occurrences that mark each post
	for _, o := range occs {
		i := own[o.Post.ID]
		if i < 0 {
			continue // not in this feed
		}
		if !o.Overdue(now) {
			if Awaited(o.Status()) {
				at := o.Start
				if o.Post.AllDay {
					at = o.End
				}
				if at.After(now) && (next.IsZero() || at.Before(next)) {
					next = at
				}
			}
			continue
		}
		if !o.End.After(recent) {
			continue
		}
		id := posts[i].ID
		by[id] = append(by[id], o)
		if marks == nil {
			marks = map[ID]string{}
		}
		if posts[i].Recurring() {
			marks[id] += o.Original.Format("20060102T150405 ")
		} else {
			marks[id] = "!"
		}
	}
	marked = func(id ID) *Post {
		i, ok := own[id]
		if !ok || i < 0 || len(by[id]) == 0 {
			return nil
		}
		p := posts[i].Clone()
		for _, o := range by[id] {
			markOverdue(p, o)
		}
		return p
	}
	return marks, marked, next
}

func markOverdue(p *Post, o Occurrence) {
	since := o.Start
	if p.AllDay {
		since = o.End
	}
	if since.After(p.Updated) {
		p.Updated = since.UTC()
	}
	if !p.Recurring() {
		p.Title = OverduePrefix + p.Title
		return
	}
	i := slices.IndexFunc(p.Overrides, func(x Override) bool { return x.Original.Equal(o.Original) })
	if i < 0 {
		p.Overrides = append(p.Overrides, Override{Original: o.Original})
		slices.SortFunc(p.Overrides, func(a, b Override) int { return a.Original.Compare(b.Original) })
		i = slices.IndexFunc(p.Overrides, func(x Override) bool { return x.Original.Equal(o.Original) })
	}
	p.Overrides[i].Title = OverduePrefix + o.Title()
}
