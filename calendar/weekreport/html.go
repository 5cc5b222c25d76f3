package weekreport

import (
	"html/template"
	"io"
	"time"

	"postplan/calendar"
)

// HTML writes the week as a page that needs no script: a browser or a phone
// shows it as it comes. updated is the time the page says it shows the plan
// of. link gives the address of another week's page, or "" for a week
// that has none (a published page links only to the weeks published).
func HTML(out io.Writer, s *calendar.WeekSummary, lang string, updated time.Time, link func(calendar.Week) string) error {
	return pageTemplate.Execute(out, struct {
		page
		Prev, Next string
	}{layout(s, lang, updated), link(s.Week.Add(-1)), link(s.Week.Add(1))})
}

var pageTemplate = template.Must(template.New("week").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Title}}</title>
<style>
:root { color-scheme: light dark; --fg: #1c1917; --muted: #57534e; --line: #e7e5e4; --bg: #fafaf9; }
@media (prefers-color-scheme: dark) { :root { --fg: #f5f5f4; --muted: #a8a29e; --line: #44403c; --bg: #1c1917; } }
body { font: 14px/1.4 system-ui, sans-serif; margin: 16px; color: var(--fg); background: var(--bg); }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 16px 0 6px; }
nav { display: flex; gap: 16px; margin: 8px 0 12px; }
a { color: #0f766e; }
.headline { font-size: 16px; margin: 0; }
.layout { display: flex; gap: 24px; flex-wrap: wrap; align-items: flex-start; }
.grid-wrap { overflow-x: auto; flex: 3 1 640px; }
aside { flex: 1 1 260px; }
table.grid { border-collapse: collapse; width: 100%; table-layout: fixed; }
.grid th, .grid td { border: 1px solid var(--line); padding: 4px; vertical-align: top; text-align: left; }
.grid thead th { font-weight: 600; }
.grid th.empty { color: #b91c1c; }
.grid th[scope=row] { width: 130px; }
.bar { height: 6px; background: var(--line); border-radius: 3px; margin-top: 4px; }
.bar span { display: block; height: 100%; border-radius: 3px; background: #15803d; }
.level-below .bar span { background: #d97706; }
.level-zero .bar { background: #dc2626; }
.figure { font-variant-numeric: tabular-nums; }
.says { display: block; font-size: 12px; color: var(--muted); }
.level-below .says { color: #b45309; }
.level-zero .says { color: #b91c1c; }
.post { border-left: 4px solid var(--line); padding: 1px 4px; margin: 2px 0; font-size: 12px; }
.post.not-ready { outline: 2px solid #d97706; }
.post b { font-weight: 600; }
.st { display: inline-block; padding: 0 4px; border-radius: 6px; font-size: 11px; background: #e7e5e4; color: #1c1917; }
.st-ready { background: #fde68a; } .st-scheduled { background: #bfdbfe; } .st-published { background: #bbf7d0; }
.st-idea, .st-draft { background: #fed7aa; }
table.counts { border-collapse: collapse; }
.counts td, .counts th { padding: 2px 8px 2px 0; text-align: left; }
.counts .n { text-align: right; font-variant-numeric: tabular-nums; }
.warn { color: #b45309; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
ul { margin: 0; padding-left: 18px; }
footer { margin-top: 16px; color: var(--muted); font-size: 12px; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="headline">{{.Headline}}</p>
<nav>{{with .Prev}}<a href="{{.}}" rel="prev">← {{$.Labels.Previous}}</a>{{end}}{{with .Next}}<a href="{{.}}" rel="next">{{$.Labels.Next}} →</a>{{end}}</nav>
<div class="layout">
<div class="grid-wrap">
<table class="grid">
<thead><tr><th scope="col">{{.Labels.Channels}}</th>{{range .Days}}<th scope="col"{{if .Empty}} class="empty"{{end}}>{{.Label}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr class="level-{{.Level}}"><th scope="row">{{.Name}} <span class="figure">{{.Figure}}</span>{{if .Says}}<span class="says">{{.Says}}</span>{{end}}{{if ne .Level "none"}}<div class="bar"><span style="width: {{.Fill}}%"></span></div>{{end}}</th>
{{range .Cells}}<td>{{range .}}<div class="post{{if .NotReady}} not-ready{{end}}"{{if .Colour}} style="border-left-color: {{.Colour}}"{{end}}><b>{{.Time}}</b> {{.Title}} <span class="st st-{{.Status}}">{{.StatusLabel}}</span></div>{{end}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{if .Empty}}<p class="warn">{{.Empty}}</p>{{end}}
</div>
<aside>
<h2>{{.Labels.Status}}</h2>
<table class="counts"><tbody>
{{range .Statuses}}<tr class="status-{{.Status}}"><th scope="row">{{.Label}}</th><td class="n">{{.Count}}</td><td>{{.Change}}</td><td>{{if .NotReady}}<span class="warn">{{.NotReady}} {{$.Labels.Late}}</span>{{end}}</td></tr>
{{end}}</tbody></table>
{{if .NotReady}}<h2 class="warn">{{.Labels.NotReady}}</h2><ul class="not-ready">{{range .NotReady}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .Campaigns}}<h2>{{.Labels.Campaigns}}</h2><ul class="campaigns">{{range .Campaigns}}<li><span class="swatch" style="background: {{.Colour}}"></span>{{.Name}}{{.Dates}}: <b>{{.Posts}}</b> ({{.Change}})</li>{{end}}</ul>{{end}}
{{if .Exps}}<h2>{{.Labels.Experiments}}</h2><ul class="experiments">{{range .Exps}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .Duties}}<h2>{{.Labels.OnDuty}}</h2><ul class="duties">{{range .Duties}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .Meetings}}<h2>{{.Labels.Meetings}}</h2><ul class="meetings">{{range .Meetings}}<li>{{.}}</li>{{end}}</ul>{{end}}
</aside>
</div>
<footer>{{.Updated}} · Postplan</footer>
</body>
</html>
`))
