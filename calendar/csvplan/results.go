package csvplan

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"postplan/calendar"
)

// ResultColumns are the columns of an experiment's results file: one row per
// occurrence, in the order they go out, so a spreadsheet can chart it.
var ResultColumns = []string{"Experiment", "Variant", "Occurrence", "Date", "Time", "Time zone", "Status",
	"Skipped", "Metric", "Value", "Baseline", "Target", "Note", "Link"}

// WriteResults writes an experiment's timeline with its results as CSV.
// Occurrences without a result have an empty Value; numbers use a full stop,
// whatever the language, so every spreadsheet reads them as numbers.
func WriteResults(w io.Writer, e *calendar.Experiment, rep calendar.Report, zone *time.Location) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ResultColumns); err != nil {
		return err
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	for _, en := range rep.Entries {
		variant := ""
		if en.Arm >= 0 && en.Arm < len(e.Arms) {
			variant = e.Arms[en.Arm].Name
		}
		start := en.Start.In(zone)
		row := []string{e.Name, variant, strconv.Itoa(en.Ordinal + 1), formatDate(start), formatClock(start), zone.String(),
			string(en.Status), strconv.FormatBool(en.Skipped), e.Metric, "", num(e.Baseline), num(e.Target), "", ""}
		if r := en.Result; r != nil {
			row[9], row[12], row[13] = num(r.Value), r.Note, r.Link
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
