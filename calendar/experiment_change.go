package calendar

import (
	"slices"
	"strconv"
	"strings"
)

// ExperimentChange is an edit of a running or planned experiment: what the
// team expects, the variants' texts (one per arm, in order) and, when
// Count > 0, how many times each series runs.
type ExperimentChange struct {
	Name       string
	Hypothesis string
	Metric     string
	Baseline   float64
	Target     float64
	Texts      []string
	Count      int
}

// Change applies c to e and the series carrying its arms. Results already
// recorded stay with their occurrences; a length that would leave a result
// without its occurrence is refused by Validate, so nothing measured is
// lost. A decided experiment is history and is not changed.
func (e *Experiment) Change(c ExperimentChange, posts map[ID]*Post) error {
	if e.Ended() {
		return Errorf(EINVALID, "%q is decided; its record is kept as it was.", e.Name)
	}
	if len(c.Texts) != len(e.Arms) {
		return FieldErrorf("arms", "Give the text of each of the %d variants.", len(e.Arms))
	}
	if c.Count < 0 || c.Count > MaxExperimentOccurrences {
		return FieldErrorf("count", "An experiment runs from 1 to %d times.", MaxExperimentOccurrences)
	}
	if err := e.keepsResults(c.Count, posts); err != nil {
		return err
	}
	e.Name, e.Hypothesis = strings.TrimSpace(c.Name), strings.TrimSpace(c.Hypothesis)
	e.Metric, e.Baseline, e.Target = strings.TrimSpace(c.Metric), c.Baseline, c.Target
	for i, a := range e.Arms {
		text := strings.TrimSpace(c.Texts[i])
		if e.Alternating() {
			// ApplyArms writes the texts into the shared series.
			e.Arms[i].Body = text
			continue
		}
		p := posts[a.Post]
		if p == nil {
			return Errorf(ENOTFOUND, "The series of variant %s is not in the plan.", armLabel(e, i))
		}
		if text == "" {
			return FieldErrorf("arms", "Variant %s needs its text.", armLabel(e, i))
		}
		p.Body = text
	}
	if c.Count > 0 {
		for _, a := range e.Arms {
			if p := posts[a.Post]; p != nil && p.Recurring() {
				p.Recurrence.Rule = withCount(p.Recurrence.Rule, c.Count)
			}
		}
	}
	return nil
}

func withCount(rule string, n int) string { return setRulePart(rule, "COUNT", strconv.Itoa(n)) }

// keepsResults refuses a length (count > 0) that would leave a recorded
// result without its occurrence.
func (e *Experiment) keepsResults(count int, posts map[ID]*Post) error {
	if count == 0 {
		return nil
	}
	for _, r := range e.Results {
		p := posts[r.Post]
		if p == nil || !p.Recurring() {
			continue
		}
		shorter := p.Clone()
		shorter.Recurrence.Rule = withCount(p.Recurrence.Rule, count)
		origs, err := Originals(shorter)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(origs, r.Original.Equal) {
			return FieldErrorf("count", "The occurrence of %s has a result; a shorter experiment would lose it.",
				r.Original.Format("2006-01-02 15:04"))
		}
	}
	return nil
}
