package transfer

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"postplan/calendar"
	"postplan/calendar/csvplan"
)

// readCSV reads a CSV file against the plan: every row's outcome, and the
// import of its valid rows. A row updates only what a CSV row holds: a
// post's other fields (its text per channel, changed and skipped
// occurrences, its experiment) are kept.
// gen is the plan's generation, read before t.
func readCSV(t team, gen uint64, body []byte, o Options) (*Preview, error) {
	var encoding string
	if !utf8.Valid(body) { // ReadFile let it through: Excel's plain "CSV"
		e, ok := guessEightBit(body)
		if !ok {
			return nil, CheckText("The file", body)
		}
		body, encoding = e.decode(body), e.Name
	}
	co := csvplan.Options{Zone: o.Zone, Members: t.members, Campaigns: t.campaigns, Channels: t.channels}
	res, err := csvplan.Read(bytes.NewReader(body), co)
	if err != nil {
		return nil, err
	}
	p := &Preview{Rows: len(res.Rows), Invalid: res.Invalid(), Ignored: res.Ignored, rows: res.Rows, Encoding: encoding,
		EncodingSample: encodingSample(encoding, res.Rows, body), Dates: res.Dates,
		imp: calendar.Import{Campaigns: res.Campaigns, Channels: res.Channels, Members: res.Members, Posts: res.Valid(), Kept: calendar.KeptByCSV,
			Validated: gen}}
	for _, r := range res.Rows {
		for _, e := range r.Errors {
			p.Problems = append(p.Problems, Problem{Row: r.Number, Field: e.Field, Skipped: true, Err: e})
		}
	}
	return p, nil
}

// exportCSV writes the posts keep lets through (nil: all) as CSV, its
// cells separated by comma (0: a comma).
func exportCSV(ctx context.Context, store Store, keep func(*calendar.Post) bool, comma rune) ([]byte, error) {
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
	err = csvplan.Write(&buf, posts, members, comma)
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

// encodingSample is a piece of text from a file read in an 8-bit encoding,
// around its first letter outside ASCII, for the user to see the letters
// read right before importing: from a post's title or text, else from the
// header. "" for UTF-8.
func encodingSample(encoding string, rows []csvplan.Row, body []byte) string {
	if encoding == "" {
		return ""
	}
	for _, r := range rows {
		if r.Post == nil {
			continue
		}
		for _, text := range []string{r.Post.Title, r.Post.Body, r.Post.Notes} {
			if s := around(text); s != "" {
				return s
			}
		}
	}
	header, _, _ := bytes.Cut(body, []byte("\n"))
	return around(string(header))
}

// around returns the line of s with its first character outside ASCII,
// cut to some 60 characters about it at spaces; "" if s has none.
func around(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r >= utf8.RuneSelf })
	if i < 0 {
		return ""
	}
	start := strings.LastIndexByte(s[:i], '\n') + 1
	end := len(s)
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		end = i + j
	}
	line, at := []rune(s[start:end]), utf8.RuneCountInString(s[start:i])
	from, to := max(0, at-30), min(len(line), at+30)
	for from > 0 && line[from-1] != ' ' && at-from < 40 {
		from--
	}
	for to < len(line) && line[to] != ' ' && to-at < 40 {
		to++
	}
	out := strings.TrimSpace(string(line[from:to]))
	if from > 0 {
		out = "…" + out
	}
	if to < len(line) {
		out += "…"
	}
	return out
}
