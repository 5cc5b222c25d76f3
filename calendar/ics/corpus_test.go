package ics_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
	"postplan/calendar/ics"
)

// listed is one event as a calendar app lists it: when it starts (an
// instant in UTC, or a date for an all-day event) and its title.
type listed [2]string

// corpusWindow is the span compared: every event of the corpus is in it.
var corpusFrom, corpusTo = "2000-01-01T00:00:00Z", "2035-01-01T00:00:00Z"

// corpusZone is the zone a floating time is read in, on both sides.
const corpusZone = "Europe/Copenhagen"

// expand has a program we did not write list a calendar file's
// occurrences, cancelled ones left out: python3-recurring-ical-events
// (with python3-icalendar), or ical.js.
func expand(t *testing.T, oracle, zone, file string) []listed {
	t.Helper()
	var cmd *exec.Cmd
	switch oracle {
	case "ical.js":
		cmd = exec.Command("node", filepath.Join("..", "..", "frontend", "interop", "icaljs-expand.mjs"), file, corpusFrom, corpusTo, "--events")
		cmd.Env = append(os.Environ(), "TZ="+zone)
	default:
		cmd = exec.Command("/usr/bin/python3", filepath.Join("testdata", "rie_expand.py"), file, corpusFrom, corpusTo, zone)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s on %s: %v\n%s", oracle, filepath.Base(file), err, stderr.String())
	}
	got := []listed{}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	return got
}

// deviation is where a file is judged other than by recurring-ical-events
// on the file as it is, and why. There are few, and each says so.
type deviation struct {
	why string
	// oracle is "ical.js" where recurring-ical-events 2.0.1 (Debian 12's)
	// cannot read the file or reads it against what calendar apps do.
	oracle string
	// zone is where ical.js runs, for a file whose TZID has no VTIMEZONE
	// (ical.js reads such a time as floating, in the process's zone).
	zone string
	// edit is the file the oracle is given instead of the original.
	edit func(ics string) string
	// ours is what we deliberately list instead of what the oracle does.
	ours func(want []listed) []listed
}

var deviations = map[string]deviation{
	"alarm_absolute_edited.ics": {
		why:  "two revisions of one event (SEQUENCE 0 and 1): we import the newer, as RFC 5546 2.1.5 says; recurring-ical-events 2.0.1 lists both, so it is given the file without the older one",
		edit: dropEvent(func(e string) bool { return !strings.Contains(e, "SEQUENCE:1") }),
	},
	"issue_148_exdate_and_rdate_updated.ics": {
		why:  "two revisions of one event (SEQUENCE 1 and 2): we import the newer; recurring-ical-events 2.0.1 lists both, so it is given the file without the older one",
		edit: dropEvent(func(e string) bool { return strings.Contains(e, "SEQUENCE:1\n") }),
	},
	"end_before_start_event.ics": {
		why:    "DTEND before DTSTART: we keep the event at its start, as calendar apps show it; recurring-ical-events 2.0.1 stops on an assertion, so ical.js judges",
		oracle: "ical.js",
	},
	"issue_132_swapped_start_and_end.ics": {
		why:    "DTEND before DTSTART: we keep the event at its start, as calendar apps show it; recurring-ical-events 2.0.1 stops on an assertion, so ical.js judges",
		oracle: "ical.js",
	},
	"issue_113_period_in_rdate.ics": {
		why: "an RDATE given as a PERIOD: neither recurring-ical-events 2.0.1 nor ical.js reads one, so the oracle is given the period's start, which is where we place the listed (with the period's length)",
		edit: func(s string) string {
			return strings.ReplaceAll(s, "RDATE;VALUE=PERIOD;TZID=America/Vancouver:20231213T120000/20231213T150000", "RDATE;TZID=America/Vancouver:20231213T120000")
		},
	},
	"bad_rrule_missing_until_event.ics": {
		why:    "the rule misspells UNTIL (UNTL=...): we import the event once, with a note, rather than repeating it for ever as ical.js does (recurring-ical-events 2.0.1 stops on the unknown part); its TZID Europe/London has no VTIMEZONE",
		oracle: "ical.js",
		zone:   "Europe/London",
		ours:   func(want []listed) []listed { return want[:1] },
	},
	"recurring_events_changed_duration.ics": {
		why: "one listed of a timed series was made an all-day event: a Postplan series is all-day or timed throughout, so that listed is kept as a day from midnight (Europe/Berlin)",
		ours: func(want []listed) []listed {
			out := slices.Clone(want)
			for i, o := range out {
				if o[0] == "2019-03-10" {
					out[i][0] = "2019-03-09T23:00:00Z"
				}
			}
			return out
		},
	},
	"issue_201_test_matrix.ics": {
		why:    "events mixing a DATE start with a DATE-TIME end or duration (invalid in RFC 5545): we keep a DATE start as an all-day event, as ical.js does; recurring-ical-events 2.0.1 turns two of them into midnight UTC, so ical.js judges",
		oracle: "ical.js",
	},
	"thisandfuture.ics": {
		why:    "RANGE=THISANDFUTURE: recurring-ical-events 2.0.1 changes only the one listed, so ical.js, which applies it to the following ones as RFC 5545 says, judges",
		oracle: "ical.js",
	},
	"exdate-date.ics": {
		why:    "EXDATE as a DATE for a DATE-TIME series: calendar apps (and ical.js) leave out that day's listed; recurring-ical-events 2.0.1 ignores it, so ical.js judges",
		oracle: "ical.js",
	},
}

