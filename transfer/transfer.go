package transfer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"postplan/calendar"
	"postplan/calendar/csvplan"
)

// Store is what moving a plan in and out needs of the plan.
type Store interface {
	calendar.ImportStore
	calendar.FeedStore
	Channels(ctx context.Context) ([]calendar.Channel, error)
	Experiments(ctx context.Context) ([]calendar.Experiment, error)
	Feeds(ctx context.Context) ([]calendar.Feed, error)
	CreateFeed(ctx context.Context, f *calendar.Feed) error
	// SaveExperiment and SaveRoutine write what a JSON export brings,
	// unless the plan changed it after the file was written (written:
	// false).
	SaveExperiment(ctx context.Context, e calendar.Experiment) (written bool, err error)
	SaveRoutine(ctx context.Context, r calendar.Routine) (written bool, err error)
	// Generation changes whenever the plan is written.
	Generation() uint64
}

// Options says how a file is read.
type Options struct {
	// Zone is where a time without a zone of its own is: a CSV row
	// without one, a calendar's floating time. Default: MachineZone.
	Zone string
	// Now stamps events that carry no created or changed time. Default:
	// time.Now.
	Now time.Time
}

func (o Options) withDefaults() Options {
	if o.Zone == "" {
		o.Zone = MachineZone()
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	o.Now = o.Now.UTC()
	return o
}

// Problem is something in a file that is not imported as it is: a CSV
// row's cell (the row is left out), a calendar event's property (the event
// is left out, or taken with a change).
type Problem struct {
	Row     int    // the CSV row, the header being row 1; 0 for a calendar
	Event   string // the calendar event, by title or UID; "" for CSV
	Field   string // the CSV column or the event's property; "" for the whole row
	Skipped bool   // the row or event is left out
	// Err is the problem as the window translates it (its Format and
	// Args); calendar events' notes are English words only.
	Err *calendar.Error
}

// String is the problem in one line, as the command line prints it and the
// window lists a calendar's notes.
func (p Problem) String() string {
	switch {
	case p.Row > 0 && p.Field != "":
		return fmt.Sprintf("row %d, %s: %s", p.Row, p.Field, p.Err.Message)
	case p.Row > 0:
		return fmt.Sprintf("row %d: %s", p.Row, p.Err.Message)
	}
	verb := "kept"
	if p.Skipped {
		verb = "left out"
	}
	return fmt.Sprintf("%q, %s: %s (%s)", p.Event, p.Field, p.Err.Message, verb)
}

// Preview is what importing a file would do. Nothing has changed yet;
// Import does what it says.
type Preview struct {
	Format Format
	// Rows counts a CSV file's rows; for the other formats, its posts.
	Rows int
	// Posts counts the file's posts, and New, Updated, Unchanged and
	// Older what the import does with each.
	Posts, New, Updated, Unchanged int
	// Older counts posts the plan changed after the file was written:
	// kept as the plan has them.
	Older   int
	Invalid int // CSV rows with problems: left out, or the import refused
	// The campaigns, channels and members the import adds, by name.
	Campaigns, Channels, Members []string
	Problems                     []Problem
	Ignored                      []string // CSV columns not read
	Feeds                        int      // feeds a JSON export brings
	// Encoding is the 8-bit encoding a CSV file that is not UTF-8 was
	// read in: "windows-1252" or "macintosh" (Excel's plain "CSV" on
	// Windows and on a Mac); "" for UTF-8.
	Encoding string
	// EncodingSample is a piece of such a file's text with a letter
	// outside ASCII, as it was read, for the user to check.
	EncodingSample string
	// Dates is the order a CSV file's dates with slashes or dashes were
	// read in (month first, or day first with nothing to show it) and the
	// row that showed it.
	Dates csvplan.DateOrder

	imp  calendar.Import
	plan *Plan // a JSON export: its experiments, routines and feeds
	rows []csvplan.Row
}

// count is n and the word for that many: "1 row", "2 rows".
func count(n int, one, other string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, other)
}

