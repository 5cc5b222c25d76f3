package ics_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/calendar/ics"
)

// Zone definitions in the shapes other programs write them.
const (
	// Outlook.com: Windows' rules, starting in 1601.
	outlookEU = `BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE`
	// Some Exchange servers: the offsets without the days they change on.
	exchangeMountain = `BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
TZOFFSETFROM:-0600
TZOFFSETTO:-0700
END:STANDARD
BEGIN:DAYLIGHT
TZOFFSETFROM:-0700
TZOFFSETTO:-0600
END:DAYLIGHT
END:VTIMEZONE`
	fixedFour = `BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:+0400
TZOFFSETTO:+0400
END:STANDARD
END:VTIMEZONE`
	// An event maker's copy of Sydney, named by its TZURL only.
	sydneyByURL = `BEGIN:VTIMEZONE
TZID:Customized Time Zone
TZURL:http://tzurl.org/zoneinfo-outlook/Australia/Sydney
X-LIC-LOCATION:Customized Time Zone
BEGIN:STANDARD
TZOFFSETFROM:+1100
TZOFFSETTO:+1000
TZNAME:AEST
DTSTART:19700405T030000
RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU
END:STANDARD
BEGIN:DAYLIGHT
TZOFFSETFROM:+1000
TZOFFSETTO:+1100
TZNAME:AEDT
DTSTART:19701004T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU
END:DAYLIGHT
END:VTIMEZONE`
	// Clocks that change on days no zone uses.
	nowhere = `BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:19700906T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=9
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700607T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=6
END:DAYLIGHT
END:VTIMEZONE`
	// US Eastern as Outlook writes it today, for a file going back to 2005,
	// before the US moved its clock changes.
	usEasternToday = `BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16011104T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010311T020000
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE`
)

func zoneCalendar(vtimezone, tzid string, starts ...string) []byte {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Other program//EN\n")
	if vtimezone != "" {
		b.WriteString(vtimezone + "\n")
	}
	for i, s := range starts {
		b.WriteString("BEGIN:VEVENT\nUID:zone-" + string(rune('a'+i)) + "@example.com\nDTSTAMP:20260101T000000Z\n")
		b.WriteString("SUMMARY:Post " + s + "\nDTSTART;TZID=\"" + tzid + "\":" + s + "\nEND:VEVENT\n")
	}
	b.WriteString("END:VCALENDAR\n")
	return []byte(strings.ReplaceAll(b.String(), "\n", "\r\n"))
}

