package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"postplan/calendar"
	"postplan/credentials"
	"postplan/publish"
	"postplan/storage"
)

// Publishing puts the feeds on the team's WebDAV server, so colleagues'
// calendars work while this computer is off. It runs package publish's
// Publisher for as long as the window is open and tells the window each
// time its state changes ("publish:status").
type Publishing struct {
	ctx context.Context // the window's, for its events
	// run is cancelled at shutdown: Run and the background publishes end.
	run   context.Context
	stop  context.CancelFunc
	bg    sync.WaitGroup
	db    *storage.DB
	pub   *publish.Publisher
	creds *credentials.Store
	log   *slog.Logger
}

// TargetView is the publish target as the feeds view edits it. The
// password never comes back: HasPassword says whether one is kept.
type TargetView struct {
	Configured  bool     `json:"configured"`
	URL         string   `json:"url"`
	User        string   `json:"user"`
	Keep        string   `json:"keep"`
	PublicURL   string   `json:"publicUrl"`
	Feeds       []string `json:"feeds"`
	Language    string   `json:"language"`
	HasPassword bool     `json:"hasPassword"`
	// Keyring is "" when the system's keyring answers, else why not: the
	// view then offers a file or the session instead.
	Keyring string `json:"keyring"`
}

// TargetInput is a target from the feeds view; an empty password keeps the
// one kept already.
type TargetInput struct {
	URL       string   `json:"url"`
	User      string   `json:"user"`
	Password  string   `json:"password"`
	Keep      string   `json:"keep"`
	PublicURL string   `json:"publicUrl"`
	Feeds     []string `json:"feeds"`
	Language  string   `json:"language"`
}

// PublishView is the publisher's state as the feeds view shows it. Times
// are RFC 3339, "" for never.
type PublishView struct {
	Configured  bool              `json:"configured"`
	Pending     bool              `json:"pending"`
	Publishing  bool              `json:"publishing"`
	LastSuccess string            `json:"lastSuccess"`
	NextTry     string            `json:"nextTry"`
	Problem     *PublishProblem   `json:"problem"`
	Feeds       []PublishedFeedAt `json:"feeds"`
}

// PublishProblem is why the last publish failed, translatable like any
// error from Go (format and args).
type PublishProblem struct {
	Kind    string   `json:"kind"`
	Message string   `json:"message"`
	Format  string   `json:"format"`
	Args    []string `json:"args"`
}

// PublishedFeedAt is where colleagues find a published feed.
type PublishedFeedAt struct {
	Name      string `json:"name"`
	HTTPURL   string `json:"httpUrl"`
	WebcalURL string `json:"webcalUrl"`
	WeekURL   string `json:"weekUrl"`
}

// NewPublishing returns the service; creds keeps the password.
func NewPublishing(db *storage.DB, creds *credentials.Store, log *slog.Logger) *Publishing {
	run, stop := context.WithCancel(context.Background())
	return &Publishing{ctx: context.Background(), run: run, stop: stop, db: db, creds: creds, log: log,
		pub: publish.New(db, creds, db.Dir(), log.With("component", "publish"))}
}

// startup starts publishing with the window: at once, then as the plan
// changes.
func (p *Publishing) startup(ctx context.Context) {
	p.ctx = ctx
	p.pub.OnStatus(func(publish.Status) { emit(ctx, "publish:status", p.view()) })
	p.background(func(ctx context.Context) { p.pub.Run(ctx) })
}

// background runs fn until it returns or shutdown cancels its context.
func (p *Publishing) background(fn func(ctx context.Context)) {
	p.bg.Add(1)
	go func() {
		defer p.bg.Done()
		fn(p.run)
	}()
}

// publishSoon publishes in the background; the window hears how it went.
func (p *Publishing) publishSoon() {
	p.background(func(ctx context.Context) { _, _ = p.pub.Publish(ctx, true) })
}

// shutdown stops publishing and waits for it; a publish under way is
// cancelled and stays pending for the next start.
func (p *Publishing) shutdown() {
	p.stop()
	p.bg.Wait()
}

// Target returns the target as saved.
func (p *Publishing) Target() (TargetView, error) {
	v := TargetView{Keep: credentials.Keyring, Language: "en", Feeds: []string{}}
	if err := p.creds.KeyringWorks(); err != nil {
		v.Keyring = err.Error()
		v.Keep = credentials.File
	}
	t, ok, err := p.pub.Target(p.ctx)
	if err != nil {
		return v, toBridge(p.log, "publish target", err)
	}
	if !ok {
		return v, nil
	}
	v.Configured, v.URL, v.User, v.Keep, v.PublicURL, v.Language = true, t.URL, t.User, t.Keep, t.PublicURL, t.Language
	v.Feeds = append(v.Feeds, t.Feeds...)
	_, err = p.creds.Get(t.Keep, t.Key())
	v.HasPassword = err == nil
	return v, nil
}

