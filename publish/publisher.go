package publish

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"postplan/calendar"
	"postplan/credentials"
	"postplan/feedrender"
)

// Publisher keeps the server's files in step with the plan: after every
// change (debounced), when the day changes, on demand, and again after a
// failure until it succeeds. Publishing never blocks editing: it reads the
// plan like any reader, and a failed publish only leaves it pending.
type Publisher struct {
	store Store
	creds *credentials.Store
	dir   string // the data folder, for the state
	log   *slog.Logger

	// The fields below may be set before Run; tests make them short.
	HTTP *http.Client
	Now  func() time.Time
	Zone *time.Location
	// Quiet is how long the plan must rest after a change before it is
	// published; MaxDelay bounds the wait while changes keep coming.
	Quiet, MaxDelay time.Duration
	// RetryMin and RetryMax bound the wait before trying again after the
	// network or the server failed.
	RetryMin, RetryMax time.Duration
	// Tick is how often Run looks for changes, a new day and retries.
	Tick time.Duration
	// Recheck is how often Run renders the files again without a change
	// to the plan (a post becoming late changes a week page); the server
	// is contacted only if they changed.
	Recheck time.Duration

	run sync.Mutex // one publish at a time

	mu        sync.Mutex
	status    Status
	state     state
	password  string // given for this process (postplan publish --password-file)
	builder   builder
	staleAt   time.Time // when the files published next change by themselves: a post becomes overdue
	listeners []func(Status)
	failures  int
}

// Status is what the feeds view and `postplan publish` show.
type Status struct {
	Configured bool `json:"configured"`
	// Pending means the server does not have the plan's latest: a change
	// waits for its quiet moment or for the next try.
	Pending     bool      `json:"pending"`
	Publishing  bool      `json:"publishing"`
	LastSuccess time.Time `json:"lastSuccess,omitzero"`
	LastTry     time.Time `json:"lastTry,omitzero"`
	NextTry     time.Time `json:"nextTry,omitzero"`
	Problem     *Problem  `json:"-"`
}

// Report is what one publish did.
type Report struct {
	Uploaded  []string
	Deleted   []string
	Unchanged int
	// Contacted says whether the server was asked at all: an unchanged
	// plan that was checked recently is not.
	Contacted bool
}

// New returns a Publisher for the plan in dir.
func New(store Store, creds *credentials.Store, dir string, log *slog.Logger) *Publisher {
	p := &Publisher{store: store, creds: creds, dir: dir, log: log, HTTP: NewHTTPClient(), Now: time.Now, Zone: time.Local,
		Quiet: 2 * time.Second, MaxDelay: 8 * time.Second, RetryMin: 5 * time.Second, RetryMax: 2 * time.Minute,
		Tick: time.Second, Recheck: 10 * time.Minute}
	p.state = loadState(dir)
	p.status.LastSuccess = p.state.LastSuccess
	p.builder = builder{store: store, feeds: feedrender.New(store, log)}
	return p
}

// ShareRenderer makes the publisher render its feeds with r, which the
// window's feed server uses too: a feed both publish is rendered and kept
// once. Call it before the publisher runs.
func (p *Publisher) ShareRenderer(r *feedrender.Renderer) {
	p.mu.Lock()
	p.builder.feeds = r
	p.mu.Unlock()
}

// UsePassword gives the password for this process only, instead of the
// place the target keeps it (`postplan publish --password-file`).
func (p *Publisher) UsePassword(pw string) {
	p.mu.Lock()
	p.password = pw
	p.mu.Unlock()
}

// OnStatus calls fn with every new status.
func (p *Publisher) OnStatus(fn func(Status)) {
	p.mu.Lock()
	p.listeners = append(p.listeners, fn)
	p.mu.Unlock()
}

// Status returns the publisher's state now.
func (p *Publisher) Status() Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.status
}

