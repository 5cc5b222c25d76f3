package transfer_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"postplan/calendar"
	"postplan/transfer"
)

// iconvFile has iconv write text in encoding (its name for it) at path:
// the bytes come from a program that is not ours.
func iconvFile(t *testing.T, text, encoding, path string) {
	t.Helper()
	cmd := exec.Command("iconv", "-f", "UTF-8", "-t", encoding)
	cmd.Stdin = strings.NewReader(text)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("iconv to %s: %v", encoding, err)
	}
	if bytes.Equal(out, []byte(text)) {
		t.Fatalf("iconv to %s left the text as UTF-8; the test needs letters outside ASCII", encoding)
	}
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
}

// readPreview reads the file at path as File > Import does.
func readPreview(t *testing.T, db transfer.Store, path string) (*transfer.Preview, error) {
	t.Helper()
	body, err := transfer.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return transfer.Read(ctx, db, transfer.CSV, body, transfer.Options{Zone: "Europe/Copenhagen"})
}

// Excel's plain "CSV" is Windows-1252 on Windows and Mac Roman on a Mac:
// what a Danish or Swedish marketer gets from "Save as CSV". Such files
// were refused; they are read in the encoding their letters show, the
// preview says which, and the texts (real length, with æ, ø, å, ä, ö,
// curly quotes, dashes, bullets) come back as they were written.
func TestExcelPlainCSVReadsInItsEncoding(t *testing.T) {
	var texts []string
	for _, name := range []string{"opslag-da.txt", "inlagg-sv.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", "excel", name))
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, strings.TrimRight(string(b), "\n"))
	}
	rows := []struct{ date, title, text string }{
		{"4.4.2026", "Åbent hus på Østerbro", texts[0]},
		{"16.5.2026", "Öppning på Långgatan", texts[1]},
		{"20.4.2026", "Påskeferie: åpningstider", "Vi holder åpent hver dag – også 2. påskedag."},
		{"21.4.2026", "Frühjahrs-Aktion", "20 % auf alle Größen, nur diese Woche."},
		{"22.4.2026", "Soirée dégustation", "Café crème et crêpes à l’entrée : 5 €."},
	}
	var b strings.Builder
	b.WriteString("Dato;Klokkeslæt;Titel;Tekst;Kanaler\r\n")
	for _, r := range rows {
		b.WriteString(r.date + ";09:30;" + r.title + ";\"" + strings.ReplaceAll(r.text, "\"", "\"\"") + "\";LinkedIn\r\n")
	}
	for _, c := range []struct{ iconv, want string }{{"CP1252", "windows-1252"}, {"MACINTOSH", "macintosh"}} {
		t.Run(c.want, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "plan.csv")
			iconvFile(t, b.String(), c.iconv, path)
			db := openDB(t)
			p, err := readPreview(t, db, path)
			if err != nil {
				t.Fatal(err)
			}
			if p.Encoding != c.want || p.New != len(rows) || p.Invalid != 0 {
				t.Fatalf("preview: encoding %q, %d new, %d with problems; want %q, %d, 0", p.Encoding, p.New, p.Invalid, c.want, len(rows))
			}
			if p.EncodingSample != rows[0].title {
				t.Errorf("the preview shows %q to check the letters by; want the first title, %q", p.EncodingSample, rows[0].title)
			}
			if !strings.Contains(p.String(), "read as "+c.want+" text") {
				t.Errorf("the command line's preview does not say the encoding: %s", p)
			}
			if err := commit(db, p, false); err != nil {
				t.Fatal(err)
			}
			posts, err := db.AllPosts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, post := range posts {
				got[post.Title] = post.Body
			}
			for _, r := range rows {
				if body, ok := got[r.title]; !ok {
					t.Errorf("no post %q; the plan has %q", r.title, keys(got))
				} else if body != strings.ReplaceAll(r.text, "\r\n", "\n") {
					t.Errorf("%q's text differs:\n got  %.120q\n want %.120q", r.title, body, r.text)
				}
			}
		})
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A file of one short row is read right too: one word's letters decide.
// Where both encodings read as text ("We’re" is "Weíre" on a Mac), the
// file is refused with the fix named, and the plan is unchanged.
func TestShortEightBitFilesAreReadOrRefused(t *testing.T) {
	for _, title := range []string{"Køb nu", "Kaffe på kontoret", "Åbent hus", "Malmö", "Västerås", "Größe",
		"KØBENHAVN", "ÖVERSIKT", "Æbler", "Crème brûlée", "Tak – vi ses", "“Forår”", "Pris 5 €"} {
		for _, c := range []struct{ iconv, want string }{{"CP1252", "windows-1252"}, {"MACINTOSH", "macintosh"}} {
			path := filepath.Join(t.TempDir(), "one.csv")
			iconvFile(t, "Dato;Titel\n31.3.2026;"+title+"\n", c.iconv, path)
			db := openDB(t)
			p, err := readPreview(t, db, path)
			if err != nil {
				t.Errorf("%q in %s: %v", title, c.iconv, err)
				continue
			}
			if p.Encoding != c.want {
				t.Errorf("%q in %s read as %q", title, c.iconv, p.Encoding)
			}
			if err := commit(db, p, false); err != nil {
				t.Fatal(err)
			}
			if posts, err := db.AllPosts(ctx); err != nil || len(posts) != 1 || posts[0].Title != title {
				t.Errorf("%q in %s: imported %v (%v)", title, c.iconv, posts, err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "apostrophe.csv")
	iconvFile(t, "Title\nWe’re live\n", "CP1252", path)
	db := openDB(t)
	err := importPath(db, path)
	if want := "apostrophe.csv is not UTF-8, and its letters do not show whether it is Windows-1252 or Mac Roman text"; err == nil || !strings.HasPrefix(calendar.ErrorMessage(err), want) {
		t.Errorf("got %v, want %q…", err, want)
	}
	if posts, err := db.AllPosts(ctx); err != nil || len(posts) != 0 {
		t.Errorf("the plan has %d posts (%v)", len(posts), err)
	}
}