// dropEvent returns an edit that removes the one VEVENT for which drop is
// true.
func dropEvent(drop func(event string) bool) func(string) string {
	return func(s string) string {
		var out strings.Builder
		dropped := 0
		for {
			i := strings.Index(s, "BEGIN:VEVENT")
			if i < 0 {
				break
			}
			j := strings.Index(s[i:], "END:VEVENT")
			j = i + j + len("END:VEVENT")
			for j < len(s) && (s[j] == '\r' || s[j] == '\n') {
				j++
			}
			out.WriteString(s[:i])
			if drop(s[i:j]) {
				dropped++
			} else {
				out.WriteString(s[i:j])
			}
			s = s[j:]
		}
		if dropped != 1 {
			panic(fmt.Sprintf("dropped %d events, want 1", dropped))
		}
		out.WriteString(s)
		return out.String()
	}
}

// TestRealWorldCalendarsMeanTheSame imports calendars that other programs
// wrote and exports what it imported as .ics; a program we did not write
// expands both over 2000-2035, and a calendar app subscribed to either must
// show the same events: the same start instants with the same titles,
// cancelled ones left out. Where we deliberately differ, deviations says
// why, and an entry no longer needed fails the test.
func TestRealWorldCalendarsMeanTheSame(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "real-world", "*.ics"))
	if len(files) != 48 {
		t.Fatalf("found %d real-world calendars in testdata/real-world, want the 48", len(files))
	}
	families, _ := filepath.Glob(filepath.Join("testdata", "families", "*.ics"))
	if len(families) < 6 {
		t.Fatalf("found %d family calendars in testdata/families", len(families))
	}
	files = append(files, families...)
	compared, posts := 0, 0
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			imp, err := ics.Read(bytes.NewReader(b), ics.ReadOptions{Now: stamp, Zone: corpusZone})
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			for _, p := range imp.Plan.Posts {
				if err := p.Validate(lookup{imp.Plan}); err != nil {
					t.Errorf("imported %q does not validate: %v", p.Title, err)
				}
			}
			for _, pr := range imp.Problems {
				if pr.Property == "" || pr.Message == "" {
					t.Errorf("a problem without property or message: %+v", pr)
				}
			}
			posts += len(imp.Plan.Posts)
			dev := deviations[name]
			original := file
			if dev.edit != nil {
				original = filepath.Join(t.TempDir(), name)
				if err := os.WriteFile(original, []byte(dev.edit(string(b))), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			zone := corpusZone
			if dev.zone != "" {
				zone = dev.zone
			}
			want := expand(t, dev.oracle, zone, original)
			exported := filepath.Join(t.TempDir(), "ours.ics")
			if err := os.WriteFile(exported, render(t, feedOf(imp.Plan), imp.Plan.Posts, nil), 0o644); err != nil {
				t.Fatal(err)
			}
			got := withoutOurMarks(expand(t, dev.oracle, zone, exported), imp.Plan.Posts)
			if dev.ours != nil {
				if cmp.Equal(want, got) {
					t.Errorf("the deviation is no longer needed (%s)", dev.why)
				}
				want = dev.ours(want)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s lists the file and our export of it differently (-file +ours):\n%s\nimport notes: %v",
					oracleName(dev.oracle), diff, imp.Problems)
			}
			compared += len(want)
		})
	}
	t.Logf("%d files, %d posts, %d occurrences compared; %d deviations listed", len(files), posts, compared, len(deviations))
	if compared < 1500 {
		t.Errorf("only %d occurrences compared", compared)
	}
}

