package app

import (
	"slices"
	"strings"

	"postplan/calendar"
)

// Filter narrows what the calendar and the ideas list show. Empty lists
// let everything through; Text matches title, text and notes, ignoring case.
type Filter struct {
	Campaigns []string `json:"campaigns"`
	Channels  []string `json:"channels"`
	Statuses  []string `json:"statuses"`
	Assignees []string `json:"assignees"`
	Text      string   `json:"text"`
}

// empty reports whether the filter lets every post through.
func (f Filter) empty() bool {
	return len(f.Campaigns)+len(f.Channels)+len(f.Statuses)+len(f.Assignees) == 0 && strings.TrimSpace(f.Text) == ""
}

// matcher returns a test for one post (or occurrence: its own title, body
// and status). The text is lowered once here, not once per post.
func (f Filter) matcher() func(p *calendar.Post, title, body string, status calendar.Status) bool {
	text := strings.ToLower(strings.TrimSpace(f.Text))
	return func(p *calendar.Post, title, body string, status calendar.Status) bool {
		if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, string(status)) {
			return false
		}
		if len(f.Assignees) > 0 && !slices.Contains(f.Assignees, string(p.Assignee)) {
			return false
		}
		if len(f.Campaigns) > 0 && !slices.ContainsFunc(p.Tags, func(t string) bool { return slices.Contains(f.Campaigns, t) }) {
			return false
		}
		if len(f.Channels) > 0 && !slices.ContainsFunc(p.Channels, func(c string) bool { return slices.Contains(f.Channels, c) }) {
			return false
		}
		return text == "" || containsFold(title, text) || containsFold(body, text) || containsFold(p.Notes, text)
	}
}

func containsFold(s, lower string) bool {
	return s != "" && strings.Contains(strings.ToLower(s), lower)
}
