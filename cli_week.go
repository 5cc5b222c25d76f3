package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"postplan/calendar"
	"postplan/calendar/weekreport"
	"postplan/storage"
	"postplan/transfer"
)

// week writes a week at a glance as text, Markdown, HTML or PDF: the same
// summary the window shows and the feed server's week page serves.
func (c cli) week(args []string, data string) int {
	var week, format, lang, out, feed string
	fset, code, ok := c.subcommand("week", args, &data, func(f *flag.FlagSet) {
		f.StringVar(&week, "week", "", "the ISO week, as 2026-W48 (default: this week)")
		f.StringVar(&format, "format", "text", "text, markdown, html or pdf")
		f.StringVar(&lang, "lang", "en", "en, da or sv")
		f.StringVar(&out, "out", "", "the file to write (default: standard output; required for pdf)")
		f.StringVar(&feed, "feed", "", "show only what this feed shows")
	})
	const use = "usage: postplan week [--data DIR] [--week 2026-W48] [--format text|markdown|html|pdf] [--lang en|da|sv] [--feed NAME] [--out FILE]"
	if !ok {
		return code
	} else if fset.NArg() > 0 || !slices.Contains([]string{"text", "markdown", "html", "pdf"}, format) ||
		!slices.Contains(weekreport.Languages, lang) || (format == "pdf" && out == "") {
		fmt.Fprintln(c.stderr, use)
		return 2
	}
	now := time.Now()
	w := calendar.WeekOf(now)
	if week != "" {
		var err error
		if w, err = calendar.ParseWeek(week); err != nil {
			fmt.Fprintf(c.stderr, "postplan week: %s\n", calendar.ErrorMessage(err))
			return 2
		}
	}
	return c.withData(resolveDataDir(data), func(db *storage.DB, log *slog.Logger) int {
		fail := func(err error) int {
			log.Error("week", "err", err)
			fmt.Fprintf(c.stderr, "postplan week: %s\n", calendar.ErrorMessage(err))
			return 1
		}
		ctx := context.Background()
		var filter calendar.FeedFilter
		if feed != "" {
			feeds, err := db.Feeds(ctx)
			if err != nil {
				return fail(err)
			}
			i := slices.IndexFunc(feeds, func(f calendar.Feed) bool { return f.Name == feed })
			if i < 0 {
				return fail(calendar.Errorf(calendar.ENOTFOUND, "There is no feed called %q.", feed))
			}
			filter = feeds[i].Filter
		}
		s, err := calendar.LoadWeek(ctx, db, w, time.Local, filter, now)
		if err != nil {
			return fail(err)
		}
		var buf bytes.Buffer
		switch format {
		case "text":
			err = weekreport.Text(&buf, s, lang, weekreport.Plain)
		case "markdown":
			err = weekreport.Text(&buf, s, lang, weekreport.Markdown)
		case "html":
			err = weekreport.HTML(&buf, s, lang, now, func(o calendar.Week) string { return "postplan-" + o.String() + ".html" })
		case "pdf":
			err = weekreport.PDF(&buf, s, lang, now)
		}
		if err != nil {
			return fail(err)
		}
		if out == "" {
			_, _ = c.stdout.Write(buf.Bytes())
			return 0
		}
		if err := transfer.WriteFileAtomic(out, buf.Bytes()); err != nil {
			return fail(err)
		}
		fmt.Fprintf(c.stdout, "Wrote week %d to %s\n", w.Num, out)
		return 0
	})
}
