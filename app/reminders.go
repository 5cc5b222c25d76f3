package app

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"postplan/calendar"
)

// ReminderStore is what reminders read and keep.
type ReminderStore interface {
	Occurrences(ctx context.Context, from, to time.Time) ([]calendar.Occurrence, error)
	SettingStore
}

// Reminders tells the user when a post is due. The schedule runs here, in
// Go, so it keeps time while the window is minimised; the window words the
// reminder in its language and hands it back to Notify, which shows it
// through the system's notification service (Wails: D-Bus on Linux, toasts
// on Windows, the notification centre on macOS).
type Reminders struct {
	ctx   context.Context
	store ReminderStore
	log   *slog.Logger
	now   func() time.Time
	emit  func(name string, data any)

	// Tick is how often the schedule looks at the clock; Late is how far
	// behind it may fall (a suspended laptop, a closed app) before what it
	// missed is listed instead of fired.
	Tick, Late time.Duration

	mu      sync.Mutex
	missed  []ReminderView
	sent    map[string]bool // notices shown, so two windows (wails dev) do not show one twice
	notify  func(runtime.NotificationOptions) error
	stop    context.CancelFunc
	stopped chan struct{}
	started chan struct{} // closed once startup's work is done
}

// ReminderView is one reminder as the window shows it.
type ReminderView struct {
	Key      string   `json:"key"` // unique per occurrence and moment
	PostID   string   `json:"postId"`
	Original string   `json:"original"` // as in PostInput; empty for a post that does not repeat
	Title    string   `json:"title"`
	Channels []string `json:"channels"`
	Start    string   `json:"start"` // RFC 3339
	AllDay   bool     `json:"allDay"`
	Before   int      `json:"before"` // minutes ahead of the start; 0 at it
}

// reminderState is what survives a restart: the moment up to which every
// reminder has been handled.
type reminderState struct {
	Through time.Time `json:"through"`
}

// NewReminders returns the reminder schedule over store.
func NewReminders(store ReminderStore, log *slog.Logger) *Reminders {
	return &Reminders{ctx: context.Background(), store: store, log: log, now: time.Now,
		Tick: time.Second, Late: 2 * time.Minute, sent: map[string]bool{}}
}

// startup connects to the notification service and starts the schedule.
// startup connects to the notification service and starts the schedule
// beside the window's start: the first is a D-Bus round trip, the second
// reads the posts due since the app last ran (30 ms at 100,000 posts),
// and neither need hold up the first calendar. Missed waits for it.
func (r *Reminders) startup(ctx context.Context) {
	r.ctx = ctx
	r.emit = func(name string, data any) { runtime.EventsEmit(ctx, name, data) }
	r.started = make(chan struct{})
	go func() {
		defer close(r.started)
		if err := runtime.InitializeNotifications(ctx); err != nil {
			// No notification service (no D-Bus session, say): the
			// window still shows its own reminders.
			r.log.Warn("desktop notifications unavailable", "err", err)
		} else {
			r.mu.Lock()
			r.notify = func(o runtime.NotificationOptions) error { return runtime.SendNotification(ctx, o) }
			r.mu.Unlock()
			runtime.OnNotificationResponse(ctx, r.clicked)
		}
		r.start()
	}()
}

// start lists what was missed while the app was closed and runs the
// schedule until shutdown.
func (r *Reminders) start() {
	through := r.loadThrough()
	loop, cancel := context.WithCancel(r.ctx)
	r.stop, r.stopped = cancel, make(chan struct{})
	now := r.now()
	missed := r.due(through, now)
	if len(missed) > 0 {
		r.log.Info("reminders missed while closed", "posts", len(missed))
	}
	r.mu.Lock()
	r.missed = missed
	r.mu.Unlock()
	r.saveThrough(now)
	go r.run(loop, now)
}

func (r *Reminders) shutdown() {
	if r.started != nil {
		<-r.started
	}
	if r.stop == nil {
		return
	}
	r.stop()
	<-r.stopped
	r.saveThrough(r.now())
	if r.notify != nil {
		runtime.CleanupNotifications(r.ctx)
	}
}

func (r *Reminders) run(ctx context.Context, through time.Time) {
	defer close(r.stopped)
	t := time.NewTicker(r.Tick)
	defer t.Stop()
	saved := through
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := r.now()
		through = r.check(through, now)
		if now.Sub(saved) >= time.Minute {
			r.saveThrough(now)
			saved = now
		}
	}
}

