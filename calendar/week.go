package calendar

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Week is an ISO 8601 week: weeks start on Monday and week 1 is the one with
// the year's first Thursday, so 29 Dec 2025 is in 2026-W01 and 1 Jan 2027 in
// 2026-W53.
type Week struct {
	Year int `json:"year"`
	Num  int `json:"week"`
}

// WeekOf returns the ISO week the wall clock of t falls in.
func WeekOf(t time.Time) Week {
	y, w := t.ISOWeek()
	return Week{Year: y, Num: w}
}

// ParseWeek reads "2026-W48" (or "2026W48").
func ParseWeek(s string) (Week, error) {
	y, w, ok := strings.Cut(strings.ToUpper(strings.TrimSpace(s)), "W")
	y = strings.TrimSuffix(y, "-")
	year, err1 := strconv.Atoi(y)
	num, err2 := strconv.Atoi(w)
	if !ok || err1 != nil || err2 != nil || len(y) != 4 || len(w) != 2 {
		return Week{}, FieldErrorf("week", "%q is not a week; write it as 2026-W48.", s)
	}
	if year < MinYear || year > MaxYear {
		// Far years would expand endless series out to them.
		return Week{}, FieldErrorf("week", "Weeks from %d to %d can be shown; %d is outside them.", MinYear, MaxYear, year)
	}
	wk := Week{Year: year, Num: num}
	if num < 1 || WeekOf(wk.Monday(time.UTC)) != wk {
		return Week{}, FieldErrorf("week", "%d has no week %d.", year, num)
	}
	return wk, nil
}

func (w Week) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Num) }

// Monday is the start of the week, midnight in loc.
func (w Week) Monday(loc *time.Location) time.Time {
	// 4 January is always in week 1.
	jan4 := time.Date(w.Year, time.January, 4, 0, 0, 0, 0, loc)
	back := (int(jan4.Weekday()) + 6) % 7
	return jan4.AddDate(0, 0, 7*(w.Num-1)-back)
}

// Add returns the week n weeks later (earlier for negative n).
func (w Week) Add(n int) Week {
	return WeekOf(w.Monday(time.UTC).AddDate(0, 0, 7*n))
}

// Level says how a channel's week compares with its weekly target.
type Level string

const (
	LevelNoTarget Level = "none"  // the channel has no target
	LevelMet      Level = "met"   // planned at least the target
	LevelBelow    Level = "below" // some, but fewer than the target
	LevelZero     Level = "zero"  // a target and nothing planned
)

// WeekData is what one week's summary is made of: the occurrences of the
// week and the one before, and the team's settings. Summarize keeps what
// Filter matches.
type WeekData struct {
	Week        Week
	Zone        *time.Location // whose days the week is made of
	Now         time.Time
	Occurrences []Occurrence // starting in the week or the one before; others are ignored
	Channels    []Channel
	Campaigns   []Campaign
	Members     []Member
	Experiments []Experiment
	Posts       map[ID]*Post // the experiments' series, by ID
	Routines    []Routine
	Filter      FeedFilter
	// Reports keeps the experiments' series' timelines between summaries
	// (nil: worked out each time).
	Reports *ReportCache
}

// WeekSummary is a week at a glance: what is planned on each channel each
// day, how that compares with the targets and the week before, what is not
// ready, what is being tested and who is on duty.
type WeekSummary struct {
	Week        Week
	Days        []time.Time // the seven midnights, Monday first
	Posts       []WeekPost  // by start; cancelled ones left out
	Total, Last int         // posts this week and the week before
	Channels    []ChannelWeek
	Statuses    []StatusCount
	NotReady    []int // indexes into Posts: ideas and drafts whose day has come
	Overdue     []int // indexes into Posts: past their time and not published
	Campaigns   []CampaignWeek
	Experiments []ExperimentWeek
	Duties      []Duty
	Meetings    []Duty
	EmptyDays   []int // 0 = Monday
}

// WeekPost is one occurrence in the week.
type WeekPost struct {
	Post       ID
	Original   time.Time // the occurrence's RECURRENCE-ID; zero for a single post
	Start      time.Time
	Day        int // 0 = Monday
	AllDay     bool
	Title      string
	Status     Status
	Channels   []string
	Campaign   string // the first tag
	Colour     string // the first campaign's
	Assignee   string // the member's name
	Experiment ID
	NotReady   bool
	Overdue    bool // its time has come and it is not published (Occurrence.Overdue)
}

// ChannelWeek is one channel's row: its posts per day against its target.
type ChannelWeek struct {
	Name    string
	Target  int
	Planned int
	Last    int
	Level   Level
	Days    [7][]int // indexes into Posts
}

// StatusCount is how many of the week's posts have a status.
type StatusCount struct {
	Status   Status
	Count    int
	Last     int
	NotReady int // of Count, those whose day has come
}

