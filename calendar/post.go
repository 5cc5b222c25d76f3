// Package calendar is Postplan's domain: posts, campaigns, the team and its
// channels, recurrence and validation. It does no I/O of its own; the stores
// it needs are interfaces it declares (store.go) and the storage package
// implements.
package calendar

import (
	"crypto/sha256"
	"encoding/base32"
	"slices"
	"strings"
	"time"
)

// ID identifies a record. Post and member IDs are ULIDs, so their byte order
// is creation order.
type ID string

// Status is where a post is in its life.
type Status string

const (
	StatusIdea      Status = "idea"
	StatusDraft     Status = "draft"
	StatusReady     Status = "ready"
	StatusScheduled Status = "scheduled"
	StatusPublished Status = "published"
	StatusCancelled Status = "cancelled"
)

// Statuses lists every status in workflow order.
var Statuses = []Status{StatusIdea, StatusDraft, StatusReady, StatusScheduled, StatusPublished, StatusCancelled}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// DefaultDuration is how long a post occupies the calendar unless told.
const DefaultDuration = 30 * time.Minute

// MaxDuration bounds one occurrence. Posts are moments, not projects; the
// bound also lets window queries look back a fixed distance for posts that
// started before the window but still overlap it.
const MaxDuration = 14 * 24 * time.Hour

// Post is one planned piece of content, or a series of them when Recurrence
// is set.
//
// Start is a wall-clock time: its fields (year ... second) are what the user
// chose, stored in UTC only as a neutral carrier, and TimeZone says where that
// clock hangs. Keeping the wall clock, not the instant, is what makes "every
// Monday 09:00 Europe/Copenhagen" stay at 09:00 across DST and across changes
// to the zone database. A zero Start means the post is an undated idea.
type Post struct {
	ID       ID                `json:"id"`
	Title    string            `json:"title" validate:"required,max=300"`
	Body     string            `json:"body" validate:"max=100000"`
	Channels []string          `json:"channels" validate:"dive,required,max=40"`
	Variants map[string]string `json:"variants" validate:"dive,max=100000"`
	Start    time.Time         `json:"start"`
	TimeZone string            `json:"timeZone" validate:"required_with=Start"`
	Duration time.Duration     `json:"duration" validate:"min=0"`
	AllDay   bool              `json:"allDay"`
	Status   Status            `json:"status" validate:"required"`
	Assignee ID                `json:"assignee" validate:"max=40"`
	Tags     []string          `json:"tags" validate:"dive,required,max=40"`
	Notes    string            `json:"notes" validate:"max=100000"`
	Link     string            `json:"link" validate:"omitempty,url,max=2000"`
	Media    []string          `json:"media" validate:"dive,required,max=4096"`
	// Live is the address of the post once it is up on the network, given
	// when it is marked published (Link is what the post links to).
	Live string `json:"live,omitempty" validate:"omitempty,url,max=2000"`

	Recurrence *Recurrence `json:"recurrence,omitempty"`
	Overrides  []Override  `json:"overrides,omitempty" validate:"dive"`
	// Experiment is the experiment the series is an arm of, if any.
	Experiment ID `json:"experiment,omitempty" validate:"max=40"`

	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	// Sequence counts the changes a subscribed calendar must notice (RFC 5545
	// SEQUENCE): time, duration, recurrence, status, title.
	Sequence int `json:"sequence"`
}

// Dated reports whether the post has a place on the calendar.
func (p *Post) Dated() bool { return !p.Start.IsZero() }

// Recurring reports whether the post is a series.
func (p *Post) Recurring() bool { return p.Recurrence != nil && p.Recurrence.Rule != "" }

// Length is the post's duration with the default applied: all-day posts last
// whole days, timed posts DefaultDuration unless set.
func (p *Post) Length() time.Duration {
	switch {
	case p.AllDay && p.Duration < 24*time.Hour:
		return 24 * time.Hour
	case p.AllDay:
		return p.Duration.Truncate(24 * time.Hour)
	case p.Duration == 0:
		return DefaultDuration
	}
	return p.Duration
}

