package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"postplan/calendar"
	"postplan/feedhttp"
	"postplan/storage"
	"postplan/transfer"
)

// listFlag collects a repeatable flag (--campaign a --campaign b).
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// subcommand parses a subcommand's flags with --data, returning false (and
// the exit code) when the command line cannot be used.
func (c cli) subcommand(name string, args []string, data *string, setup func(*flag.FlagSet)) (*flag.FlagSet, int, bool) {
	fset := flag.NewFlagSet("postplan "+name, flag.ContinueOnError)
	fset.SetOutput(c.stderr)
	fset.StringVar(data, "data", *data, "data folder")
	if setup != nil {
		setup(fset)
	}
	if err := fset.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil, 0, false
	} else if err != nil {
		return nil, 2, false
	}
	return fset, 0, true
}

// serve runs the feed server headless until SIGINT or SIGTERM.
func (c cli) serve(args []string, data string) int {
	var addr string
	fset, code, ok := c.subcommand("serve", args, &data, func(f *flag.FlagSet) {
		f.StringVar(&addr, "addr", "127.0.0.1:8765", "address to listen on (HOST:PORT; 0.0.0.0 for the local network)")
	})
	if !ok {
		return code
	} else if fset.NArg() > 0 {
		fmt.Fprintf(c.stderr, "postplan serve: unexpected %q\n", strings.Join(fset.Args(), " "))
		return 2
	}
	return c.withData(resolveDataDir(data), func(db *storage.DB, log *slog.Logger) int {
		return c.serveFeeds(addr, db, log)
	})
}

func (c cli) serveFeeds(addr string, db *storage.DB, log *slog.Logger) int {
	srv, ln, err := feedhttp.Listen(addr, feedhttp.New(db, log).Handler())
	if err != nil {
		fmt.Fprintf(c.stderr, "postplan serve: %s\n", calendar.ErrorMessage(err))
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	log.Info("serving feeds", "addr", ln.Addr().String())
	fmt.Fprintf(c.stdout, "Serving feeds on http://%s (Ctrl+C stops)\n", ln.Addr())
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(c.stderr, "postplan serve: %v\n", err)
		return 1
	}
	return 0
}

// feeds manages feeds: add, list, revoke.
func (c cli) feeds(args []string, data string) int {
	if len(args) == 0 {
		fmt.Fprintln(c.stderr, "usage: postplan feeds add|list|revoke ...")
		return 2
	}
	var name string
	var campaigns, channels, kinds, members listFlag
	var titlesOnly bool
	verb := args[0]
	fset, code, ok := c.subcommand("feeds "+verb, args[1:], &data, func(f *flag.FlagSet) {
		if verb == "add" {
			f.StringVar(&name, "name", "", "the feed's name")
			f.Var(&campaigns, "campaign", "only posts in this campaign (repeatable)")
			f.Var(&channels, "channel", "only posts on this channel (repeatable)")
			f.Var(&kinds, "kind", "only posts, experiments, meetings or rota (repeatable)")
			f.Var(&members, "member", "only this member's posts and rota turns, by name (repeatable)")
			f.BoolVar(&titlesOnly, "titles-only", false, "leave out text, notes and links")
		}
	})
	if !ok {
		return code
	}
	switch {
	case verb == "revoke" && fset.NArg() == 1:
		name = fset.Arg(0)
	case (verb == "add" || verb == "list") && fset.NArg() == 0:
	default:
		fmt.Fprintln(c.stderr, "usage: postplan feeds add --name NAME [--campaign T]... [--channel C]... [--kind K]... [--member NAME]... [--titles-only] | list | revoke NAME")
		return 2
	}
	return c.withData(resolveDataDir(data), func(db *storage.DB, _ *slog.Logger) int {
		filter := calendar.FeedFilter{Campaigns: campaigns, Channels: channels}
		for _, k := range kinds {
			filter.Kinds = append(filter.Kinds, calendar.Kind(k))
		}
		ids, err := memberIDs(db, members)
		if err != nil {
			fmt.Fprintln(c.stderr, err)
			return 1
		}
		filter.Assignees = ids
		return c.manageFeed(db, verb, calendar.Feed{Name: name, TitlesOnly: titlesOnly, Filter: filter})
	})
}

