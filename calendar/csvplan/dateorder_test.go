package csvplan_test

import (
	"slices"
	"strings"
	"testing"

	"postplan/calendar/csvplan"
)

// A file keeps one order of dates. Hootsuite with American settings, and
// spreadsheets in the United States, write 03/31/2026: such a date shows
// the whole file is month first, and its 04/01/2026 is the 1st of April.
// Before, the first was refused and the second read as the 4th of January
// without a word. A file that shows neither order is read day first, and
// the result says so with its first such date.
func TestTheOrderOfAFilesDates(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []string // each row's start, or its problem
		dates      csvplan.DateOrder
	}{
		{"Hootsuite, American settings, no header",
			"03/31/2026 09:30,Spring is here,https://example.com\n04/01/2026 14:00,Webinar tomorrow,\n04/02/2026 8:15 AM,Five tips,\n",
			[]string{"2026-03-31 09:30", "2026-04-01 14:00", "2026-04-02 08:15"},
			csvplan.DateOrder{MonthFirst: true, Row: 1, Cell: "03/31/2026 09:30"}},
		{"month first, shown by the last row",
			"Date,Time,Title\n04/01/2026,09:00,One\n05/02/2026,09:00,Two\n12/24/2026,09:00,Three\n",
			[]string{"2026-04-01 09:00", "2026-05-02 09:00", "2026-12-24 09:00"},
			csvplan.DateOrder{MonthFirst: true, Row: 4, Cell: "12/24/2026"}},
		{"month first with dashes, Buffer's Posting Time",
			"Text,Posting Time\nOne,04-01-2026 09:00\nTwo,04-13-2026 09:00\n",
			[]string{"2026-04-01 09:00", "2026-04-13 09:00"},
			csvplan.DateOrder{MonthFirst: true, Row: 3, Cell: "04-13-2026 09:00"}},
		{"day first, shown by one row",
			"Dato;Klokkeslæt;Titel\n04/01/2026;09:00;Et\n31/03/2026;09:00;To\n",
			[]string{"2026-01-04 09:00", "2026-03-31 09:00"},
			csvplan.DateOrder{}},
		{"either order: read day first, and said",
			"Dato;Klokkeslæt;Titel\n05/05/2026;09:00;Et\n04/01/2026;09:00;To\n01/02/2026;09:00;Tre\n",
			[]string{"2026-05-05 09:00", "2026-01-04 09:00", "2026-02-01 09:00"},
			csvplan.DateOrder{Assumed: true, Row: 3, Cell: "04/01/2026", Read: "2026-01-04"}},
		{"both orders: day first, the other rows refused",
			"Date,Time,Title\n31/03/2026,09:00,One\n03/31/2026,09:00,Two\n",
			[]string{"2026-03-31 09:00", `row 3, Date: "03/31/2026" is not a date; write it as 2026-03-31 or 31.3.2026.`},
			csvplan.DateOrder{}},
		{"dots are day first in a month-first file",
			"Date,Time,Title\n03/31/2026,09:00,One\n4.5.2026,09:00,Two\n",
			[]string{"2026-03-31 09:00", "2026-05-04 09:00"},
			csvplan.DateOrder{MonthFirst: true, Row: 2, Cell: "03/31/2026"}},
		{"ISO dates say nothing",
			"Date,Time,Title\n2026-04-01,09:00,One\n",
			[]string{"2026-04-01 09:00"},
			csvplan.DateOrder{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := read(t, c.text)
			var got []string
			for _, r := range res.Rows {
				if r.OK() {
					got = append(got, r.Post.Start.Format("2006-01-02 15:04"))
				} else {
					got = append(got, strings.Split(r.String(), "\n")...)
				}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("rows:\n got  %q\n want %q", got, c.want)
			}
			if res.Dates != c.dates {
				t.Errorf("dates read %+v, want %+v", res.Dates, c.dates)
			}
		})
	}
}
