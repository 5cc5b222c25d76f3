package feedhttp_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"postplan/calendar"
	"postplan/calendar/ics"
	"postplan/feedhttp"
)

// TestVdirsyncerAndKhalSeeOurFeed subscribes to a running feed server the
// way a Linux user does: vdirsyncer syncs the feed over HTTP into a folder,
// and khal lists it. Every occurrence khal shows must be one of ours, at the
// same minute, and none may be missing.
func TestVdirsyncerAndKhalSeeOurFeed(t *testing.T) {
	for _, tool := range []string{"vdirsyncer", "khal"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed; `make test` installs it with apt", tool)
		}
	}
	db := openPlan(t)
	today := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	if err := db.LoadPlan(ctx, calendar.SamplePlan(today)); err != nil {
		t.Fatal(err)
	}
	feed := calendar.Feed{Name: "Alt"}
	if err := db.CreateFeed(ctx, &feed); err != nil {
		t.Fatal(err)
	}
	srv, ln, err := feedhttp.Listen("127.0.0.1:0", feedhttp.New(db, slog.New(slog.DiscardHandler)).Handler())
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()

	dir := t.TempDir()
	cal := filepath.Join(dir, "cal")
	os.MkdirAll(cal, 0o755)
	vconf := filepath.Join(dir, "vdirsyncer.conf")
	os.WriteFile(vconf, []byte(fmt.Sprintf(`[general]
status_path = "%s/status/"

[pair plan]
a = "remote"
b = "local"
collections = null

[storage remote]
type = "http"
url = "http://%s%s"

[storage local]
type = "filesystem"
path = "%s/"
fileext = ".ics"
`, dir, ln.Addr(), feedhttp.URLPath(feed.Token), cal)), 0o644)
	kconf := filepath.Join(dir, "khal.conf")
	os.WriteFile(kconf, []byte(fmt.Sprintf(`[calendars]
[[plan]]
path = %s/
type = calendar

[locale]
local_timezone = UTC
default_timezone = UTC
timeformat = %%H:%%M
dateformat = %%Y-%%m-%%d
longdateformat = %%Y-%%m-%%d
datetimeformat = %%Y-%%m-%%d %%H:%%M
longdatetimeformat = %%Y-%%m-%%d %%H:%%M
`, cal)), 0o644)

	run := func(name string, args ...string) string {
		t.Helper()
		c, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		cmd := exec.CommandContext(c, name, args...)
		cmd.Env = append(os.Environ(), "VDIRSYNCER_CONFIG="+vconf, "HOME="+dir, "TZ=UTC")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return string(out)
	}
	run("vdirsyncer", "discover", "plan")
	before := time.Now()
	run("vdirsyncer", "sync")
	synced := time.Now()

	from := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	days := 120
	to := from.AddDate(0, 0, days)
	out := run("khal", "-c", kconf, "list", "--format", "{start} {title}", "--day-format", "", from.Format(time.DateOnly), fmt.Sprintf("%dd", days))
	var got []string
	for l := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			got = append(got, l)
		}
	}

	occs, err := db.Occurrences(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	// The feed says what is overdue in the last calendar.DueBack. A post
	// whose time came during the sync may be either; its title is
	// compared without the mark.
	recent := synced.Add(-calendar.DueBack)
	either := map[string]bool{}
	var want []string
	for _, o := range occs {
		title := ics.Summary(o.Post.Channels, o.Title())
		if o.Overdue(before) != o.Overdue(synced) {
			either[title] = true
		} else if o.Overdue(synced) && o.End.After(recent) {
			title = ics.Summary(o.Post.Channels, calendar.OverduePrefix+o.Title())
		}
		if !o.Post.AllDay {
			want = append(want, o.Start.UTC().Format("2006-01-02 15:04")+" "+title)
			continue
		}
		// khal lists an all-day event under every day it covers.
		for d := o.Start; d.Before(o.End); d = d.AddDate(0, 0, 1) {
			if !d.Before(from) {
				want = append(want, o.Start.Format(time.DateOnly)+" "+title)
			}
		}
	}
	// The routines: meetings as series, the rota as one event per turn,
	// listed a quarter back and a year ahead of the server's clock.
	routines, err := db.Routines(ctx)
	if err != nil {
		t.Fatal(err)
	}
	members, _ := db.Members(ctx)
	names := map[calendar.ID]string{}
	for _, m := range members {
		names[m.ID] = m.Name
	}
	now := time.Now()
	for _, r := range routines {
		turns, err := r.Turns(from, to)
		if err != nil {
			t.Fatal(err)
		}
		for _, tn := range turns {
			title := r.Name
			if r.Kind == calendar.RoutineRota {
				if tn.End.Before(now.Add(-calendar.RotaFeedBack)) || tn.Start.After(now.Add(calendar.RotaFeedAhead)) {
					continue
				}
				title += ": " + names[tn.Member]
			}
			if !r.AllDay {
				want = append(want, tn.Start.UTC().Format("2006-01-02 15:04")+" "+title)
				continue
			}
			for d := tn.Start; d.Before(tn.End); d = d.AddDate(0, 0, 1) {
				if !d.Before(from) && d.Format(time.DateOnly) < to.Format(time.DateOnly) {
					want = append(want, tn.Start.Format(time.DateOnly)+" "+title)
				}
			}
		}
	}
	unmark := func(l []string) {
		for i, s := range l {
			plain := strings.Replace(s, calendar.OverduePrefix, "", 1)
			for title := range either {
				if plain != s && strings.HasSuffix(plain, " "+title) {
					l[i] = plain
				}
			}
		}
	}
	unmark(got)
	unmark(want)
	slices.Sort(got)
	slices.Sort(want)
	if len(want) < 20 {
		t.Fatalf("only %d occurrences to compare", len(want))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("khal lists the synced feed differently (-ours +khal):\n%s", diff)
	}
	t.Logf("khal lists the same %d occurrences", len(got))
}
