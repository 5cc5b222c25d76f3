package calendar

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// GenerateOptions sizes a generated plan.
type GenerateOptions struct {
	Posts  int       // posts that do not repeat
	Series int       // recurring posts
	Seed   uint64    // same seed, same plan
	From   time.Time // the plan's first day (a wall clock); zero: 1 Jan 2026
	Days   int       // how many days the plan covers; zero: about 60 posts a day
	// Today, when set, puts the sample month around it (SamplePlan: the team,
	// channels with weekly targets, the launch campaign, two experiments with
	// results, the routines) under the generated posts, which then share its
	// team. "Load sample plan" is this with no generated posts.
	Today time.Time
}

// Plan is a whole plan in memory: what a generator, an import or an export
// carries.
type Plan struct {
	Campaigns []Campaign
	Members   []Member
	Channels  []Channel // the team's own, beyond DefaultChannels
	Posts     []*Post
	// Experiments refer to their series in Posts by ID.
	Experiments []Experiment
	Routines    []Routine
}

var (
	genMembers = []Member{
		{ID: "01MEMBER0ASTRID000000000000", Name: "Astrid Nielsen", Email: "astrid@example.com", Colour: "#7c3aed"},
		{ID: "01MEMBER0BJORN0000000000000", Name: "Björn Lind", Email: "bjorn@example.se", Colour: "#0891b2"},
		{ID: "01MEMBER0CHLOE0000000000000", Name: "Chloe Evans", Email: "chloe@example.com", Colour: "#ea580c"},
	}
	genZones = []string{"Europe/Copenhagen", "Europe/Copenhagen", "Europe/Copenhagen", "Europe/Stockholm", "Europe/Stockholm",
		"America/New_York", "UTC"}
	genChannels = []string{"Instagram", "LinkedIn", "Facebook", "TikTok", "Bluesky", "Newsletter", "Blog", "Podcast"}
	genTopics   = []string{"Bag kulisserne", "Kundecase", "Ugens tip", "Veckans fråga", "Product tip", "Team intro",
		"Sommerudsalg", "Nyhedsbrev", "Webinar", "Karusel: 5 fejl", "Spørgsmål til jer", "Udvalgte anmeldelser"}
	genBodies = []string{
		"Kig med bag kulisserne, når vi pakker ordrer i Aarhus 📦✨",
		"Hvad er jeres bedste råd til en travl mandag? Skriv det i kommentarerne 👇",
		"Visste du att vi planterar ett träd för varje order? 🌳",
		"Tre ting vi lærte af at teste korte videoer i seks uger. Tråd 🧵",
		"New in: the autumn collection, made to last. Link in bio.",
		"Smørrebrød, kaffe og en god snak: mød holdet bag butikken ☕️",
	}
	genRules = []string{
		"FREQ=WEEKLY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=TH;COUNT=6", "FREQ=MONTHLY;BYDAY=1MO", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
		"FREQ=DAILY;COUNT=30", "FREQ=WEEKLY;BYDAY=WE;COUNT=6", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=24",
	}
)

