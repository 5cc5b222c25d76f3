package calendar

import (
	"slices"
	"time"
)

// Feed is a subscribable view of the plan: a name, which posts it shows and
// in how much detail, and the secret token in its address.
type Feed struct {
	Name       string     `json:"name" validate:"required,max=80"`
	Filter     FeedFilter `json:"filter"`
	TitlesOnly bool       `json:"titlesOnly"`
	Token      string     `json:"token,omitempty"` // never exported
	Created    time.Time  `json:"created"`
	Revoked    time.Time  `json:"revoked,omitzero"`
}

// FeedFilter selects posts; an empty list means "all" for that field.
type FeedFilter struct {
	Campaigns []string `json:"campaigns,omitempty"`
	Channels  []string `json:"channels,omitempty"`
	Statuses  []Status `json:"statuses,omitempty"`
	Assignees []ID     `json:"assignees,omitempty"`
}

// Matches reports whether a post belongs in a feed with this filter.
func (f FeedFilter) Matches(p *Post) bool {
	anyOf := func(want, have []string) bool {
		return len(want) == 0 || slices.ContainsFunc(have, func(h string) bool { return slices.Contains(want, h) })
	}
	return anyOf(f.Campaigns, p.Tags) && anyOf(f.Channels, p.Channels) &&
		(len(f.Statuses) == 0 || slices.Contains(f.Statuses, p.Status)) &&
		(len(f.Assignees) == 0 || slices.Contains(f.Assignees, p.Assignee))
}

// Validate checks a feed's fields.
func (f *Feed) Validate() error {
	if err := checkShape(f); err != nil {
		return err
	}
	for _, s := range f.Filter.Statuses {
		if !s.Valid() {
			return FieldErrorf("filter.statuses", "Status %q is not one of %s.", s, statusList())
		}
	}
	return nil
}

// IsRevoked reports whether the feed's address has been turned off.
func (f *Feed) IsRevoked() bool { return !f.Revoked.IsZero() }