func (p *Publisher) setStatus(change func(s *Status)) {
	p.mu.Lock()
	change(&p.status)
	s, ls := p.status, slices.Clone(p.listeners)
	p.mu.Unlock()
	for _, fn := range ls {
		fn(s)
	}
}

// Target returns the saved target; ok is false when there is none.
func (p *Publisher) Target(ctx context.Context) (t Target, ok bool, err error) {
	ok, err = p.store.Setting(ctx, setting, &t)
	if ok && t.URL == "" {
		ok = false
	}
	return t, ok, err
}

// ErrNoTarget means publishing has not been set up.
var ErrNoTarget = calendar.Errorf(calendar.ENOTFOUND, "Publishing is not set up: enter the server's folder first.")

// Publish brings the server's files in step with the plan now, and says
// what it did. A failure leaves the publish pending; Run tries again.
// force asks the server even when nothing changed here.
func (p *Publisher) Publish(ctx context.Context, force bool) (Report, error) {
	p.run.Lock()
	defer p.run.Unlock()
	now := p.Now()
	p.setStatus(func(s *Status) { s.Publishing, s.LastTry = true, now })
	rep, err := p.publish(ctx, now, force)
	if ctx.Err() != nil {
		// Stopped (the window closed): not a problem of the server's; what
		// was not published stays pending for the next start.
		p.setStatus(func(s *Status) { s.Publishing, s.Pending = false, true })
		return rep, ctx.Err()
	}
	p.mu.Lock()
	if err != nil {
		p.failures++
	} else {
		p.failures = 0
	}
	failures := p.failures
	p.mu.Unlock()
	p.setStatus(func(s *Status) {
		s.Publishing = false
		s.Configured = !errors.Is(err, ErrNoTarget)
		switch {
		case errors.Is(err, ErrNoTarget):
			s.Pending, s.Problem, s.NextTry = false, nil, time.Time{}
		case err != nil:
			pr := describe(err, p.lastTarget(ctx))
			s.Pending, s.Problem = true, pr
			s.NextTry = time.Time{}
			if d := pr.retryAfter(p.RetryMin, p.RetryMax, failures-1); d > 0 {
				s.NextTry = p.Now().Add(d)
			}
		default:
			s.Pending, s.Problem, s.NextTry = false, nil, time.Time{}
			if rep.Contacted {
				s.LastSuccess = p.Now()
			}
		}
	})
	if err != nil {
		if errors.Is(err, ErrNoTarget) {
			return rep, err
		}
		pr := p.Status().Problem
		p.log.Warn("publish failed", "kind", pr.Kind, "err", pr.Err.Error())
		return rep, pr
	}
	if len(rep.Uploaded)+len(rep.Deleted) > 0 {
		p.log.Info("published", "uploaded", len(rep.Uploaded), "deleted", len(rep.Deleted), "unchanged", rep.Unchanged)
	}
	return rep, nil
}

func (p *Publisher) lastTarget(ctx context.Context) Target {
	t, _, _ := p.Target(ctx)
	return t
}

