package calendar_test

import (
	"strings"
	"testing"
	"time"

	"postplan/calendar"
)

// FuzzRule feeds arbitrary RRULE text to the parser and, when it is
// accepted, expands it: neither may panic, and expansion must respect the
// limits and return sorted occurrences inside the window.
func FuzzRule(f *testing.F) {
	for _, r := range oracleRules {
		f.Add(r, int64(0))
	}
	for _, r := range []string{"FREQ=DAILY;UNTIL=20260101", "RRULE:FREQ=WEEKLY;BYDAY=-1FR", "FREQ=MONTHLY;BYSETPOS=0",
		"FREQ=YEARLY;BYWEEKNO=-53", "FREQ=DAILY;COUNT=0", "FREQ=WEEKLY;INTERVAL=0", "FREQ=DAILY;BYHOUR=25",
		"FREQ=MONTHLY;BYMONTHDAY=0", ";;;", "FREQ=DAILY;UNTIL=2026", "FREQ=YEARLY;BYEASTER=0"} {
		f.Add(r, int64(86400*400))
	}
	loc, _ := calendar.LoadLocation("Europe/Copenhagen")
	f.Fuzz(func(t *testing.T, rule string, offset int64) {
		start := calendar.Wall(2026, 3, 29, 2, 30, 0).Add(time.Duration(offset%(86400*3650)) * time.Second)
		if _, err := calendar.ParseRule(rule, start, loc); err != nil {
			if calendar.ErrorField(err) != "recurrence.rule" {
				t.Fatalf("error without the rule field: %v", err)
			}
			return
		}
		p := &calendar.Post{Title: "f", Status: calendar.StatusDraft, Start: start, TimeZone: "Europe/Copenhagen",
			Recurrence: &calendar.Recurrence{Rule: rule}}
		from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		to := from.AddDate(1, 0, 0)
		occs, err := calendar.Expand(p, from, to)
		if err != nil {
			if !strings.Contains(err.Error(), "occurrences") {
				t.Fatalf("accepted rule failed to expand: %v", err)
			}
			return
		}
		for i, o := range occs {
			if !o.Start.Before(to) || !o.End.After(from) {
				t.Fatalf("occurrence %v outside the window", o.Start)
			}
			if i > 0 && o.Start.Before(occs[i-1].Start) {
				t.Fatalf("occurrences out of order at %d", i)
			}
		}
	})
}