// Generate makes a realistic, deterministic plan: a small team, campaigns
// over months, posts spread over working hours in several time zones with
// Danish, Swedish and English text and emoji, and series (weekly routines,
// six-week experiments, monthly meetings) with exceptions and moved
// occurrences. Posts are spread so that the plan has about 60 a day, the
// density of a busy team, whatever its size.
func Generate(o GenerateOptions) Plan {
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	from := o.From
	if from.IsZero() {
		from = Wall(2026, 1, 1, 0, 0, 0)
	}
	days := min(max((o.Posts+o.Series)/60, 90), 3650)
	if o.Days > 0 {
		days = min(o.Days, 3650)
	}
	bulk := o.Posts+o.Series > 0
	var plan Plan
	if !o.Today.IsZero() {
		plan = SamplePlan(o.Today)
	} else {
		plan.Members = slices.Clone(genMembers)
		monday := from
		for monday.Weekday() != time.Monday {
			monday = monday.AddDate(0, 0, 1)
		}
		sampleRoutines(&plan, monday, "Europe/Copenhagen", plan.Members)
	}
	if !bulk {
		return plan
	}
	plan.Channels = append(plan.Channels, Channel{Name: "Podcast", WeeklyTarget: 1})
	ownCampaigns := len(plan.Campaigns) // the sample's come first
	for i := range max(2, days/60) {
		start := from.AddDate(0, 0, i*days/max(2, days/60))
		plan.Campaigns = append(plan.Campaigns, Campaign{
			Tag: fmt.Sprintf("c%03d", i), Name: fmt.Sprintf("%s %d", []string{"Forår", "Sommer", "Høst", "Vinter"}[i%4], 2026+i/4),
			Colour: fmt.Sprintf("#%06x", rng.IntN(0xffffff)), Hashtag: fmt.Sprintf("#kampagne%d", i),
			Starts: start, Ends: start.AddDate(0, 0, 59), Goal: "Flere følgere og nyhedsbrevstilmeldinger",
		})
	}
	// Experiments' results are recorded up to "now": today when given,
	// else the middle of the plan, so that a plan has ended, running and
	// planned experiments whatever its dates.
	now := o.Today
	if now.IsZero() {
		now = from.AddDate(0, 0, days/2)
	}
	statuses := []Status{StatusIdea, StatusDraft, StatusDraft, StatusReady, StatusScheduled, StatusScheduled, StatusPublished, StatusPublished, StatusCancelled}
	newPost := func(i int) *Post {
		day := rng.IntN(days)
		start := from.AddDate(0, 0, day).Add(time.Duration(7*60+rng.IntN(13*4)*15) * time.Minute)
		p := &Post{
			ID:       ID(fmt.Sprintf("01GEN%021d", i)),
			Title:    genTopics[rng.IntN(len(genTopics))],
			Body:     strings.Repeat(genBodies[rng.IntN(len(genBodies))]+" ", 1+rng.IntN(3)),
			Start:    start,
			TimeZone: genZones[rng.IntN(len(genZones))],
			Status:   statuses[rng.IntN(len(statuses))],
			Assignee: plan.Members[rng.IntN(len(plan.Members))].ID,
		}
		n := 1 + rng.IntN(3)
		for _, c := range rng.Perm(len(genChannels))[:n] {
			p.Channels = append(p.Channels, genChannels[c])
		}
		if rng.IntN(4) == 0 {
			p.Variants = map[string]string{p.Channels[0]: "Kort version: " + p.Title + " 🚀"}
		}
		gen := plan.Campaigns[ownCampaigns:]
		ci := day * len(gen) / days
		if ci < len(gen) && rng.IntN(3) > 0 && !Wall(start.Year(), start.Month(), start.Day(), 0, 0, 0).After(gen[ci].Ends) {
			p.Tags = []string{gen[ci].Tag}
		}
		switch rng.IntN(20) {
		case 0:
			p.AllDay, p.Start, p.Duration = true, from.AddDate(0, 0, day), 24*time.Hour*time.Duration(1+rng.IntN(3))
		case 1:
			p.Start, p.TimeZone, p.Status = time.Time{}, "", StatusIdea // an undated idea
		case 2:
			p.Duration = time.Duration(15+rng.IntN(8)*15) * time.Minute
		}
		if rng.IntN(10) == 0 {
			p.Link = fmt.Sprintf("https://example.com/blog/%d", i)
		}
		return p
	}
	for i := range o.Posts {
		plan.Posts = append(plan.Posts, newPost(i))
	}
	for i := range o.Series {
		p := newPost(o.Posts + i)
		if !p.Dated() || p.AllDay {
			p.Start, p.TimeZone, p.AllDay, p.Duration = from.AddDate(0, 0, rng.IntN(days)).Add(9*time.Hour), "Europe/Copenhagen", false, 0
		}
		p.Tags = nil // a series outlives its campaigns
		p.Status = StatusScheduled
		p.Recurrence = &Recurrence{Rule: genRules[rng.IntN(len(genRules))]}
		// Most series end after a season, as a campaign's do; were they all
		// endless, a plan's later weeks would fill with every series ever
		// started.
		if !strings.Contains(p.Recurrence.Rule, "COUNT=") && rng.IntN(50) > 0 {
			p.Recurrence.Rule += fmt.Sprintf(";COUNT=%d", 8+rng.IntN(19))
		}
		loc, _ := LoadLocation(p.TimeZone)
		// Start on the rule's first date, as the window's editor does.
		if r, err := ParseRule(p.Recurrence.Rule, p.Start, loc); err == nil {
			if first, ok := r.First(); ok {
				p.Start = first
			}
		}
		if s, err := NewSeries(p); err == nil {
			// Skip one occurrence and move another, as teams do.
			occs := s.Between(nil, Resolve(p.Start, loc), Resolve(p.Start, loc).AddDate(0, 3, 0))
			if len(occs) > 3 {
				p.Recurrence.ExDates = []time.Time{occs[1].Original}
				p.Overrides = []Override{{Original: occs[2].Original, Start: occs[2].Original.Add(26 * time.Hour), Title: p.Title + " (flyttet)"}}
			}
		}
		if i%3 == 0 && strings.HasSuffix(p.Recurrence.Rule, ";COUNT=6") {
			plan.Experiments = append(plan.Experiments, genExperiment(p, i, now, rng))
		}
		plan.Posts = append(plan.Posts, p)
	}
	return plan
}

// genExperiment makes a six-week series a format test: ended with a
// decision when its last occurrence is past, running with results for the
// occurrences that went out, or planned.
func genExperiment(p *Post, i int, now time.Time, rng *rand.Rand) Experiment {
	e := Experiment{ID: ID(fmt.Sprintf("01GENEXP%018d", i)), Name: "Test: " + p.Title,
		Hypothesis: "Et fast format hver uge giver flere kommentarer.", Metric: "comments",
		Baseline: 10, Target: 15, State: ExperimentPlanned, Arms: []Arm{{Post: p.ID}}}
	p.Experiment = e.ID
	loc, _ := p.Location()
	origs, _ := Originals(p)
	skipped := map[time.Time]bool{}
	for _, x := range p.Recurrence.ExDates {
		skipped[x] = true
	}
	for _, o := range origs {
		at := Resolve(o, loc).Add(24 * time.Hour)
		if skipped[o] || !at.Before(now) {
			continue
		}
		e.State = ExperimentRunning
		e.Results = append(e.Results, Result{Post: p.ID, Original: o, Value: float64(5 + rng.IntN(20)), Recorded: at})
	}
	if len(origs) > 0 && Resolve(origs[len(origs)-1], loc).Add(7*24*time.Hour).Before(now) {
		e.State, e.Learning = ExperimentDropped, "Ingen tydelig forskel; vi stopper formatet."
		if i%2 == 0 {
			e.State, e.Learning = ExperimentAdopted, "Flere kommentarer end udgangspunktet; formatet fortsætter."
		}
	}
	return e
}
