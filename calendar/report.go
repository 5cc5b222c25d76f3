package calendar

import (
	"slices"
	"sync"
	"time"
)

// Entry is one occurrence in an experiment's timeline.
type Entry struct {
	Post     ID
	Arm      int // index into Experiment.Arms
	Ordinal  int // 0-based place in its series, skipped ones counted
	Original time.Time
	Start    time.Time // an instant; for a skipped occurrence, where it would have been
	Skipped  bool
	Status   Status
	Title    string
	Result   *Result
}

// ArmStats sums up one arm's results.
type ArmStats struct {
	Name      string
	Results   int
	Mean      float64
	Median    float64
	Remaining int // occurrences not yet published
}

// Report is an experiment's timeline and figures.
type Report struct {
	Entries   []Entry // by start
	Arms      []ArmStats
	Remaining int
	Next      time.Time // the next occurrence to go out; zero when none
}

// Report lays out an experiment's occurrences with their results, and each
// arm's mean, median and what is still to come at now.
func (e *Experiment) Report(posts map[ID]*Post, now time.Time) (Report, error) {
	return e.ReportWith(posts, now, nil)
}

// ReportWith is Report taking each series' timeline from cache (nil: none)
// when its post has not changed since it was worked out.
func (e *Experiment) ReportWith(posts map[ID]*Post, now time.Time, cache *ReportCache) (Report, error) {
	var rep Report
	results := make(map[string]*Result, len(e.Results))
	for i := range e.Results {
		r := &e.Results[i]
		results[string(r.Post)+r.Original.Format(time.RFC3339)] = r
	}
	var done []ID
	for _, a := range e.Arms {
		if slices.Contains(done, a.Post) {
			continue
		}
		done = append(done, a.Post)
		p := posts[a.Post]
		if p == nil {
			return Report{}, Errorf(ENOTFOUND, "The series of %q is not in the plan.", e.Name)
		}
		entries, err := e.entries(p, results, cache)
		if err != nil {
			return Report{}, err
		}
		rep.Entries = append(rep.Entries, entries...)
	}
	slices.SortStableFunc(rep.Entries, func(a, b Entry) int { return a.Start.Compare(b.Start) })
	values := make([][]float64, len(e.Arms))
	rep.Arms = make([]ArmStats, len(e.Arms))
	for i, a := range e.Arms {
		rep.Arms[i].Name = a.Name
	}
	for _, en := range rep.Entries {
		if en.Arm < 0 {
			continue
		}
		if en.Result != nil {
			values[en.Arm] = append(values[en.Arm], en.Result.Value)
		}
		if !en.Skipped && en.Start.After(now) {
			rep.Arms[en.Arm].Remaining++
			rep.Remaining++
			if rep.Next.IsZero() {
				rep.Next = en.Start
			}
		}
	}
	for i, vs := range values {
		rep.Arms[i].Results = len(vs)
		rep.Arms[i].Mean, rep.Arms[i].Median = meanMedian(vs)
	}
	return rep, nil
}

func (e *Experiment) entries(p *Post, results map[string]*Result, cache *ReportCache) ([]Entry, error) {
	timeline, err := cache.timeline(p)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, len(timeline))
	for n, en := range timeline {
		en.Arm, en.Result = e.ArmOf(p.ID, n), results[string(p.ID)+en.Original.Format(time.RFC3339)]
		out[n] = en
	}
	return out, nil
}

// ReportCache keeps each experiment series' timeline (its originals, and
// where each occurrence went), keyed on the post's ID, Updated and
// Sequence, which every write of a post moves on (as the feeds' event
// cache relies on): the week at a glance reports on every running
// experiment each time it is drawn, and working out their series, twice
// each, was a sixth of it. The zero value is ready to use; it is safe for
// concurrent use.
type ReportCache struct {
	mu        sync.Mutex
	timelines map[ID]cachedTimeline
}

type cachedTimeline struct {
	updated  time.Time
	sequence int
	entries  []Entry // Arm and Result not set: they are the experiment's
}

// maxTimelines bounds the cache: a plan has far fewer experiment series,
// and those of posts since deleted are dropped when it fills.
const maxTimelines = 1000

// Clear empties the cache, for a plan whose records were all replaced.
func (c *ReportCache) Clear() {
	c.mu.Lock()
	c.timelines = nil
	c.mu.Unlock()
}

