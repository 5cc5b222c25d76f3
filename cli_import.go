package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"postplan/calendar"
	"postplan/storage"
	"postplan/transfer"
)

// importFile reads a calendar (.ics), CSV or JSON file into the plan. The
// same file imported again updates what it added instead of adding it twice.
func (c cli) importFile(args []string, data string) int {
	var dryRun, validOnly bool
	fset, code, ok := c.subcommand("import", args, &data, func(f *flag.FlagSet) {
		f.BoolVar(&dryRun, "dry-run", false, "show what would be imported, row by row, and change nothing")
		f.BoolVar(&validOnly, "valid-only", false, "import a CSV file's valid rows even if others have problems")
	})
	if !ok {
		return code
	} else if fset.NArg() != 1 {
		fmt.Fprintln(c.stderr, "usage: postplan import [--data DIR] [--dry-run] [--valid-only] FILE.ics|FILE.csv|FILE.json")
		return 2
	}
	file := fset.Arg(0)
	format, err := transfer.FormatOf(file)
	if err != nil {
		fmt.Fprintf(c.stderr, "postplan import: %s\n", calendar.ErrorMessage(err))
		return 2
	}
	body, err := transfer.ReadFile(file)
	if err != nil {
		fmt.Fprintf(c.stderr, "postplan import: %s\n", calendar.ErrorMessage(err))
		return 1
	}
	return c.withData(resolveDataDir(data), func(db *storage.DB, log *slog.Logger) int {
		ctx := context.Background()
		p, err := transfer.Read(ctx, db, format, body, transfer.Options{})
		if err == nil {
			if dryRun {
				for _, line := range p.RowOutcomes() {
					fmt.Fprintf(c.stdout, "  %s\n", line)
				}
			}
			for _, pr := range p.Problems {
				fmt.Fprintf(c.stdout, "  %s\n", pr)
			}
			if len(p.Ignored) > 0 {
				fmt.Fprintf(c.stdout, "  columns not read: %v\n", p.Ignored)
			}
			if !dryRun {
				var r *transfer.Result
				if r, err = transfer.Import(ctx, db, p, validOnly); r != nil {
					for _, name := range r.SkippedFeeds {
						fmt.Fprintf(c.stdout, "  %s\n", transfer.SkippedFeedProblem(name))
					}
					for _, line := range r.Kept() {
						fmt.Fprintf(c.stdout, "  %s\n", line)
					}
				}
			}
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
		log.Info("import", "file", file, "dryRun", dryRun, "result", p.String())
		fmt.Fprintf(c.stdout, "%s %s from %s\n", verb, p, file)
		return 0
	})
}

// backup writes a backup of the plan to a file.
func (c cli) backup(args []string, data string) int {
	var out string
	fset, code, ok := c.subcommand("backup", args, &data, func(f *flag.FlagSet) {
		f.StringVar(&out, "out", "", "the backup file to write")
	})
	if !ok {
		return code
	} else if fset.NArg() > 0 || out == "" {
		fmt.Fprintln(c.stderr, "usage: postplan backup [--data DIR] --out FILE")
		return 2
	}
	return c.withData(resolveDataDir(data), func(db *storage.DB, log *slog.Logger) int {
		if err := transfer.BackupFile(context.Background(), db, out); err != nil {
			log.Error("backup", "err", err)
			fmt.Fprintf(c.stderr, "postplan backup: %s\n", calendar.ErrorMessage(err))
			return 1
		}
		fmt.Fprintf(c.stdout, "Backed up the plan to %s\n", out)
		return 0
	})
}

// restore replaces the plan with a backup's.
func (c cli) restore(args []string, data string) int {
	var force bool
	fset, code, ok := c.subcommand("restore", args, &data, func(f *flag.FlagSet) {
		f.BoolVar(&force, "force", false, "replace a plan that is not empty (it is backed up first)")
	})
	if !ok {
		return code
	} else if fset.NArg() != 1 {
		fmt.Fprintln(c.stderr, "usage: postplan restore [--data DIR] [--force] FILE")
		return 2
	}
	file := fset.Arg(0)
	return c.withData(resolveDataDir(data), func(db *storage.DB, log *slog.Logger) int {
		replaced, err := transfer.RestoreFile(context.Background(), db, file, force)
		if replaced != "" {
			fmt.Fprintf(c.stdout, "The plan it replaced is kept in %s\n", replaced)
		}
		if err != nil {
			log.Error("restore", "file", file, "err", err)
			fmt.Fprintf(c.stderr, "postplan restore: %s\n", calendar.ErrorMessage(err))
			return 1
		}
		log.Info("restored", "file", file)
		fmt.Fprintf(c.stdout, "Restored the plan from %s\n", file)
		return 0
	})
}