func (c cli) manageFeed(db *storage.DB, verb string, f calendar.Feed) int {
	ctx := context.Background()
	var err error
	switch verb {
	case "add":
		if err = db.CreateFeed(ctx, &f); err == nil {
			fmt.Fprintln(c.stdout, feedhttp.URLPath(f.Token))
		}
	case "list":
		var fs []calendar.Feed
		if fs, err = db.Feeds(ctx); err == nil {
			for _, f := range fs {
				state := feedhttp.URLPath(f.Token)
				if f.IsRevoked() {
					state = "revoked " + f.Revoked.Format(time.DateOnly)
				}
				fmt.Fprintf(c.stdout, "%s\t%s\n", f.Name, state)
			}
		}
	case "revoke":
		err = db.RevokeFeed(ctx, f.Name)
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "postplan feeds %s: %s\n", verb, calendar.ErrorMessage(err))
		return 1
	}
	return 0
}

// export writes the plan, or a feed, to a file or stdout: iCalendar (the
// same bytes the feed server sends), CSV or the complete JSON.
func (c cli) export(args []string, data string) int {
	var format, feedName, out, sep string
	fset, code, ok := c.subcommand("export", args, &data, func(f *flag.FlagSet) {
		f.StringVar(&format, "format", "ics", "ics, csv or json")
		f.StringVar(&sep, "separator", ",", "what separates a CSV file's cells: , or ; (Excel in Denmark and Sweden opens ; files)")
		f.StringVar(&feedName, "feed", "", "export what this feed shows (ics only; default: the whole plan)")
		f.StringVar(&out, "out", "", "file to write (default: standard output)")
	})
	if !ok {
		return code
	} else if fset.NArg() > 0 || (format != "ics" && format != "csv" && format != "json") {
		fmt.Fprintf(c.stderr, "postplan export: --format is ics, csv or json\n")
		return 2
	} else if feedName != "" && format != "ics" {
		fmt.Fprintf(c.stderr, "postplan export: --feed goes with --format ics\n")
		return 2
	} else if sep != "," && sep != ";" {
		fmt.Fprintf(c.stderr, "postplan export: --separator is , or ;\n")
		return 2
	}
	return c.withData(resolveDataDir(data), func(db *storage.DB, log *slog.Logger) int {
		ctx := context.Background()
		o := transfer.ExportOptions{Comma: rune(sep[0])}
		if feedName != "" {
			feeds, err := db.Feeds(ctx)
			if err != nil {
				return c.failExport(log, err)
			}
			i := slices.IndexFunc(feeds, func(f calendar.Feed) bool { return f.Name == feedName })
			if i < 0 {
				return c.failExport(log, calendar.Errorf(calendar.ENOTFOUND, "There is no feed called %q.", feedName))
			}
			o.Feed = &feeds[i]
		}
		body, err := transfer.Export(ctx, db, transfer.Format(format), o)
		if err == nil && out != "" {
			err = transfer.WriteFileAtomic(out, body)
		} else if err == nil {
			_, err = c.stdout.Write(body)
		}
		if err != nil {
			return c.failExport(log, err)
		}
		return 0
	})
}

func (c cli) failExport(log *slog.Logger, err error) int {
	log.Error("export", "err", err)
	fmt.Fprintf(c.stderr, "postplan export: %s\n", calendar.ErrorMessage(err))
	return 1
}

// memberIDs finds team members by name (ignoring case) or ID.
func memberIDs(db *storage.DB, names []string) ([]calendar.ID, error) {
	if len(names) == 0 {
		return nil, nil
	}
	team, err := db.Members(context.Background())
	if err != nil {
		return nil, err
	}
	var ids []calendar.ID
	for _, n := range names {
		i := slices.IndexFunc(team, func(m calendar.Member) bool { return strings.EqualFold(m.Name, n) || string(m.ID) == n })
		if i < 0 {
			return nil, fmt.Errorf("%q is not on the team", n)
		}
		ids = append(ids, team[i].ID)
	}
	return ids, nil
}
