package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"postplan/calendar"
	"postplan/credentials"
	"postplan/publish"
	"postplan/storage"
)

// publish publishes the feeds to the WebDAV folder set up, or sets it up.
func (c cli) publish(args []string, data string) int {
	verb := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		verb, args = args[0], args[1:]
	}
	switch verb {
	case "":
		return c.publishNow(args, data)
	case "setup":
		return c.publishSetup(args, data)
	case "status":
		return c.publishStatus(args, data)
	case "off":
		return c.publishOff(args, data)
	}
	fmt.Fprintf(c.stderr, "postplan publish: unknown %q; use setup, status or off, or nothing to publish\n", verb)
	return 2
}

// publisher returns the Publisher over db, with the password from file if
// one is named.
func (c cli) publisher(db *storage.DB, log *slog.Logger, passwordFile string) (*publish.Publisher, bool) {
	pub := publish.New(db, credentials.New(""), db.Dir(), log.With("component", "publish"))
	if passwordFile != "" {
		pw, err := credentials.ReadFile(passwordFile)
		if err != nil {
			fmt.Fprintf(c.stderr, "postplan publish: %v\n", err)
			return nil, false
		}
		pub.UsePassword(pw)
	}
	return pub, true
}

func (c cli) publishNow(args []string, data string) int {
	var watch bool
	var passwordFile string
	fset, code, ok := c.subcommand("publish", args, &data, func(f *flag.FlagSet) {
		f.BoolVar(&watch, "watch", false, "keep publishing as the plan and the day change, until stopped")
		f.StringVar(&passwordFile, "password-file", "", "read the password from this file's first line (systemd's LoadCredential)")
	})
	if !ok {
		return code
	} else if fset.NArg() > 0 {
		fmt.Fprintf(c.stderr, "postplan publish: unexpected %q\n", strings.Join(fset.Args(), " "))
		return 2
	}
	return c.withData(resolveDataDir(data), func(db *storage.DB, log *slog.Logger) int {
		pub, ok := c.publisher(db, log, passwordFile)
		if !ok {
			return 1
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		if !watch {
			return c.publishOnce(ctx, pub)
		}
		if _, ok, err := pub.Target(ctx); err != nil || !ok {
			fmt.Fprintf(c.stderr, "postplan publish: %s\n", calendar.ErrorMessage(errors.Join(err, publish.ErrNoTarget)))
			return 1
		}
		pub.OnStatus(func(s publish.Status) {
			switch {
			case s.Publishing:
			case s.Problem != nil:
				fmt.Fprintf(c.stdout, "%s  not published: %s (next try %s)\n", time.Now().Format(time.DateTime),
					calendar.ErrorMessage(s.Problem.Err), s.NextTry.Format(time.TimeOnly))
			case !s.Pending && s.LastSuccess.After(time.Now().Add(-time.Minute)):
				fmt.Fprintf(c.stdout, "%s  published\n", s.LastSuccess.Format(time.DateTime))
			}
		})
		fmt.Fprintln(c.stdout, "Publishing as the plan and the day change (Ctrl+C stops).")
		pub.Run(ctx)
		return 0
	})
}

func (c cli) publishOnce(ctx context.Context, pub *publish.Publisher) int {
	rep, err := pub.Publish(ctx, true)
	if err != nil {
		fmt.Fprintf(c.stderr, "postplan publish: %s\n", calendar.ErrorMessage(unwrapProblem(err)))
		return 1
	}
	t, _, _ := pub.Target(ctx)
	fmt.Fprintf(c.stdout, "Published to %s: %d uploaded, %d deleted, %d unchanged.\n", t.URL, len(rep.Uploaded), len(rep.Deleted), rep.Unchanged)
	return 0
}

func unwrapProblem(err error) error {
	var pr *publish.Problem
	if errors.As(err, &pr) {
		return pr.Err
	}
	return err
}

func (c cli) publishSetup(args []string, data string) int {
	var t publish.Target
	var feeds listFlag
	fset, code, ok := c.subcommand("publish setup", args, &data, func(f *flag.FlagSet) {
		f.StringVar(&t.URL, "url", "", "the WebDAV folder, https://...")
		f.StringVar(&t.User, "user", "", "the user name on the server; the password is read from standard input")
		f.StringVar(&t.Keep, "keep", credentials.Keyring, "where to keep the password: keyring or file")
		f.StringVar(&t.PublicURL, "public-url", "", "the folder's address for colleagues, if not --url")
		f.Var(&feeds, "feed", "a feed to publish, by name (repeatable)")
		f.StringVar(&t.Language, "lang", "en", "the week pages' language: en, da or sv")
	})
	if !ok {
		return code
	} else if fset.NArg() > 0 || t.URL == "" {
		fmt.Fprintln(c.stderr, "usage: postplan publish setup --url URL [--user NAME] [--keep keyring|file] [--public-url URL] [--feed NAME]... [--lang en|da|sv]")
		return 2
	} else if t.Keep == credentials.Session {
		fmt.Fprintln(c.stderr, "postplan publish setup: a password kept for the session ends with this command; use --keep keyring or file, or publish --password-file")
		return 2
	}
	t.Feeds = []string(feeds)
	return c.withData(resolveDataDir(data), func(db *storage.DB, log *slog.Logger) int {
		ctx := context.Background()
		existing, err := db.Feeds(ctx)
		if err != nil {
			fmt.Fprintf(c.stderr, "postplan publish setup: %s\n", calendar.ErrorMessage(err))
			return 1
		}
		for _, name := range t.Feeds {
			if !slices.ContainsFunc(existing, func(f calendar.Feed) bool { return f.Name == name && !f.IsRevoked() }) {
				fmt.Fprintf(c.stderr, "postplan publish setup: there is no feed called %q (postplan feeds list)\n", name)
				return 1
			}
		}
		password := ""
		if t.User != "" {
			if password, err = c.readPassword(t.User); err != nil {
				fmt.Fprintf(c.stderr, "postplan publish setup: %v\n", err)
				return 1
			}
		}
		pub, _ := c.publisher(db, log, "")
		if _, err := pub.SetTarget(ctx, t, password); err != nil {
			field := calendar.ErrorField(unwrapProblem(err))
			fmt.Fprintf(c.stderr, "postplan publish setup: %s%s\n", fieldPrefix(field), calendar.ErrorMessage(unwrapProblem(err)))
			return 1
		}
		fmt.Fprintln(c.stdout, "Saved. Publishing now to check it:")
		return c.publishOnce(ctx, pub)
	})
}

// readPassword asks on the terminal without echo, or reads standard
// input's first line when it is not a terminal (a script, a pipe).
func (c cli) readPassword(user string) (string, error) {
	if f, ok := c.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(c.stderr, "Password for %s: ", user)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(c.stderr)
		if err != nil {
			return "", err
		}
		return string(b), nil
	}
	if c.stdin == nil {
		return "", errors.New("no password on standard input")
	}
	line, err := bufio.NewReader(c.stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("no password on standard input (%v)", err)
	}
	return line, nil
}

