package transfer

import (
	"context"
	"io"
	"time"

	"postplan/calendar"
)

// ExportOptions says what an export holds.
type ExportOptions struct {
	// Keep chooses the posts of a CSV export (nil: all); the window
	// exports the posts its filter shows.
	Keep func(*calendar.Post) bool
	// Comma separates a CSV export's cells: ',' (the default) or ';',
	// which Excel in Denmark, Sweden and most of Europe opens by double
	// click.
	Comma rune
	// Feed is what an .ics export shows (nil: the plan's posts).
	Feed *calendar.Feed
	// Now is the moment a feed is shown at (its rota turns and the
	// deleted posts it still cancels). Default: time.Now.
	Now time.Time
}

func (o ExportOptions) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

// Export writes the plan as format: CSV the posts (Keep), JSON everything,
// iCalendar what a feed shows (Feed), as the feed server sends it.
func Export(ctx context.Context, store Store, format Format, o ExportOptions) ([]byte, error) {
	switch format {
	case CSV:
		return exportCSV(ctx, store, o.Keep, o.Comma)
	case JSON:
		return exportJSON(ctx, store)
	case ICS:
		return exportICS(ctx, store, o.Feed, o)
	}
	return nil, unknownFormat(string(format))
}

// ExportTo is Export to a writer.
func ExportTo(ctx context.Context, store Store, format Format, o ExportOptions, w io.Writer) error {
	body, err := Export(ctx, store, format, o)
	if err == nil {
		_, err = w.Write(body)
	}
	return err
}
