// Package feedrender writes the plan's subscribed feeds, each from its
// last render and the posts written since: the feed server and the
// publisher both serve feeds that must follow every edit, and reading
// and writing every post of a large plan after each one grew faster than
// the plan. What a feed shows is calendar.FeedItems's to decide and
// calendar/ics's to write; this package only decides what to read again.
package feedrender

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"postplan/calendar"
	"postplan/calendar/ics"
)

// Store is what the feeds are read from.
type Store interface {
	calendar.ChangesStore
	Occurrences(ctx context.Context, from, to time.Time) ([]calendar.Occurrence, error)
	// Generation changes whenever the plan is written.
	Generation() uint64
	// ChangesSince returns the posts written since generation from, and
	// the generation that brings a reader to; false when the plan cannot
	// tell (see storage.DB.ChangesSince).
	ChangesSince(from uint64) (ids []calendar.ID, to uint64, ok bool)
}

// maxPatch is how many posts written since the last render a render reads
// one by one; after more than that it reads the whole plan.
const maxPatch = 256

// Renderer writes the feeds of one plan. It is safe for concurrent use;
// renders of one feed take turns.
type Renderer struct {
	store Store
	log   *slog.Logger

	mu    sync.Mutex
	feeds map[string]*feedState // by feed name
}

// feedState is what a feed's last render left for the next.
type feedState struct {
	mu    sync.Mutex // held by a render of the feed
	own   ics.Own
	gen   uint64 // the plan's generation own is up to date with; 0 for none
	shape string // the feed's filter and options own was written for
}

// New returns a Renderer of store's feeds.
func New(store Store, log *slog.Logger) *Renderer {
	return &Renderer{store: store, log: log, feeds: map[string]*feedState{}}
}

// Render writes a feed's iCalendar bytes as of now: what calendar.FeedItems
// says it shows, overdue posts marked, with the events of unchanged posts
// taken from the feed's last render. When the plan can say which posts
// were written since that render, only those are read. It returns when a
// post in it next becomes overdue, which changes it.
func (r *Renderer) Render(ctx context.Context, f *calendar.Feed, now time.Time) (ics.Body, time.Time, error) {
	s := r.stateOf(f.Name)
	s.mu.Lock()
	defer s.mu.Unlock()
	shape := fmt.Sprintf("%#v %t", f.Filter, f.TitlesOnly)
	if s.gen != 0 && s.shape == shape {
		if ids, gen, ok := r.store.ChangesSince(s.gen); ok && len(ids) <= maxPatch {
			body, next, ok, err := r.patch(ctx, f, s, ids, now)
			if err != nil {
				return nil, time.Time{}, err
			}
			if ok {
				s.gen = gen
				return body, next, nil
			}
		}
	}
	gen := r.store.Generation() // before the plan is read: a later write is never missed
	content, err := calendar.LoadFeed(ctx, r.store, f, now)
	if err != nil {
		return nil, time.Time{}, err
	}
	from, to := calendar.OverdueWindow(now)
	occs, err := r.store.Occurrences(ctx, from, to)
	if err != nil {
		return nil, time.Time{}, err
	}
	next := content.MarkOverdue(now, occs)
	r.logLeftOut(content)
	body := s.own.Render(content)
	s.gen, s.shape = gen, shape
	return body, next, nil
}

// Forget drops what the feed called name left for its next render (a
// large feed's is tens of megabytes): for a feed turned off, which is
// rendered again, from the whole plan, only if it is turned on.
func (r *Renderer) Forget(name string) {
	r.mu.Lock()
	delete(r.feeds, name)
	r.mu.Unlock()
}

func (r *Renderer) stateOf(name string) *feedState {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.feeds[name]
	if s == nil {
		s = &feedState{}
		r.feeds[name] = s
	}
	return s
}

// patch brings the feed's last render up to date with the posts ids; false
// when it has to be rendered in full.
func (r *Renderer) patch(ctx context.Context, f *calendar.Feed, s *feedState, ids []calendar.ID, now time.Time) (ics.Body, time.Time, bool, error) {
	content, err := calendar.LoadChanged(ctx, r.store, f, ids, now)
	if err != nil {
		return nil, time.Time{}, false, err
	}
	from, to := calendar.OverdueWindow(now)
	occs, err := r.store.Occurrences(ctx, from, to)
	if err != nil {
		return nil, time.Time{}, false, err
	}
	body, next, ok, err := s.own.Patch(content, ids, now, occs, func(id calendar.ID) (*calendar.Post, error) {
		p, err := r.store.FindPost(ctx, id)
		if calendar.ErrorCode(err) == calendar.ENOTFOUND {
			return nil, nil
		}
		return p, err
	})
	if ok {
		r.logLeftOut(content)
	}
	return body, next, ok, err
}

func (r *Renderer) logLeftOut(content calendar.FeedContent) {
	for id, err := range content.LeftOut {
		r.log.Warn("routine left out of a feed", "routine", id, "err", err)
	}
}
