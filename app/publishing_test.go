package app

import (
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/credentials"
	"postplan/publish/davtest"
	"postplan/storage"
)

// TestPublishingAsTheFeedsViewDrivesIt: a target is saved with its password
// kept in a file, which the view never gets back; a feed is ticked and gets
// its server address; a refused password comes back as a problem the
// window can translate.
func TestPublishingAsTheFeedsViewDrivesIt(t *testing.T) {
	srv := davtest.Rclone(t)
	db, err := storage.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.LoadPlan(ctx, calendar.SamplePlan(time.Now())); err != nil {
		t.Fatal(err)
	}
	f := calendar.Feed{Name: "Launch", Filter: calendar.FeedFilter{Campaigns: []string{"launch"}}}
	if err := db.CreateFeed(ctx, &f); err != nil {
		t.Fatal(err)
	}
	p := NewPublishing(db, credentials.New(t.TempDir()), slog.New(slog.NewTextHandler(io.Discard, nil)))
	t.Cleanup(p.shutdown) // before the plan closes

	_, err = p.SetTarget(TargetInput{URL: "http://cloud.example.com/", User: srv.User, Password: srv.Pass, Keep: credentials.File})
	if be := bridged(t, err); be.Field != "url" || !strings.Contains(be.Message, "https://") {
		t.Errorf("plain http: %+v", be)
	}
	if _, err := p.SetTarget(TargetInput{URL: srv.URL(""), User: srv.User, Password: srv.Pass, Keep: credentials.File, Language: "da"}); err != nil {
		t.Fatal(err)
	}
	target, err := p.Target()
	if err != nil || !target.Configured || !target.HasPassword || target.Keep != credentials.File {
		t.Fatalf("Target = %+v, %v", target, err)
	}
	if b, _ := json.Marshal(target); strings.Contains(string(b), srv.Pass) {
		t.Fatal("the view got the password back")
	}
	view, err := p.SetFeedPublished("Launch", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(view.Feeds) != 1 || !strings.HasPrefix(view.Feeds[0].HTTPURL, srv.URL("")+"launch-") || !strings.HasPrefix(view.Feeds[0].WebcalURL, "http://") {
		t.Errorf("published feeds: %+v", view.Feeds)
	}
	view, err = p.PublishNow()
	if err != nil || view.Problem != nil || view.Pending || view.LastSuccess == "" {
		t.Fatalf("PublishNow = %+v, %v", view, err)
	}
	if files := srv.Files(t, ""); len(files) != 5 {
		t.Errorf("the server holds %d files", len(files))
	}

	if _, err := p.SetPassword("wrong"); err != nil {
		t.Fatal(err)
	}
	view, err = p.PublishNow()
	be := bridged(t, err)
	if view.Problem == nil || view.Problem.Kind != "password" || view.Problem.Format != "The server %s refused the user name or password." ||
		be.Format != view.Problem.Format || !view.Pending {
		t.Errorf("a refused password: view %+v, error %+v", view, be)
	}
}