func fieldPrefix(field string) string {
	flags := map[string]string{"url": "--url", "publicUrl": "--public-url", "keep": "--keep", "language": "--lang"}
	if f, ok := flags[field]; ok {
		return f + ": "
	}
	return ""
}

func (c cli) publishStatus(args []string, data string) int {
	fset, code, ok := c.subcommand("publish status", args, &data, nil)
	if !ok {
		return code
	} else if fset.NArg() > 0 {
		fmt.Fprintf(c.stderr, "postplan publish status: unexpected %q\n", strings.Join(fset.Args(), " "))
		return 2
	}
	return c.withData(resolveDataDir(data), func(db *storage.DB, log *slog.Logger) int {
		ctx := context.Background()
		pub, _ := c.publisher(db, log, "")
		t, ok, err := pub.Target(ctx)
		if err != nil || !ok {
			fmt.Fprintln(c.stdout, "Publishing is not set up (postplan publish setup).")
			return 0
		}
		fmt.Fprintf(c.stdout, "Folder:  %s\nUser:    %s\nPassword kept in: %s\n", t.URL, t.User, t.Keep)
		if last := pub.Status().LastSuccess; !last.IsZero() {
			fmt.Fprintf(c.stdout, "Last published: %s\n", last.Local().Format(time.DateTime))
		}
		feeds, err := db.Feeds(ctx)
		if err != nil {
			fmt.Fprintf(c.stderr, "postplan publish status: %s\n", calendar.ErrorMessage(err))
			return 1
		}
		for i := range feeds {
			f := &feeds[i]
			if f.IsRevoked() || !t.Publishes(f.Name) {
				continue
			}
			n := publish.NamesOf(f)
			fmt.Fprintf(c.stdout, "\n%s\n  calendar:  %s\n  week page: %s\n", f.Name, t.PublicAddress(n.Calendar()),
				t.PublicAddress(n.Week(calendar.WeekOf(time.Now()), 0)))
		}
		return 0
	})
}

func (c cli) publishOff(args []string, data string) int {
	var del bool
	var passwordFile string
	fset, code, ok := c.subcommand("publish off", args, &data, func(f *flag.FlagSet) {
		f.BoolVar(&del, "delete", false, "delete the published files from the server first")
		f.StringVar(&passwordFile, "password-file", "", "read the password from this file's first line")
	})
	if !ok {
		return code
	} else if fset.NArg() > 0 {
		fmt.Fprintf(c.stderr, "postplan publish off: unexpected %q\n", strings.Join(fset.Args(), " "))
		return 2
	}
	return c.withData(resolveDataDir(data), func(db *storage.DB, log *slog.Logger) int {
		pub, ok := c.publisher(db, log, passwordFile)
		if !ok {
			return 1
		}
		if err := pub.RemoveTarget(context.Background(), del); err != nil {
			fmt.Fprintf(c.stderr, "postplan publish off: %s; publishing is still set up\n", calendar.ErrorMessage(unwrapProblem(err)))
			return 1
		}
		fmt.Fprintln(c.stdout, "Publishing is off.")
		return 0
	})
}
