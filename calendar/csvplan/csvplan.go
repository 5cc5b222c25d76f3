// Package csvplan reads and writes a plan as CSV in the bulk-planning shape
// marketers know from Hootsuite and Buffer: one row per post, a header row
// naming the columns (or none, as Hootsuite writes its three). It does no
// I/O of its own beyond the reader and writer it is given.
package csvplan

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"slices"
	"strings"
	"time"

	"postplan/calendar"
)

// Column is one field of a row. The constants are the English headers,
// which export writes; Danish and Swedish headers are read too.
type Column string

const (
	ColID       Column = "ID"
	ColDate     Column = "Date"
	ColTime     Column = "Time"
	ColZone     Column = "Time zone"
	ColDuration Column = "Minutes"
	ColChannels Column = "Channels"
	ColTitle    Column = "Title"
	ColText     Column = "Text"
	ColTags     Column = "Campaigns"
	ColStatus   Column = "Status"
	ColAssignee Column = "Assignee"
	ColLink     Column = "Link"
	ColNotes    Column = "Notes"
	ColMedia    Column = "Media"
	ColRepeat   Column = "Repeat"
)

// hootsuiteColumns are the columns of a file without a header row, as
// Hootsuite's bulk scheduling files have them.
var hootsuiteColumns = []Column{ColDate, ColText, ColLink}

// Columns is the order export writes them in.
var Columns = []Column{ColID, ColDate, ColTime, ColZone, ColDuration, ColChannels, ColTitle, ColText, ColTags,
	ColStatus, ColAssignee, ColLink, ColNotes, ColMedia, ColRepeat}

// headers maps every accepted header, lower-cased, to its column: English,
// Danish and Swedish, and the names Hootsuite and Buffer templates use.
var headers = func() map[string]Column {
	m := map[string]Column{}
	add := func(c Column, names ...string) {
		m[strings.ToLower(string(c))] = c
		for _, n := range names {
			m[n] = c
		}
	}
	add(ColID, "id", "uid")
	add(ColDate, "dato", "datum", "publish date", "posting date",
		"postatspecifictime", "scheduled_time", "scheduledate", "schedule date") // other planners' bulk files
	add(ColTime, "tid", "klokkeslæt", "tidspunkt", "klockslag", "posting time")
	add(ColZone, "timezone", "tidszone", "tidszon")
	add(ColDuration, "minutter", "minuter", "duration")
	add(ColChannels, "channel", "network", "networks", "kanal", "kanaler", "profiles", "platform", "platforms")
	add(ColTitle, "titel", "rubrik", "name") // Notion's and Airtable's first column
	add(ColText, "message", "body", "tekst", "post text", "post", "content", "caption")
	add(ColTags, "campaign", "tags", "kampagne", "kampagner", "kampanj", "kampanjer")
	add(ColStatus, "tilstand")
	add(ColAssignee, "ansvarlig", "ansvarig", "owner")
	add(ColLink, "url", "länk")
	add(ColNotes, "noter", "anteckningar", "note")
	add(ColMedia, "image url", "medier", "billeder", "bilder", "media url", "imageurls", "image_url", "mediaurls")
	add(ColRepeat, "gentag", "upprepa", "rrule")
	return m
}()

// statusNames maps the words a team writes in the status column, in the
// three languages, to a status.
var statusNames = func() map[string]calendar.Status {
	m := map[string]calendar.Status{}
	for _, s := range calendar.Statuses {
		m[string(s)] = s
	}
	for word, s := range map[string]calendar.Status{
		"idé": calendar.StatusIdea, "ide": calendar.StatusIdea,
		"udkast": calendar.StatusDraft, "utkast": calendar.StatusDraft,
		"klar":     calendar.StatusReady,
		"planlagt": calendar.StatusScheduled, "schemalagd": calendar.StatusScheduled, "planerad": calendar.StatusScheduled,
		"udgivet": calendar.StatusPublished, "publiceret": calendar.StatusPublished, "publicerad": calendar.StatusPublished,
		"aflyst": calendar.StatusCancelled, "inställd": calendar.StatusCancelled, "canceled": calendar.StatusCancelled,
		// Notion's statuses, as a content calendar means them.
		"not started": calendar.StatusIdea, "in progress": calendar.StatusDraft, "done": calendar.StatusPublished,
	} {
		m[word] = s
	}
	return m
}()

