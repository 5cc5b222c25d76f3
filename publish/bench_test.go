package publish_test

import (
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"postplan/calendar"
	"postplan/credentials"
	"postplan/publish"
	"postplan/publish/davtest"
	"postplan/storage/benchplan"
)

// BenchmarkPublishAfterAChange is the budget: a feed of a 2,000-post
// plan published to a WebDAV server on this computer (rclone) after one of
// its posts changed, from the change to the server having it. The plan is
// always the generated 2,000 posts, whatever `make bench` generated.
func BenchmarkPublishAfterAChange(b *testing.B) {
	b.Setenv(benchplan.DataEnv, "")
	dir := b.TempDir()
	db, err := benchplan.Open(ctx, dir, 2_000, 1)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	feed := calendar.Feed{Name: "All"}
	if err := db.CreateFeed(ctx, &feed); err != nil {
		b.Fatal(err)
	}
	srv := davtest.Rclone(b)
	pub := publish.New(db, credentials.New(b.TempDir()), dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := pub.SetTarget(ctx, publish.Target{URL: srv.URL(""), User: srv.User, Keep: credentials.Session, Feeds: []string{feed.Name}}, srv.Pass); err != nil {
		b.Fatal(err)
	}
	if _, err := pub.Publish(ctx, true); err != nil {
		b.Fatal(err)
	}
	// The posts nearest today: a change to one of them changes a week page
	// as well as the calendar, as the marketer's edits of this week do.
	posts, err := db.AllPosts(ctx)
	if err != nil {
		b.Fatal(err)
	}
	posts = slices.DeleteFunc(posts, func(p *calendar.Post) bool { return !p.Dated() || p.Recurrence != nil })
	now := time.Now()
	slices.SortFunc(posts, func(x, y *calendar.Post) int { return int(absDiff(x.Start, now) - absDiff(y.Start, now)) })
	var timer benchplan.Timer
	uploaded, i := 0, 0
	for b.Loop() {
		p := posts[i%20]
		i++
		p.Title = "Changed " + time.Now().Format(time.RFC3339Nano)
		b.StopTimer()
		if err := db.UpdatePost(ctx, p); err != nil {
			b.Fatal(err)
		}
		p, _ = db.FindPost(ctx, p.ID)
		posts[(i-1)%20] = p
		b.StartTimer()
		timer.Start()
		rep, err := pub.Publish(ctx, false)
		timer.Stop()
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Uploaded) == 0 {
			b.Fatal("the change was not uploaded")
		}
		uploaded += len(rep.Uploaded)
	}
	timer.Report(b)
	b.ReportMetric(float64(uploaded)/float64(i), "files/op")
}

func absDiff(a, b time.Time) time.Duration {
	if d := a.Sub(b); d > 0 {
		return d
	}
	return b.Sub(a)
}
