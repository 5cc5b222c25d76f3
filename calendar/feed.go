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
	Kinds     []Kind   `json:"kinds,omitempty"`
}

// Kind is what a feed entry is: a post, an experiment's post, a team
// meeting or a rota turn.
type Kind string

const (
	KindPost       Kind = "posts"
	KindExperiment Kind = "experiments"
	KindMeeting    Kind = "meetings"
	KindRota       Kind = "rota"
)

// Kinds lists every kind.
var Kinds = []Kind{KindPost, KindExperiment, KindMeeting, KindRota}

// Matches reports whether a post belongs in a feed with this filter.
func (f FeedFilter) Matches(p *Post) bool {
	anyOf := func(want, have []string) bool {
		return len(want) == 0 || slices.ContainsFunc(have, func(h string) bool { return slices.Contains(want, h) })
	}
	kind := KindPost
	if p.Experiment != "" {
		kind = KindExperiment
	}
	return f.wants(kind) && anyOf(f.Campaigns, p.Tags) && anyOf(f.Channels, p.Channels) &&
		(len(f.Statuses) == 0 || slices.Contains(f.Statuses, p.Status)) &&
		(len(f.Assignees) == 0 || slices.Contains(f.Assignees, p.Assignee))
}

func (f FeedFilter) wants(k Kind) bool { return len(f.Kinds) == 0 || slices.Contains(f.Kinds, k) }

// MatchesRoutine reports whether a routine's occurrences belong in a feed.
// Routines have no campaign, channel or status, so a feed that asks for
// those leaves them out; an assignee filter keeps the rota turns of those
// members (see MatchesTurn) and no meetings.
func (f FeedFilter) MatchesRoutine(r *Routine) bool {
	if len(f.Campaigns) > 0 || len(f.Channels) > 0 || len(f.Statuses) > 0 {
		return false
	}
	if r.Kind == RoutineRota {
		return f.wants(KindRota)
	}
	return f.wants(KindMeeting) && len(f.Assignees) == 0
}

// MatchesTurn reports whether one rota turn belongs in a feed that
// MatchesRoutine its rota: the feed of one member shows that member's turns.
func (f FeedFilter) MatchesTurn(member ID) bool {
	return len(f.Assignees) == 0 || slices.Contains(f.Assignees, member)
}

// Validate checks a feed's fields.
func (f *Feed) Validate() error {
	if err := checkShape(f); err != nil {
		return err
	}
	for _, k := range f.Filter.Kinds {
		if !slices.Contains(Kinds, k) {
			return FieldErrorf("filter.kinds", "Kind %q is not one of posts, experiments, meetings, rota.", k)
		}
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
