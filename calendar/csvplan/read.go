package csvplan

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"postplan/calendar"
)

// Options is what a read needs to know of the plan it reads into.
type Options struct {
	Zone      string // for rows without a time zone: the machine's
	Members   []calendar.Member
	Campaigns []calendar.Campaign
	Channels  []calendar.Channel
}

// Row is one data row and what became of it. Number is the row as a
// spreadsheet numbers it, the header being row 1.
type Row struct {
	Number int               `json:"row"`
	Post   *calendar.Post    `json:"post,omitempty"`
	Errors []*calendar.Error `json:"errors,omitempty"`
}

// OK reports whether the row can be imported.
func (r Row) OK() bool { return len(r.Errors) == 0 }

// Result is a whole file read: every row with its outcome, and the
// campaigns, channels and team members its rows name that the plan does
// not have yet.
type Result struct {
	Rows      []Row
	Campaigns []calendar.Campaign
	Channels  []calendar.Channel
	Members   []calendar.Member
	// Ignored lists header cells that name no column, so the preview can
	// say which of the file's columns were not read.
	Ignored []string
	// Dates is the order the file's dates with slashes or dashes were
	// read in, for the preview to say.
	Dates DateOrder
}

// Valid returns the posts of the rows without errors.
func (r *Result) Valid() []*calendar.Post {
	var out []*calendar.Post
	for _, row := range r.Rows {
		if row.OK() {
			out = append(out, row.Post)
		}
	}
	return out
}

// Invalid counts the rows with errors.
func (r *Result) Invalid() int {
	n := 0
	for _, row := range r.Rows {
		if !row.OK() {
			n++
		}
	}
	return n
}

// campaignColours are given, in turn, to campaigns a file names that the
// plan does not have yet; each reads with white text.
var campaignColours = []string{"#b91c1c", "#047857", "#7c3aed", "#c2410c", "#0e7490", "#be185d"}

// Read reads a CSV plan: comma-, semicolon- or tab-separated (Excel in
// Denmark and Sweden writes semicolons), UTF-8 with or without a byte order
// mark. An error is about the whole file; problems with single rows are in
// the rows.
func Read(r io.Reader, o Options) (*Result, error) {
	body, err := calendar.ReadAll(r)
	if err != nil {
		return nil, err
	}
	body = lineFeeds(bytes.TrimPrefix(body, []byte("\uFEFF")))
	comma := delimiter(body)
	// Files made for Excel may name their separator on a first line of
	// their own, "sep=;", which Excel reads and does not show.
	if first, rest, ok := bytes.Cut(body, []byte("\n")); ok {
		if first = bytes.TrimRight(first, "\r"); len(first) == 5 && bytes.EqualFold(first[:4], []byte("sep=")) {
			comma, body = rune(first[4]), rest
		}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, calendar.Errorf(calendar.EINVALID, "The file is empty.")
	}
	cr := csv.NewReader(bytes.NewReader(body))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, parseError(err)
	}
	// Hootsuite's bulk files have no header row: each row is a date and
	// time, the text and a link. Such a file's first cell is a date.
	var pending []string // a first row that is not a header
	var cols []Column
	var ignored []string
	if isDateTime(strings.TrimSpace(header[0])) && len(header) <= len(hootsuiteColumns) {
		pending, cols = header, hootsuiteColumns
	} else if cols, ignored, err = mapHeader(header); err != nil {
		return nil, err
	}
	// The rows are read before any is made a post: a date in the last
	// may show the order of every date (see DateOrder).
	records := [][]string{}
	if pending != nil {
		records = append(records, pending)
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, parseError(err)
		}
		records = append(records, rec)
	}
	// Our own export defused cells that spreadsheets would run; a file
	// with its header is read back as it was written.
	ours := slices.EqualFunc(header, Columns, func(h string, c Column) bool { return h == string(c) })
	headerless := pending != nil
	number := 2 // the header is row 1
	if headerless {
		number = 1
	}
	rd := newReader(o)
	res := &Result{Ignored: ignored, Dates: dateOrderOf(records, cols, number)}
	rd.monthFirst = res.Dates.MonthFirst
	seen := map[calendar.ID]int{}
	// One map for every row's cells, emptied per row: post reads it and
	// keeps nothing of it, and a new one grown per row was a sixth of
	// reading a file.
	cells := make(map[Column]string, len(cols))
	for i, rec := range records {
		number := number + i
		if blank(rec) {
			continue
		}
		row := Row{Number: number}
		switch {
		case len(rec) > len(cols) && headerless:
			row.Errors = append(row.Errors, calendar.FieldErrorf("",
				"The row has %d cells; a file without a header row has at most %d: the date and time, the text and a link.", len(rec), len(cols)))
		case len(rec) > len(cols):
			row.Errors = append(row.Errors, calendar.FieldErrorf("", "The row has %d cells but the header only %d.", len(rec), len(cols)))
		default:
			clear(cells)
			for i, c := range cols {
				if c == "" || i >= len(rec) {
					continue
				}
				v := rec[i]
				if ours {
					v = undefuse(v)
				}
				if c != ColText && c != ColNotes { // a text's spacing is the writer's
					v = strings.TrimSpace(v)
				}
				cells[c] = v
			}
			row.Post, row.Errors = rd.post(cells)
		}
		if row.Post != nil && row.OK() {
			if first, dup := seen[row.Post.ID]; dup {
				row.Errors = append(row.Errors, calendar.FieldErrorf("", "The row repeats row %d (the same ID, or date, time, title and channels).", first))
			} else {
				seen[row.Post.ID] = number
			}
		}
		res.Rows = append(res.Rows, row)
	}
	if len(res.Rows) == 0 {
		return nil, calendar.Errorf(calendar.EINVALID, "The file has a header but no rows.")
	}
	res.Campaigns, res.Channels, res.Members = rd.newCampaigns, rd.newChannels, rd.newMembers
	return res, nil
}