// timeline returns p's entries without arms or results, from the cache
// when p is as it was when they were worked out. The slice is shared: read
// only.
func (c *ReportCache) timeline(p *Post) ([]Entry, error) {
	if c == nil {
		return timelineOf(p)
	}
	c.mu.Lock()
	t, ok := c.timelines[p.ID]
	c.mu.Unlock()
	if ok && t.updated.Equal(p.Updated) && t.sequence == p.Sequence {
		return t.entries, nil
	}
	entries, err := timelineOf(p)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.timelines == nil || len(c.timelines) >= maxTimelines {
		c.timelines = map[ID]cachedTimeline{}
	}
	c.timelines[p.ID] = cachedTimeline{updated: p.Updated, sequence: p.Sequence, entries: entries}
	c.mu.Unlock()
	return entries, nil
}

// timelineOf works out p's entries, without arms or results.
func timelineOf(p *Post) ([]Entry, error) {
	origs, err := Originals(p)
	if err != nil || len(origs) == 0 {
		return nil, err
	}
	loc, err := p.Location()
	if err != nil {
		return nil, err
	}
	first, last := Resolve(origs[0], loc), Resolve(origs[len(origs)-1], loc)
	occs, err := Expand(p, first.Add(-MaxDuration-48*time.Hour), last.Add(MaxDuration+48*time.Hour))
	if err != nil {
		return nil, err
	}
	byOriginal := make(map[int64]Occurrence, len(occs))
	for _, o := range occs {
		byOriginal[o.Original.Unix()] = o
	}
	out := make([]Entry, 0, len(origs))
	for n, orig := range origs {
		en := Entry{Post: p.ID, Ordinal: n, Original: orig, Title: p.Title, Status: p.Status}
		if o, ok := byOriginal[orig.Unix()]; ok {
			en.Start, en.Status, en.Title = o.Start, o.Status(), o.Title()
		} else {
			en.Start, en.Skipped = Resolve(orig, loc), true
		}
		out = append(out, en)
	}
	return out, nil
}

func meanMedian(vs []float64) (mean, median float64) {
	if len(vs) == 0 {
		return 0, 0
	}
	var sum float64
	for _, v := range vs {
		sum += v
	}
	s := slices.Sorted(slices.Values(vs))
	if n := len(s); n%2 == 1 {
		median = s[n/2]
	} else {
		median = (s[n/2-1] + s[n/2]) / 2
	}
	return sum / float64(len(vs)), median
}

// Adopted turns an adopted experiment's arm into a regular series that goes
// on where the experiment stopped: the arm's post, its text, the same rule
// without its end, starting at the first date after the experiment's last.
func (e *Experiment) Adopted(posts map[ID]*Post, arm int) (*Post, error) {
	if arm < 0 || arm >= len(e.Arms) {
		return nil, FieldErrorf("arm", "Choose which variant to keep.")
	}
	src := posts[e.Arms[arm].Post]
	if src == nil {
		return nil, Errorf(ENOTFOUND, "The series of %q is not in the plan.", e.Name)
	}
	origs, err := Originals(src)
	if err != nil || len(origs) == 0 {
		return nil, err
	}
	p := src.Clone()
	p.ID, p.Experiment, p.Overrides, p.Sequence = "", "", nil, 0
	p.Created, p.Updated = time.Time{}, time.Time{}
	if e.Alternating() {
		p.Body = e.Arms[arm].Body
	}
	p.Recurrence = &Recurrence{Rule: setRulePart(setRulePart(p.Recurrence.Rule, "COUNT", ""), "UNTIL", "")}
	p.Status = StatusDraft
	start, ok := nextAfter(p, origs[len(origs)-1])
	if !ok {
		return nil, FieldErrorf("recurrence", "The repeat rule of %q gives no date after the experiment's last.", e.Name)
	}
	p.Start = start
	return p, nil
}

// nextAfter returns the first wall-clock date p's (unbounded) rule gives
// after the wall clock last.
func nextAfter(p *Post, last time.Time) (t time.Time, ok bool) {
	defer func() {
		if recover() != nil { // rrule-go can panic mid-way; there is no next date
			t, ok = time.Time{}, false
		}
	}()
	loc, err := p.Location()
	if err != nil {
		return time.Time{}, false
	}
	r, err := ParseRule(p.Recurrence.Rule, p.Start, loc)
	if err != nil {
		return time.Time{}, false
	}
	next := r.iterator()
	for i := 0; i < 10*MaxExperimentOccurrences; i++ {
		t, ok := next()
		if !ok {
			return time.Time{}, false
		}
		if t.After(last) {
			return t, true
		}
	}
	return time.Time{}, false
}