// SetTarget saves where to publish and publishes in the background; the
// window hears how it went ("publish:status").
func (p *Publishing) SetTarget(in TargetInput) (PublishView, error) {
	t := publish.Target{URL: in.URL, User: in.User, Keep: in.Keep, PublicURL: in.PublicURL, Feeds: in.Feeds, Language: in.Language}
	if t.Feeds == nil {
		t.Feeds = []string{}
	}
	if _, err := p.pub.SetTarget(p.ctx, t, in.Password); err != nil {
		return p.view(), p.bridge("set publish target", err)
	}
	p.publishSoon()
	return p.view(), nil
}

// SetFeedPublished chooses whether a feed is published.
func (p *Publishing) SetFeedPublished(name string, on bool) (PublishView, error) {
	t, ok, err := p.pub.Target(p.ctx)
	if err != nil {
		return p.view(), toBridge(p.log, "publish feed", err)
	}
	if !ok {
		return p.view(), toBridge(p.log, "publish feed", publish.ErrNoTarget)
	}
	t.Feeds = slices.DeleteFunc(t.Feeds, func(n string) bool { return n == name })
	if on {
		t.Feeds = append(t.Feeds, name)
	}
	if _, err := p.pub.SetTarget(p.ctx, t, ""); err != nil {
		return p.view(), p.bridge("publish feed", err)
	}
	return p.view(), nil
}

// SetPassword keeps the password where the target says, for a target whose
// password is kept for the session, or was refused; then publishes.
func (p *Publishing) SetPassword(password string) (PublishView, error) {
	t, ok, err := p.pub.Target(p.ctx)
	if err != nil || !ok {
		return p.view(), toBridge(p.log, "publish password", errors.Join(err, publish.ErrNoTarget))
	}
	if _, err := p.pub.SetTarget(p.ctx, t, password); err != nil {
		return p.view(), p.bridge("publish password", err)
	}
	p.publishSoon()
	return p.view(), nil
}

// PublishNow publishes and waits for the outcome.
func (p *Publishing) PublishNow() (PublishView, error) {
	_, err := p.pub.Publish(p.ctx, true)
	if err != nil {
		return p.view(), p.bridge("publish", err)
	}
	return p.view(), nil
}

// RemoveTarget stops publishing; with deleteFiles the files published are
// deleted from the server first.
func (p *Publishing) RemoveTarget(deleteFiles bool) (PublishView, error) {
	if err := p.pub.RemoveTarget(p.ctx, deleteFiles); err != nil {
		return p.view(), p.bridge("stop publishing", err)
	}
	return p.view(), nil
}

// Status returns the publisher's state.
func (p *Publishing) Status() PublishView { return p.view() }

func (p *Publishing) view() PublishView {
	st := p.pub.Status()
	v := PublishView{Configured: st.Configured, Pending: st.Pending, Publishing: st.Publishing, Feeds: []PublishedFeedAt{},
		LastSuccess: stamp(st.LastSuccess), NextTry: stamp(st.NextTry)}
	if st.Problem != nil {
		format, args := calendar.ErrorFormat(st.Problem.Err)
		v.Problem = &PublishProblem{Kind: st.Problem.Kind, Message: calendar.ErrorMessage(st.Problem.Err), Format: format, Args: []string{}}
		for _, a := range args {
			v.Problem.Args = append(v.Problem.Args, fmt.Sprint(a))
		}
	}
	t, ok, err := p.pub.Target(p.ctx)
	if err != nil || !ok {
		return v
	}
	v.Configured = true
	feeds, err := p.db.Feeds(p.ctx)
	if err != nil {
		return v
	}
	for i := range feeds {
		f := &feeds[i]
		if f.IsRevoked() || !t.Publishes(f.Name) {
			continue
		}
		names := publish.NamesOf(f)
		at := PublishedFeedAt{Name: f.Name, HTTPURL: t.PublicAddress(names.Calendar()),
			WeekURL: t.PublicAddress(names.Week(calendar.WeekOf(time.Now()), 0))}
		at.WebcalURL = publish.Webcal(at.HTTPURL)
		v.Feeds = append(v.Feeds, at)
	}
	return v
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// bridge sends a publish problem as the error it carries.
func (p *Publishing) bridge(op string, err error) error {
	var pr *publish.Problem
	if errors.As(err, &pr) {
		return toBridge(p.log, op, pr.Err)
	}
	return toBridge(p.log, op, err)
}
