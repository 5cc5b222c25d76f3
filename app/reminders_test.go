package app

import (
	"log/slog"
	"sync"
	"testing"
	"time"
)

type events struct {
	mu  sync.Mutex
	got map[string][]any
}

func (e *events) emit(name string, data any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.got[name] = append(e.got[name], data)
}

func (e *events) reminders(name string) []ReminderView {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []ReminderView
	for _, d := range e.got[name] {
		out = append(out, d.([]ReminderView)...)
	}
	return out
}

// Three posts were due while Postplan was closed: they are listed once
// when it opens, not fired. While it runs, a post is reminded ten minutes
// ahead and at its time; after the laptop slept through a post's time,
// that post is listed as missed, not fired late.
func TestRemindersFireOnTimeAndListWhatWasMissed(t *testing.T) {
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	now := time.Date(2026, 11, 26, 9, 58, 0, 0, cph)
	_, _, p, db := newServices(t, now)
	for _, at := range []string{"07:00", "08:00", "09:00", "10:00", "11:30"} {
		if _, err := p.SavePost(PostInput{Title: "Post " + at, Channels: []string{"Instagram"}, Date: "2026-11-26", Time: at,
			TimeZone: "Europe/Copenhagen", Status: "scheduled"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.SavePost(PostInput{Title: "Idea", Date: "2026-11-26", Time: "08:30", TimeZone: "Europe/Copenhagen", Status: "idea"}); err != nil {
		t.Fatal(err)
	}
	r := NewReminders(db, slog.New(slog.DiscardHandler))
	ev := &events{got: map[string][]any{}}
	r.emit, r.now = ev.emit, func() time.Time { return now }
	r.Tick = time.Hour // the test calls check itself
	r.saveThrough(time.Date(2026, 11, 26, 6, 30, 0, 0, cph))
	if err := r.store.PutSetting(r.ctx, "preferences", Preferences{FirstDay: 1, View: "dayGridMonth", Remind: true, RemindBefore: 10}); err != nil {
		t.Fatal(err)
	}
	r.start()
	missed := r.Missed()
	if len(missed) != 3 || missed[0].Title != "Post 07:00" || missed[2].Title != "Post 09:00" {
		t.Fatalf("missed while closed: %+v", missed)
	}
	if again := r.Missed(); len(again) != 0 {
		t.Fatalf("missed listed twice: %+v", again)
	}
	r.shutdown()
	if len(ev.reminders("reminders")) != 0 {
		t.Fatalf("fired on opening: %+v", ev.reminders("reminders"))
	}

	through := r.check(now, time.Date(2026, 11, 26, 10, 0, 5, 0, cph))
	fired := ev.reminders("reminders")
	if len(fired) != 1 || fired[0].Title != "Post 10:00" || fired[0].Before != 0 {
		t.Fatalf("at 10:00: %+v", fired)
	}
	if len(ev.got["due:changed"]) != 1 {
		t.Fatalf("a post became overdue without due:changed: %v", ev.got["due:changed"])
	}
	// Asleep from 10:00:05 to 11:20: nothing fell due in between, and the
	// reminder ten minutes ahead of 11:30 is on time.
	r.check(through, time.Date(2026, 11, 26, 11, 20, 0, 0, cph))
	fired = ev.reminders("reminders")
	if len(fired) != 2 || fired[1].Title != "Post 11:30" || fired[1].Before != 10 {
		t.Fatalf("at 11:20: %+v", fired)
	}
	if m := ev.reminders("reminders:missed"); len(m) != 0 {
		t.Fatalf("missed at 11:20: %+v", m)
	}

	// The laptop slept from 10:00:05 to 11:40: the 11:30 post is listed as
	// missed, its 11:20 reminder too late to matter.
	ev2 := &events{got: map[string][]any{}}
	r.emit = ev2.emit
	r.check(time.Date(2026, 11, 26, 10, 0, 5, 0, cph), time.Date(2026, 11, 26, 11, 40, 0, 0, cph))
	if m := ev2.reminders("reminders:missed"); len(m) != 1 || m[0].Title != "Post 11:30" {
		t.Fatalf("missed while asleep: %+v", m)
	}
	if f := ev2.reminders("reminders"); len(f) != 0 {
		t.Fatalf("fired late: %+v", f)
	}
}
