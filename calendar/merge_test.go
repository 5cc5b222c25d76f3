package calendar_test

import (
	"testing"
	"time"

	"postplan/calendar"
)

func TestMergeKeepsWhatTheFormatCannotHold(t *testing.T) {
	stored := &calendar.Post{ID: "01S", Title: "Ugens tip", Body: "Tekst", Channels: []string{"Instagram", "LinkedIn"},
		Variants: map[string]string{"Instagram": "Kort", "LinkedIn": "Lang"}, Media: []string{"/billeder/a.png"},
		Start: calendar.Wall(2026, 3, 2, 9, 0, 30), TimeZone: "Europe/Copenhagen", Status: calendar.StatusScheduled,
		Recurrence: &calendar.Recurrence{Rule: "FREQ=WEEKLY;COUNT=8", ExDates: []time.Time{calendar.Wall(2026, 3, 16, 9, 0, 30)}},
		Overrides: []calendar.Override{{Original: calendar.Wall(2026, 3, 9, 9, 0, 30), Title: "Ugens tip: påske"},
			{Original: calendar.Wall(2026, 3, 23, 9, 0, 30), Skipped: true}},
		Experiment: "01EXP", Sequence: 4}
	// A CSV row: the time to the minute, one channel fewer, no exceptions.
	row := &calendar.Post{ID: "01S", Title: "Ugens tip", Body: "Tekst", Channels: []string{"Instagram"},
		Start: calendar.Wall(2026, 3, 2, 9, 0, 0), TimeZone: "Europe/Copenhagen", Status: calendar.StatusScheduled,
		Recurrence: &calendar.Recurrence{Rule: "FREQ=WEEKLY;COUNT=8"}, Media: []string{"/billeder/a.png"}}
	m := calendar.Merge(stored, row, calendar.KeptByCSV)
	if !m.Start.Equal(stored.Start) || m.Experiment != "01EXP" || len(m.Overrides) != 2 || len(m.Recurrence.ExDates) != 1 {
		t.Errorf("CSV merge lost what a row cannot hold: %+v", m)
	}
	if len(m.Variants) != 1 || m.Variants["Instagram"] != "Kort" {
		t.Errorf("variants %v: want Instagram's only, LinkedIn having left the post", m.Variants)
	}
	if m.Sequence != 4 || calendar.SameContent(stored, m) {
		t.Errorf("sequence %d, same %t: the channel change must show", m.Sequence, calendar.SameContent(stored, m))
	}
	row.Channels = []string{"Instagram", "LinkedIn"}
	if !calendar.SameContent(stored, calendar.Merge(stored, row, calendar.KeptByCSV)) {
		t.Error("the row as the plan has it is not the same content")
	}

	// A calendar file writes a skipped occurrence as an EXDATE.
	file := stored.Clone()
	file.Variants, file.Media, file.Experiment = nil, nil, ""
	file.Overrides = file.Overrides[:1]
	file.Recurrence.ExDates = append(file.Recurrence.ExDates, calendar.Wall(2026, 3, 23, 9, 0, 30))
	if m := calendar.Merge(stored, file, calendar.KeptByICS); !calendar.SameContent(stored, m) {
		t.Errorf("our own .ics read back is not the same content: %+v", m)
	}
}

// A length equal to the default is the same as no length, as a calendar
// file cannot tell them apart; any other length is a change.
func TestTheDefaultLengthIsTheSameAsNone(t *testing.T) {
	timed := &calendar.Post{ID: "01T", Title: "Teaser", Start: calendar.Wall(2026, 3, 2, 9, 0, 0), TimeZone: "Europe/Copenhagen"}
	allDay := &calendar.Post{ID: "01A", Title: "Kampagnedag", Start: calendar.Wall(2026, 3, 2, 0, 0, 0), TimeZone: "Europe/Copenhagen", AllDay: true}
	for _, c := range []struct {
		p    *calendar.Post
		d    time.Duration
		same bool
	}{
		{timed, calendar.DefaultDuration, true},
		{timed, 45 * time.Minute, false},
		{allDay, 24 * time.Hour, true},
		{allDay, 48 * time.Hour, false},
	} {
		with := c.p.Clone()
		with.Duration = c.d
		if got := calendar.SameContent(c.p, with); got != c.same {
			t.Errorf("%s with no length and with %v: same %t, want %t", c.p.Title, c.d, got, c.same)
		}
	}
}
