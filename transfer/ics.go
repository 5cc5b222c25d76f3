package transfer

import (
	"bytes"
	"context"

	"postplan/calendar"
	"postplan/calendar/ics"
)

// readICS reads a calendar file against the plan: its events as posts,
// with what it could not take as it was. A post already in the plan keeps
// what the file cannot hold (its text per channel, media, experiment).
func readICS(t team, body []byte, o Options) (*Preview, error) {
	ro := ics.ReadOptions{Zone: o.Zone, Campaigns: map[string]calendar.Campaign{}, Members: t.members, Channels: t.channels, Now: o.Now}
	for _, c := range t.campaigns {
		ro.Campaigns[c.Tag] = c
	}
	imp, err := ics.Read(bytes.NewReader(body), ro)
	if err != nil {
		return nil, err
	}
	kept := calendar.KeptByICS
	kept.Text = imp.TitlesOnly
	p := &Preview{Rows: len(imp.Plan.Posts),
		imp: calendar.Import{Campaigns: imp.Plan.Campaigns, Channels: imp.Plan.Channels, Members: imp.Plan.Members, Posts: imp.Plan.Posts, Kept: kept}}
	for _, pr := range imp.Problems {
		p.Problems = append(p.Problems, Problem{Event: pr.Event, Field: pr.Property, Skipped: pr.Skipped,
			Err: &calendar.Error{Code: calendar.EINVALID, Field: pr.Property, Message: pr.Message, Format: "%s", Args: []any{pr.Message}}})
	}
	return p, nil
}

// exportICS writes what a feed shows (nil: the plan's posts, calendar.PlanFeed)
// as the feed server would send it.
func exportICS(ctx context.Context, store Store, feed *calendar.Feed, o ExportOptions) ([]byte, error) {
	if feed == nil {
		feed = calendar.PlanFeed()
	}
	content, err := calendar.LoadFeed(ctx, store, feed, o.now())
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = ics.WriteContent(&buf, content, nil)
	return buf.Bytes(), err
}
