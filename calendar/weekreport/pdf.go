package weekreport

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"postplan/calendar"
)

// A4 landscape, in millimetres.
const (
	pageW, pageH = 297.0, 210.0
	margin       = 10.0
	sideW        = 72.0 // the column beside the grid
	gap          = 5.0
	nameW        = 30.0 // the channel column of the grid
	lineH        = 3.2  // one line of a cell, at 6.5 pt
)

// PDF writes the week on one A4 landscape page: the channel-by-day grid
// with each channel's bar against its target, and beside it the statuses,
// what is not ready, campaigns, experiments and duties. What does not fit
// on the page is cut with "+N" rather than spilling onto a second page.
func PDF(out io.Writer, s *calendar.WeekSummary, lang string, now time.Time) error {
	p := layout(s, lang, now)
	f := fpdf.New("L", "mm", "A4", "")
	f.SetCreationDate(now)
	f.SetModificationDate(now)
	f.SetCatalogSort(true)
	f.SetTitle(p.Title, true)
	f.SetLang(p.Lang)
	f.AddUTF8FontFromBytes("go", "", goregular.TTF)
	f.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(margin, margin, margin)
	f.AddPage()
	d := drawer{f: f}

	f.SetFont("go", "B", 15)
	d.text(margin, margin+5, p.Title)
	f.SetFont("go", "", 10)
	d.text(margin, margin+11, p.Headline)
	top := margin + 16.0
	gridW := pageW - 2*margin - sideW - gap
	d.grid(p, margin, top, gridW, pageH-margin-top-6)
	d.side(p, pageW-margin-sideW, top, sideW, pageH-margin-top)
	f.SetFont("go", "", 7)
	f.SetTextColor(120, 113, 108)
	d.text(margin, pageH-margin, p.Updated+" · Postplan")
	if err := f.Error(); err != nil {
		return err
	}
	return f.Output(out)
}

type drawer struct{ f *fpdf.Fpdf }

// text draws one line, with the characters the font has no glyph for left
// out, so an emoji in a title is not a box or a gap in the extracted text.
func (d drawer) text(x, y float64, s string) { d.f.Text(x, y, printable(s)) }

