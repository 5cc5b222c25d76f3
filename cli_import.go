package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"postplan/calendar"
	"postplan/calendar/ics"
	"postplan/storage"
)

// maxImportBytes refuses files no plan of posts comes near, before reading
// them into memory.
const maxImportBytes = 50 << 20

// importFile reads a calendar file into the plan: new posts are added,
// posts imported before (same UID) are updated.
func (c cli) importFile(args []string, data string) int {
	var dryRun bool
	fset, code, ok := c.subcommand("import", args, &data, func(f *flag.FlagSet) {
		f.BoolVar(&dryRun, "dry-run", false, "show what would be imported, change nothing")
	})
	if !ok {
		return code
	} else if fset.NArg() != 1 {
		fmt.Fprintln(c.stderr, "usage: postplan import [--data DIR] [--dry-run] FILE.ics")
		return 2
	}
	file := fset.Arg(0)
	if ext := strings.ToLower(filepath.Ext(file)); ext != ".ics" {
		fmt.Fprintf(c.stderr, "postplan import: %s: only .ics files can be imported so far\n", file)
		return 2
	}
	st, err := os.Stat(file)
	if err != nil {
		fmt.Fprintf(c.stderr, "postplan import: %v\n", err)
		return 1
	} else if st.Size() > maxImportBytes {
		fmt.Fprintf(c.stderr, "postplan import: %s is %d MB; files over 50 MB are not imported\n", file, st.Size()>>20)
		return 1
	}
	body, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(c.stderr, "postplan import: %v\n", err)
		return 1
	}
	return c.withData(resolveDataDir(data), func(db *storage.DB, log *slog.Logger) int {
		return c.importICS(db, log, file, body, dryRun)
	})
}

func (c cli) importICS(db *storage.DB, log *slog.Logger, file string, body []byte, dryRun bool) int {
	ctx := context.Background()
	opts := ics.ReadOptions{Campaigns: map[string]calendar.Campaign{}, Now: time.Now().UTC()}
	campaigns, err := db.Campaigns(ctx)
	if err == nil {
		opts.Members, err = db.Members(ctx)
	}
	if err == nil {
		opts.Channels, err = db.Channels(ctx)
	}
	if err != nil {
		log.Error("import", "err", err)
		fmt.Fprintf(c.stderr, "postplan import: %s\n", calendar.ErrorMessage(err))
		return 1
	}
	for _, cp := range campaigns {
		opts.Campaigns[cp.Tag] = cp
	}
	imp, err := ics.Read(strings.NewReader(string(body)), opts)
	if err != nil {
		fmt.Fprintf(c.stderr, "postplan import: %s: %s\n", file, calendar.ErrorMessage(err))
		return 1
	}
	for _, p := range imp.Problems {
		fmt.Fprintf(c.stdout, "  %s\n", p)
	}
	updated := 0
	for _, p := range imp.Plan.Posts {
		if _, err := db.FindPost(ctx, p.ID); err == nil {
			updated++
		}
	}
	summary := fmt.Sprintf("%d posts (%d new, %d updated), %d new campaigns, %d new channels",
		len(imp.Plan.Posts), len(imp.Plan.Posts)-updated, updated, len(imp.Plan.Campaigns), len(imp.Plan.Channels))
	if dryRun {
		fmt.Fprintf(c.stdout, "Would import %s from %s\n", summary, file)
		return 0
	}
	for _, ch := range imp.Plan.Channels {
		err = firstErr(err, db.PutChannel(ctx, ch))
	}
	for _, cp := range imp.Plan.Campaigns {
		err = firstErr(err, db.PutCampaign(ctx, cp))
	}
	err = firstErr(err, db.SavePosts(ctx, imp.Plan.Posts))
	if err != nil {
		log.Error("import", "file", file, "err", err)
		fmt.Fprintf(c.stderr, "postplan import: %s: %s\n", file, calendar.ErrorMessage(err))
		return 1
	}
	fmt.Fprintf(c.stdout, "Imported %s from %s\n", summary, file)
	return 0
}

func firstErr(err, next error) error {
	if err != nil {
		return err
	}
	return next
}
