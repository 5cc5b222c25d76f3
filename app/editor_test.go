package app

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func bridged(t *testing.T, err error) bridgeError {
	t.Helper()
	var be bridgeError
	if err == nil || json.Unmarshal([]byte(err.Error()), &be) != nil {
		t.Fatalf("err = %v, want a bridge error", err)
	}
	return be
}

// titles lists "date time title" of a week from Monday 19 Oct 2026 (CEST)
// for six weeks.
func titles(t *testing.T, p *Planner, f Filter) []string {
	t.Helper()
	views, err := p.Window("2026-10-19T00:00:00+02:00", "2026-11-30T00:00:00+01:00", f)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range views {
		out = append(out, v.Start[:min(16, len(v.Start))]+" "+v.Title)
	}
	return out
}

func draft(title, date, clock string) PostInput {
	return PostInput{Title: title, Date: date, Time: clock, Minutes: 30, TimeZone: "Europe/Copenhagen",
		Status: "draft", Channels: []string{"Instagram"}, Tags: []string{}}
}

func TestEditorSavesAndReportsFieldErrors(t *testing.T) {
	p := newPlanner(t)
	bad := draft("", "2026-10-20", "25:00")
	if be := bridged(t, func() error { _, err := p.SavePost(bad); return err }()); be.Field != "time" || be.Format != "%q is not a time." || !cmp.Equal(be.Args, []string{"25:00"}) {
		t.Errorf("bad time: %+v", be)
	}
	bad.Time = "10:00"
	if be := bridged(t, func() error { _, err := p.SavePost(bad); return err }()); be.Field != "title" || be.Message != "Title is required." || !cmp.Equal(be.Args, []string{"Title"}) {
		t.Errorf("no title: %+v", be)
	}
	if got := titles(t, p, Filter{}); len(got) != 0 {
		t.Fatalf("refused saves changed the plan: %v", got)
	}
	bad.Title = "Teaser"
	saved, err := p.SavePost(bad)
	if err != nil {
		t.Fatal(err)
	}
	saved.Title = "Teaser, final"
	if _, err := p.SavePost(saved); err != nil {
		t.Fatal(err)
	}
	// The editor still holds the first version: saving it again would lose
	// the second, so it is refused.
	if be := bridged(t, func() error { _, err := p.SavePost(saved); return err }()); be.Code != "conflict" {
		t.Errorf("stale save: %+v", be)
	}
	if diff := cmp.Diff([]string{"2026-10-20T10:00 Teaser, final"}, titles(t, p, Filter{})); diff != "" {
		t.Error(diff)
	}
}

func TestDragKeepsTheTimeOfDayAndUndoRedoesIt(t *testing.T) {
	p := newPlanner(t)
	saved, err := p.SavePost(draft("Teaser", "2026-10-20", "10:00"))
	if err != nil {
		t.Fatal(err)
	}
	// Dropped on 27 Oct in the month view: the window sends the instant
	// 10:00 CET, after the clocks went back.
	if err := p.MovePost(MoveInput{PostID: saved.ID, Start: "2026-10-27T09:00:00Z", End: "2026-10-27T09:30:00Z"}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"2026-10-27T10:00 Teaser"}, titles(t, p, Filter{})); diff != "" {
		t.Error(diff)
	}
	if err := p.DeletePost(saved.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	for i, want := range [][]string{{"2026-10-27T10:00 Teaser"}, {"2026-10-20T10:00 Teaser"}, nil} {
		st, err := p.Undo()
		if err != nil {
			t.Fatal(err)
		}
		if label := []string{"delete", "move", "create"}[i]; st.Done != label {
			t.Errorf("undo %d took back %q, want %q", i, st.Done, label)
		}
		if diff := cmp.Diff(want, titles(t, p, Filter{})); diff != "" {
			t.Errorf("after undo: %s", diff)
		}
	}
	if st, err := p.Undo(); err != nil || st != (HistoryState{}) {
		t.Errorf("undo with nothing left = %+v, %v", st, err)
	}
	for _, want := range [][]string{{"2026-10-20T10:00 Teaser"}, {"2026-10-27T10:00 Teaser"}, nil} {
		if _, err := p.Redo(); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, titles(t, p, Filter{})); diff != "" {
			t.Errorf("after redo: %s", diff)
		}
	}
}

