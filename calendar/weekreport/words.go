// Package weekreport writes a week at a glance for people outside the
// window: plain text and Markdown for email and chat, an HTML page for the
// feed server, and a one-page PDF. All three say the same figures, in
// English, Danish or Swedish.
package weekreport

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"postplan/calendar"
)

// words are one language's labels.
type words struct {
	lang                            string
	days                            [7]string
	monthNames                      [12]string
	week, posts, lastWeek           string
	channels, noChannel             string
	onTarget, belowTarget, noneYet  string
	statuses, status1               map[calendar.Status]string // plural for counts, singular for one post
	status, notReady, late          string
	overdue                         string // before the title of a post past its time, not published
	campaigns, experiments          string
	thisWeek, next, results, mean   string
	result                          string
	states                          map[calendar.ExperimentState]string
	onDuty, meetings, nothingOn     string
	dayByDay, allDay, previous, nxt string
	updated                         string
	decimal                         string
}

var english = &words{
	lang:       "en",
	days:       [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"},
	monthNames: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	week:       "Week", posts: "posts planned", lastWeek: "last week",
	channels: "Channels", noChannel: "No channel",
	onTarget: "on target", belowTarget: "below target", noneYet: "nothing planned",
	statuses: map[calendar.Status]string{calendar.StatusIdea: "Ideas", calendar.StatusDraft: "Drafts", calendar.StatusReady: "Ready",
		calendar.StatusScheduled: "Scheduled", calendar.StatusPublished: "Published", calendar.StatusCancelled: "Cancelled"},
	status1: map[calendar.Status]string{calendar.StatusIdea: "Idea", calendar.StatusDraft: "Draft", calendar.StatusReady: "Ready",
		calendar.StatusScheduled: "Scheduled", calendar.StatusPublished: "Published", calendar.StatusCancelled: "Cancelled"},
	status: "Status", notReady: "Not ready by their day", late: "not ready", overdue: "Overdue:",
	campaigns: "Campaigns", experiments: "Experiments",
	thisWeek: "this week", next: "next", results: "results", result: "result", mean: "mean",
	states: map[calendar.ExperimentState]string{calendar.ExperimentPlanned: "planned", calendar.ExperimentRunning: "running"},
	onDuty: "On duty", meetings: "Meetings", nothingOn: "Nothing planned on",
	dayByDay: "Day by day", allDay: "all day", previous: "Previous week", nxt: "Next week",
	updated: "Updated", decimal: ".",
}

var danish = &words{
	lang:       "da",
	days:       [7]string{"man", "tir", "ons", "tor", "fre", "lør", "søn"},
	monthNames: [12]string{"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"},
	week:       "Uge", posts: "opslag planlagt", lastWeek: "sidste uge",
	channels: "Kanaler", noChannel: "Ingen kanal",
	onTarget: "målet nået", belowTarget: "under målet", noneYet: "intet planlagt",
	statuses: map[calendar.Status]string{calendar.StatusIdea: "Idéer", calendar.StatusDraft: "Kladder", calendar.StatusReady: "Klar",
		calendar.StatusScheduled: "Planlagt", calendar.StatusPublished: "Udgivet", calendar.StatusCancelled: "Aflyst"},
	status1: map[calendar.Status]string{calendar.StatusIdea: "Idé", calendar.StatusDraft: "Kladde", calendar.StatusReady: "Klar",
		calendar.StatusScheduled: "Planlagt", calendar.StatusPublished: "Udgivet", calendar.StatusCancelled: "Aflyst"},
	status: "Status", notReady: "Ikke klar til dagen", late: "ikke klar", overdue: "Forsinket:",
	campaigns: "Kampagner", experiments: "Eksperimenter",
	thisWeek: "i denne uge", next: "næste", results: "resultater", result: "resultat", mean: "gennemsnit",
	states: map[calendar.ExperimentState]string{calendar.ExperimentPlanned: "planlagt", calendar.ExperimentRunning: "kører"},
	onDuty: "Vagt", meetings: "Møder", nothingOn: "Intet planlagt",
	dayByDay: "Dag for dag", allDay: "hele dagen", previous: "Forrige uge", nxt: "Næste uge",
	updated: "Opdateret", decimal: ",",
}

var swedish = &words{
	lang:       "sv",
	days:       [7]string{"mån", "tis", "ons", "tor", "fre", "lör", "sön"},
	monthNames: [12]string{"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"},
	week:       "Vecka", posts: "inlägg planerade", lastWeek: "förra veckan",
	channels: "Kanaler", noChannel: "Ingen kanal",
	onTarget: "målet nått", belowTarget: "under målet", noneYet: "inget planerat",
	statuses: map[calendar.Status]string{calendar.StatusIdea: "Idéer", calendar.StatusDraft: "Utkast", calendar.StatusReady: "Klara",
		calendar.StatusScheduled: "Schemalagda", calendar.StatusPublished: "Publicerade", calendar.StatusCancelled: "Inställda"},
	status1: map[calendar.Status]string{calendar.StatusIdea: "Idé", calendar.StatusDraft: "Utkast", calendar.StatusReady: "Klar",
		calendar.StatusScheduled: "Schemalagd", calendar.StatusPublished: "Publicerad", calendar.StatusCancelled: "Inställd"},
	status: "Status", notReady: "Inte klara till sin dag", late: "inte klara", overdue: "Försenad:",
	campaigns: "Kampanjer", experiments: "Experiment",
	thisWeek: "denna vecka", next: "nästa", results: "resultat", result: "resultat", mean: "medel",
	states: map[calendar.ExperimentState]string{calendar.ExperimentPlanned: "planerat", calendar.ExperimentRunning: "pågår"},
	onDuty: "Jour", meetings: "Möten", nothingOn: "Inget planerat",
	dayByDay: "Dag för dag", allDay: "heldag", previous: "Föregående vecka", nxt: "Nästa vecka",
	updated: "Uppdaterad", decimal: ",",
}

// Languages are the codes the reports are written in.
var Languages = []string{"en", "da", "sv"}

// lookup returns a language's words; English for any other code.
func lookup(lang string) *words {
	switch strings.ToLower(lang) {
	case "da":
		return danish
	case "sv":
		return swedish
	}
	return english
}

// FromAcceptLanguage picks the first of Languages a browser asks for, by
// weight, or English.
func FromAcceptLanguage(header string) string {
	best, bestQ := "en", -1.0
	for part := range strings.SplitSeq(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if base == "nb" || base == "no" || base == "nn" {
			base = "da" // Norwegian readers read Danish more easily than English
		}
		for _, l := range Languages {
			if l == base && q > bestQ && q > 0 {
				best, bestQ = l, q
			}
		}
	}
	return best
}

func (w *words) day(t time.Time) string {
	return w.days[(int(t.Weekday())+6)%7]
}

// date writes "Tue 24 Nov", "tir 24. nov", "tis 24 nov".
func (w *words) date(t time.Time) string {
	if w.lang == "da" {
		return fmt.Sprintf("%s %d. %s", w.day(t), t.Day(), w.monthNames[t.Month()-1])
	}
	return fmt.Sprintf("%s %d %s", w.day(t), t.Day(), w.monthNames[t.Month()-1])
}

// shortDate writes "24 Nov" or "24. nov".
func (w *words) shortDate(t time.Time) string {
	if w.lang == "da" {
		return fmt.Sprintf("%d. %s", t.Day(), w.monthNames[t.Month()-1])
	}
	return fmt.Sprintf("%d %s", t.Day(), w.monthNames[t.Month()-1])
}

// title writes "Week 48, 23–29 Nov 2026", across a month or year end too.
func (w *words) title(s *calendar.WeekSummary) string {
	first, last := s.Days[0], s.Days[6]
	var span string
	switch {
	case first.Year() != last.Year():
		span = fmt.Sprintf("%s %d – %s %d", w.shortDate(first), first.Year(), w.shortDate(last), last.Year())
	case first.Month() != last.Month():
		span = fmt.Sprintf("%s – %s %d", w.shortDate(first), w.shortDate(last), last.Year())
	default:
		span = fmt.Sprintf("%d–%s %d", first.Day(), w.shortDate(last), last.Year())
		if w.lang == "da" {
			span = fmt.Sprintf("%d.–%s %d", first.Day(), w.shortDate(last), last.Year())
		}
	}
	return fmt.Sprintf("%s %d, %s", w.week, s.Week.Num, span)
}

// number writes a figure with the language's decimal mark and at most two
// decimals.
func (w *words) number(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return strings.Replace(s, ".", w.decimal, 1)
}

// change writes how a count moved since last week: "▲ 3", "▼ 1" or "=".
func change(now, before int) string {
	switch {
	case now > before:
		return fmt.Sprintf("▲ %d", now-before)
	case now < before:
		return fmt.Sprintf("▼ %d", before-now)
	}
	return "="
}

func (w *words) channel(name string) string {
	if name == calendar.ChannelNone {
		return w.noChannel
	}
	return name
}

// level writes how a channel's week compares with its target.
func (w *words) level(c calendar.ChannelWeek) string {
	switch c.Level {
	case calendar.LevelMet:
		return w.onTarget
	case calendar.LevelBelow:
		return w.belowTarget
	case calendar.LevelZero:
		return w.noneYet
	}
	return ""
}

// planned writes "3/4" against a target, or "3" without one.
func planned(c calendar.ChannelWeek) string {
	if c.Target == 0 {
		return strconv.Itoa(c.Planned)
	}
	return fmt.Sprintf("%d/%d", c.Planned, c.Target)
}

func (w *words) clock(p calendar.WeekPost, loc *time.Location) string {
	if p.AllDay {
		return w.allDay
	}
	return p.Start.In(loc).Format("15:04")
}
