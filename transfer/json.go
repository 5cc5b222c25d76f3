package transfer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"

	"postplan/calendar"
)

// The JSON export is the whole plan, for moving it to another computer or
// keeping it outside Postplan. schema.json describes it; Version goes up
// when a change would make an older Postplan misread a file.
const (
	FormatName    = "postplan-plan"
	FormatVersion = 1
)

// Plan is a JSON export. Lists are in a fixed order (posts and members by
// ID, campaigns by tag, feeds by name), so exporting an imported file gives
// the same bytes.
type Plan struct {
	Format    string              `json:"format"`
	Version   int                 `json:"version"`
	Campaigns []calendar.Campaign `json:"campaigns"`
	Members   []calendar.Member   `json:"members"`
	Channels  []calendar.Channel  `json:"channels"`
	Posts     []*calendar.Post    `json:"posts"`
	Feeds     []Feed              `json:"feeds"`
	// Experiments and routines came after version 1's first files, which
	// do not have them; they import as none.
	Experiments []calendar.Experiment `json:"experiments"`
	Routines    []calendar.Routine    `json:"routines"`
}

// Feed is a feed as exported: what it shows, not its address. Importing it
// gives it a new secret address, so a copied file shares nothing.
type Feed struct {
	Name       string              `json:"name"`
	Filter     calendar.FeedFilter `json:"filter"`
	TitlesOnly bool                `json:"titlesOnly"`
}

// exportJSON writes the whole plan. Revoked feeds are left out: they
// show nothing.
func exportJSON(ctx context.Context, db Store) ([]byte, error) {
	plan := Plan{Format: FormatName, Version: FormatVersion, Feeds: []Feed{}, Experiments: []calendar.Experiment{},
		Routines: []calendar.Routine{}}
	var err error
	if plan.Campaigns, err = db.Campaigns(ctx); err != nil {
		return nil, err
	}
	if plan.Members, err = db.Members(ctx); err != nil {
		return nil, err
	}
	if plan.Channels, err = db.Channels(ctx); err != nil {
		return nil, err
	}
	if plan.Posts, err = db.AllPosts(ctx); err != nil {
		return nil, err
	}
	if exps, err := db.Experiments(ctx); err != nil {
		return nil, err
	} else if exps != nil {
		plan.Experiments = exps
	}
	if routines, err := db.Routines(ctx); err != nil {
		return nil, err
	} else if routines != nil {
		plan.Routines = routines
	}
	feeds, err := db.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range feeds {
		if !f.IsRevoked() {
			plan.Feeds = append(plan.Feeds, Feed{Name: f.Name, Filter: f.Filter, TitlesOnly: f.TitlesOnly})
		}
	}
	return encodePlan(&plan)
}

