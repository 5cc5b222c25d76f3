package calendar_test

import (
	"testing"
	"time"

	"postplan/calendar"
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	l, err := calendar.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name string
		zone string
		wall time.Time
		want string // RFC 3339 in the zone
	}{
		{"ordinary winter", "Europe/Copenhagen", calendar.Wall(2026, 1, 12, 9, 0, 0), "2026-01-12T09:00:00+01:00"},
		{"ordinary summer", "Europe/Copenhagen", calendar.Wall(2026, 7, 13, 9, 0, 0), "2026-07-13T09:00:00+02:00"},
		{"gap moves forward by the gap", "Europe/Copenhagen", calendar.Wall(2026, 3, 29, 2, 30, 0), "2026-03-29T03:30:00+02:00"},
		{"gap start", "Europe/Stockholm", calendar.Wall(2026, 3, 29, 2, 0, 0), "2026-03-29T03:00:00+02:00"},
		{"just before gap", "Europe/Stockholm", calendar.Wall(2026, 3, 29, 1, 59, 0), "2026-03-29T01:59:00+01:00"},
		{"gap end exists", "Europe/Copenhagen", calendar.Wall(2026, 3, 29, 3, 0, 0), "2026-03-29T03:00:00+02:00"},
		{"overlap means the first", "Europe/Copenhagen", calendar.Wall(2026, 10, 25, 2, 30, 0), "2026-10-25T02:30:00+02:00"},
		{"overlap start means the first", "Europe/Stockholm", calendar.Wall(2026, 10, 25, 2, 0, 0), "2026-10-25T02:00:00+02:00"},
		{"after overlap", "Europe/Copenhagen", calendar.Wall(2026, 10, 25, 3, 0, 0), "2026-10-25T03:00:00+01:00"},
		{"New York gap", "America/New_York", calendar.Wall(2026, 3, 8, 2, 15, 0), "2026-03-08T03:15:00-04:00"},
		{"New York overlap", "America/New_York", calendar.Wall(2026, 11, 1, 1, 30, 0), "2026-11-01T01:30:00-04:00"},
		{"Lord Howe half-hour gap", "Australia/Lord_Howe", calendar.Wall(2026, 10, 4, 2, 15, 0), "2026-10-04T02:45:00+11:00"},
		{"UTC", "UTC", calendar.Wall(2028, 2, 29, 23, 59, 59), "2028-02-29T23:59:59Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := calendar.Resolve(tt.wall, mustLoc(t, tt.zone)).Format(time.RFC3339)
			if got != tt.want {
				t.Errorf("Resolve(%s, %s) = %s, want %s", tt.wall.Format("2006-01-02 15:04"), tt.zone, got, tt.want)
			}
		})
	}
}

func TestLoadLocationRefusesNonsense(t *testing.T) {
	for _, name := range []string{"", "Local", "Mars/Olympus_Mons", "../../etc/passwd"} {
		if _, err := calendar.LoadLocation(name); calendar.ErrorField(err) != "timeZone" {
			t.Errorf("LoadLocation(%q) err = %v, want a timeZone field error", name, err)
		}
	}
}

func TestAmbiguous(t *testing.T) {
	cph := mustLoc(t, "Europe/Copenhagen")
	for _, tt := range []struct {
		wall time.Time
		want bool
	}{
		{calendar.Wall(2026, 3, 29, 1, 59, 0), false},
		{calendar.Wall(2026, 3, 29, 2, 0, 0), true},
		{calendar.Wall(2026, 3, 29, 2, 59, 0), true},
		{calendar.Wall(2026, 3, 29, 3, 0, 0), false},
		{calendar.Wall(2026, 10, 25, 1, 59, 0), false},
		{calendar.Wall(2026, 10, 25, 2, 0, 0), true},
		{calendar.Wall(2026, 10, 25, 2, 59, 0), true},
		{calendar.Wall(2026, 10, 25, 3, 0, 0), false},
		{calendar.Wall(2026, 7, 1, 2, 30, 0), false},
	} {
		if got := calendar.Ambiguous(tt.wall, cph); got != tt.want {
			t.Errorf("Ambiguous(%s) = %v, want %v", tt.wall.Format("2006-01-02 15:04"), got, tt.want)
		}
	}
}
