package calendar

import (
	"testing"
	"time"
)

// epochDay counts t's date in its own zone: the same day number as the
// date taken apart and built again in UTC, across zones, DST changes,
// midnight and dates before 1970.
func TestEpochDayIsTheDateInItsZone(t *testing.T) {
	zones := []string{"UTC", "Europe/Copenhagen", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kolkata"}
	for _, name := range zones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		for at := time.Date(1969, 12, 25, 0, 0, 0, 0, time.UTC); at.Before(time.Date(1970, 1, 5, 0, 0, 0, 0, time.UTC)); at = at.Add(37 * time.Minute) {
			check(t, at.In(loc))
		}
		for at := time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC); at.Before(time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC)); at = at.Add(17 * time.Minute) {
			check(t, at.In(loc))
		}
	}
}

func check(t *testing.T, at time.Time) {
	t.Helper()
	y, m, d := at.Date()
	want := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	if got := epochDay(at); got != want {
		t.Fatalf("epochDay(%v) = %d, want %d", at, got, want)
	}
}
