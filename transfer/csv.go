package transfer

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"

	"postplan/calendar"
	"postplan/calendar/csvplan"
)

// readCSV reads a CSV file against the plan: every row's outcome, and the
// import of its valid rows. A row updates only what a CSV row holds: a
// post's other fields (its text per channel, changed and skipped
// occurrences, its experiment) are kept.
// gen is the plan's generation, read before t.
func readCSV(t team, gen uint64, body []byte, o Options) (*Preview, error) {
	co := csvplan.Options{Zone: o.Zone, Members: t.members, Campaigns: t.campaigns, Channels: t.channels}
	res, err := csvplan.Read(bytes.NewReader(body), co)
	if err != nil {
		return nil, err
	}
	p := &Preview{Rows: len(res.Rows), Invalid: res.Invalid(), Ignored: res.Ignored, rows: res.Rows,
		imp: calendar.Import{Campaigns: res.Campaigns, Channels: res.Channels, Members: res.Members, Posts: res.Valid(), Kept: calendar.KeptByCSV,
			Validated: gen}}
	for _, r := range res.Rows {
		for _, e := range r.Errors {
			p.Problems = append(p.Problems, Problem{Row: r.Number, Field: e.Field, Skipped: true, Err: e})
		}
	}
	return p, nil
}

// exportCSV writes the posts keep lets through (nil: all) as CSV.
func exportCSV(ctx context.Context, store Store, keep func(*calendar.Post) bool) ([]byte, error) {
	posts, err := store.AllPosts(ctx)
	if err != nil {
		return nil, err
	}
	members, err := store.Members(ctx)
	if err != nil {
		return nil, err
	}
	if keep != nil {
		kept := posts[:0]
		for _, p := range posts {
			if keep(p) {
				kept = append(kept, p)
			}
		}
		posts = kept
	}
	var buf bytes.Buffer
	err = csvplan.Write(&buf, posts, members)
	return buf.Bytes(), err
}

// MachineZone is the IANA name of this computer's time zone, for rows and
// posts that do not say theirs: $TZ, else where /etc/localtime points,
// else UTC.
func MachineZone() string {
	if tz := strings.TrimPrefix(os.Getenv("TZ"), ":"); tz != "" {
		if _, err := calendar.LoadLocation(tz); err == nil {
			return tz
		}
	}
	if target, err := filepath.EvalSymlinks("/etc/localtime"); err == nil {
		if _, name, ok := strings.Cut(target, "zoneinfo/"); ok {
			if _, err := calendar.LoadLocation(name); err == nil {
				return name
			}
		}
	}
	return "UTC"
}