// A TZID no zone database knows is read by what its name says or, failing
// that, by the clock changes its VTIMEZONE gives: the instants are the
// definition's (worked out by hand here; recurring-ical-events judges the
// family files in TestRealWorldCalendarsMeanTheSame), and the post is kept
// in the plan's zone where that changes its clocks the same way, else in a
// zone that does, with a note naming it.
func TestTimeZonesOfTheFilesOwn(t *testing.T) {
	for _, c := range []struct {
		name, def, tzid, plan string
		starts, want          []string // wall clocks in the file; the instants, UTC
		zone                  string   // "" when any zone keeping the instants will do
		note                  string   // a word the note has, or "" for none
	}{
		{"Outlook.com, in a plan with those rules", outlookEU, "Customized Time Zone", "Europe/Copenhagen",
			[]string{"20260120T090000", "20260715T090000"}, []string{"2026-01-20T08:00:00Z", "2026-07-15T07:00:00Z"},
			"Europe/Copenhagen", ""},
		{"Outlook.com, in a plan without", outlookEU, "Customized Time Zone", "America/Chicago",
			[]string{"20260329T013000", "20260329T033000"}, []string{"2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z"},
			"", "read as Europe/"},
		{"Exchange's offsets only", exchangeMountain, "Customized Time Zone", "Europe/Copenhagen",
			[]string{"20260115T090000", "20260715T090000"}, []string{"2026-01-15T16:00:00Z", "2026-07-15T15:00:00Z"},
			"America/Denver", "America/Denver"},
		{"a fixed offset", fixedFour, "Customized Time Zone", "Europe/Copenhagen",
			[]string{"20260115T090000", "20260715T090000"}, []string{"2026-01-15T05:00:00Z", "2026-07-15T05:00:00Z"},
			"Etc/GMT-4", "Etc/GMT-4"},
		{"named by its TZURL", sydneyByURL, "Customized Time Zone", "Europe/Copenhagen",
			[]string{"20210611T110000", "20211225T110000"}, []string{"2021-06-11T01:00:00Z", "2021-12-25T00:00:00Z"},
			"Australia/Sydney", "Australia/Sydney"},
		{"a Windows display name", strings.NewReplacer("TZURL:http://tzurl.org/zoneinfo-outlook/Australia/Sydney\n", "",
			"TZID:Customized Time Zone", "TZID:(UTC+10:00) Canberra, Melbourne, Sydney").Replace(sydneyByURL),
			"(UTC+10:00) Canberra, Melbourne, Sydney", "Europe/Copenhagen",
			[]string{"20260611T110000"}, []string{"2026-06-11T01:00:00Z"},
			"Australia/Canberra", "Australia/Canberra"}, // the first city it names
		{"today's rules for a file going back", usEasternToday, "Customized Time Zone", "Europe/Copenhagen",
			[]string{"20050715T090000", "20260310T090000"}, []string{"2005-07-15T13:00:00Z", "2026-03-10T13:00:00Z"},
			"America/New_York", "America/New_York"},
		{"Thunderbird's path, without a definition", "", "/mozilla.org/20050126_1/Europe/Stockholm", "Europe/Copenhagen",
			[]string{"20260312T083000"}, []string{"2026-03-12T07:30:00Z"}, "Europe/Stockholm", ""},
		{"Outlook's second definition of a Windows zone", "", "Eastern Standard Time 1", "Europe/Copenhagen",
			[]string{"20260302T090000"}, []string{"2026-03-02T14:00:00Z"}, "America/New_York", ""},
		{"Outlook's second definition of the plan's Windows zone", "", "Romance Standard Time 2", "Europe/Copenhagen",
			[]string{"20260302T090000"}, []string{"2026-03-02T08:00:00Z"}, "Europe/Copenhagen", ""},
		{"rules no zone keeps", nowhere, "Customized Time Zone", "Europe/Copenhagen",
			[]string{"20260715T090000"}, []string{"2026-07-15T07:00:00Z"}, "Europe/Copenhagen", "is not known"},
	} {
		t.Run(c.name, func(t *testing.T) {
			imp, err := ics.Read(bytes.NewReader(zoneCalendar(c.def, c.tzid, c.starts...)), ics.ReadOptions{Zone: c.plan, Now: stamp})
			if err != nil {
				t.Fatal(err)
			}
			if len(imp.Plan.Posts) != len(c.starts) {
				t.Fatalf("%d posts from %d events", len(imp.Plan.Posts), len(c.starts))
			}
			for i, p := range imp.Plan.Posts {
				loc, err := calendar.LoadLocation(p.TimeZone)
				if err != nil {
					t.Fatal(err)
				}
				at := calendar.Resolve(p.Start, loc).UTC().Format(time.RFC3339)
				if want := c.want[i]; at != want || c.zone != "" && p.TimeZone != c.zone {
					t.Errorf("%s: at %s in %s, want %s in %s", c.starts[i], at, p.TimeZone, want, c.zone)
				}
			}
			var notes []string
			for _, pr := range imp.Problems {
				notes = append(notes, pr.String())
			}
			switch all := strings.Join(notes, "\n"); {
			case c.note == "" && len(notes) > 0:
				t.Errorf("notes: %s", all)
			case c.note != "" && !strings.Contains(all, c.note):
				t.Errorf("notes %q, want one saying %q", all, c.note)
			}
		})
	}
}

// A definition that cannot be read changes nothing else: the file is read,
// its times in the plan's zone, with the note for a zone not known.
func TestABrokenZoneDefinitionIsNotKnown(t *testing.T) {
	for _, def := range []string{
		strings.Replace(outlookEU, "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10", "RRULE:FREQ=SOMETIMES", 1),
		strings.Replace(outlookEU, "TZOFFSETTO:+0100", "TZOFFSETTO:one hour", 1),
		strings.Replace(outlookEU, "DTSTART:16010101T030000", "DTSTART:in October", 1),
		"BEGIN:VTIMEZONE\nTZID:Customized Time Zone\nEND:VTIMEZONE",
	} {
		imp, err := ics.Read(bytes.NewReader(zoneCalendar(def, "Customized Time Zone", "20260715T090000")), ics.ReadOptions{Zone: "Europe/Copenhagen", Now: stamp})
		if err != nil {
			t.Fatalf("%v for\n%s", err, def)
		}
		if len(imp.Plan.Posts) != 1 || imp.Plan.Posts[0].TimeZone != "Europe/Copenhagen" || len(imp.Problems) != 1 ||
			!strings.Contains(imp.Problems[0].Message, "is not known") {
			t.Errorf("posts %v, notes %v for\n%s", imp.Plan.Posts, imp.Problems, def)
		}
	}
}