// CampaignWeek is a campaign's share of the week.
type CampaignWeek struct {
	Tag, Name, Colour string
	Starts, Ends      time.Time
	Posts, Last       int
}

// ExperimentWeek is an experiment that runs this week, with its figures so
// far.
type ExperimentWeek struct {
	ID       ID
	Name     string
	State    ExperimentState
	Metric   string
	ThisWeek int       // its occurrences this week
	Next     time.Time // zero when none is left
	Results  int
	Arms     []ArmStats
}

// Duty is a routine's occurrence in the week: a rota turn with its member,
// or a meeting.
type Duty struct {
	Routine ID
	Name    string
	Member  ID
	Who     string
	Start   time.Time
	End     time.Time
	AllDay  bool
}

// ChannelNone names the row of posts planned on no channel.
const ChannelNone = ""

// Summarize works out a week's figures. Days are the Zone's; an occurrence
// belongs to the day it starts on (an all-day one to its own date).
func Summarize(d WeekData) *WeekSummary {
	loc := d.Zone
	if loc == nil {
		loc = time.Local
	}
	monday := d.Week.Monday(loc)
	s := &WeekSummary{Week: d.Week}
	for i := range 7 {
		s.Days = append(s.Days, monday.AddDate(0, 0, i))
	}
	colours := make(map[string]string, len(d.Campaigns))
	for _, c := range d.Campaigns {
		colours[c.Tag] = c.Colour
	}
	names := make(map[ID]string, len(d.Members))
	for _, m := range d.Members {
		names[m.ID] = m.Name
	}
	today := dayStart(d.Now.In(loc))

	rows := newChannelRows(d.Channels, d.Filter)
	statuses := make(map[Status]*StatusCount, len(Statuses))
	for _, st := range Statuses {
		s.Statuses = append(s.Statuses, StatusCount{Status: st})
	}
	for i := range s.Statuses {
		statuses[s.Statuses[i].Status] = &s.Statuses[i]
	}
	campaigns := newCampaignRows(d.Campaigns, d.Filter, monday)
	busy := [7]bool{}

	mondayDay := epochDay(monday)
	// A store gives them sorted by start already; sorting sorted
	// occurrences again was a tenth of a summary.
	occs := d.Occurrences
	if byStart := func(a, b Occurrence) int { return a.Start.Compare(b.Start) }; !slices.IsSortedFunc(occs, byStart) {
		occs = slices.SortedStableFunc(slices.Values(occs), byStart)
	}
	for _, o := range occs {
		day, ok := dayOf(o, mondayDay, loc)
		if !ok || !d.Filter.Matches(o.Post) {
			continue
		}
		st := o.Status()
		sc := statuses[st]
		sc.Count++
		if st == StatusCancelled {
			continue
		}
		wp := WeekPost{Post: o.Post.ID, Original: o.Original, Start: o.Start, Day: day, AllDay: o.Post.AllDay,
			Title: o.Title(), Status: st, Channels: o.Post.Channels, Assignee: names[o.Post.Assignee],
			Experiment: o.Post.Experiment}
		if len(o.Post.Tags) > 0 {
			wp.Campaign, wp.Colour = o.Post.Tags[0], colours[o.Post.Tags[0]]
		}
		if (st == StatusIdea || st == StatusDraft) && !s.Days[day].After(today) {
			wp.NotReady = true
			sc.NotReady++
			s.NotReady = append(s.NotReady, len(s.Posts))
		}
		if o.Overdue(d.Now) {
			wp.Overdue = true
			s.Overdue = append(s.Overdue, len(s.Posts))
		}
		busy[day] = true
		n := len(s.Posts)
		s.Posts = append(s.Posts, wp)
		s.Total++
		rows.add(o.Post.Channels, func(r *ChannelWeek) {
			r.Planned++
			r.Days[day] = append(r.Days[day], n)
		})
		campaigns.add(o.Post.Tags, func(c *CampaignWeek) { c.Posts++ })
	}

	lastMonday := d.Week.Add(-1).Monday(loc)
	lastDay := epochDay(lastMonday)
	for _, o := range d.Occurrences {
		if _, ok := dayOf(o, lastDay, loc); !ok || !d.Filter.Matches(o.Post) {
			continue
		}
		st := o.Status()
		statuses[st].Last++
		if st == StatusCancelled {
			continue
		}
		s.Last++
		rows.add(o.Post.Channels, func(r *ChannelWeek) { r.Last++ })
		campaigns.add(o.Post.Tags, func(c *CampaignWeek) { c.Last++ })
	}

	s.Channels = rows.result()
	s.Campaigns = campaigns.result()
	for i, b := range busy {
		if !b {
			s.EmptyDays = append(s.EmptyDays, i)
		}
	}
	s.Experiments = experimentsOfWeek(d, monday, monday.AddDate(0, 0, 7))
	s.Duties, s.Meetings = dutiesOfWeek(d, names, monday, monday.AddDate(0, 0, 7))
	return s
}

