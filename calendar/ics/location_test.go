package ics_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"postplan/calendar/ics"
)

// Where an event happens (Apple Calendar's LOCATION for a photo shoot,
// lines and commas escaped) is kept in the post's notes, as what else a
// post cannot hold is; before, it was dropped without a word.
func TestALocationIsKeptInTheNotes(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "families", "apple-location.ics"))
	if err != nil {
		t.Fatal(err)
	}
	imp, err := ics.Read(bytes.NewReader(b), ics.ReadOptions{Now: stamp})
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Plan.Posts) != 1 {
		t.Fatalf("%d posts", len(imp.Plan.Posts))
	}
	p := imp.Plan.Posts[0]
	if want := "Location: Kontoret\nVesterbrogade 1, 1620 København V, Danmark"; p.Notes != want || p.Body != "Husk produkterne." {
		t.Errorf("notes %q, text %q; want notes %q", p.Notes, p.Body, want)
	}
}