// String is the preview in one line, as the command line says it.
func (p *Preview) String() string {
	var s string
	if p.Format == CSV {
		s = fmt.Sprintf("%s: %d to import (%d new, %d updated, %d unchanged), %d with problems",
			count(p.Rows, "row", "rows"), p.Posts, p.New, p.Updated, p.Unchanged, p.Invalid)
	} else {
		s = fmt.Sprintf("%s (%d new, %d updated, %d unchanged)", count(p.Posts, "post", "posts"), p.New, p.Updated, p.Unchanged)
	}
	if p.Encoding != "" {
		s += fmt.Sprintf("; read as %s text", p.Encoding)
	}
	switch d := p.Dates; {
	case d.MonthFirst:
		s += fmt.Sprintf("; dates read month first (row %d's %s shows it)", d.Row, d.Cell)
	case d.Assumed:
		s += fmt.Sprintf("; dates read day first (none shows the order; row %d's %s is %s)", d.Row, d.Cell, d.Read)
	}
	if p.Older > 0 {
		s += fmt.Sprintf("; %d changed in the plan since the file was written, kept as the plan has them", p.Older)
	}
	if n := len(p.Campaigns) + len(p.Channels) + len(p.Members); n > 0 {
		s += fmt.Sprintf("; %d new campaigns, %d new channels, %d new team members", len(p.Campaigns), len(p.Channels), len(p.Members))
	}
	if p.Feeds > 0 {
		s += fmt.Sprintf("; %d feeds", p.Feeds)
	}
	return s
}

// RowOutcomes says what becomes of each row of a CSV file, a line each:
// "row 2: ok: Title" or "row 3: problem: Title".
func (p *Preview) RowOutcomes() []string {
	var out []string
	for _, r := range p.rows {
		outcome, title := "ok", ""
		if !r.OK() {
			outcome = "problem"
		}
		if r.Post != nil { // a row with more cells than the header was not read
			title = r.Post.Title
		}
		out = append(out, fmt.Sprintf("row %d: %s: %s", r.Number, outcome, title))
	}
	return out
}

// Read reads a file that is to be imported, as format, against the plan in
// store, and says what importing it would do. It changes nothing. A file
// that cannot be read at all is an error that says why.
func Read(ctx context.Context, store Store, format Format, body []byte, o Options) (*Preview, error) {
	o = o.withDefaults()
	if !slices.Contains(Formats, format) {
		return nil, unknownFormat(string(format))
	}
	gen := store.Generation() // before what the file is checked against
	t, err := teamOf(ctx, store)
	if err != nil {
		return nil, err
	}
	var p *Preview
	switch format {
	case CSV:
		p, err = readCSV(t, gen, body, o)
	case JSON:
		p, err = readJSON(body)
	case ICS:
		p, err = readICS(t, body, o)
	}
	if err != nil {
		return nil, err
	}
	p.Format = format
	p.Posts = len(p.imp.Posts)
	p.nameNewTeam(t)
	counts, err := store.Classify(ctx, p.imp)
	if err != nil {
		return nil, err
	}
	p.New, p.Updated, p.Unchanged, p.Older = counts.New, counts.Updated, counts.Unchanged, counts.Older
	p.imp.Checked = counts
	return p, nil
}

// team is the plan's campaigns, channels and members, which a file is
// read against: read once per file.
type team struct {
	campaigns []calendar.Campaign
	channels  []calendar.Channel
	members   []calendar.Member
}

func teamOf(ctx context.Context, store Store) (t team, err error) {
	if t.campaigns, err = store.Campaigns(ctx); err != nil {
		return t, err
	}
	if t.channels, err = store.Channels(ctx); err != nil {
		return t, err
	}
	t.members, err = store.Members(ctx)
	return t, err
}