// lineFeeds ends body's lines with line feeds alone when some end with a
// carriage return alone, as Excel for Mac's "CSV (Macintosh)" writes them
// (encoding/csv would read such a file as one line). Line breaks inside a
// cell become line feeds too, as a calendar file would make them.
func lineFeeds(body []byte) []byte {
	for rest := body; ; {
		i := bytes.IndexByte(rest, '\r')
		if i < 0 {
			return body
		}
		if i+1 == len(rest) || rest[i+1] != '\n' {
			return bytes.ReplaceAll(bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
		}
		rest = rest[i+2:]
	}
}

// delimiter guesses the separator from the header line: whichever of
// comma, semicolon and tab it has most of.
func delimiter(body []byte) rune {
	line, _, _ := bytes.Cut(body, []byte("\n"))
	best, most := ',', bytes.Count(line, []byte(","))
	for _, d := range []rune{';', '\t'} {
		if n := bytes.Count(line, []byte(string(d))); n > most {
			best, most = d, n
		}
	}
	return best
}

func parseError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return calendar.Errorf(calendar.EINVALID, "Line %d is not valid CSV: %v.", pe.Line, pe.Err)
	}
	return calendar.Errorf(calendar.EINVALID, "The file cannot be read as CSV: %v.", err)
}

func mapHeader(header []string) (cols []Column, ignored []string, err error) {
	found := map[Column]bool{}
	for _, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		c, ok := headers[name]
		switch {
		case !ok:
			if name != "" {
				ignored = append(ignored, strings.TrimSpace(h))
			}
		case found[c]:
			return nil, nil, calendar.Errorf(calendar.EINVALID, "The header names the column %q twice.", string(c))
		default:
			found[c] = true
		}
		cols = append(cols, c)
	}
	if !found[ColTitle] && !found[ColText] {
		return nil, nil, calendar.Errorf(calendar.EINVALID,
			"The first row is not a header with a Title or Text column; the columns are %s.", columnList())
	}
	return cols, ignored, nil
}

