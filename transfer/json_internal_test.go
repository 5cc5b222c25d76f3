package transfer

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"postplan/calendar"
)

// encodePlan writes the plan with one post per line: the same JSON value
// as encoding/json's whole-plan encoding (text JSON escapes, HTML left
// alone), each post on a line of its own, and an empty plan as before.
func TestAnExportHasOnePostALine(t *testing.T) {
	plan := calendar.SamplePlan(time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC))
	p := Plan{Format: FormatName, Version: FormatVersion, Campaigns: plan.Campaigns, Members: plan.Members, Channels: plan.Channels,
		Posts: plan.Posts, Feeds: []Feed{{Name: "Team <all>", TitlesOnly: true}}, Experiments: plan.Experiments, Routines: plan.Routines}
	p.Posts[0].Body = "Line one\nLine \"two\" <b>&</b> \u2028 tab\t😀"
	p.Posts[1].Variants = map[string]string{"X": "kort", "Instagram": "lang 📸"}
	for _, q := range []Plan{p, {Format: FormatName, Version: FormatVersion}, {Format: FormatName, Version: 1, Posts: []*calendar.Post{}}} {
		var whole bytes.Buffer
		enc := json.NewEncoder(&whole)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(q); err != nil {
			t.Fatal(err)
		}
		got, err := encodePlan(&q)
		if err != nil {
			t.Fatal(err)
		}
		var a, b bytes.Buffer
		if err := json.Compact(&a, whole.Bytes()); err != nil {
			t.Fatal(err)
		}
		if err := json.Compact(&b, got); err != nil {
			t.Fatalf("%d posts: not JSON: %v", len(q.Posts), err)
		}
		if a.String() != b.String() {
			t.Errorf("%d posts: another value than encoding/json's", len(q.Posts))
		}
		lines := strings.Count(string(got), "\n    {\"id\":")
		if lines != len(q.Posts) {
			t.Errorf("%d posts on lines of their own, want %d", lines, len(q.Posts))
		}
		if len(q.Posts) == 0 && !bytes.Equal(got, whole.Bytes()) {
			t.Errorf("no posts: %s, want %s", got, whole.Bytes())
		}
		if !strings.Contains(string(got), "<b>&</b>") && len(q.Posts) > 0 {
			t.Error("HTML in a post was escaped")
		}
	}
}
