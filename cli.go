package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"postplan/app"
	"postplan/calendar"
	"postplan/instance"
	"postplan/storage"
	"postplan/transfer"
)

// cli carries what every subcommand needs from the process.
type cli struct {
	stdin          io.Reader // nil reads nothing
	stdout, stderr io.Writer
	started        time.Time
}

// usage is the command line's one description: `postplan help` prints it,
// and docs/cli.md holds the same text (TestCLIDocsMatchHelp).
const usage = `Postplan plans a small team's social-media posts.

Usage:
  postplan [--data DIR]      open the Postplan window
  postplan demo [--posts N] [--series N] [--days D] [--seed S]
                             fill an empty plan: the sample month, and with
                             --posts N generated posts around it (1 in 20
                             recurring unless --series), about 60 a day from
                             1 Jan 2026 or spread over D days from a year ago;
                             the same seed gives the same plan
  postplan serve [--addr HOST:PORT]
                             serve the feeds headless (default 127.0.0.1:8765)
  postplan feeds add --name NAME [--campaign TAG]... [--channel NAME]...
                     [--kind posts|experiments|meetings|rota]...
                     [--member NAME]... [--titles-only]
  postplan feeds list | revoke NAME
                             manage feeds; add prints the feed's URL path
  postplan publish [--watch] [--password-file FILE]
                             publish the chosen feeds and their week pages
                             to the team's WebDAV folder; --watch keeps them
                             up to date as the plan and the day change
  postplan publish setup --url URL [--user NAME] [--keep keyring|file]
                         [--public-url URL] [--feed NAME]... [--lang en|da|sv]
                             where to publish; the password is read from
                             standard input, and kept in the keyring or in a
                             file only you can read, never in the plan
  postplan publish status | off [--delete]
                             where the feeds are published; stop publishing
                             (--delete removes the files from the server)
  postplan export --format ics|csv|json [--feed NAME] [--separator ;] [--out FILE]
                             write the plan (or what one feed shows, as
                             iCalendar) to FILE or standard output; a CSV
                             file's cells separated by ; for Excel in
                             Denmark and Sweden
  postplan import [--dry-run] [--valid-only] FILE.ics|FILE.csv|FILE.json
                             add a file's posts; importing it again updates
                             the same posts, and writes nothing for those it
                             finds unchanged; --dry-run shows every row's
                             outcome and changes nothing; --valid-only
                             imports a CSV file's valid rows
  postplan week [--week 2026-W48] [--format text|markdown|html|pdf]
                [--lang en|da|sv] [--feed NAME] [--out FILE]
                             the week at a glance (default: this week, as
                             text; --feed: only what that feed shows; pdf
                             needs --out)
  postplan backup --out FILE back the whole plan up to one file
  postplan restore [--force] FILE
                             replace the plan with a backup's; a plan that is
                             not empty is only replaced with --force, and is
                             backed up first; a failed restore changes nothing
  postplan version           print the version
  postplan help              show this help

Every subcommand takes --data DIR: the data folder (default: $POSTPLAN_DATA,
else postplan in the user's config folder: ~/.config/postplan on Linux,
~/Library/Application Support/postplan on macOS, %AppData%\postplan on
Windows).
`

// run executes one command line and returns the process exit code: 0 for
// success, 1 for a failure, 2 for a command line that cannot be understood.
func run(args []string, c cli) int {
	fset := flag.NewFlagSet("postplan", flag.ContinueOnError)
	fset.SetOutput(c.stderr)
	fset.Usage = func() { fmt.Fprint(c.stderr, usage) }
	data := fset.String("data", "", "data folder")
	if err := fset.Parse(args); errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		return 2
	}

	switch cmd := fset.Arg(0); cmd {
	case "":
		return c.desktop(resolveDataDir(*data))
	case "version":
		fmt.Fprintf(c.stdout, "postplan %s\n", version)
		return 0
	case "demo":
		return c.demo(fset.Args()[1:], *data)
	case "serve":
		return c.serve(fset.Args()[1:], *data)
	case "feeds":
		return c.feeds(fset.Args()[1:], *data)
	case "publish":
		return c.publish(fset.Args()[1:], *data)
	case "export":
		return c.export(fset.Args()[1:], *data)
	case "import":
		return c.importFile(fset.Args()[1:], *data)
	case "week":
		return c.week(fset.Args()[1:], *data)
	case "backup":
		return c.backup(fset.Args()[1:], *data)
	case "restore":
		return c.restore(fset.Args()[1:], *data)
	case "help":
		fmt.Fprint(c.stdout, usage)
		return 0
	default:
		fmt.Fprintf(c.stderr, "postplan: unknown command %q\n\n", cmd)
		fset.Usage()
		return 2
	}
}