// RowIDFor is the ID a row without one gets: the same date, time, title
// and channels give the same ID, so importing a file again updates its
// posts instead of adding them twice.
func RowIDFor(date, clock, title, channels string) calendar.ID {
	key := strings.Join([]string{strings.TrimSpace(date), strings.TrimSpace(clock), strings.TrimSpace(title),
		strings.ToLower(strings.Join(splitList(channels), ","))}, "\x00")
	sum := sha256.Sum256([]byte(key))
	return calendar.ID("01CSV" + base32.StdEncoding.EncodeToString(sum[:])[:21])
}

// hashtags splits items written as hashtags with spaces between them
// ("#spring #launch", as marketers write campaigns) into one each; a tag
// has no spaces, so nothing else is split.
func hashtags(items []string) []string {
	var out []string
	for _, it := range items {
		words := strings.Fields(it)
		if len(words) > 1 && !slices.ContainsFunc(words, func(w string) bool { return !strings.HasPrefix(w, "#") }) {
			out = append(out, words...)
			continue
		}
		out = append(out, it)
	}
	return out
}

// splitList splits a list cell on commas or semicolons, dropping blanks.
func splitList(cell string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(cell, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// splitDateTime splits a cell holding a date and a time ("31.3.2026
// 09:30", "2026-03-31T09:30:00", "2026-03-31T09:30:00Z", Notion's "March
// 31, 2026 9:30 AM") into the two; utc says the time is UTC's. ok is false
// for anything else, a date alone included. monthFirst is the file's
// order of dates (see DateOrder).
func splitDateTime(s string, monthFirst bool) (date, clock string, utc, ok bool) {
	if len(s) > 40 { // no date and time is longer; a long cell is not tried at every space
		return "", "", false, false
	}
	for i, r := range s {
		if r != ' ' && r != 'T' {
			continue
		}
		date, clock = s[:i], strings.TrimSpace(s[i+1:])
		clock, utc = strings.CutSuffix(clock, "Z")
		if _, dok := parseDate(date, monthFirst); !dok {
			continue
		}
		if _, _, cok := parseClock(clock); cok {
			return date, clock, utc, true
		}
	}
	return "", "", false, false
}

// sameClock reports whether two cells name the same time of day.
func sameClock(a, b string) bool {
	ah, am, aok := parseClock(a)
	bh, bm, bok := parseClock(b)
	return aok && bok && ah == bh && am == bm
}

// parseClock reads 24-hour "14:30", "14.30" (Danish) or "1430", and
// "2:30 PM" as Notion and American spreadsheets write it.
func parseClock(s string) (h, m int, ok bool) {
	s = strings.ReplaceAll(s, ".", ":")
	for _, l := range []string{"15:04", "15:04:05", "1504", "3:04 PM", "3:04PM", "3:04 pm", "3:04pm"} {
		if t, err := time.Parse(l, s); err == nil {
			return t.Hour(), t.Minute(), true
		}
	}
	return 0, 0, false
}

func formatDate(t time.Time) string  { return t.Format("2006-01-02") }
func formatClock(t time.Time) string { return t.Format("15:04") }

func joinList(xs []string) string { return strings.Join(xs, ", ") }

// cellError is a problem with one cell, for the preview.
func cellError(col Column, format string, args ...any) *calendar.Error {
	return calendar.FieldErrorf(string(col), format, args...)
}

// describe renders a value for a message, cut short when long.
func describe(s string) string {
	if len([]rune(s)) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return fmt.Sprintf("%q", s)
}
