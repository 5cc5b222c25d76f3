package transfer

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"postplan/calendar"
	"postplan/calendar/csvplan"
	"postplan/storage"
)

// Preview is what importing a CSV file would do: every row's outcome, and
// the counts the window and `postplan import --dry-run` show.
type Preview struct {
	Rows      []csvplan.Row       `json:"rows"`
	Valid     int                 `json:"valid"`
	Invalid   int                 `json:"invalid"`
	New       int                 `json:"new"`
	Updated   int                 `json:"updated"`
	Unchanged int                 `json:"unchanged"` // rows the plan already has as they are: nothing is written for them
	Campaigns []calendar.Campaign `json:"campaigns"` // created by the import
	Channels  []calendar.Channel  `json:"channels"`
	Members   []calendar.Member   `json:"members"`
	Ignored   []string            `json:"ignored"` // columns not read
	res       *csvplan.Result
}

// Problems lists every row's problems, one a line.
func (p *Preview) Problems() []string {
	var out []string
	for _, r := range p.Rows {
		if !r.OK() {
			out = append(out, strings.Split(r.String(), "\n")...)
		}
	}
	return out
}

func (p *Preview) String() string {
	s := fmt.Sprintf("%d rows: %d to import (%d new, %d updated, %d unchanged), %d with problems", len(p.Rows), p.Valid, p.New, p.Updated, p.Unchanged, p.Invalid)
	if len(p.Campaigns)+len(p.Channels)+len(p.Members) > 0 {
		s += fmt.Sprintf("; %d new campaigns, %d new channels, %d new team members", len(p.Campaigns), len(p.Channels), len(p.Members))
	}
	return s
}

// PreviewCSV reads a CSV file against the plan without changing it.
// Rows without a time zone get zone, the machine's.
func PreviewCSV(ctx context.Context, db *storage.DB, body []byte, zone string) (*Preview, error) {
	o := csvplan.Options{Zone: zone}
	var err error
	if o.Members, err = db.Members(ctx); err != nil {
		return nil, err
	}
	if o.Campaigns, err = db.Campaigns(ctx); err != nil {
		return nil, err
	}
	if o.Channels, err = db.Channels(ctx); err != nil {
		return nil, err
	}
	res, err := csvplan.Read(bytes.NewReader(body), o)
	if err != nil {
		return nil, err
	}
	p := &Preview{Rows: res.Rows, Campaigns: res.Campaigns, Channels: res.Channels, Members: res.Members, Ignored: res.Ignored, res: res}
	p.Invalid = res.Invalid()
	p.Valid = len(res.Rows) - p.Invalid
	counts, err := db.Classify(ctx, p.imp())
	if err != nil {
		return nil, err
	}
	p.New, p.Updated, p.Unchanged = counts.New, counts.Updated, counts.Unchanged
	return p, nil
}

// CommitCSV imports a preview's valid rows, and the team they bring, in one
// all-or-nothing write. A
// file with problems is refused unless validOnly: the user chose to leave
// those rows out.
func CommitCSV(ctx context.Context, db *storage.DB, p *Preview, validOnly bool) error {
	if p.Invalid > 0 && !validOnly {
		return calendar.Errorf(calendar.EINVALID,
			"%d of %d rows have problems, so nothing was imported; fix them, or import only the %d valid rows.", p.Invalid, len(p.Rows), p.Valid)
	}
	if p.Valid == 0 {
		return calendar.Errorf(calendar.EINVALID, "No row can be imported.")
	}
	_, err := db.SaveImport(ctx, p.imp())
	return err
}

// imp is what importing the preview's valid rows writes. A row updates
// only what a CSV row holds: a post's other fields (its text per channel,
// changed and skipped occurrences, its experiment) are kept.
func (p *Preview) imp() storage.Import {
	return storage.Import{Team: storage.Team{Campaigns: p.Campaigns, Channels: p.Channels, Members: p.Members},
		Posts: p.res.Valid(), Kept: calendar.KeptByCSV}
}

// ExportCSV writes the posts keep lets through (nil: all) as CSV.
func ExportCSV(ctx context.Context, db *storage.DB, keep func(*calendar.Post) bool) ([]byte, error) {
	posts, err := db.AllPosts(ctx)
	if err != nil {
		return nil, err
	}
	members, err := db.Members(ctx)
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
