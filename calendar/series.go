package calendar

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Series is a recurring post prepared for many window queries. Its rule is
// parsed once and its occurrences computed once up to a horizon and kept, so
// that a week query is a binary search, not a walk from the series' first
// occurrence (which is what rrule-go's Between does).
//
// A Series is safe for concurrent use. It reflects the post as it was when
// NewSeries was called; a changed post needs a new Series.
type Series struct {
	post   *Post
	loc    *time.Location
	rule   Rule
	maxLen time.Duration // longest occurrence, override included

	mu       sync.Mutex // held while computing; readers of done do not take it
	horizon  time.Time  // wall clock: done holds every original before it
	complete bool       // done holds every occurrence

	// done is what compute last made, published whole: a window query
	// meets hundreds of series, and taking each one's lock (and finding
	// its wall clock) was a sixth of the time spent on them.
	done atomic.Pointer[computed]
}

// computed is a Series' occurrences up to a horizon, never changed once
// published (compute makes new slices).
type computed struct {
	occs     []Occurrence // sorted by Start
	starts   []int64      // occs' starts in Unix seconds, for Between's search
	complete bool
	// enough is the latest instant, in Unix seconds, a query may end at
	// and be sure the occurrences are there: the horizon less the 48
	// hours between wants and less a day, more than any zone's wall clock
	// is ahead of UTC (UTC+14 today, some local mean times a little more).
	enough int64
}

// zoneLead is more than any zone's wall clock is ahead of UTC.
const zoneLead = 24 * time.Hour

// initialHorizon is how far past a query's end a series is first computed, so
// that paging forward week by week does not recompute it every time.
const initialHorizon = 2 * 366 * 24 * time.Hour

// NewSeries prepares a recurring post for queries.
func NewSeries(p *Post) (*Series, error) {
	loc, err := p.Location()
	if err != nil {
		return nil, err
	}
	rule, err := ParseRule(p.Recurrence.Rule, p.Start, loc)
	if err != nil {
		return nil, err
	}
	s := &Series{post: p, loc: loc, rule: rule, maxLen: p.Length()}
	for i := range p.Overrides {
		if d := p.Overrides[i].Duration; d > s.maxLen {
			s.maxLen = d
		}
	}
	return s, nil
}

// Post returns the post the series was made from.
func (s *Series) Post() *Post { return s.post }

// Between appends to dst the occurrences that overlap [from, to), sorted by
// start, and returns it.
func (s *Series) Between(dst []Occurrence, from, to time.Time) []Occurrence {
	return s.between(dst, from, to, initialHorizon)
}

// between is Between computing ahead past to when it must compute: a
// series kept for later queries looks ahead, one made for a single
// expansion (Expand) does not, where two years of a daily rota were most of
// a week's summary.
func (s *Series) between(dst []Occurrence, from, to time.Time, ahead time.Duration) []Occurrence {
	c := s.done.Load()
	if c == nil || !c.complete && to.Unix() >= c.enough {
		c = s.computeFor(to, ahead)
	}
	// Searched in starts, not occs: a query meets hundreds of series, and
	// each step through occs' large elements was a cache miss. In whole
	// seconds the search may start a little early; overlaps decides.
	i, _ := slices.BinarySearch(c.starts, from.Add(-s.maxLen).Unix())
	for ; i < len(c.occs) && c.occs[i].Start.Before(to); i++ {
		if c.occs[i].overlaps(from, to) {
			dst = append(dst, c.occs[i])
		}
	}
	return dst
}

// computeFor computes, under the lock, as far as a query ending at to needs
// (and ahead further), unless another query just did.
func (s *Series) computeFor(to time.Time, ahead time.Duration) *computed {
	s.mu.Lock()
	defer s.mu.Unlock()
	if need := WallOf(to.In(s.loc)).Add(48 * time.Hour); s.done.Load() == nil || !s.complete && !need.Before(s.horizon) {
		s.compute(need.Add(ahead))
	}
	return s.done.Load()
}