// encodePlan writes plan as indented JSON with one post per line, so
// that two exports of a plan differ line by line where its posts do. The
// posts are encoded one at a time and not indented: encoding the whole
// plan with indentation built the file twice over in memory, in buffers
// grown by copying, and at 100,000 posts the indenting and the collector's
// work on those buffers took longer than the encoding.
func encodePlan(plan *Plan) ([]byte, error) {
	posts := plan.Posts
	if len(posts) == 0 {
		return encodeIndented(plan, "")
	}
	shell := *plan
	shell.Posts = nil
	head, err := encodeIndented(&shell, "")
	if err != nil {
		return nil, err
	}
	const slot = "\n  \"posts\": null"
	at := bytes.Index(head, []byte(slot))
	if at < 0 {
		return nil, errors.New("encode plan: no posts slot")
	}
	var buf bytes.Buffer
	buf.Write(head[:at])
	buf.WriteString("\n  \"posts\": [")
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i, p := range posts {
		if i == 100 && len(posts) > 200 {
			// Grown once to the size the first posts foretell, rather than
			// doubled and copied (and cleared) along the way.
			buf.Grow((buf.Len() - at) / 100 * (len(posts) - 100) * 11 / 10)
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString("\n    ")
		if err := enc.Encode(p); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
	}
	buf.WriteString("\n  ]")
	buf.Write(head[at+len(slot):])
	return buf.Bytes(), nil
}

func encodeIndented(v any, prefix string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return buf.Bytes(), err
}

// ReadJSON decodes and checks a JSON export without touching the plan.
func ReadJSON(body []byte) (*Plan, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var plan Plan
	if err := dec.Decode(&plan); err != nil {
		return nil, jsonError(body, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, calendar.Errorf(calendar.EINVALID, "The file has more after the plan ends; is it two files in one?")
	}
	switch {
	case plan.Format != FormatName:
		return nil, calendar.Errorf(calendar.EINVALID, "The file is JSON but not a Postplan export (its \"format\" is %q, not %q).", plan.Format, FormatName)
	case plan.Version > FormatVersion:
		return nil, calendar.Errorf(calendar.EINVALID, "The file was exported by a newer Postplan (format version %d; this one reads up to %d). Update Postplan to import it.", plan.Version, FormatVersion)
	case plan.Version < 1:
		return nil, calendar.Errorf(calendar.EINVALID, "The file has no format version.")
	}
	// IDs are checked before anything is written: the posts go in one
	// write, but experiments and routines after them.
	for i, p := range plan.Posts {
		if p == nil || p.ID == "" {
			return nil, calendar.Errorf(calendar.EINVALID, "Post %d in the file has no ID.", i+1)
		}
		if err := calendar.CheckID(p.ID); err != nil {
			return nil, calendar.Errorf(calendar.EINVALID, "Post %d in the file: %s", i+1, calendar.ErrorMessage(err))
		}
	}
	for i, m := range plan.Members {
		if err := calendar.CheckID(m.ID); err != nil {
			return nil, calendar.Errorf(calendar.EINVALID, "Member %d in the file: %s", i+1, calendar.ErrorMessage(err))
		}
	}
	for i, e := range plan.Experiments {
		if err := calendar.CheckID(e.ID); err != nil {
			return nil, calendar.Errorf(calendar.EINVALID, "Experiment %d in the file: %s", i+1, calendar.ErrorMessage(err))
		}
	}
	for i, r := range plan.Routines {
		if err := calendar.CheckID(r.ID); err != nil {
			return nil, calendar.Errorf(calendar.EINVALID, "Routine %d in the file: %s", i+1, calendar.ErrorMessage(err))
		}
	}
	return &plan, nil
}

// jsonError says where a JSON file went wrong, in lines and columns.
func jsonError(body []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return calendar.Errorf(calendar.EINVALID, "The file ends in the middle of the plan; it was cut short (truncated) when it was copied or saved.")
	case errors.As(err, &syn):
		line, col := position(body, syn.Offset)
		return calendar.Errorf(calendar.EINVALID, "Line %d, column %d is not valid JSON: %v.", line, col, syn)
	case errors.As(err, &typ):
		line, col := position(body, typ.Offset)
		return calendar.Errorf(calendar.EINVALID, "Line %d, column %d: %q should be %s, not a JSON %s.", line, col, typ.Field, typ.Type, typ.Value)
	}
	return calendar.Errorf(calendar.EINVALID, "The file is not a Postplan export: %v.", err)
}

// position turns the offset encoding/json reports, just past the
// offending byte, into the line and column of that byte.
func position(body []byte, offset int64) (line, col int) {
	offset = min(offset, int64(len(body)))
	before := body[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - bytes.LastIndexByte(before, '\n') - 1
	return line, col
}

// readJSON reads a JSON export: the whole plan it holds. A post in the
// plan is replaced by the file's, which holds all of it.
func readJSON(body []byte) (*Preview, error) {
	plan, err := ReadJSON(body)
	if err != nil {
		return nil, err
	}
	return &Preview{Rows: len(plan.Posts), Feeds: len(plan.Feeds), plan: plan,
		imp: calendar.Import{Campaigns: plan.Campaigns, Members: plan.Members, Channels: plan.Channels, Posts: plan.Posts}}, nil
}
