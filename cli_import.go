package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"

	"postplan/app"
	"postplan/calendar"
	"postplan/storage"
)

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
	body, err := app.ReadImportFile(file)
	if err != nil {
		fmt.Fprintf(c.stderr, "postplan import: %s\n", calendar.ErrorMessage(err))
		return 1
	}
	return c.withData(resolveDataDir(data), func(db *storage.DB, log *slog.Logger) int {
		r, err := app.ImportICS(context.Background(), db, body, dryRun)
		for _, p := range r.Problems {
			fmt.Fprintf(c.stdout, "  %s\n", p)
		}
		if err != nil {
			log.Error("import", "file", file, "err", err)
			fmt.Fprintf(c.stderr, "postplan import: %s: %s\n", file, calendar.ErrorMessage(err))
			return 1
		}
		verb := "Imported"
		if dryRun {
			verb = "Would import"
		}
		fmt.Fprintf(c.stdout, "%s %s from %s\n", verb, r, file)
		return 0
	})
}