func dayStart(t time.Time) time.Time {
	y, m, dd := t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, t.Location())
}

// dayOf returns the day of the week (0 = Monday) an occurrence starts on,
// and false when it starts outside the week. All-day occurrences keep their
// own date wherever the reader is.
func dayOf(o Occurrence, monday int64, loc *time.Location) (int, bool) {
	start := o.Start.In(loc)
	if o.Post.AllDay {
		start = o.Start
	}
	n := int(epochDay(start) - monday)
	return n, n >= 0 && n < 7
}

// epochDay is the number of t's date, in t's own zone, counted in days
// from 1 January 1970: dates compared without building one per
// occurrence.
func epochDay(t time.Time) int64 {
	_, offset := t.Zone()
	sec := t.Unix() + int64(offset)
	day := sec / 86400
	if sec%86400 < 0 {
		day-- // before 1970: round down, not toward zero
	}
	return day
}

// channelRows collects the channel rows: every channel with a target, and
// any other that has posts in either week, in the team's order; posts on no
// channel get a row of their own at the end.
type channelRows struct {
	rows  []ChannelWeek
	index map[string]int
	only  []string
}

func newChannelRows(channels []Channel, f FeedFilter) *channelRows {
	r := &channelRows{index: map[string]int{}, only: f.Channels}
	for _, c := range channels {
		if len(f.Channels) > 0 && !slices.Contains(f.Channels, c.Name) {
			continue
		}
		r.index[c.Name] = len(r.rows)
		r.rows = append(r.rows, ChannelWeek{Name: c.Name, Target: c.WeeklyTarget})
	}
	return r
}

func (r *channelRows) add(names []string, fn func(*ChannelWeek)) {
	if len(names) == 0 {
		names = []string{ChannelNone}
	}
	for _, n := range names {
		i, ok := r.index[n]
		if !ok {
			if len(r.only) > 0 && !slices.Contains(r.only, n) {
				continue
			}
			i = len(r.rows)
			r.index[n] = i
			r.rows = append(r.rows, ChannelWeek{Name: n})
		}
		fn(&r.rows[i])
	}
}

func (r *channelRows) result() []ChannelWeek {
	var out, none []ChannelWeek
	for _, c := range r.rows {
		switch {
		case c.Target == 0 && c.Planned == 0 && c.Last == 0:
			continue
		case c.Target == 0:
			c.Level = LevelNoTarget
		case c.Planned == 0:
			c.Level = LevelZero
		case c.Planned < c.Target:
			c.Level = LevelBelow
		default:
			c.Level = LevelMet
		}
		if c.Name == ChannelNone {
			none = append(none, c)
		} else {
			out = append(out, c)
		}
	}
	return append(out, none...)
}

// campaignRows collects the campaigns with posts in either week or whose
// dates overlap the week, so a running campaign with nothing planned shows.
type campaignRows struct {
	rows     []CampaignWeek
	index    map[string]int
	from, to time.Time // the week's first and last dates, in UTC
}

func newCampaignRows(campaigns []Campaign, f FeedFilter, monday time.Time) *campaignRows {
	y, m, d := monday.Date()
	from := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	r := &campaignRows{index: map[string]int{}, from: from, to: from.AddDate(0, 0, 6)}
	for _, c := range campaigns {
		if len(f.Campaigns) > 0 && !slices.Contains(f.Campaigns, c.Tag) {
			continue
		}
		r.index[c.Tag] = len(r.rows)
		r.rows = append(r.rows, CampaignWeek{Tag: c.Tag, Name: c.Name, Colour: c.Colour, Starts: c.Starts, Ends: c.Ends})
	}
	return r
}

func (r *campaignRows) add(tags []string, fn func(*CampaignWeek)) {
	for _, t := range tags {
		if i, ok := r.index[t]; ok {
			fn(&r.rows[i])
		}
	}
}

func (r *campaignRows) result() []CampaignWeek {
	var out []CampaignWeek
	for _, c := range r.rows {
		if c.Posts > 0 || c.Last > 0 || r.running(c) {
			out = append(out, c)
		}
	}
	return out
}

// running reports whether a campaign with dates has the week inside them.
func (r *campaignRows) running(c CampaignWeek) bool {
	if c.Starts.IsZero() && c.Ends.IsZero() {
		return false
	}
	date := func(t time.Time) time.Time {
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return (c.Starts.IsZero() || !date(c.Starts).After(r.to)) && (c.Ends.IsZero() || !date(c.Ends).Before(r.from))
}