func columnList() string {
	names := make([]string, len(Columns))
	for i, c := range Columns {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// reader turns cells into posts, knowing the plan's team and what the
// rows so far added to it.
type reader struct {
	o            Options
	members      map[string]calendar.ID // by lower-case name and e-mail
	memberByID   map[calendar.ID]calendar.Member
	campaigns    map[string]calendar.Campaign
	channels     map[string]calendar.Channel // by lower-case name
	newCampaigns []calendar.Campaign
	newChannels  []calendar.Channel
	newMembers   []calendar.Member
	monthFirst   bool // the file's dates are month first (see DateOrder)
}

func newReader(o Options) *reader {
	rd := &reader{o: o, members: map[string]calendar.ID{}, memberByID: map[calendar.ID]calendar.Member{},
		campaigns: map[string]calendar.Campaign{}, channels: map[string]calendar.Channel{}}
	for _, m := range o.Members {
		rd.members[strings.ToLower(m.Name)] = m.ID
		if m.Email != "" {
			rd.members[strings.ToLower(m.Email)] = m.ID
		}
		rd.memberByID[m.ID] = m
	}
	for _, c := range o.Campaigns {
		rd.campaigns[c.Tag] = c
	}
	for _, c := range append(slices.Clone(calendar.DefaultChannels), o.Channels...) {
		rd.channels[strings.ToLower(c.Name)] = c
	}
	return rd
}

func (rd *reader) Channel(name string) (calendar.Channel, bool) {
	c, ok := rd.channels[strings.ToLower(name)]
	return c, ok
}
func (rd *reader) Campaign(tag string) (calendar.Campaign, bool) {
	c, ok := rd.campaigns[tag]
	return c, ok
}
func (rd *reader) Member(id calendar.ID) (calendar.Member, bool) {
	m, ok := rd.memberByID[id]
	return m, ok
}

// post reads one row's cells. Every cell is checked, so the preview lists
// all of a row's problems at once, not the first only.
func (rd *reader) post(cells map[Column]string) (*calendar.Post, []*calendar.Error) {
	var errs []*calendar.Error
	bad := func(col Column, format string, args ...any) { errs = append(errs, cellError(col, format, args...)) }
	p := &calendar.Post{
		Title: cells[ColTitle], Body: cells[ColText], Notes: cells[ColNotes], Link: cells[ColLink],
		TimeZone: cells[ColZone], Channels: []string{}, Tags: []string{}, Media: []string{},
	}
	if p.Title == "" {
		// Buffer's files have only the text; its first line is a title.
		first, _, _ := strings.Cut(p.Body, "\n")
		p.Title = strings.TrimSpace(first)
		if r := []rune(p.Title); len(r) > 80 {
			p.Title = string(r[:79]) + "…"
		}
	}
	if p.Title == "" {
		bad(ColTitle, "A post needs a title or a text.")
	}
	date, clock := cells[ColDate], cells[ColTime]
	if start, _, ranged := strings.Cut(date, "→"); ranged { // Notion's "from → to": a post starts
		date = strings.TrimSpace(start)
	}
	// Spreadsheets and other planners write a date and its time in one
	// cell ("31.03.2026 09:30", "2026-03-31T09:30", UTC's "…Z"), in the
	// date column or, as Buffer's "Posting Time", in the time column.
	utc := false
	if d, c, z, ok := splitDateTime(date, rd.monthFirst); ok {
		utc = z
		switch {
		case clock == "":
			date, clock = d, c
		case sameClock(c, clock):
			date = d
		default:
			bad(ColTime, "%s differs from the time in the date, %s; leave one of them out.", describe(clock), describe(c))
			date = d
		}
	} else if d, c, z, ok := splitDateTime(clock, rd.monthFirst); ok && date == "" {
		date, clock, utc = d, c, z
	}
	loc := time.UTC
	if p.TimeZone == "" && date != "" { // an idea has no clock to hang on a zone yet
		p.TimeZone = rd.o.Zone
	}
	if p.TimeZone != "" {
		var err error
		if loc, err = calendar.LoadLocation(p.TimeZone); err != nil {
			bad(ColZone, "%s is not a time zone; use a name such as Europe/Copenhagen.", describe(p.TimeZone))
			loc = time.UTC
		}
	}
	if date != "" {
		d, ok := parseDate(date, rd.monthFirst)
		if !ok {
			bad(ColDate, "%s is not a date; write it as 2026-03-31 or 31.3.2026.", describe(date))
		}
		switch h, m, okClock := parseClock(clock); {
		case clock == "":
			p.AllDay = true
			p.Start = calendar.Wall(d.Year(), d.Month(), d.Day(), 0, 0, 0)
		case !okClock:
			bad(ColTime, "%s is not a time; write it as 14:30.", describe(clock))
		case utc: // the instant, on the row's clock
			p.Start = calendar.WallOf(time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, time.UTC).In(loc))
		default:
			p.Start = calendar.Wall(d.Year(), d.Month(), d.Day(), h, m, 0)
		}
	} else if clock != "" {
		bad(ColTime, "A time needs a date.")
	}
	if s := cells[ColDuration]; s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			bad(ColDuration, "%s is not a number of minutes.", describe(s))
		}
		p.Duration = time.Duration(n) * time.Minute
	}
	for _, name := range splitList(cells[ColChannels]) {
		c, ok := rd.Channel(name)
		if !ok {
			c = calendar.Channel{Name: name}
			rd.channels[strings.ToLower(name)] = c
			rd.newChannels = append(rd.newChannels, c)
		}
		p.Channels = append(p.Channels, c.Name)
	}
	for _, tag := range hashtags(splitList(cells[ColTags])) {
		tag = strings.TrimPrefix(tag, "#")
		if _, ok := rd.campaigns[tag]; !ok && !strings.ContainsAny(tag, " \t/") && len(tag) <= 40 {
			c := calendar.Campaign{Tag: tag, Name: tag, Colour: campaignColours[len(rd.newCampaigns)%len(campaignColours)]}
			rd.campaigns[tag] = c
			rd.newCampaigns = append(rd.newCampaigns, c)
		}
		p.Tags = append(p.Tags, tag)
	}
	p.Status = calendar.StatusDraft
	if !p.Dated() {
		p.Status = calendar.StatusIdea
	}
	if s := cells[ColStatus]; s != "" {
		st, ok := statusNames[strings.ToLower(s)]
		if !ok {
			bad(ColStatus, "%s is not a status; use one of %s.", describe(s), statusWords())
		}
		p.Status = st
	}
	if a := cells[ColAssignee]; a != "" {
		id, ok := rd.members[strings.ToLower(a)]
		if !ok {
			m := calendar.MemberFor(a)
			id = m.ID
			rd.members[strings.ToLower(a)], rd.memberByID[id] = id, m
			rd.newMembers = append(rd.newMembers, m)
		}
		p.Assignee = id
	}
	for _, m := range strings.Split(cells[ColMedia], "\n") {
		if m = strings.TrimSpace(m); m != "" {
			p.Media = append(p.Media, m)
		}
	}
	if rule := cells[ColRepeat]; rule != "" {
		p.Recurrence = &calendar.Recurrence{Rule: strings.TrimPrefix(strings.ToUpper(rule), "RRULE:")}
	}
	p.ID = calendar.ID(cells[ColID])
	if p.ID == "" {
		p.ID = RowIDFor(cells[ColDate], cells[ColTime], p.Title, cells[ColChannels])
	} else if len(p.ID) > 64 || strings.ContainsAny(string(p.ID), " /") || calendar.CheckID(p.ID) != nil {
		bad(ColID, "%s is not an ID Postplan wrote.", describe(string(p.ID)))
	}
	if len(errs) > 0 {
		return p, errs
	}
	if err := p.Validate(rd); err != nil {
		return p, []*calendar.Error{columnOf(err)}
	}
	return p, nil
}

