package calendar

import (
	"testing"
	"time"
)

// TestSeriesComputesBeforeItsHorizonRunsOut: a query that ends near what a
// series has computed gets every occurrence, in the zones furthest ahead
// of and behind UTC, whether it takes the path without the lock or not.
func TestSeriesComputesBeforeItsHorizonRunsOut(t *testing.T) {
	for _, zone := range []string{"Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Copenhagen"} {
		p := &Post{ID: "01TEST", Title: "Daily", Status: StatusScheduled, TimeZone: zone,
			Start: Wall(2026, 1, 5, 23, 30, 0), Recurrence: &Recurrence{Rule: "FREQ=DAILY"}}
		s, err := NewSeries(p)
		if err != nil {
			t.Fatal(err)
		}
		from := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
		s.Between(nil, from, from.AddDate(0, 0, 7))
		// Windows of two days ending from four days before the wall clock
		// it computed to (read as UTC) to two days after it, hour by hour.
		horizon := s.horizon
		for end := horizon.Add(-96 * time.Hour); end.Before(horizon.Add(48 * time.Hour)); end = end.Add(time.Hour) {
			got := s.Between(nil, end.Add(-48*time.Hour), end)
			want, err := Expand(p, end.Add(-48*time.Hour), end)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) || len(got) < 1 {
				t.Fatalf("%s, window ending %s: %d occurrences, want %d", zone, end, len(got), len(want))
			}
			for i := range got {
				if !got[i].Start.Equal(want[i].Start) {
					t.Fatalf("%s, window ending %s: occurrence %d at %s, want %s", zone, end, i, got[i].Start, want[i].Start)
				}
			}
		}
	}
}