// nameNewTeam lists the campaigns, channels and members the import brings
// that the plan does not have. A JSON export carries the whole team, and
// its own export imported back adds nobody, so must not say it does.
func (p *Preview) nameNewTeam(t team) {
	for _, c := range p.imp.Campaigns {
		if !slices.ContainsFunc(t.campaigns, func(k calendar.Campaign) bool { return k.Tag == c.Tag }) {
			p.Campaigns = append(p.Campaigns, c.Name)
		}
	}
	for _, c := range p.imp.Channels {
		if !slices.ContainsFunc(t.channels, func(k calendar.Channel) bool { return k.Name == c.Name }) {
			p.Channels = append(p.Channels, c.Name)
		}
	}
	for _, m := range p.imp.Members {
		if !slices.ContainsFunc(t.members, func(k calendar.Member) bool { return k.ID == m.ID }) {
			p.Members = append(p.Members, m.Name)
		}
	}
}

// Result is what an import did: what its preview said, and the feeds of a
// JSON export that were left out because the plan has feeds of their names.
type Result struct {
	*Preview
	SkippedFeeds []string
	// KeptExperiments and KeptRoutines name those the plan changed after
	// the file was written: they stay as the plan has them.
	KeptExperiments, KeptRoutines []string
}

// Kept says, a line each, which experiments and routines stay as the plan
// has them, as the command line prints it.
func (r *Result) Kept() []string {
	var out []string
	for _, n := range r.KeptExperiments {
		out = append(out, fmt.Sprintf("The experiment %q stays as the plan has it: the plan changed it after the file was written.", n))
	}
	for _, n := range r.KeptRoutines {
		out = append(out, fmt.Sprintf("The routine %q stays as the plan has it: the plan changed it after the file was written.", n))
	}
	return out
}

// Import writes what p previewed: the posts with the team they bring in
// one all-or-nothing write, then a JSON export's experiments, routines and
// feeds (each feed with a new address). A CSV file with problems is
// refused unless validOnly: the user chose to leave those rows out.
// Cancelled, it returns ctx's error and the plan is as it was.
func Import(ctx context.Context, store Store, p *Preview, validOnly bool) (*Result, error) {
	res := &Result{Preview: p}
	if p.Invalid > 0 && !validOnly {
		return res, calendar.Errorf(calendar.EINVALID,
			"%d of %d rows have problems, so nothing was imported; fix them, or import only the %d valid rows.", p.Invalid, p.Rows, p.Rows-p.Invalid)
	}
	if p.Format == CSV && p.Posts == 0 {
		return res, calendar.Errorf(calendar.EINVALID, "No row can be imported.")
	}
	if _, err := store.SaveImport(ctx, p.imp); err != nil {
		return res, err
	}
	if p.plan == nil {
		return res, nil
	}
	for _, e := range p.plan.Experiments {
		written, err := store.SaveExperiment(ctx, e)
		if err != nil {
			return res, fmt.Errorf("experiment %q: %w", e.Name, err)
		}
		if !written {
			res.KeptExperiments = append(res.KeptExperiments, e.Name)
		}
	}
	for _, r := range p.plan.Routines {
		written, err := store.SaveRoutine(ctx, r)
		if err != nil {
			return res, fmt.Errorf("routine %q: %w", r.Name, err)
		}
		if !written {
			res.KeptRoutines = append(res.KeptRoutines, r.Name)
		}
	}
	for _, f := range p.plan.Feeds {
		feed := calendar.Feed{Name: f.Name, Filter: f.Filter, TitlesOnly: f.TitlesOnly}
		if err := store.CreateFeed(ctx, &feed); err != nil {
			if calendar.ErrorField(err) == "name" {
				res.SkippedFeeds = append(res.SkippedFeeds, f.Name)
				continue
			}
			return res, err
		}
	}
	return res, nil
}

// SkippedFeedProblem says why a JSON export's feed was not added.
func SkippedFeedProblem(name string) string {
	return fmt.Sprintf("The feed %q was not added: the plan has a feed of that name.", name)
}

func unknownFormat(name string) error {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = "." + string(f)
	}
	return calendar.Errorf(calendar.EINVALID, "%s is not a file Postplan imports; it reads %s files.", name, strings.Join(names, ", "))
}
