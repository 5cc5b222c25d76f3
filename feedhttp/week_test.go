package feedhttp_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/feedhttp"
)

// launchWeek is the sample plan's launch week, the one its campaign's posts
// are busiest in.
func launchWeek() calendar.Week {
	plan := calendar.SamplePlan(time.Now())
	return calendar.WeekOf(plan.Campaigns[0].Starts).Add(1)
}

func TestWeekPageShowsWhatTheFeedShows(t *testing.T) {
	e := start(t)
	w := launchWeek()
	path := feedhttp.WeekPath(e.feed.Token) + "?week=" + w.String()
	res, body := e.get(t, "GET", path)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET %s: %d %q", path, res.StatusCode, res.Header.Get("Content-Type"))
	}
	page := string(body)
	want, err := calendar.LoadWeek(ctx, e.db, w, time.Local, e.feed.Filter, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if want.Total == 0 {
		t.Fatal("the launch week has no launch posts to show")
	}
	if headline := fmt.Sprintf("%d posts planned (last week %d", want.Total, want.Last); !strings.Contains(page, headline) {
		t.Errorf("the page has no %q", headline)
	}
	for _, c := range want.Channels {
		figure := fmt.Sprintf(`%s <span class="figure">%d/%d</span>`, c.Name, c.Planned, c.Target)
		if c.Target == 0 {
			figure = fmt.Sprintf(`%s <span class="figure">%d</span>`, c.Name, c.Planned)
		}
		if !strings.Contains(page, figure) {
			t.Errorf("the page has no %s", figure)
		}
	}
	if !strings.Contains(page, "Lancering! Efterårskollektionen er her") || strings.Contains(page, "Kundecase") ||
		strings.Contains(page, "Overvågning") {
		t.Error("the launch feed's page must show the launch campaign and nothing else of the plan")
	}
	for name, value := range map[string]string{
		"Referrer-Policy":         "no-referrer",
		"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
		"Cache-Control":           "private, no-cache",
	} {
		if got := res.Header.Get(name); got != value {
			t.Errorf("%s: %q, want %q", name, got, value)
		}
	}
	if strings.Contains(e.log.String(), e.feed.Token) || !strings.Contains(e.log.String(), "path=/week/[token] status=200") {
		t.Errorf("the log must name the week page without its token:\n%s", e.log.String())
	}
}

func TestWeekPageOfTheWholePlan(t *testing.T) {
	e := start(t)
	all := calendar.Feed{Name: "Everything"}
	if err := e.db.CreateFeed(ctx, &all); err != nil {
		t.Fatal(err)
	}
	res, body := e.get(t, "GET", feedhttp.WeekPath(all.Token), "Accept-Language", "da-DK,da;q=0.9,en;q=0.5")
	if res.StatusCode != 200 {
		t.Fatalf("GET: %d", res.StatusCode)
	}
	page := string(body)
	now := calendar.WeekOf(time.Now())
	want, err := calendar.LoadWeek(ctx, e.db, now, time.Local, calendar.FeedFilter{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`<html lang="da">`, fmt.Sprintf("Uge %d,", now.Num), fmt.Sprintf("%d opslag planlagt", want.Total),
		fmt.Sprintf(`?week=%s" rel="next"`, now.Add(1))} {
		if !strings.Contains(page, s) {
			t.Errorf("this week's page in Danish has no %s", s)
		}
	}
	for _, d := range want.Duties {
		if !strings.Contains(page, d.Name+": "+d.Who) {
			t.Errorf("the page does not say %s is on duty", d.Who)
		}
	}
	_, body = e.get(t, "GET", feedhttp.WeekPath(all.Token)+"?lang=sv", "Accept-Language", "da")
	if !strings.Contains(string(body), `<html lang="sv">`) {
		t.Error("?lang=sv must win over the browser's Danish")
	}
}

func TestWeekPageRefusals(t *testing.T) {
	e := start(t)
	for path, status := range map[string]int{
		feedhttp.WeekPath(e.feed.Token) + "?week=2026-W99": 400,
		feedhttp.WeekPath(e.feed.Token) + "?week=soon":     400,
		feedhttp.WeekPath("not-a-token"):                   404,
		"/week/":                                           404,
		feedhttp.WeekPath(e.feed.Token) + "/x":             404,
	} {
		if res, body := e.get(t, "GET", path); res.StatusCode != status {
			t.Errorf("GET %s: %d %s, want %d", path, res.StatusCode, body, status)
		} else if status == 400 && !strings.Contains(string(body), "week") {
			t.Errorf("GET %s says %q, which does not say what is wrong", path, body)
		}
	}
	if err := e.db.RevokeFeed(ctx, e.feed.Name); err != nil {
		t.Fatal(err)
	}
	if res, _ := e.get(t, "GET", feedhttp.WeekPath(e.feed.Token)); res.StatusCode != 404 {
		t.Errorf("a revoked feed's week page: %d, want 404", res.StatusCode)
	}
}
