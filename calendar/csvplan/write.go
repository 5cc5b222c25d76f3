package csvplan

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"postplan/calendar"
)

// Write writes posts as CSV with the English header, after a UTF-8 byte
// order mark: without one Excel reads æ, ø and å as two characters each.
// comma separates the cells (0: a comma); Excel opens a file by double
// click with the separator of the computer's region, a semicolon in
// Denmark, Sweden and most of Europe. What a row cannot hold (text per
// channel, a series' changed and skipped dates) is in the JSON export,
// which keeps everything.
func Write(w io.Writer, posts []*calendar.Post, members []calendar.Member, comma rune) error {
	names := make(map[calendar.ID]string, len(members))
	for _, m := range members {
		names[m.ID] = m.Name
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if comma != 0 {
		cw.Comma = comma
	}
	header := make([]string, len(Columns))
	for i, c := range Columns {
		header[i] = string(c)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(Columns))
	for _, p := range posts {
		for i, c := range Columns {
			rec[i] = defuse(cell(p, c, names))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func cell(p *calendar.Post, c Column, names map[calendar.ID]string) string {
	switch c {
	case ColID:
		return string(p.ID)
	case ColDate:
		if p.Dated() {
			return formatDate(p.Start)
		}
	case ColTime:
		if p.Dated() && !p.AllDay {
			return formatClock(p.Start)
		}
	case ColZone:
		return p.TimeZone
	case ColDuration:
		if p.Duration > 0 {
			return strconv.Itoa(int(p.Duration.Minutes()))
		}
	case ColChannels:
		return joinList(p.Channels)
	case ColTitle:
		return p.Title
	case ColText:
		return p.Body
	case ColTags:
		return joinList(p.Tags)
	case ColStatus:
		return string(p.Status)
	case ColAssignee:
		return names[p.Assignee]
	case ColLink:
		return p.Link
	case ColNotes:
		return p.Notes
	case ColMedia:
		// One a line: a path may hold a comma.
		return strings.Join(p.Media, "\n")
	case ColRepeat:
		if p.Recurrence != nil {
			return p.Recurrence.Rule
		}
	}
	return ""
}

// formulaStarts are what make a spreadsheet read a cell as a formula:
// "=HYPERLINK(...)" in a title would run when the file is opened in Excel
// or LibreOffice.
const formulaStarts = "=+-@\t\r"

// defuse makes a cell that a spreadsheet would run as a formula plain text,
// as OWASP advises: a leading apostrophe, which spreadsheets show as text
// and Read takes off again in the files Write makes.
func defuse(cell string) string {
	if cell != "" && strings.ContainsRune(formulaStarts, rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// undefuse takes off the apostrophe defuse put on.
func undefuse(cell string) string {
	if len(cell) > 1 && cell[0] == '\'' && strings.ContainsRune(formulaStarts, rune(cell[1])) {
		return cell[1:]
	}
	return cell
}
