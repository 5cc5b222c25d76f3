package csvplan

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Dates written with slashes or dashes and the year last (03/04/2026) are
// day first in Denmark and Sweden and month first in the United States,
// whose settings Hootsuite, Later and many spreadsheets use. A file keeps
// one order, so one date whose middle number is above 12 (03/31/2026)
// shows the whole file is month first, and one whose first is (31/03/2026)
// that it is day first. A file that shows neither is read day first, as
// before, and the preview says so with one of its dates, so a month-first
// file of early-in-the-month dates is not read a month off unseen. Dates
// with dots (31.3.2026) are day first everywhere.

// DateOrder is how a file's dates with slashes or dashes were read, and
// the cell that showed it.
type DateOrder struct {
	// MonthFirst: a date of the file has a middle number above 12.
	MonthFirst bool
	// Assumed: no date of the file shows the order, and some could be
	// read either way; they were read day first.
	Assumed bool
	// Row and Cell are the date that showed the order (MonthFirst), or
	// the first that could be read either way (Assumed).
	Row  int
	Cell string
	// Read is Cell's date as it was read (Assumed), as 2006-01-02.
	Read string
}

// numericDate splits a date cell's "a/b/yyyy" or "a-b-yyyy", with any time
// after it, into its numbers; ok is false for any other cell.
func numericDate(cell string) (a, b, year int, ok bool) {
	if i := strings.IndexAny(cell, " T"); i >= 0 {
		cell = cell[:i]
	}
	sep := "/"
	if !strings.Contains(cell, sep) {
		sep = "-"
	}
	parts := strings.Split(cell, sep)
	if len(parts) != 3 || len(parts[0]) > 2 || len(parts[1]) > 2 || len(parts[2]) != 4 {
		return 0, 0, 0, false
	}
	a, errA := strconv.Atoi(parts[0])
	b, errB := strconv.Atoi(parts[1])
	year, errY := strconv.Atoi(parts[2])
	if errA != nil || errB != nil || errY != nil || a < 1 || b < 1 {
		return 0, 0, 0, false
	}
	return a, b, year, true
}

// dateOrderOf finds the order of the dates in records' date and time
// columns (Buffer's "Posting Time" holds a date); first is the row number
// of records[0].
func dateOrderOf(records [][]string, cols []Column, first int) DateOrder {
	var monthFirst, either DateOrder
	dayFirst := false
	for i, rec := range records {
		for c, col := range cols {
			if (col != ColDate && col != ColTime) || c >= len(rec) {
				continue
			}
			cell := strings.TrimSpace(rec[c])
			if start, _, ranged := strings.Cut(cell, "→"); ranged {
				cell = strings.TrimSpace(start)
			}
			a, b, year, ok := numericDate(cell)
			switch {
			case !ok:
			case a > 12 && b <= 12:
				dayFirst = true
			case b > 12 && a <= 12 && monthFirst.Row == 0:
				monthFirst = DateOrder{MonthFirst: true, Row: first + i, Cell: cell}
			case a <= 12 && b <= 12 && a != b && either.Row == 0:
				either = DateOrder{Assumed: true, Row: first + i, Cell: cell, Read: fmt.Sprintf("%04d-%02d-%02d", year, b, a)}
			}
		}
	}
	switch {
	case monthFirst.Row != 0 && !dayFirst:
		return monthFirst
	case monthFirst.Row == 0 && !dayFirst:
		return either // Assumed, if some date could be read either way
	}
	return DateOrder{} // day first, as the file shows, or no such dates
}

// dayFirstLayouts and monthFirstLayouts are the dates read, in a file of
// each order: ISO first, then day or month first with slashes or dashes,
// day first with dots (as Denmark and Sweden write them, and nobody month
// first), year-first with slashes, as Publer writes them, and Notion's
// "March 31, 2026", which names its month.
var (
	dayFirstLayouts = []string{"2006-01-02", "2.1.2006", "2-1-2006", "2/1/2006", "02.01.2006", "20060102", "2006/1/2",
		"January 2, 2006", "Jan 2, 2006"}
	monthFirstLayouts = []string{"2006-01-02", "2.1.2006", "1-2-2006", "1/2/2006", "02.01.2006", "20060102", "2006/1/2",
		"January 2, 2006", "Jan 2, 2006"}
)

func parseDate(s string, monthFirst bool) (time.Time, bool) {
	layouts := dayFirstLayouts
	if monthFirst {
		layouts = monthFirstLayouts
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// isDateTime reports whether a cell holds a date and a time, in either
// order of dates: Hootsuite's files without a header start with one.
func isDateTime(cell string) bool {
	_, _, _, dayFirst := splitDateTime(cell, false)
	_, _, _, monthFirst := splitDateTime(cell, true)
	return dayFirst || monthFirst
}
