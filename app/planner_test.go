package app

import (
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"postplan/storage"
)

func newPlanner(t *testing.T) *Planner {
	t.Helper()
	db, err := storage.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p := NewPlanner(db, slog.New(slog.DiscardHandler))
	p.now = func() time.Time { return time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC) }
	return p
}

func TestSamplePlanFillsTheMonth(t *testing.T) {
	p := newPlanner(t)
	if empty, err := p.IsEmpty(); err != nil || !empty {
		t.Fatalf("new plan: empty = %v, %v", empty, err)
	}
	n, err := p.LoadSamplePlan()
	if err != nil || n < 10 {
		t.Fatalf("LoadSamplePlan = %d, %v", n, err)
	}
	if empty, _ := p.IsEmpty(); empty {
		t.Error("still empty after loading the sample plan")
	}
	// November 2026's month view runs from Monday 26 Oct to Monday 7 Dec.
	views, err := p.Window("2026-10-26T00:00:00+01:00", "2026-12-07T00:00:00+01:00", Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var recurring, coloured, allDay int
	for _, v := range views {
		if v.Recurring {
			recurring++
			if !strings.Contains(v.ID, "/") {
				t.Errorf("series occurrence %q has no per-occurrence ID", v.ID)
			}
		}
		if v.Colour != "" {
			coloured++
		}
		if v.AllDay && v.Kind == "post" {
			allDay++
			if len(v.Start) != len("2006-01-02") {
				t.Errorf("all-day start %q is not a date", v.Start)
			}
		}
		if v.Initials == "" && v.Title != "Idé: medarbejder-takeover" && v.Kind != "meeting" {
			// every dated sample post has an assignee
			t.Errorf("%q has no assignee initials", v.Title)
		}
	}
	if recurring < 5 || coloured < 8 || allDay != 1 {
		t.Errorf("month view: %d recurring, %d coloured, %d all-day occurrences of %d", recurring, coloured, allDay, len(views))
	}

	_, err = p.LoadSamplePlan()
	var be bridgeError
	if err == nil || json.Unmarshal([]byte(err.Error()), &be) != nil || be.Code != "conflict" {
		t.Errorf("second LoadSamplePlan: err = %v, want a conflict the window can parse", err)
	}
}

func TestWindowRejectsBadBoundsAtTheField(t *testing.T) {
	p := newPlanner(t)
	_, err := p.Window("yesterday", "2026-12-07T00:00:00Z", Filter{})
	var be bridgeError
	if err == nil || json.Unmarshal([]byte(err.Error()), &be) != nil {
		t.Fatalf("err = %v, want a JSON bridge error", err)
	}
	if be.Code != "invalid" || be.Field != "from" || !strings.Contains(be.Message, `"yesterday" is not a date and time`) {
		t.Errorf("bridge error = %+v", be)
	}
}
