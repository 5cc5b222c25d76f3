package app

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"postplan/calendar"
)

// Team manages the campaigns, members and channels the settings view edits.
type Team struct {
	ctx   context.Context
	store calendar.TeamStore
	log   *slog.Logger
}

// NewTeam returns the Team service over store.
func NewTeam(store calendar.TeamStore, log *slog.Logger) *Team {
	return &Team{ctx: context.Background(), store: store, log: log}
}

func (t *Team) startup(ctx context.Context) { t.ctx = ctx }

func (t *Team) fail(op string, err error) error { return toBridge(t.log, op, err) }

// CampaignView is a campaign with its dates as "2006-01-02" (empty = open).
type CampaignView struct {
	Tag     string `json:"tag"`
	Name    string `json:"name"`
	Colour  string `json:"colour"`
	Hashtag string `json:"hashtag"`
	Starts  string `json:"starts"`
	Ends    string `json:"ends"`
	Goal    string `json:"goal"`
}

// MemberView is a team member.
type MemberView struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	Colour string `json:"colour"`
}

// ChannelView is a channel with its weekly target and character limit.
type ChannelView struct {
	Name         string `json:"name"`
	WeeklyTarget int    `json:"weeklyTarget"`
	CharLimit    int    `json:"charLimit"`
}

// TeamView is everything the settings view and the editor's pickers show.
type TeamView struct {
	Campaigns []CampaignView `json:"campaigns"`
	Members   []MemberView   `json:"members"`
	Channels  []ChannelView  `json:"channels"`
}

// Team returns the team's campaigns, members and channels.
func (t *Team) Team() (TeamView, error) {
	v := TeamView{Campaigns: []CampaignView{}, Members: []MemberView{}, Channels: []ChannelView{}}
	cs, err := t.store.Campaigns(t.ctx)
	if err != nil {
		return v, t.fail("team", err)
	}
	for _, c := range cs {
		v.Campaigns = append(v.Campaigns, CampaignView{Tag: c.Tag, Name: c.Name, Colour: c.Colour, Hashtag: c.Hashtag,
			Starts: dateOrEmpty(c.Starts), Ends: dateOrEmpty(c.Ends), Goal: c.Goal})
	}
	ms, err := t.store.Members(t.ctx)
	if err != nil {
		return v, t.fail("team", err)
	}
	for _, m := range ms {
		v.Members = append(v.Members, MemberView{ID: string(m.ID), Name: m.Name, Email: m.Email, Colour: m.Colour})
	}
	chs, err := t.store.Channels(t.ctx)
	if err != nil {
		return v, t.fail("team", err)
	}
	for _, c := range chs {
		v.Channels = append(v.Channels, ChannelView(c))
	}
	return v, nil
}

func dateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

func parseDate(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, calendar.FieldErrorf(field, "%q is not a date.", s)
	}
	return d, nil
}

// SaveCampaign adds a campaign or changes the one with its tag.
func (t *Team) SaveCampaign(v CampaignView) error {
	starts, err := parseDate("starts", v.Starts)
	if err != nil {
		return t.fail("save campaign", err)
	}
	ends, err := parseDate("ends", v.Ends)
	if err != nil {
		return t.fail("save campaign", err)
	}
	c := calendar.Campaign{Tag: strings.TrimSpace(v.Tag), Name: strings.TrimSpace(v.Name), Colour: v.Colour,
		Hashtag: strings.TrimSpace(v.Hashtag), Starts: starts, Ends: ends, Goal: v.Goal}
	return t.fail("save campaign", t.store.PutCampaign(t.ctx, c))
}

// DeleteCampaign removes a campaign; the store refuses while posts use it.
func (t *Team) DeleteCampaign(tag string) error {
	return t.fail("delete campaign", t.store.DeleteCampaign(t.ctx, tag))
}

// SaveMember adds a member (no ID) or changes one.
func (t *Team) SaveMember(v MemberView) (MemberView, error) {
	m := calendar.Member{ID: calendar.ID(v.ID), Name: strings.TrimSpace(v.Name), Email: strings.TrimSpace(v.Email), Colour: v.Colour}
	var err error
	if m.ID == "" {
		err = t.store.CreateMember(t.ctx, &m)
	} else {
		err = t.store.PutMember(t.ctx, m)
	}
	if err != nil {
		return v, t.fail("save member", err)
	}
	return MemberView{ID: string(m.ID), Name: m.Name, Email: m.Email, Colour: m.Colour}, nil
}

// SaveChannel adds a channel or changes its weekly target and limit.
func (t *Team) SaveChannel(v ChannelView) error {
	v.Name = strings.TrimSpace(v.Name)
	return t.fail("save channel", t.store.PutChannel(t.ctx, calendar.Channel(v)))
}