// publish does the work of Publish under its lock.
func (p *Publisher) publish(ctx context.Context, now time.Time, force bool) (Report, error) {
	var rep Report
	t, ok, err := p.Target(ctx)
	if err != nil {
		return rep, err
	}
	if !ok {
		return rep, ErrNoTarget
	}
	feeds, err := p.store.Feeds(ctx)
	if err != nil {
		return rep, err
	}
	p.builder.zone = p.Zone
	files, err := p.builder.build(ctx, t, feeds, now)
	if err != nil {
		return rep, err
	}
	p.mu.Lock()
	p.staleAt = p.builder.staleAt
	p.mu.Unlock()
	p.mu.Lock()
	st := p.state
	p.mu.Unlock()
	if st.Target != t.Key() {
		st = state{Target: t.Key(), Files: map[string]published{}}
	}
	wanted := map[string]bool{}
	changed := false
	for _, f := range files {
		wanted[f.Name] = true
		if old, ok := st.Files[f.Name]; !ok || old.Hash != f.Hash {
			changed = true
		}
	}
	for name := range st.Files {
		if !wanted[name] {
			changed = true
		}
	}
	if !changed && !force {
		rep.Unchanged = len(files)
		return rep, nil
	}
	password, err := p.passwordFor(t)
	if err != nil {
		return rep, err
	}
	r, err := dial(p.HTTP, t, password)
	if err != nil {
		return rep, err
	}
	rep.Contacted = true
	there, err := r.list(ctx)
	if err != nil {
		return rep, err
	}
	next := state{Target: t.Key(), Files: map[string]published{}, LastSuccess: st.LastSuccess}
	for i := range files {
		f := &files[i]
		old, had := st.Files[f.Name]
		if etag, ok := there[f.Name]; had && ok && old.Hash == f.Hash && (old.ETag == "" || old.ETag == etag) {
			next.Files[f.Name] = old
			rep.Unchanged++
			continue
		}
		body, err := f.bytes(now)
		if err != nil {
			return rep, err
		}
		if err := r.put(ctx, f.Name, f.ContentType, body); err != nil {
			p.keepPartial(st, next)
			return rep, err
		}
		next.Files[f.Name] = published{Feed: f.Feed, Hash: f.Hash}
		rep.Uploaded = append(rep.Uploaded, f.Name)
	}
	// What this plan published before and publishes no more goes: a
	// revoked feed, a feed taken off the list, a new token's old files, a
	// week gone by. So do uploads a failure left behind.
	owned := func(name string) bool {
		if _, ok := st.Files[name]; ok {
			return true
		}
		for i := range feeds {
			if NamesOf(&feeds[i]).owns(name) {
				return true
			}
		}
		return len(name) > len(tempPrefix) && name[:len(tempPrefix)] == tempPrefix
	}
	for name := range there {
		if wanted[name] || !owned(name) {
			continue
		}
		if err := r.remove(ctx, name); err != nil {
			p.keepPartial(st, next)
			return rep, err
		}
		rep.Deleted = append(rep.Deleted, name)
	}
	if len(rep.Uploaded) > 0 {
		// The ETags the server gives the new files, to notice later when
		// someone changes or removes one there.
		if there, err = r.list(ctx); err == nil {
			for _, name := range rep.Uploaded {
				f := next.Files[name]
				f.ETag = there[name]
				next.Files[name] = f
			}
		}
	}
	next.LastSuccess = p.Now()
	p.mu.Lock()
	p.state = next
	p.mu.Unlock()
	if err := next.save(p.dir); err != nil {
		p.log.Warn("publish state not saved", "err", err)
	}
	return rep, nil
}

// keepPartial remembers what a failed publish did upload, merged over what
// was there before, so the next try does not upload it again.
func (p *Publisher) keepPartial(before, done state) {
	merged := state{Target: done.Target, Files: map[string]published{}, LastSuccess: before.LastSuccess}
	if before.Target == done.Target {
		for k, v := range before.Files {
			merged.Files[k] = v
		}
	}
	for k, v := range done.Files {
		merged.Files[k] = v
	}
	p.mu.Lock()
	p.state = merged
	p.mu.Unlock()
	_ = merged.save(p.dir)
}

// passwordFor returns the password to send; none is needed without a user.
func (p *Publisher) passwordFor(t Target) (string, error) {
	p.mu.Lock()
	given := p.password
	p.mu.Unlock()
	if given != "" {
		return given, nil
	}
	if t.User == "" {
		return "", nil
	}
	pw, err := p.creds.Get(t.Keep, t.Key())
	switch {
	case errors.Is(err, credentials.ErrNone):
		return "", &Problem{ProblemNeedPassword, calendar.Errorf(calendar.ENOTFOUND, "Type the password for %s to publish.", t.User)}
	case err != nil:
		return "", &Problem{ProblemKeyring, calendar.Errorf(calendar.EINTERNAL, "The keyring did not give the password: %s", err.Error())}
	}
	return pw, nil
}
