package calendar

import (
	"sync"
	"time"
)

// Wall returns the wall-clock time y-m-d h:min:s as Postplan stores it: the
// fields as given, carried in UTC.
func Wall(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, time.UTC)
}

// WallOf returns the wall clock that t shows in its own location.
func WallOf(t time.Time) time.Time {
	return Wall(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second())
}

var locations sync.Map // zone name -> *time.Location

// LoadLocation is time.LoadLocation with a cache (the standard one reads the
// zone database on every call) and a message a user can act on.
func LoadLocation(name string) (*time.Location, error) {
	if l, ok := locations.Load(name); ok {
		return l.(*time.Location), nil
	}
	if name == "" {
		return nil, FieldErrorf("timeZone", "Time zone is required.")
	}
	l, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, FieldErrorf("timeZone", "%q is not a time zone; use a name like Europe/Copenhagen.", name)
	}
	locations.Store(name, l)
	return l, nil
}

// Resolve turns a wall-clock time in loc into an instant, by Postplan's rule
// for the two hours a year where wall clocks lie:
//
//   - a time that does not exist (inside a spring-forward gap) moves forward
//     by the length of the gap, so 02:30 becomes 03:30, as dateutil and
//     Google Calendar do;
//   - a time that exists twice (inside a fall-back overlap) means the first
//     of the two, as RFC 5545 section 3.3.5 says.
//
// time.Date does not promise either: it picks one of the two zones.
func Resolve(wall time.Time, loc *time.Location) time.Time {
	t := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, loc)
	floating := wall.Unix()
	if sameWall(t, wall) {
		// Overlap: the same wall clock also exists in the zone period just
		// before the one time.Date chose.
		start, _ := t.ZoneBounds()
		if start.IsZero() {
			return t
		}
		_, prevOffset := start.Add(-time.Second).Zone()
		if earlier := time.Unix(floating-int64(prevOffset), 0).In(loc); earlier.Before(start) && sameWall(earlier, wall) {
			return earlier
		}
		return t
	}
	// Gap: read the wall clock with the offset in force before the jump.
	_, offset := t.Zone()
	if WallOf(t).After(wall) {
		start, _ := t.ZoneBounds()
		_, offset = start.Add(-time.Second).Zone()
	}
	return time.Unix(floating-int64(offset), 0).In(loc)
}

func sameWall(t, wall time.Time) bool {
	y, m, d := t.Date()
	wy, wm, wd := wall.Date()
	return y == wy && m == wm && d == wd && t.Hour() == wall.Hour() && t.Minute() == wall.Minute() && t.Second() == wall.Second()
}

// Ambiguous reports whether a wall clock in loc falls in a DST gap (it does
// not exist) or an overlap (it exists twice). Clients disagree on such
// times, so feeds write them as UTC instants.
func Ambiguous(wall time.Time, loc *time.Location) bool {
	t := Resolve(wall, loc)
	if !sameWall(t, wall) {
		return true
	}
	_, end := t.ZoneBounds()
	if end.IsZero() {
		return false
	}
	_, nextOffset := end.Zone()
	later := time.Unix(wall.Unix()-int64(nextOffset), 0).In(loc)
	return !later.Before(end) && sameWall(later, wall)
}