func statusWords() string {
	words := make([]string, len(calendar.Statuses))
	for i, s := range calendar.Statuses {
		words[i] = string(s)
	}
	return strings.Join(words, ", ")
}

// fieldColumns maps the post fields validation names to the columns they
// came from.
var fieldColumns = map[string]Column{
	"title": ColTitle, "body": ColText, "channels": ColChannels, "start": ColDate, "timeZone": ColZone,
	"duration": ColDuration, "status": ColStatus, "assignee": ColAssignee, "tags": ColTags, "notes": ColNotes,
	"link": ColLink, "media": ColMedia, "recurrence": ColRepeat,
}

// columnOf names a validation error by the column the user can fix.
func columnOf(err error) *calendar.Error {
	var e *calendar.Error
	if !errors.As(err, &e) {
		return calendar.FieldErrorf("", "%v", err)
	}
	field, _, _ := strings.Cut(e.Field, "[")
	field, _, _ = strings.Cut(field, ".")
	out := *e
	out.Field = string(fieldColumns[field])
	return &out
}

// String renders a row's problem as the preview and the command line say
// it: "row 14, Time: "25:00" is not a time; write it as 14:30."
func (r Row) String() string {
	parts := make([]string, len(r.Errors))
	for i, e := range r.Errors {
		if e.Field != "" {
			parts[i] = fmt.Sprintf("row %d, %s: %s", r.Number, e.Field, e.Message)
		} else {
			parts[i] = fmt.Sprintf("row %d: %s", r.Number, e.Message)
		}
	}
	return strings.Join(parts, "\n")
}