// withoutOurMarks undoes what our export adds to a title that the file
// did not have: channel marks ("[IG LI] ") for events whose categories
// named channels, and "(untitled)" for an event without a title (a post
// needs one).
func withoutOurMarks(occs []listed, posts []*calendar.Post) []listed {
	var marks []string
	for _, p := range posts {
		if m := ics.Summary(p.Channels, ""); m != "" && !slices.Contains(marks, m) {
			marks = append(marks, m)
		}
	}
	for i := range occs {
		for _, m := range marks {
			if s, ok := strings.CutPrefix(occs[i][1], m); ok {
				occs[i][1] = s
				break
			}
		}
		if occs[i][1] == "(untitled)" {
			occs[i][1] = ""
		}
	}
	slices.SortFunc(occs, func(a, b listed) int { return strings.Compare(a[0]+"\x00"+a[1], b[0]+"\x00"+b[1]) })
	return occs
}

func oracleName(o string) string {
	if o == "" {
		return "recurring-ical-events"
	}
	return o
}

// TestBareCommasKeepTheirText: RFC 5545 asks for commas in text to be
// escaped, and not every program does ("Coffee, cake and Q&A" as it was
// typed). A single text is read whole, as recurring-ical-events reads
// it; only the escapes there are undone.
func TestBareCommasKeepTheirText(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bare-commas.ics")
	body := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//A hand-made export//EN\r\n" +
		"BEGIN:VEVENT\r\nUID:bare-1@example.com\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T090000Z\r\n" +
		"SUMMARY:Coffee, cake and Q&A\r\nDESCRIPTION:Bring mugs, plates; and\\, if you can\\, a cake.\\nSee you\\; 10:00\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:bare-2@example.com\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260106T090000Z\r\n" +
		"SUMMARY:Escaped\\, as the RFC asks\\; with a \\\\ backslash\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	imp, err := ics.Read(strings.NewReader(body), ics.ReadOptions{Now: stamp, Zone: corpusZone})
	if err != nil || len(imp.Plan.Posts) != 2 {
		t.Fatalf("read %d posts, %v", len(imp.Plan.Posts), err)
	}
	var got, want []string
	for _, p := range imp.Plan.Posts {
		got = append(got, p.Title)
	}
	for _, l := range expand(t, "", corpusZone, file) {
		want = append(want, l[1])
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("titles differ from recurring-ical-events' (-oracle +ours):\n%s", diff)
	}
	if d, w := imp.Plan.Posts[0].Body, "Bring mugs, plates; and, if you can, a cake.\nSee you; 10:00"; d != w {
		t.Errorf("description %q, want %q", d, w)
	}
}