// desktop opens the window over the plan in dir, or, when the plan cannot
// be opened (damaged, or too new), a window that says so and offers to
// restore a backup, then starts again over the restored plan.
func (c cli) desktop(dir string) int {
	log, closeLog, err := openLog(dir)
	if err != nil {
		fmt.Fprintf(c.stderr, "postplan: cannot use the data folder %s: %v\n", dir, err)
		return 1
	}
	defer closeLog()
	db, err := storage.Open(dir, log)
	if errors.Is(err, storage.ErrLocked) && raiseOpenWindow(dir) {
		// A double-click on an open plan brings its window forward.
		log.Info("second launch: brought the open window forward")
		return 0
	}
	if err != nil {
		c.explainOpenError(dir, log, err)
		if errors.Is(err, storage.ErrLocked) {
			return 1
		}
		return c.recovery(dir, log, err)
	}
	log.Info("starting", "version", version, "data", dir)
	// The daily backup waits for the window's first calendar: on a large
	// plan it took the two cores start-up needs (about 0.6 s of a 1.9 s
	// start at 100,000 posts). It runs anyway after a while, or when the
	// window closes first; the plan is closed only once it has finished.
	ready := make(chan struct{})
	var readyOnce sync.Once
	markReady := func() { readyOnce.Do(func() { close(ready) }) }
	backedUp := make(chan struct{})
	go func() {
		defer close(backedUp)
		select {
		case <-ready:
		case <-time.After(20 * time.Second):
		}
		if path, err := transfer.AutoBackup(context.Background(), db, time.Now()); err != nil {
			log.Error("daily backup", "err", err)
		} else if path != "" {
			log.Info("daily backup", "file", path)
			// What reading the whole plan took is garbage now; give it
			// back rather than hold it for the rest of the day.
			debug.FreeOSMemory()
		}
	}()

	runErr := app.Run(app.Config{Assets: frontendAssets(), Icon: icon, Version: version, Log: log, DB: db, Started: c.started,
		Ready: markReady})
	markReady() // closed before it drew: back up now
	<-backedUp
	if err := db.Close(); err != nil {
		log.Error("close database", "err", err)
	}
	if runErr != nil {
		log.Error("window failed", "err", runErr)
		fmt.Fprintf(c.stderr, "postplan: %v\n", runErr)
		return 1
	}
	log.Info("stopped cleanly")
	return 0
}

// demo fills an empty plan with the sample month or a generated plan.
func (c cli) demo(args []string, data string) int {
	var posts, days, series int
	var seed uint64
	fset, code, ok := c.subcommand("demo", args, &data, func(f *flag.FlagSet) {
		f.IntVar(&posts, "posts", 0, "generate a plan of this many posts instead of the sample month")
		f.Uint64Var(&seed, "seed", 1, "generator seed: the same seed gives the same plan")
		f.IntVar(&series, "series", -1, "how many of the generated posts repeat (default: one in 20)")
		f.IntVar(&days, "days", 0, "spread a generated plan over this many days from a year ago (default: about 60 posts a day from 1 Jan 2026)")
	})
	if !ok {
		return code
	} else if fset.NArg() > 0 || posts < 0 {
		fmt.Fprintf(c.stderr, "postplan demo: unexpected %q\n", strings.Join(args, " "))
		return 2
	}
	dir := resolveDataDir(data)
	return c.withData(dir, func(db *storage.DB, log *slog.Logger) int {
		ctx := context.Background()
		if empty, err := db.Empty(ctx); err != nil || !empty {
			fmt.Fprintf(c.stderr, "postplan demo: the plan in %s is not empty; use an empty data folder\n", dir)
			return 1
		}
		o := calendar.GenerateOptions{Today: time.Now(), Seed: seed, Days: days}
		if posts > 0 {
			if series < 0 || series > posts {
				series = posts / 20
			}
			o.Posts, o.Series = posts-series, series
			if days > 0 {
				y, m, _ := time.Now().AddDate(-1, 0, 0).Date()
				o.From = calendar.Wall(y, m, 1, 0, 0, 0)
			}
		}
		plan := calendar.Generate(o)
		if err := db.LoadPlan(ctx, plan); err != nil {
			log.Error("demo", "err", err)
			fmt.Fprintf(c.stderr, "postplan demo: %s\n", calendar.ErrorMessage(err))
			return 1
		}
		fmt.Fprintf(c.stdout, "Added %d posts to %s\n", len(plan.Posts), dir)
		return 0
	})
}

// withData opens the plan in dir, runs fn, and closes the plan and the log,
// returning fn's exit code (1 when the plan cannot be opened).
func (c cli) withData(dir string, fn func(db *storage.DB, log *slog.Logger) int) int {
	db, log, closeLog, ok := c.openData(dir)
	if !ok {
		return 1
	}
	defer closeLog()
	defer func() {
		if err := db.Close(); err != nil {
			log.Error("close database", "err", err)
		}
	}()
	return fn(db, log)
}

