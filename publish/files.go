package publish

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"

	"postplan/calendar"
	"postplan/calendar/weekreport"
	"postplan/feedrender"
)

// WeeksPublished is how many week pages a feed gets: this week and the
// next three.
const WeeksPublished = 4

// File is one file to publish.
type File struct {
	Name        string
	Feed        string // the feed's name
	ContentType string
	Body        []byte
	// Hash is of what the file says, not of when it was made: a week
	// page's "updated" line is left out, so an unchanged plan uploads
	// nothing.
	Hash string
	// render makes a week page's body, saying it was updated then; it is
	// called only for a page that is uploaded.
	render func(updated time.Time) ([]byte, error)
}

// bytes returns the file's body as uploaded at updated.
func (f *File) bytes(updated time.Time) ([]byte, error) {
	if f.render != nil {
		return f.render(updated)
	}
	return f.Body, nil
}

// Names are a feed's file names: "<name>-<token>.ics" for the calendar,
// "<name>-<token>-week.html" for this week's page and
// "<name>-<token>-week-2026-w49.html" for the weeks after it. The token
// keeps the addresses unguessable, as the feed server's are.
type Names struct{ base string }

// NamesOf returns the file names of a feed.
func NamesOf(f *calendar.Feed) Names {
	return Names{base: slug(f.Name) + "-" + strings.ToLower(f.Token)}
}

// Calendar is the feed's .ics file.
func (n Names) Calendar() string { return n.base + ".ics" }

// Week is the page of week w, which is this week's at offset 0.
func (n Names) Week(w calendar.Week, offset int) string {
	if offset == 0 {
		return n.base + "-week.html"
	}
	return n.base + "-week-" + strings.ToLower(w.String()) + ".html"
}

// owns reports whether a file name is one of these names, for any week.
func (n Names) owns(name string) bool {
	return name == n.base+".ics" || name == n.base+"-week.html" ||
		(strings.HasPrefix(name, n.base+"-week-") && strings.HasSuffix(name, ".html"))
}

// slug makes a feed's name into a file name's start: lower-case letters and
// digits, Danish and Swedish letters spelt out, the rest as dashes.
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
			continue
		case r == 'æ' || r == 'ä':
			b.WriteString("ae")
			dash = false
			continue
		case r == 'ø' || r == 'ö':
			b.WriteString("oe")
			dash = false
			continue
		case r == 'å':
			b.WriteString("aa")
			dash = false
			continue
		}
		if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if len(s) > 40 {
		s = strings.TrimSuffix(s[:40], "-")
	}
	if s == "" {
		s = "feed"
	}
	return s
}

// PublicAddress is the address colleagues open for a file: the public
// folder's address with the name after it, as a path for a folder address
// ending in "/", as it is for one ending in a query ("...&files=").
func (t Target) PublicAddress(name string) string {
	base := t.PublicURL
	if base == "" {
		base = t.URL
	}
	if strings.HasSuffix(base, "/") {
		return base + url.PathEscape(name)
	}
	return base + url.QueryEscape(name)
}

// Webcal is an https address as calendar apps subscribe to it.
func Webcal(address string) string {
	if rest, ok := strings.CutPrefix(address, "https://"); ok {
		return "webcal://" + rest
	}
	return address
}

// Store is what publishing needs from the plan.
type Store interface {
	calendar.WeekStore
	feedrender.Store
	Feeds(ctx context.Context) ([]calendar.Feed, error)
	Setting(ctx context.Context, name string, v any) (bool, error)
	PutSetting(ctx context.Context, name string, v any) error
}

// builder renders the files of the published feeds. A feed is written
// from its last render and the posts written since.
type builder struct {
	store Store
	zone  *time.Location
	feeds *feedrender.Renderer
	// staleAt is when a post in the files last built next becomes
	// overdue, which changes them; zero for none.
	staleAt time.Time
}

// build renders every file the target publishes: the calendar and the week
// pages of each live feed it names.
func (b *builder) build(ctx context.Context, t Target, feeds []calendar.Feed, now time.Time) ([]File, error) {
	var files []File
	b.staleAt = time.Time{}
	for i := range feeds {
		f := &feeds[i]
		if f.IsRevoked() || !t.Publishes(f.Name) {
			continue
		}
		names := NamesOf(f)
		body, at, err := b.feeds.Render(ctx, f, now)
		if err != nil {
			return nil, err
		}
		if !at.IsZero() && (b.staleAt.IsZero() || at.Before(b.staleAt)) {
			b.staleAt = at
		}
		cal := body.Bytes()
		files = append(files, File{Name: names.Calendar(), Feed: f.Name, ContentType: "text/calendar; charset=utf-8",
			Body: cal, Hash: hash(cal)})
		pages, err := b.weekPages(ctx, t, f, names, now)
		if err != nil {
			return nil, err
		}
		files = append(files, pages...)
	}
	return files, nil
}

// weekPages renders this week's page and the next ones', each linking to
// the published pages either side of it.
func (b *builder) weekPages(ctx context.Context, t Target, f *calendar.Feed, names Names, now time.Time) ([]File, error) {
	first := calendar.WeekOf(now.In(b.zone))
	link := func(w calendar.Week) string {
		for i := range WeeksPublished {
			if first.Add(i) == w {
				return t.PublicAddress(names.Week(w, i))
			}
		}
		return ""
	}
	var files []File
	for i := range WeeksPublished {
		w := first.Add(i)
		sum, err := calendar.LoadWeek(ctx, b.store, w, b.zone, f.Filter, now)
		if err != nil {
			return nil, fmt.Errorf("week %s of %s: %w", w, f.Name, err)
		}
		// The hash is of the page without its time, so that only a change
		// in what it shows makes a new upload.
		var timeless bytes.Buffer
		if err := weekreport.HTML(&timeless, sum, t.Language, time.Time{}, link); err != nil {
			return nil, err
		}
		files = append(files, File{Name: names.Week(w, i), Feed: f.Name, ContentType: "text/html; charset=utf-8",
			Hash: hash(timeless.Bytes()), render: func(updated time.Time) ([]byte, error) {
				var buf bytes.Buffer
				err := weekreport.HTML(&buf, sum, t.Language, updated, link)
				return buf.Bytes(), err
			}})
	}
	return files, nil
}

func hash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}
