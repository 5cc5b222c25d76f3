package calendar

import (
	"fmt"
	"slices"
	"time"
)

// SamplePlan is the plan "Load sample plan" adds: a realistic month for a
// small Danish team around the month of today, so that a new user sees what
// Postplan is for. Post IDs are left empty for the store to give.
func SamplePlan(today time.Time) Plan {
	first := Wall(today.Year(), today.Month(), 1, 0, 0, 0)
	monday := first // the Monday on or before the 1st
	for monday.Weekday() != time.Monday {
		monday = monday.AddDate(0, 0, -1)
	}
	const zone = "Europe/Copenhagen"
	members := []Member{
		{ID: "01SAMPLEASTRID000000000000", Name: "Astrid Nielsen", Email: "astrid@example.com", Colour: "#7c3aed"},
		{ID: "01SAMPLEBJORN0000000000000", Name: "Björn Lind", Email: "bjorn@example.se", Colour: "#0891b2"},
		{ID: "01SAMPLECHLOE0000000000000", Name: "Chloe Evans", Email: "chloe@example.com", Colour: "#ea580c"},
	}
	plan := Plan{
		Members: members,
		Channels: []Channel{
			{Name: "Instagram", WeeklyTarget: 4, CharLimit: 2200},
			{Name: "LinkedIn", WeeklyTarget: 2, CharLimit: 3000},
			{Name: "Facebook", WeeklyTarget: 2, CharLimit: 63206},
			{Name: "Newsletter", WeeklyTarget: 1},
		},
		Campaigns: []Campaign{
			{Tag: "launch", Name: "Efterårslancering", Colour: "#e11d48", Hashtag: "#nyheder",
				Starts: monday, Ends: monday.AddDate(0, 0, 20), Goal: "500 tilmeldinger til nyhedsbrevet"},
			{Tag: "cases", Name: "Kundecases", Colour: "#0f766e", Hashtag: "#kundecase",
				Starts: monday, Ends: monday.AddDate(0, 0, 34), Goal: "Vise tre kunder i brug"},
		},
	}
	at := func(week int, day time.Weekday, h, m int) time.Time {
		return monday.AddDate(0, 0, 7*week+(int(day)+6)%7).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	add := func(p Post) { plan.Posts = append(plan.Posts, &p) }
	add(Post{Title: "Ugens tip", Body: "Et kort tip fra holdet hver tirsdag 💡", Channels: []string{"Instagram", "LinkedIn"},
		Start: at(0, time.Tuesday, 10, 0), TimeZone: zone, Status: StatusScheduled, Assignee: members[0].ID,
		Recurrence: &Recurrence{Rule: "FREQ=WEEKLY;BYDAY=TU"}})
	add(Post{Title: "Nyhedsbrev", Body: "Månedens nyheder, tips og et kig bag kulisserne.", Channels: []string{"Newsletter"},
		Start: at(0, time.Thursday, 8, 0), TimeZone: zone, Status: StatusReady, Assignee: members[2].ID,
		Recurrence: &Recurrence{Rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;COUNT=3"}})
	launch := []struct {
		week  int
		day   time.Weekday
		h     int
		title string
		ch    []string
		st    Status
		who   int
	}{
		{0, time.Monday, 9, "Teaser: noget nyt er på vej 👀", []string{"Instagram", "Facebook"}, StatusPublished, 0},
		{0, time.Wednesday, 12, "Bag kulisserne: fotoshoot", []string{"Instagram"}, StatusPublished, 1},
		{0, time.Friday, 15, "Nedtælling: 3 dage", []string{"Instagram"}, StatusScheduled, 0},
		{1, time.Monday, 9, "Lancering! Efterårskollektionen er her 🍂", []string{"Instagram", "Facebook", "LinkedIn"}, StatusScheduled, 0},
		{1, time.Wednesday, 11, "Karusel: 5 måder at style den på", []string{"Instagram"}, StatusReady, 1},
		{1, time.Saturday, 10, "Weekendkonkurrence", []string{"Facebook", "Instagram"}, StatusDraft, 2},
		{2, time.Tuesday, 14, "Spørgsmål: hvilken farve vinder?", []string{"Instagram"}, StatusDraft, 1},
		{2, time.Friday, 9, "Tak for en fantastisk lancering", []string{"LinkedIn"}, StatusIdea, 0},
	}
	for _, l := range launch {
		add(Post{Title: l.title, Body: l.title + " Læs mere via linket.", Channels: l.ch, Start: at(l.week, l.day, l.h, 0),
			TimeZone: zone, Status: l.st, Assignee: members[l.who].ID, Tags: []string{"launch"}, Link: "https://example.com/efteraar"})
	}
	for i, c := range []string{"Café Solsikke, Aarhus", "Nordlys Design, Malmö", "Bageriet på hjørnet"} {
		add(Post{Title: fmt.Sprintf("Kundecase: %s", c), Body: "Hvordan " + c + " bruger vores produkter i hverdagen.",
			Channels: []string{"LinkedIn", "Facebook"}, Start: at(1+i, time.Thursday, 13, 30), TimeZone: zone,
			Status: []Status{StatusReady, StatusDraft, StatusIdea}[i], Assignee: members[2].ID, Tags: []string{"cases"}})
	}
	add(Post{Title: "Messe i Bella Center", Body: "Vi står på stand B12 hele weekenden.", Channels: []string{"Instagram", "LinkedIn"},
		Start: at(3, time.Friday, 0, 0), AllDay: true, Duration: 3 * 24 * time.Hour, TimeZone: zone, Status: StatusScheduled, Assignee: members[1].ID})
	add(Post{Title: "Idé: reel om emballage", Body: "Vis hvordan vi pakker plastfrit.", Channels: []string{"Instagram"}, Status: StatusIdea, Assignee: members[1].ID})
	add(Post{Title: "Idé: medarbejder-takeover", Channels: []string{"Instagram"}, Status: StatusIdea})
	sampleExperiments(&plan, at, zone, members, today)
	sampleRoutines(&plan, monday, zone, members)
	publishedBefore(&plan, today)
	return plan
}

// publishedBefore marks what a team would have posted by today as
// published: the scheduled and ready posts, and their series' occurrences,
// whose time has passed. Drafts stay as they are, overdue, as a real plan
// has a few; otherwise a new user's sample month would be a sea of
// overdue marks.
func publishedBefore(plan *Plan, today time.Time) {
	done := func(st Status) bool { return st == StatusScheduled || st == StatusReady }
	for _, p := range plan.Posts {
		if !p.Dated() || !done(p.Status) {
			continue
		}
		loc, err := p.Location()
		if err != nil {
			continue
		}
		if !p.Recurring() {
			if Resolve(p.Start, loc).Before(today) {
				p.Status = StatusPublished
			}
			continue
		}
		origs, err := originalsUntil(p, today)
		if err != nil {
			continue
		}
		for _, o := range origs {
			if !Resolve(o, loc).Before(today) {
				continue
			}
			if i := slices.IndexFunc(p.Overrides, func(x Override) bool { return x.Original.Equal(o) }); i >= 0 {
				p.Overrides[i].Status = StatusPublished
			} else {
				p.Overrides = append(p.Overrides, Override{Original: o, Status: StatusPublished})
			}
		}
		slices.SortFunc(p.Overrides, func(a, b Override) int { return a.Original.Compare(b.Original) })
	}
}

// sampleExperiments adds a six-week format test and an A/B test, with
// results for the occurrences that have gone out by today.
func sampleExperiments(plan *Plan, at func(int, time.Weekday, int, int) time.Time, zone string, members []Member, today time.Time) {
	bts := &Post{ID: "01SAMPLEEXPBTS000000000000", Title: "Bag kulisserne-video", Body: "30 sekunder fra værkstedet 🎬",
		Channels: []string{"Instagram"}, Start: at(0, time.Thursday, 15, 0), TimeZone: zone, Status: StatusScheduled,
		Assignee: members[1].ID, Recurrence: &Recurrence{Rule: "FREQ=WEEKLY;BYDAY=TH;COUNT=6"}, Experiment: "01SAMPLEEXPERIMENTBTS00000"}
	ab := &Post{ID: "01SAMPLEEXPAB0000000000000", Title: "LinkedIn-opslag: spørgsmål eller udsagn", Channels: []string{"LinkedIn"},
		Start: at(0, time.Tuesday, 8, 30), TimeZone: zone, Status: StatusScheduled, Assignee: members[2].ID,
		Recurrence: &Recurrence{Rule: "FREQ=WEEKLY;BYDAY=TU;COUNT=6"}, Experiment: "01SAMPLEEXPERIMENTAB000000"}
	exps := []Experiment{
		{ID: bts.Experiment, Name: "Bag kulisserne hver torsdag", Hypothesis: "Korte videoer bag kulisserne får flere kommentarer end produktbilleder.",
			Metric: "comments", Baseline: 12, Target: 20, State: ExperimentRunning, Arms: []Arm{{Post: bts.ID}}},
		{ID: ab.Experiment, Name: "Spørgsmål mod udsagn", Hypothesis: "Et opslag der stiller et spørgsmål får højere engagement end et udsagn.",
			Metric: "engagement rate", Baseline: 2.1, Target: 3, State: ExperimentRunning,
			Arms: []Arm{{Name: "A", Post: ab.ID, Body: "Hvad er jeres bedste råd til en travl uge? 👇"},
				{Name: "B", Post: ab.ID, Body: "Vores bedste råd til en travl uge: planlæg fredag."}}},
	}
	values := [][]float64{{14, 19, 23, 17, 25, 21}, {3.4, 2.2, 3.1, 2.5, 3.6, 2.0}}
	for i, p := range []*Post{bts, ab} {
		e := &exps[i]
		_ = e.ApplyArms(p, nil)
		loc, _ := p.Location()
		origs, _ := Originals(p)
		for n, o := range origs {
			if Resolve(o, loc).Add(24 * time.Hour).Before(today) {
				e.Results = append(e.Results, Result{Post: p.ID, Original: o, Value: values[i][n],
					Note: "Målt dagen efter.", Recorded: Resolve(o, loc).Add(24 * time.Hour)})
			}
		}
		plan.Posts = append(plan.Posts, p)
	}
	plan.Experiments = exps
}

// sampleRoutines adds the team's weekly numbers, the first-Monday results
// meeting and a weekly monitoring rota through the three members.
func sampleRoutines(plan *Plan, monday time.Time, zone string, members []Member) {
	ids := []ID{members[0].ID, members[1].ID, members[2].ID}
	t := RoutineTemplates(monday, zone, ids)
	names := map[string]string{"weekly-numbers": "Ugens tal", "results-meeting": "Resultatmøde", "rota-weekly": "Overvågning"}
	for _, k := range []string{"weekly-numbers", "results-meeting", "rota-weekly"} {
		r := t[k][0]
		r.Name = names[k]
		plan.Routines = append(plan.Routines, r)
	}
}
