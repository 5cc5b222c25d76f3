package ics_test

import (
	"io"
	"testing"

	"postplan/calendar"
	"postplan/calendar/ics"
)

// BenchmarkWrite2000 renders a feed of 2,000 events (1,900 posts and 100
// series) from scratch, with nothing cached.
func BenchmarkWrite2000(b *testing.B) {
	plan := calendar.Generate(calendar.GenerateOptions{Posts: 1900, Series: 100, Seed: 1})
	for _, p := range plan.Posts {
		p.Created, p.Updated = stamp, stamp
	}
	_, f := edgePlan()
	for b.Loop() {
		if err := ics.Write(io.Discard, f, plan.Posts, nil); err != nil {
			b.Fatal(err)
		}
	}
}