// openData opens the log file and the database in dir, telling the user in
// plain words when it cannot. The caller closes the database, then the log.
func (c cli) openData(dir string) (*storage.DB, *slog.Logger, func(), bool) {
	log, closeLog, err := openLog(dir)
	if err != nil {
		fmt.Fprintf(c.stderr, "postplan: cannot use the data folder %s: %v\n", dir, err)
		return nil, nil, nil, false
	}
	db, err := storage.Open(dir, log)
	if err == nil {
		return db, log, closeLog, true
	}
	c.explainOpenError(dir, log, err)
	closeLog()
	return nil, nil, nil, false
}

// explainOpenError tells the user in plain words why the plan in dir did
// not open, and what to do.
func (c cli) explainOpenError(dir string, log *slog.Logger, err error) {
	switch {
	case errors.Is(err, storage.ErrLocked):
		fmt.Fprintf(c.stderr, "Postplan is already open with this data folder: %s\n", dir)
	case errors.Is(err, storage.ErrTooNew):
		log.Error("open database", "err", err)
		fmt.Fprintf(c.stderr, "postplan: %v. Install the newer version, or use another data folder with --data.\n", err)
	default:
		log.Error("open database", "err", err)
		fmt.Fprintf(c.stderr, "postplan: cannot open the plan in %s: %v\n", dir, err)
		if b := transfer.NewestBackup(dir); b != "" {
			fmt.Fprintf(c.stderr, "The newest backup is %s. To use it, restore it into a new folder and open that:\n"+
				"  postplan restore --data NEW-FOLDER %s\n  postplan --data NEW-FOLDER\n", b, b)
		}
	}
}

// raiseOpenWindow asks the window open over the plan in dir to come
// forward. A window still starting has the lock but is not listening yet,
// so it is asked again for a few seconds.
func raiseOpenWindow(dir string) bool {
	deadline := time.Now().Add(5 * time.Second)
	for {
		if instance.Raise(dir, 2*time.Second) == nil {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// frontendAssets is the built frontend, as the window serves it.
func frontendAssets() fs.FS {
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		panic(err) // the embed pattern in main.go guarantees the folder exists
	}
	return dist
}

// recovery opens the recovery window over a plan that would not open, and
// starts Postplan again when the user restored a backup and asked to open
// it.
func (c cli) recovery(dir string, log *slog.Logger, problem error) int {
	restart, err := app.RunRecovery(app.RecoveryConfig{Assets: frontendAssets(), Icon: icon, Version: version, Log: log, Dir: dir, Problem: problem})
	if err != nil {
		log.Error("recovery window failed", "err", err)
		fmt.Fprintf(c.stderr, "postplan: %v\n", err)
		return 1
	}
	if !restart {
		return 1
	}
	exe, err := os.Executable()
	if err == nil {
		var p *os.Process
		// The same program and arguments, in the same process group, so
		// whoever started Postplan can still stop it.
		p, err = os.StartProcess(exe, os.Args, &os.ProcAttr{Env: os.Environ(), Files: []*os.File{os.Stdin, os.Stdout, os.Stderr}})
		if err == nil {
			log.Info("started again over the restored plan", "pid", p.Pid)
			_ = p.Release()
			return 0
		}
	}
	log.Error("start again", "err", err)
	fmt.Fprintf(c.stderr, "postplan: the plan was restored; start Postplan again to open it (%v)\n", err)
	return 1
}

// defaultDataDir is where the plan lives unless told otherwise.
func defaultDataDir() string {
	base, err := os.UserConfigDir()
	if err != nil {
		base = "."
	}
	return filepath.Join(base, "postplan")
}

// resolveDataDir applies the precedence --data, then $POSTPLAN_DATA, then the
// user's config folder, and makes the result absolute so that what the window
// shows is unambiguous.
func resolveDataDir(flagValue string) string {
	dir := flagValue
	if dir == "" {
		dir = os.Getenv("POSTPLAN_DATA")
	}
	if dir == "" {
		dir = defaultDataDir()
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return dir
}

// maxLogBytes is when the log is rotated at start-up, so a long-lived install
// does not grow it without bound.
const maxLogBytes = 10 << 20

// openLog opens (appending) the slog text log in dir.
func openLog(dir string) (*slog.Logger, func(), error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, err
	}
	path := filepath.Join(dir, "postplan.log")
	if st, err := os.Stat(path); err == nil && st.Size() > maxLogBytes {
		_ = os.Rename(path, path+".1")
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, nil, err
	}
	level := slog.LevelInfo
	if strings.EqualFold(os.Getenv("POSTPLAN_LOG"), "debug") {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: level}))
	return log, func() { f.Close() }, nil
}