// compute (re)builds occs for every original start before horizon: the rule's
// starts plus RDATEs, less EXDATEs and skipped occurrences, with moved and
// edited occurrences changed as their overrides say.
func (s *Series) compute(horizon time.Time) {
	p := s.post
	for _, o := range p.Overrides {
		// A moved occurrence can land anywhere, so the horizon must cover
		// every original that has an override.
		if !o.Original.Before(horizon) {
			horizon = o.Original.Add(24 * time.Hour)
		}
	}
	var rdates []time.Time
	exdates := map[int64]bool{}
	if p.Recurrence != nil {
		rdates = slices.Clone(p.Recurrence.RDates)
		slices.SortFunc(rdates, time.Time.Compare)
		for _, x := range p.Recurrence.ExDates {
			exdates[x.Unix()] = true
		}
	}
	overrides := make(map[int64]*Override, len(p.Overrides))
	for i := range p.Overrides {
		overrides[p.Overrides[i].Original.Unix()] = &p.Overrides[i]
	}
	next := s.rule.iterator()
	// New slices, not the last ones reused: readers may hold them.
	var occs []Occurrence
	if c := s.done.Load(); c != nil {
		occs = make([]Occurrence, 0, len(c.occs))
	}
	var last time.Time
	complete := true
	add := func(orig time.Time) {
		if orig.Equal(last) { // RDATE on a rule date, or a rule repeating itself
			return
		}
		last = orig
		if exdates[orig.Unix()] {
			return
		}
		o := Occurrence{Post: p, Original: orig}
		start, length := orig, p.Length()
		if ov := overrides[orig.Unix()]; ov != nil {
			if ov.Skipped {
				return
			}
			o.Override = ov
			if !ov.Start.IsZero() {
				start = ov.Start
			}
			if ov.Duration > 0 {
				length = ov.Duration
			}
		}
		o.Start, o.End = span(start, length, p.AllDay, s.loc)
		occs = append(occs, o)
	}
	ri := 0
	for {
		t, ok := next()
		if !ok {
			break
		}
		if !t.Before(horizon) {
			complete = false
			break
		}
		for ; ri < len(rdates) && rdates[ri].Before(t); ri++ {
			add(rdates[ri])
		}
		add(t)
	}
	for ; ri < len(rdates); ri++ {
		if rdates[ri].Before(horizon) {
			add(rdates[ri])
		} else {
			complete = false
		}
	}
	// Wall-clock order is start order except where an override moved an
	// occurrence or a DST gap pushed one past its neighbour.
	slices.SortStableFunc(occs, func(a, b Occurrence) int { return a.Start.Compare(b.Start) })
	// Two wall clocks in one DST gap can resolve to the same instant.
	occs = slices.CompactFunc(occs, func(a, b Occurrence) bool { return a.Start.Equal(b.Start) && a.Override == nil && b.Override == nil })
	starts := make([]int64, len(occs))
	for i, o := range occs {
		starts[i] = o.Start.Unix()
	}
	s.horizon, s.complete = horizon, complete
	s.done.Store(&computed{occs: occs, starts: starts, complete: complete,
		enough: horizon.Add(-48*time.Hour - zoneLead).Unix()})
}

// Expand returns the occurrences of p that overlap [from, to), sorted by
// start. An undated post has none.
func Expand(p *Post, from, to time.Time) ([]Occurrence, error) {
	if err := CheckWindow(from, to); err != nil {
		return nil, err
	}
	if !p.Dated() {
		return nil, nil
	}
	if p.Recurring() {
		s, err := NewSeries(p)
		if err != nil {
			return nil, err
		}
		occs := s.between(nil, from, to, 0)
		if len(occs) > MaxOccurrences {
			return nil, tooMany(from, to)
		}
		return occs, nil
	}
	o, err := Single(p)
	if err != nil || !o.overlaps(from, to) {
		return nil, err
	}
	return []Occurrence{o}, nil
}

// Single returns the one occurrence of a dated post that does not repeat.
func Single(p *Post) (Occurrence, error) {
	loc, err := p.Location()
	if err != nil {
		return Occurrence{}, err
	}
	o := Occurrence{Post: p}
	o.Start, o.End = span(p.Start, p.Length(), p.AllDay, loc)
	return o, nil
}

func tooMany(from, to time.Time) error {
	return Errorf(EINVALID, "The window from %s to %s holds more than %d occurrences; choose a shorter one.",
		from.Format("2 Jan 2006"), to.Format("2 Jan 2006"), MaxOccurrences)
}

// spanLimit is how far ahead Span looks for the end of a bounded series;
// one that ends later is treated as endless, which is only slower, never
// wrong.
const spanLimit = 10 * 366 * 24 * time.Hour

// Span returns when the series' first occurrence starts and its last one
// ends. last is zero for a series that does not end (or ends more than ten
// years after it starts).
func (s *Series) Span() (first, last time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.post
	if s.rule.Bounded() && (s.rule.Until().IsZero() || s.rule.Until().Sub(p.Start) < spanLimit) {
		if !s.complete {
			s.compute(p.Start.Add(spanLimit + 48*time.Hour))
		}
		if s.complete {
			occs := s.done.Load().occs
			if len(occs) == 0 {
				t := Resolve(p.Start, s.loc)
				return t, t
			}
			first = occs[0].Start
			for _, o := range occs {
				if o.End.After(last) {
					last = o.End
				}
			}
			return first, last
		}
	}
	first = Resolve(p.Start, s.loc)
	earlier := func(wall time.Time) {
		if t := Resolve(wall, s.loc); t.Before(first) {
			first = t
		}
	}
	for _, t := range p.Recurrence.RDates {
		earlier(t)
	}
	for _, o := range p.Overrides {
		if !o.Start.IsZero() {
			earlier(o.Start)
		}
	}
	return first, time.Time{}
}
