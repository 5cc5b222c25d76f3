package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/storage"
)

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func TestSharingServesFeedsAndSurvivesARestart(t *testing.T) {
	dir := t.TempDir()
	db, err := storage.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.LoadPlan(context.Background(), calendar.SamplePlan(time.Now())); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	f := NewFeeds(db, log)
	f.startup(context.Background())
	if s := f.Sharing(); s.Mode != SharingOff || s.Running {
		t.Fatalf("sharing starts %+v, want off", s)
	}
	if _, err := f.Create(FeedInput{Name: "Team"}); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	s, err := f.SetSharing(SharingLocal, port)
	if err != nil || !s.Running {
		t.Fatalf("SetSharing local: %+v, %v", s, err)
	}
	defer f.shutdown()
	views, _ := f.List()
	if len(views) != 1 || !strings.HasPrefix(views[0].HTTPURL, s.BaseURL+"/feeds/") || !strings.HasPrefix(views[0].WebcalURL, "webcal://127.0.0.1:") {
		t.Fatalf("feeds = %+v", views)
	}
	res, err := http.Get(views[0].HTTPURL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "Ugens tip") {
		t.Fatalf("GET %s: %d", views[0].HTTPURL, res.StatusCode)
	}

	// A taken port is refused at the port field, and sharing stays as it was.
	busy, _ := net.Listen("tcp", "127.0.0.1:0")
	defer busy.Close()
	s, err = f.SetSharing(SharingLocal, busy.Addr().(*net.TCPAddr).Port)
	var be bridgeError
	if err == nil || json.Unmarshal([]byte(err.Error()), &be) != nil || be.Field != "port" || !strings.Contains(be.Message, "Another program is using") {
		t.Errorf("busy port: err = %v", err)
	}
	if !s.Running || s.Port != port {
		t.Errorf("after a refused change sharing is %+v, want still on port %d", s, port)
	}

	// Revoking answers 404 at once.
	if err := f.Revoke("Team"); err != nil {
		t.Fatal(err)
	}
	if res, err := http.Get(views[0].HTTPURL); err != nil {
		t.Fatal(err)
	} else if res.Body.Close(); res.StatusCode != 404 {
		t.Errorf("revoked feed: %d, want 404", res.StatusCode)
	}

	// The choice survives a restart of the app.
	f.shutdown()
	again := NewFeeds(db, log)
	again.startup(context.Background())
	defer again.shutdown()
	if s := again.Sharing(); s.Mode != SharingLocal || s.Port != port || !s.Running {
		t.Errorf("after a restart sharing is %+v", s)
	}
	if _, err := again.SetSharing("everyone", port); err == nil {
		t.Error("an unknown sharing mode was accepted")
	}

	// A feed of one person's drafts and ideas holds nothing else.
	choices, err := again.FilterChoices()
	if err != nil || len(choices.Assignees) != 3 || len(choices.Statuses) != len(calendar.Statuses) {
		t.Fatalf("choices = %+v, %v", choices, err)
	}
	mine, err := again.Create(FeedInput{Name: "Astrid's drafts", Statuses: []string{"draft", "idea"}, Assignees: []string{choices.Assignees[0].Value}})
	if err != nil {
		t.Fatal(err)
	}
	res, err = http.Get(mine.HTTPURL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if n := strings.Count(string(body), "BEGIN:VEVENT"); n == 0 || strings.Contains(string(body), "STATUS:CONFIRMED") ||
		!strings.Contains(string(body), "Assignee: "+choices.Assignees[0].Label) || strings.Contains(string(body), "Assignee: "+choices.Assignees[1].Label) {
		t.Errorf("the drafts feed has %d events, confirmed ones: %v", n, strings.Contains(string(body), "STATUS:CONFIRMED"))
	}
	if _, err := again.Create(FeedInput{Name: "Bad", Statuses: []string{"posted"}}); err == nil {
		t.Error("a feed filtered on an unknown status was accepted")
	}
}

// TestOnlyAnAddressThatAnswersIsShown: while sharing is off the feeds view
// shows no address (it used to show the default port's, which nothing
// answered); once the server listens, every address shown answers.
func TestOnlyAnAddressThatAnswersIsShown(t *testing.T) {
	db, err := storage.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	f := NewFeeds(db, slog.New(slog.DiscardHandler))
	f.startup(context.Background())
	defer f.shutdown()
	if _, err := f.Create(FeedInput{Name: "Team"}); err != nil {
		t.Fatal(err)
	}
	views, _ := f.List()
	if s := f.Sharing(); s.BaseURL != "" || views[0].HTTPURL != "" || views[0].WebcalURL != "" || views[0].WeekURL != "" {
		t.Fatalf("sharing off shows addresses: %+v %+v", s, views[0])
	}
	if _, err := f.SetSharing(SharingLocal, freePort(t)); err != nil {
		t.Fatal(err)
	}
	views, _ = f.List()
	for _, u := range []string{views[0].HTTPURL, views[0].WeekURL} {
		res, err := http.Get(u)
		if err != nil {
			t.Fatalf("%s does not answer: %v", u, err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("%s: %d", u, res.StatusCode)
		}
	}
	if _, err := f.SetSharing(SharingOff, 8765); err != nil {
		t.Fatal(err)
	}
	if views, _ = f.List(); views[0].HTTPURL != "" {
		t.Errorf("sharing turned off still shows %s", views[0].HTTPURL)
	}
}

// Each feed says how many events it gives and its next three, so a
// colleague knows what subscribing brings.
func TestAFeedSaysWhatItHolds(t *testing.T) {
	db, err := storage.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	f := NewFeeds(db, slog.New(slog.DiscardHandler))
	p := NewPlanner(db, slog.New(slog.DiscardHandler))
	day := time.Now().AddDate(0, 0, 2).Format(time.DateOnly)
	for _, in := range []PostInput{
		{Title: "Weekly tip", Channels: []string{"Instagram"}, Date: day, Time: "09:00", TimeZone: "Europe/Copenhagen", Status: "scheduled",
			Rule: "FREQ=WEEKLY;COUNT=10"},
		{Title: "Launch", Channels: []string{"LinkedIn"}, Date: day, Time: "11:00", TimeZone: "Europe/Copenhagen", Status: "ready"},
		{Title: "Past", Channels: []string{"Instagram"}, Date: "2020-01-01", Time: "11:00", TimeZone: "Europe/Copenhagen", Status: "published"},
	} {
		if _, err := p.SavePost(in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.Create(FeedInput{Name: "Instagram", Channels: []string{"Instagram"}}); err != nil {
		t.Fatal(err)
	}
	h, err := f.Holds("Instagram")
	if err != nil {
		t.Fatal(err)
	}
	if h.Events != 2 || len(h.Next) != 3 || h.Next[0].Title != "Weekly tip" || h.Next[1].Start <= h.Next[0].Start {
		t.Fatalf("holds: %+v", h)
	}
	if _, err := f.Holds("nope"); err == nil {
		t.Fatal("an unknown feed said what it holds")
	}
}
