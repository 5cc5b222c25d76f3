package transfer_test

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// utf16File is text as Windows writes "Unicode": UTF-16 after a byte
// order mark.
func utf16File(text string, order binary.AppendByteOrder) []byte {
	out := order.AppendUint16(nil, 0xFEFF)
	for _, u := range utf16.Encode([]rune(text)) {
		out = order.AppendUint16(out, u)
	}
	return out
}

// importedPosts imports the file at path into a new plan and lists what
// became of it, a line per post.
func importedPosts(t *testing.T, path string) []string {
	t.Helper()
	db := openDB(t)
	if err := importPath(db, path); err != nil {
		t.Fatal(err)
	}
	posts, err := db.AllPosts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range posts {
		out = append(out, p.Title+" | "+p.Body+" | "+p.Start.Format("2006-01-02 15:04")+" "+p.TimeZone)
	}
	slices.Sort(out)
	return out
}

// A file in UTF-16 with its byte order mark (Excel's "Unicode text", a
// calendar from an Exchange connector) reads as the same file in UTF-8
// does, characters outside the BMP included. Before, it was refused.
func TestUTF16FilesReadAsTheirUTF8(t *testing.T) {
	outlook, err := os.ReadFile(filepath.Join("..", "calendar", "ics", "testdata", "families", "outlook-windows-zones.ics"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, text string }{
		{"unicode-text.csv", "Dato\tKlokkeslæt\tTitel\tTekst\r\n31.3.2026\t09:30\tForår på Østerbro 🎉\tSæson, sol og smørrebrød\r\n1.4.2026\t14:00\tÅbent hus\t\r\n"},
		{"exchange.ics", string(outlook)},
	} {
		dir := t.TempDir()
		plain := filepath.Join(dir, c.name)
		if err := os.WriteFile(plain, []byte(c.text), 0o600); err != nil {
			t.Fatal(err)
		}
		want := importedPosts(t, plain)
		if len(want) < 2 {
			t.Fatalf("%s: %d posts from the UTF-8 file", c.name, len(want))
		}
		for _, order := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
			path := filepath.Join(t.TempDir(), c.name)
			if err := os.WriteFile(path, utf16File(c.text, order), 0o600); err != nil {
				t.Fatal(err)
			}
			if got := importedPosts(t, path); !slices.Equal(got, want) {
				t.Errorf("%s in UTF-16 %v:\n got  %q\n want %q", c.name, order, got, want)
			}
		}
	}
}

// Outlook and other programs fold .ics lines at 75 bytes in the middle of
// a character ("å", "🎉"), which leaves the file UTF-8 only once unfolded
// (RFC 5545 section 3.1: unfold, then read the octets as UTF-8). The texts
// come back as they were written; before, the file was refused as Latin-1.
// (python-icalendar 4.0.3 decodes before it unfolds, and turns such
// characters into U+FFFD, so it cannot judge this one.)
func TestCharactersFoldedInTwoAreWhole(t *testing.T) {
	title := strings.Repeat("Kundecase på LinkedIn: ærlige svar fra Østerbro, Århus og Malmö – forår 🎉 ", 2)
	body := strings.Repeat("Første afsnit med æøå og emoji 🎉👍 ", 12)
	var b strings.Builder
	for _, line := range []string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
		"BEGIN:VEVENT", "UID:fold-1@example.com", "DTSTAMP:20260301T101500Z", "DTSTART:20260408T073000Z",
		"SUMMARY;LANGUAGE=da:" + strings.TrimSpace(title), "DESCRIPTION:" + strings.TrimSpace(body), "END:VEVENT", "END:VCALENDAR"} {
		for len(line) > 75 { // by bytes, as such writers count
			b.WriteString(line[:75] + "\r\n ")
			line = line[75:]
		}
		b.WriteString(line + "\r\n")
	}
	if utf8.ValidString(b.String()) {
		t.Fatal("no fold cuts a character; the test needs one")
	}
	path := filepath.Join(t.TempDir(), "outlook.ics")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	want := strings.TrimSpace(title) + " | " + strings.TrimSpace(body) + " | 2026-04-08 07:30 UTC"
	if got := importedPosts(t, path); len(got) != 1 || got[0] != want {
		t.Errorf("read %q\nwant %q", got, want)
	}
}
