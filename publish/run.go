package publish

import (
	"context"
	"time"

	"postplan/calendar"
	"postplan/credentials"
)

// Run publishes until ctx ends: once at the start, then after the plan
// changes and rests for Quiet (at most MaxDelay after the first change),
// when the day changes, every Recheck if the files changed, and at NextTry
// after a failure. It reads the plan's generation and the clock every Tick,
// which also notices a day that changed while the computer slept.
func (p *Publisher) Run(ctx context.Context) {
	gen := p.store.Generation()
	day := p.today()
	var firstChange, lastChange time.Time
	lastCheck := p.Now()
	p.try(ctx, true)
	tick := time.NewTicker(p.Tick)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		now := p.Now()
		if g := p.store.Generation(); g != gen {
			gen, lastChange = g, now
			if firstChange.IsZero() {
				firstChange = now
			}
			p.setStatus(func(s *Status) {
				if s.Configured {
					s.Pending = true
				}
			})
		}
		st := p.Status()
		switch {
		case !firstChange.IsZero() && (now.Sub(lastChange) >= p.Quiet || now.Sub(firstChange) >= p.MaxDelay):
			firstChange, lastChange = time.Time{}, time.Time{}
			// A change after a failure still goes to the server.
			p.try(ctx, st.Problem != nil)
			lastCheck = now
		case p.today() != day:
			day = p.today()
			p.try(ctx, true)
			lastCheck = now
		case p.overdueSince(now):
			// A post became overdue: its feed and week page say so.
			p.try(ctx, false)
			lastCheck = now
		case st.Problem != nil && !st.NextTry.IsZero() && !now.Before(st.NextTry):
			p.try(ctx, true)
			lastCheck = now
		case now.Sub(lastCheck) >= p.Recheck:
			p.try(ctx, false)
			lastCheck = now
		}
	}
}

// overdueSince reports, once, that a post in the published files has
// become overdue since they were built. The next build sets the moment
// again; a failed one leaves retrying to NextTry.
func (p *Publisher) overdueSince(now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.staleAt.IsZero() || now.Before(p.staleAt) {
		return false
	}
	p.staleAt = time.Time{}
	return true
}

func (p *Publisher) try(ctx context.Context, force bool) {
	_, _ = p.Publish(ctx, force)
}

func (p *Publisher) today() string { return p.Now().In(p.Zone).Format(time.DateOnly) }

// SetTarget validates and saves where to publish, with the password kept
// where the target says (an empty password keeps the one kept already). It
// does not publish; the caller does, or Run does after the change.
func (p *Publisher) SetTarget(ctx context.Context, t Target, password string) (Target, error) {
	t = t.Normalize()
	if err := t.Validate(); err != nil {
		return t, err
	}
	old, hadOld, err := p.Target(ctx)
	if err != nil {
		return t, err
	}
	if password != "" {
		if err := p.creds.Set(t.Keep, t.Key(), password); err != nil {
			return t, keepError(t.Keep, err)
		}
	} else if t.User != "" {
		// Moving the password kept already to the new place.
		pw, err := p.creds.Get(old.Keep, old.Key())
		if hadOld && err == nil && (old.Keep != t.Keep || old.Key() != t.Key()) {
			if err := p.creds.Set(t.Keep, t.Key(), pw); err != nil {
				return t, keepError(t.Keep, err)
			}
		}
	}
	if hadOld && old.Key() != t.Key() {
		_ = p.creds.Delete(old.Key())
	}
	if err := p.store.PutSetting(ctx, setting, t); err != nil {
		return t, err
	}
	p.setStatus(func(s *Status) { s.Configured, s.Pending, s.Problem, s.NextTry = true, true, nil, time.Time{} })
	return t, nil
}

func keepError(place string, err error) error {
	if place == credentials.Keyring {
		return &Problem{ProblemKeyring, calendar.FieldErrorf("keep", "The keyring could not keep the password (%s); keep it in a file or for this session instead.", err.Error())}
	}
	return &Problem{ProblemKeyring, calendar.FieldErrorf("keep", "The password could not be kept: %s", err.Error())}
}

// RemoveTarget stops publishing: the files published are deleted from the
// server first when deleteFiles is set (a failure there changes nothing),
// then the target and its password are forgotten.
func (p *Publisher) RemoveTarget(ctx context.Context, deleteFiles bool) error {
	t, ok, err := p.Target(ctx)
	if err != nil || !ok {
		return err
	}
	if deleteFiles {
		none := t
		none.Feeds = nil
		if err := p.store.PutSetting(ctx, setting, none); err != nil {
			return err
		}
		if _, err := p.Publish(ctx, true); err != nil {
			_ = p.store.PutSetting(ctx, setting, t)
			return err
		}
	}
	if err := p.store.PutSetting(ctx, setting, Target{}); err != nil {
		return err
	}
	_ = p.creds.Delete(t.Key())
	p.mu.Lock()
	p.state = state{Files: map[string]published{}}
	p.mu.Unlock()
	_ = p.state.save(p.dir)
	p.setStatus(func(s *Status) { *s = Status{} })
	return nil
}