func TestMovingOneOccurrenceOfASeries(t *testing.T) {
	p := newPlanner(t)
	in := draft("Tip", "2026-10-20", "09:00")
	in.Rule = "FREQ=WEEKLY;BYDAY=TU;COUNT=4"
	saved, err := p.SavePost(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.MovePost(MoveInput{PostID: saved.ID, Original: "2026-10-27T09:00:00", Start: "2026-10-29T13:00:00Z", Scope: "this"}); err != nil {
		t.Fatal(err)
	}
	want := []string{"2026-10-20T09:00 Tip", "2026-10-29T14:00 Tip", "2026-11-03T09:00 Tip", "2026-11-10T09:00 Tip"}
	if diff := cmp.Diff(want, titles(t, p, Filter{})); diff != "" {
		t.Error(diff)
	}
	// Opening the moved occurrence shows its own time; renaming this and
	// the following ones splits the series.
	occ, err := p.Post(saved.ID, "2026-11-03T09:00:00")
	if err != nil {
		t.Fatal(err)
	}
	occ.Title, occ.Scope = "Tip (new format)", "following"
	if _, err := p.SavePost(occ); err != nil {
		t.Fatal(err)
	}
	want = []string{"2026-10-20T09:00 Tip", "2026-10-29T14:00 Tip", "2026-11-03T09:00 Tip (new format)", "2026-11-10T09:00 Tip (new format)"}
	if diff := cmp.Diff(want, titles(t, p, Filter{})); diff != "" {
		t.Error(diff)
	}
	// One undo takes back the split as a whole.
	if _, err := p.Undo(); err != nil {
		t.Fatal(err)
	}
	want = []string{"2026-10-20T09:00 Tip", "2026-10-29T14:00 Tip", "2026-11-03T09:00 Tip", "2026-11-10T09:00 Tip"}
	if diff := cmp.Diff(want, titles(t, p, Filter{})); diff != "" {
		t.Error(diff)
	}
	if err := p.DeletePost(saved.ID, "2026-11-10T09:00:00", "this"); err != nil {
		t.Fatal(err)
	}
	if got := titles(t, p, Filter{}); len(got) != 3 {
		t.Errorf("after deleting one occurrence: %v", got)
	}
	if be := bridged(t, p.MovePost(MoveInput{PostID: saved.ID})); be.Code != "invalid" {
		t.Errorf("a series sent to the ideas: %+v", be)
	}
}

func TestIdeasAndFilters(t *testing.T) {
	p := newPlanner(t)
	idea := draft("Behind the scenes", "", "")
	idea.Status, idea.TimeZone = "idea", ""
	saved, err := p.SavePost(idea)
	if err != nil {
		t.Fatal(err)
	}
	ideas, err := p.Backlog(Filter{}, 0)
	if err != nil || ideas.Total != 1 || len(ideas.Items) != 1 || ideas.Items[0].Title != "Behind the scenes" {
		t.Fatalf("backlog = %+v, %v", ideas, err)
	}
	if err := p.MovePost(MoveInput{PostID: saved.ID, Start: "2026-10-21", AllDay: true, TimeZone: "Europe/Stockholm"}); err != nil {
		t.Fatal(err)
	}
	if ideas, _ := p.Backlog(Filter{}, 0); ideas.Total != 0 || len(ideas.Items) != 0 {
		t.Errorf("scheduled idea still in the backlog: %v", ideas)
	}
	if _, err := p.SavePost(draft("Kundecase: Nordlys", "2026-10-22", "12:00")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"no filter", Filter{}, []string{"2026-10-21 Behind the scenes", "2026-10-22T12:00 Kundecase: Nordlys"}},
		{"text in the title, any case", Filter{Text: "NORDLYS"}, []string{"2026-10-22T12:00 Kundecase: Nordlys"}},
		{"status", Filter{Statuses: []string{"idea"}}, []string{"2026-10-21 Behind the scenes"}},
		{"channel not used", Filter{Channels: []string{"X"}}, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, titles(t, p, tt.f)); diff != "" {
			t.Errorf("%s: %s", tt.name, diff)
		}
	}
	if err := p.MovePost(MoveInput{PostID: saved.ID}); err != nil {
		t.Fatal(err)
	}
	if ideas, _ := p.Backlog(Filter{Text: "scenes"}, 0); ideas.Total != 1 || ideas.Items[0].ID != saved.ID {
		t.Errorf("idea sent back: backlog = %+v", ideas)
	}
}

