package app

import (
	"strings"
	"testing"
	"time"

	"postplan/calendar"
)

// The Due now panel on a Copenhagen Thursday at 10:00: a daily Instagram
// tip with its own Instagram text, one occurrence missed on Tuesday, and a
// launch at 11:30. Marking the tip published keeps the live address, on
// that occurrence only, and undo takes it back.
func TestDueNowListsCopiesAndMarksPublished(t *testing.T) {
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	time.Local = cph
	t.Cleanup(func() { time.Local = time.UTC })
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, cph)
	_, _, p, _ := newServices(t, now)
	linkedIn := strings.Repeat("Et længere opslag til LinkedIn. ", 90) // ~2,900 characters
	tip, err := p.SavePost(PostInput{Title: "Ugens tip", Body: linkedIn, Channels: []string{"LinkedIn", "Instagram"},
		Variants: map[string]string{"Instagram": "Kort tip 💡 #tip"}, Date: "2026-11-24", Time: "09:00",
		TimeZone: "Europe/Copenhagen", Status: "scheduled", Rule: "FREQ=DAILY;COUNT=10", Media: []string{"/home/astrid/tip.png"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.SavePost(PostInput{Title: "Lancering", Body: "Nu er den her", Channels: []string{"Facebook"}, Date: "2026-11-26",
		Time: "11:30", TimeZone: "Europe/Copenhagen", Status: "ready"}); err != nil {
		t.Fatal(err)
	}
	due, err := p.Due()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range due {
		got = append(got, d.Title+" "+d.Start[8:16]+" overdue="+map[bool]string{true: "yes", false: "no"}[d.Overdue])
	}
	want := []string{"Ugens tip 24T09:00 overdue=yes", "Ugens tip 25T09:00 overdue=yes", "Ugens tip 26T09:00 overdue=yes",
		"Lancering 26T11:30 overdue=no"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("due now:\n got %q\nwant %q", got, want)
	}
	texts := due[0].Texts
	if len(texts) != 2 || texts[0].Text != linkedIn || texts[0].Limit != 3000 || texts[1].Text != "Kort tip 💡 #tip" || !texts[1].Variant {
		t.Fatalf("texts to copy: %+v", texts)
	}
	if len(due[0].Media) != 1 {
		t.Fatalf("media: %v", due[0].Media)
	}

	// A live address that is not one is refused at its field and changes
	// nothing.
	_, err = p.MarkPublished(PublishedInput{PostID: tip.ID, Original: due[1].Original, Live: "instagram post"})
	if f, _ := bridgeField(t, err); f != "live" {
		t.Fatalf("bad address refused on %q, want live", f)
	}
	live := "https://www.instagram.com/p/C9xYz/"
	v, err := p.MarkPublished(PublishedInput{PostID: tip.ID, Original: due[1].Original, Live: live})
	if err != nil {
		t.Fatal(err)
	}
	if !v.Published || v.Overdue || v.Live != live {
		t.Fatalf("after marking: %+v", v)
	}
	due, _ = p.Due()
	if len(due) != 3 || due[1].Original == v.Original {
		t.Fatalf("the published occurrence of a past day is still listed: %+v", due)
	}
	in, err := p.Post(tip.ID, v.Original)
	if err != nil || in.Live != live || in.Status != "published" {
		t.Fatalf("the occurrence in the editor: live %q status %q, %v", in.Live, in.Status, err)
	}
	series, _ := p.Post(tip.ID, "")
	if series.Status != "scheduled" || series.Live != "" {
		t.Fatalf("the series changed: %q %q", series.Status, series.Live)
	}
	if _, err := p.Undo(); err != nil {
		t.Fatal(err)
	}
	if due, _ = p.Due(); len(due) != 4 {
		t.Fatalf("after undo %d due, want 4", len(due))
	}
}

// Editing an experiment's hypothesis and a variant's text shows in its
// series, and its recorded result stays.
func TestEditAnExperiment(t *testing.T) {
	now := time.Date(2026, 10, 16, 12, 0, 0, 0, time.UTC)
	x, _, p, _ := newServices(t, now)
	v, err := x.Create(ExperimentInput{Name: "Q vs S", Hypothesis: "Questions get more comments.", Metric: "comments",
		Baseline: "10", Target: "15", Mode: "alternate", BodyA: "What do you think?", BodyB: "We think so.",
		Series: PostInput{Title: "LinkedIn Thursday", Channels: []string{"LinkedIn"}, Date: "2026-10-01", Time: "15:00",
			TimeZone: "Europe/Copenhagen", Rule: "FREQ=WEEKLY;BYDAY=TH;COUNT=6"}})
	if err != nil {
		t.Fatal(err)
	}
	first := v.Entries[0]
	if _, err := p.MarkPublished(PublishedInput{PostID: first.PostID, Original: first.Original}); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Record(v.ID, ResultInput{PostID: first.PostID, Original: first.Original, Value: "14"}); err != nil {
		t.Fatal(err)
	}
	_, err = x.Edit(v.ID, ExperimentEdit{Name: "Q vs S", Hypothesis: "Questions get twice the comments.", Metric: "comments",
		Baseline: "10", Target: "20", Texts: []string{"What do you think?", "We are sure of it."}, Count: 0})
	if err != nil {
		t.Fatal(err)
	}
	e, err := x.get(v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if e.Hypothesis != "Questions get twice the comments." || e.Target != 20 || e.Arms[1].Body != "We are sure of it." {
		t.Fatalf("after the edit: %+v", e)
	}
	second, err := p.Post(first.PostID, e.Entries[1].Original)
	if err != nil || second.Body != "We are sure of it." {
		t.Fatalf("the series' B occurrence says %q (%v)", second.Body, err)
	}
	if e.Arms[0].Results != 1 {
		t.Fatalf("the result was lost: %+v", e.Arms)
	}
	_, err = x.Edit(v.ID, ExperimentEdit{Name: "", Hypothesis: "x", Metric: "comments", Baseline: "10", Target: "20",
		Texts: []string{"a", "b"}})
	if f, _ := bridgeField(t, err); f != "name" {
		t.Fatalf("an empty name refused on %q", f)
	}
}

// Changing a rota's members in the window keeps last month's turns.
func TestEditARotaKeepsLastMonthsTurns(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	_, r, p, db := newServices(t, now)
	var ids []string
	for _, name := range []string{"Astrid", "Bo", "Cecilie"} {
		m := calendar.Member{Name: name}
		if err := db.CreateMember(p.ctx, &m); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, string(m.ID))
	}
	in := RoutineInput{Name: "Kommentarer", Kind: "rota", Date: "2026-10-05", AllDay: true, Minutes: 7 * 24 * 60,
		TimeZone: "Europe/Copenhagen", Rule: "FREQ=WEEKLY;BYDAY=MO", Members: ids}
	v, err := r.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	window := func() string {
		views, err := p.Window("2026-10-26T00:00:00Z", "2026-12-21T00:00:00Z", Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, o := range views {
			s = append(s, o.Member)
		}
		return strings.Join(s, ",")
	}
	before := window()
	in.ID, in.Members = v.ID, []string{ids[2], ids[0]}
	if _, err := r.Update(in); err != nil {
		t.Fatal(err)
	}
	after := strings.Split(window(), ",")
	past := strings.Split(before, ",")[:5] // 26 Oct to 23 Nov, and the week under way
	if strings.Join(after[:5], ",") != strings.Join(past, ",") {
		t.Fatalf("past turns changed:\n before %q\n after  %q", past, after[:5])
	}
	if after[5] != "Cecilie" || after[6] != "Astrid" {
		t.Fatalf("the turns from 30 November: %q", after[5:])
	}
	in.Kind = "meeting"
	if _, err := r.Update(in); err == nil {
		t.Fatal("a rota became a meeting")
	}
}