// fit cuts s to width w, ending in "…" when cut.
func (d drawer) fit(s string, w float64) string {
	s = printable(s)
	if d.f.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && d.f.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

func (d drawer) grid(p page, x, y, w, h float64) {
	f := d.f
	dayW := (w - nameW) / 7
	f.SetDrawColor(214, 211, 209)
	f.SetLineWidth(0.2)
	headH := 6.0
	f.SetFont("go", "B", 8)
	f.SetTextColor(28, 25, 23)
	d.text(x+1, y+4, p.Labels.Channels)
	for i, day := range p.Days {
		cx := x + nameW + float64(i)*dayW
		if day.Empty {
			f.SetTextColor(185, 28, 28)
		}
		d.text(cx+1, y+4, d.fit(day.Label, dayW-2))
		f.SetTextColor(28, 25, 23)
	}
	f.Line(x, y+headH, x+w, y+headH)
	if len(p.Rows) == 0 {
		return
	}
	rowH := min(h-headH, 40.0*float64(len(p.Rows))) / float64(len(p.Rows))
	maxLines := max(1, int((rowH-1)/lineH))
	for r, row := range p.Rows {
		ry := y + headH + float64(r)*rowH
		f.SetFont("go", "B", 8)
		f.SetTextColor(28, 25, 23)
		d.text(x+1, ry+4, d.fit(row.Name, nameW-12))
		f.SetFont("go", "", 8)
		d.text(x+nameW-11, ry+4, row.Figure)
		if row.Level != string(calendar.LevelNoTarget) {
			d.bar(row, x+1, ry+6, nameW-4)
		}
		if row.Says != "" {
			f.SetFont("go", "", 6.5)
			f.SetTextColor(87, 83, 78)
			d.text(x+1, ry+11, d.fit(row.Says, nameW-2))
		}
		for day, cell := range row.Cells {
			d.cell(cell, x+nameW+float64(day)*dayW, ry, dayW, maxLines)
		}
		f.Line(x, ry+rowH, x+w, ry+rowH)
	}
	for i := 0; i <= 7; i++ {
		cx := x + nameW + float64(i)*dayW
		f.Line(cx, y, cx, y+headH+float64(len(p.Rows))*rowH)
	}
}

// bar draws planned against target: green when met, amber below, red at
// zero.
func (d drawer) bar(row row, x, y, w float64) {
	f := d.f
	f.SetFillColor(231, 229, 228)
	if row.Level == string(calendar.LevelZero) {
		f.SetFillColor(220, 38, 38)
	}
	f.Rect(x, y, w, 1.6, "F")
	switch row.Level {
	case string(calendar.LevelMet):
		f.SetFillColor(21, 128, 61)
	case string(calendar.LevelBelow):
		f.SetFillColor(217, 119, 6)
	}
	if row.Fill > 0 {
		f.Rect(x, y, w*float64(row.Fill)/100, 1.6, "F")
	}
}

func (d drawer) cell(posts []cell, x, y, w float64, maxLines int) {
	f := d.f
	f.SetFont("go", "", 6.5)
	for i, c := range posts {
		if i == maxLines-1 && len(posts) > maxLines {
			f.SetTextColor(87, 83, 78)
			d.text(x+2, y+3.6+float64(i)*lineH, "+"+strconv.Itoa(len(posts)-i))
			return
		}
		ly := y + 1 + float64(i)*lineH
		if c.Colour != "" {
			r, g, b := hexColour(c.Colour)
			f.SetFillColor(r, g, b)
			f.Rect(x+0.6, ly, 0.9, lineH-0.4, "F")
		}
		r, g, b := statusColour(c.Status)
		f.SetFillColor(r, g, b)
		f.Rect(x+w-2.4, ly+0.6, 1.8, 1.8, "F")
		f.SetTextColor(28, 25, 23)
		if c.NotReady {
			f.SetTextColor(180, 83, 9)
		}
		d.text(x+2, ly+2.6, d.fit(c.Time+" "+c.Title, w-5))
	}
}

// side writes the column beside the grid, section by section, cutting the
// last lines that do not fit.
func (d drawer) side(p page, x, y, w, h float64) {
	f := d.f
	bottom := y + h - 6
	cur := y + 3
	section := func(title string, lines []string, warn bool) {
		if len(lines) == 0 || cur > bottom-6 {
			return
		}
		f.SetFont("go", "B", 8.5)
		f.SetTextColor(28, 25, 23)
		if warn {
			f.SetTextColor(180, 83, 9)
		}
		d.text(x, cur+1, title)
		cur += 4.5
		f.SetFont("go", "", 7)
		f.SetTextColor(28, 25, 23)
		for i, l := range lines {
			wrapped := f.SplitText(printable(l), w-2)
			if cur+float64(len(wrapped))*3.2 > bottom {
				d.text(x, cur+1, fmt.Sprintf("+%d", len(lines)-i))
				cur += 3.2
				break
			}
			for _, wl := range wrapped {
				d.text(x+1, cur+1, wl)
				cur += 3.2
			}
		}
		cur += 2.5
	}
	var counts []string
	for _, st := range p.Statuses {
		l := fmt.Sprintf("%s: %d (%s)", st.Label, st.Count, st.Change)
		if st.NotReady > 0 {
			l += fmt.Sprintf(", %d %s", st.NotReady, p.Labels.Late)
		}
		counts = append(counts, l)
	}
	section(p.Labels.Status, counts, false)
	section(p.Labels.NotReady, p.NotReady, true)
	var camps []string
	for _, c := range p.Campaigns {
		camps = append(camps, fmt.Sprintf("%s%s: %d (%s)", c.Name, c.Dates, c.Posts, c.Change))
	}
	section(p.Labels.Campaigns, camps, false)
	section(p.Labels.Experiments, p.Exps, false)
	section(p.Labels.OnDuty, p.Duties, false)
	section(p.Labels.Meetings, p.Meetings, false)
	if len(p.EmptyDays) > 0 {
		section(p.Labels.Nothing, []string{strings.Join(p.EmptyDays, ", ")}, true)
	}
}

func statusColour(s string) (int, int, int) {
	switch calendar.Status(s) {
	case calendar.StatusReady:
		return 253, 230, 138
	case calendar.StatusScheduled:
		return 96, 165, 250
	case calendar.StatusPublished:
		return 74, 222, 128
	case calendar.StatusIdea, calendar.StatusDraft:
		return 251, 146, 60
	}
	return 168, 162, 158
}

func hexColour(s string) (int, int, int) {
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	if err != nil {
		return 168, 162, 158
	}
	if len(s) == 4 { // #abc
		r, g, b := v>>8&0xf, v>>4&0xf, v&0xf
		return int(r * 17), int(g * 17), int(b * 17)
	}
	return int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)
}

var (
	glyphsOnce sync.Once
	goFont     *sfnt.Font
)

// printable leaves out what the Go font cannot draw (emoji, mostly).
func printable(s string) string {
	glyphsOnce.Do(func() { goFont, _ = sfnt.Parse(goregular.TTF) })
	if goFont == nil {
		return s
	}
	var buf sfnt.Buffer
	var b strings.Builder
	for _, r := range s {
		if r == ' ' || r == '…' {
			b.WriteRune(r)
			continue
		}
		if i, err := goFont.GlyphIndex(&buf, r); err == nil && i != 0 {
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