func TestPreviewRule(t *testing.T) {
	p := newPlanner(t)
	in := draft("Tip", "2026-10-20", "09:00")
	in.Rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10"
	got, err := p.PreviewRule(in)
	if err != nil || len(got) != 5 || got[2] != "2026-11-03T09:00:00+01:00" {
		t.Errorf("preview = %v, %v", got, err)
	}
	in.Rule = "FREQ=HOURLY"
	if be := bridged(t, func() error { _, err := p.PreviewRule(in); return err }()); be.Field != "recurrence.rule" {
		t.Errorf("sub-daily rule: %+v", be)
	}
}

func TestUndoReachesFiftyStepsBack(t *testing.T) {
	p := newPlanner(t)
	saved, err := p.SavePost(draft("v0", "2026-10-20", "10:00"))
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 60; i++ {
		saved.Title = "v" + string(rune('0'+i/10)) + string(rune('0'+i%10))
		if saved, err = p.SavePost(saved); err != nil {
			t.Fatal(err)
		}
	}
	for range 55 {
		if _, err := p.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff([]string{"2026-10-20T10:00 v05"}, titles(t, p, Filter{})); diff != "" {
		t.Error(diff)
	}
	if st := p.History(); st.Undo != "edit" || st.Redo != "edit" {
		t.Errorf("history = %+v", st)
	}
}

// A plan with more ideas than the list shows sends the first page and the
// count; asking for more sends more, in the same order.
func TestTheIdeasListIsSentAPageAtATime(t *testing.T) {
	p := newPlanner(t)
	for i := range IdeasPage + 30 {
		idea := draft(fmt.Sprintf("Idé %03d", i), "", "")
		idea.Status, idea.TimeZone = "idea", ""
		idea.Channels = []string{"Instagram"}
		if _, err := p.SavePost(idea); err != nil {
			t.Fatal(err)
		}
	}
	first, err := p.Backlog(Filter{}, 0)
	if err != nil || first.Total != IdeasPage+30 || len(first.Items) != IdeasPage {
		t.Fatalf("first page: %d of %d, %v", len(first.Items), first.Total, err)
	}
	all, err := p.Backlog(Filter{}, 2*IdeasPage)
	if err != nil || len(all.Items) != IdeasPage+30 {
		t.Fatalf("asked for more: %d of %d, %v", len(all.Items), all.Total, err)
	}
	if diff := cmp.Diff(first.Items, all.Items[:IdeasPage]); diff != "" {
		t.Errorf("the first page is not the start of the longer one:\n%s", diff)
	}
	if all.Items[0].Title != "Idé 000" || all.Items[IdeasPage+29].Title != "Idé 129" || len(all.Items[5].Channels) != 1 {
		t.Errorf("ideas in the wrong order or without their channels: %+v ... %+v", all.Items[0], all.Items[IdeasPage+29])
	}
	filtered, _ := p.Backlog(Filter{Text: "Idé 12"}, 0)
	if filtered.Total != 10 || len(filtered.Items) != 10 {
		t.Errorf("a filter counts what passes it: %d of %d", len(filtered.Items), filtered.Total)
	}
}
