package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"postplan/app"
	"postplan/app/transfer"
	"postplan/calendar"
	"postplan/storage"
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
		var done string
		switch format {
		case ".ics":
			r, ierr := app.ImportICS(ctx, db, body, dryRun)
			for _, p := range r.Problems {
				fmt.Fprintf(c.stdout, "  %s\n", p)
			}
			done, err = r.String(), ierr
		case ".csv":
			done, err = c.importCSV(ctx, db, body, dryRun, validOnly)
		case ".json":
			done, err = c.importJSON(ctx, db, body, dryRun)
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
		log.Info("import", "file", file, "dryRun", dryRun, "result", done)
		fmt.Fprintf(c.stdout, "%s %s from %s\n", verb, done, file)
		return 0
	})
}

func (c cli) importCSV(ctx context.Context, db *storage.DB, body []byte, dryRun, validOnly bool) (string, error) {
	p, err := transfer.PreviewCSV(ctx, db, body, transfer.MachineZone())
	if err != nil {
		return "", err
	}
	if dryRun {
		for _, r := range p.Rows {
			outcome, title := "ok", ""
			if !r.OK() {
				outcome = "problem"
			}
			if r.Post != nil { // a row with more cells than the header was not read
				title = r.Post.Title
			}
			fmt.Fprintf(c.stdout, "  row %d: %s: %s\n", r.Number, outcome, title)
		}
	}
	for _, line := range p.Problems() {
		fmt.Fprintf(c.stdout, "  %s\n", line)
	}
	if len(p.Ignored) > 0 {
		fmt.Fprintf(c.stdout, "  columns not read: %v\n", p.Ignored)
	}
	if dryRun {
		return p.String(), nil
	}
	return p.String(), transfer.CommitCSV(ctx, db, p, validOnly)
}

func (c cli) importJSON(ctx context.Context, db *storage.DB, body []byte, dryRun bool) (string, error) {
	plan, err := transfer.ReadJSON(body)
	if err != nil {
		return "", err
	}
	done := fmt.Sprintf("%d posts, %d campaigns, %d members, %d feeds", len(plan.Posts), len(plan.Campaigns), len(plan.Members), len(plan.Feeds))
	if dryRun {
		return done, nil
	}
	skipped, err := transfer.ImportJSON(ctx, db, plan)
	for _, name := range skipped {
		fmt.Fprintf(c.stdout, "  the feed %q was not added: the plan has a feed of that name\n", name)
	}
	return done, err
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