// Location loads the post's time zone.
func (p *Post) Location() (*time.Location, error) {
	return LoadLocation(p.TimeZone)
}

// Recurrence makes a post a series (RFC 5545 RRULE, EXDATE, RDATE). ExDates
// and RDates are wall-clock times like Post.Start.
type Recurrence struct {
	Rule    string      `json:"rule"` // e.g. "FREQ=WEEKLY;BYDAY=MO,TH;COUNT=6"
	ExDates []time.Time `json:"exDates,omitempty"`
	RDates  []time.Time `json:"rDates,omitempty"`
}

// Override changes one occurrence of a series (RFC 5545 RECURRENCE-ID).
// Original is the wall-clock start the rule gave that occurrence; a zero
// field means "as the series".
type Override struct {
	Original time.Time     `json:"original" validate:"required"`
	Skipped  bool          `json:"skipped,omitempty"`
	Start    time.Time     `json:"start,omitzero"`
	Duration time.Duration `json:"duration,omitempty" validate:"min=0"`
	Title    string        `json:"title,omitempty" validate:"max=300"`
	Body     string        `json:"body,omitempty" validate:"max=100000"`
	Status   Status        `json:"status,omitempty"`
	Notes    string        `json:"notes,omitempty" validate:"max=100000"`
	Live     string        `json:"live,omitempty" validate:"omitempty,url,max=2000"`
}

// Campaign groups posts under a tag with a colour and, optionally, a date
// range that its posts must fall in.
type Campaign struct {
	Tag     string    `json:"tag" validate:"required,max=40,excludesall= \t\n/"`
	Name    string    `json:"name" validate:"required,max=120"`
	Colour  string    `json:"colour" validate:"required,hexcolor"`
	Hashtag string    `json:"hashtag" validate:"omitempty,startswith=#,max=100"`
	Starts  time.Time `json:"starts"` // a date; zero = open
	Ends    time.Time `json:"ends"`   // a date, inclusive; zero = open
	Goal    string    `json:"goal" validate:"max=2000"`
}

// Member is a person on the team.
type Member struct {
	ID     ID     `json:"id"`
	Name   string `json:"name" validate:"required,max=120"`
	Email  string `json:"email" validate:"omitempty,email,max=254"`
	Colour string `json:"colour" validate:"omitempty,hexcolor"`
}

// MemberFor is the member made for a name a file gives that the plan does
// not have: the same name, in any case, gives the same ID however often,
// and from whichever format (a CSV file, a calendar file), it is imported.
// A name with an @ is taken for an e-mail address too.
func MemberFor(name string) Member {
	key := "member\x00\x00" + strings.TrimSpace(strings.ToLower(name)) + "\x00"
	sum := sha256.Sum256([]byte(key))
	m := Member{ID: ID("01CSV" + base32.StdEncoding.EncodeToString(sum[:])[:21]), Name: name}
	if strings.Contains(name, "@") {
		m.Email = name
	}
	return m
}

// Channel is a place the team publishes to, with its weekly target and the
// character limit of one post there.
type Channel struct {
	Name         string `json:"name" validate:"required,max=40"`
	WeeklyTarget int    `json:"weeklyTarget" validate:"min=0,max=1000"`
	CharLimit    int    `json:"charLimit" validate:"min=0,max=1000000"`
}

// DefaultChannels are known without being configured. Limits are each
// network's own for one post's text; 0 means no practical limit.
var DefaultChannels = []Channel{
	{Name: "Facebook", CharLimit: 63206},
	{Name: "Instagram", CharLimit: 2200},
	{Name: "LinkedIn", CharLimit: 3000},
	{Name: "X", CharLimit: 280},
	{Name: "TikTok", CharLimit: 2200},
	{Name: "YouTube", CharLimit: 5000},
	{Name: "Threads", CharLimit: 500},
	{Name: "Bluesky", CharLimit: 300},
	{Name: "Mastodon", CharLimit: 500},
	{Name: "Pinterest", CharLimit: 500},
	{Name: "Blog", CharLimit: 0},
	{Name: "Newsletter", CharLimit: 0},
}