// check handles the reminders in (through, now] and returns now. What
// fell due longer than Late ago (the laptop slept) is listed as missed, not
// fired at once.
func (r *Reminders) check(through, now time.Time) time.Time {
	if !now.After(through) {
		return through
	}
	if now.Sub(through) > r.Late {
		cut := now.Add(-r.Late)
		if missed := r.due(through, cut); len(missed) > 0 {
			r.mu.Lock()
			r.missed = append(r.missed, missed...)
			r.mu.Unlock()
			r.send("reminders:missed", missed)
		}
		through = cut
	}
	prefs := r.prefs()
	before := time.Duration(prefs.RemindBefore) * time.Minute
	occs, err := r.store.Occurrences(r.ctx, through.Add(-time.Minute), now.Add(before+time.Minute))
	if err != nil {
		r.log.Warn("reminders", "err", err)
		return through // tried again on the next tick
	}
	rs := calendar.Reminders(occs, before, through, now)
	changed := false
	var views []ReminderView
	for _, rm := range rs {
		changed = changed || rm.Before == 0
		if prefs.Remind {
			views = append(views, toReminderView(rm))
		}
	}
	if len(views) > 0 {
		r.send("reminders", views)
	}
	if changed || !sameDay(through, now) {
		// A post became overdue, or the day turned: the calendar's marks
		// and the Due now list change.
		r.send("due:changed", now.Format(time.RFC3339))
	}
	return now
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Local().Date()
	by, bm, bd := b.Local().Date()
	return ay == by && am == bm && ad == bd
}

// due returns the occurrences whose start fell in (after, until] and that
// are still awaited, for the missed list.
func (r *Reminders) due(after, until time.Time) []ReminderView {
	if after.IsZero() || !until.After(after) {
		return nil
	}
	if until.Sub(after) > calendar.DueBack {
		after = until.Add(-calendar.DueBack)
	}
	occs, err := r.store.Occurrences(r.ctx, after.Add(-time.Minute), until.Add(time.Minute))
	if err != nil {
		r.log.Warn("missed reminders", "err", err)
		return nil
	}
	var out []ReminderView
	for _, rm := range calendar.Reminders(occs, 0, after, until) {
		out = append(out, toReminderView(rm))
	}
	return out
}

func toReminderView(rm calendar.Reminder) ReminderView {
	o := rm.Occurrence
	v := ReminderView{PostID: string(o.Post.ID), Title: o.Title(), Channels: nonNil(o.Post.Channels),
		Start: o.Start.Format(time.RFC3339), AllDay: o.Post.AllDay, Before: int(rm.Before / time.Minute)}
	if o.Post.Recurring() {
		v.Original = o.Original.Format(originalLayout)
	}
	v.Key = fmt.Sprintf("%s/%s/%d", v.PostID, v.Original, v.Before)
	return v
}

// Missed returns the reminders that fell due while Postplan was closed (or
// the computer slept), once: the window lists them when it opens.
func (r *Reminders) Missed() []ReminderView {
	if r.started != nil {
		<-r.started
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	m := r.missed
	r.missed = nil
	if m == nil {
		m = []ReminderView{}
	}
	return m
}

// Notice is a reminder worded by the window.
type Notice struct {
	Key      string `json:"key"`
	Title    string `json:"title"`
	Body     string `json:"body"`
	PostID   string `json:"postId"`
	Original string `json:"original"`
}

// Notify shows a notice on the desktop, once per key. It reports whether
// the system's notification service took it; without one the window's own
// reminder is all there is.
func (r *Reminders) Notify(n Notice) bool {
	r.mu.Lock()
	notify := r.notify // set by startup, beside the window's start
	if notify == nil || r.sent[n.Key] {
		r.mu.Unlock()
		return notify != nil
	}
	r.sent[n.Key] = true
	r.mu.Unlock()
	err := notify(runtime.NotificationOptions{ID: "postplan-" + n.Key, Title: n.Title, Body: n.Body,
		Data: map[string]any{"postId": n.PostID, "original": n.Original}})
	if err != nil {
		r.log.Warn("desktop notification", "err", err)
		return false
	}
	r.log.Info("reminder shown", "post", n.PostID, "original", n.Original)
	return true
}

// clicked brings the window forward on the post a notification was about.
func (r *Reminders) clicked(res runtime.NotificationResult) {
	if res.Error != nil {
		r.log.Warn("notification response", "err", res.Error)
		return
	}
	id, _ := res.Response.UserInfo["postId"].(string)
	original, _ := res.Response.UserInfo["original"].(string)
	r.log.Info("reminder clicked", "post", id, "original", original)
	bringForward(r.ctx)
	r.send("reminder:open", map[string]string{"postId": id, "original": original})
}

func (r *Reminders) send(name string, data any) {
	if r.emit != nil {
		r.emit(name, data)
	}
}

func (r *Reminders) prefs() Preferences {
	p := defaultPreferences
	if _, err := r.store.Setting(r.ctx, "preferences", &p); err != nil {
		r.log.Warn("reminder preferences", "err", err)
	}
	return p
}

func (r *Reminders) loadThrough() time.Time {
	var s reminderState
	if _, err := r.store.Setting(r.ctx, "reminders", &s); err != nil {
		r.log.Warn("reminder state", "err", err)
	}
	return s.Through
}

func (r *Reminders) saveThrough(t time.Time) {
	if err := r.store.PutSetting(r.ctx, "reminders", reminderState{Through: t.UTC()}); err != nil {
		r.log.Warn("save reminder state", "err", err)
	}
}
