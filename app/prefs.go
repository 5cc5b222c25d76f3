package app

import (
	"context"
	"slices"

	"postplan/calendar"
)

// SettingStore keeps small named values across restarts.
type SettingStore interface {
	Setting(ctx context.Context, name string, v any) (bool, error)
	PutSetting(ctx context.Context, name string, v any) error
}

// Preferences are the window's choices that survive a restart.
type Preferences struct {
	Language string `json:"language"` // "en", "da", "sv"; empty follows the system
	FirstDay int    `json:"firstDay"` // 0 Sunday, 1 Monday
	View     string `json:"view"`     // the calendar view last shown
	Filter   Filter `json:"filter"`
	// Remind turns desktop reminders on; RemindBefore (minutes) adds one
	// that long ahead of each post's time, 0 for none.
	Remind       bool `json:"remind"`
	RemindBefore int  `json:"remindBefore"`
	// CSVSeparator separates a CSV export's cells: "," or ";", as the
	// export dialog last chose; "" has not chosen (a comma).
	CSVSeparator string `json:"csvSeparator"`
}

var (
	languages = []string{"", "en", "da", "sv"}
	views     = []string{"dayGridMonth", "timeGridWeek", "listWeek"}
)

// defaultPreferences suit a Scandinavian team: Monday first, the month.
var defaultPreferences = Preferences{FirstDay: 1, View: "dayGridMonth", Remind: true}

// Preferences returns the saved preferences, or the defaults.
func (s *Settings) Preferences() (Preferences, error) {
	p := defaultPreferences
	if _, err := s.store.Setting(s.ctx, "preferences", &p); err != nil {
		return defaultPreferences, toBridge(s.log, "preferences", err)
	}
	return p, nil
}

// SavePreferences saves the window's choices; unknown values are refused
// at their field.
func (s *Settings) SavePreferences(p Preferences) error {
	switch {
	case !slices.Contains(languages, p.Language):
		return toBridge(s.log, "save preferences", calendar.FieldErrorf("language", "Choose English, Danish or Swedish."))
	case p.FirstDay != 0 && p.FirstDay != 1:
		return toBridge(s.log, "save preferences", calendar.FieldErrorf("firstDay", "The week starts on Monday or Sunday."))
	case !slices.Contains(views, p.View):
		return toBridge(s.log, "save preferences", calendar.FieldErrorf("view", "Choose the month, week or agenda view."))
	case p.CSVSeparator != "" && p.CSVSeparator != "," && p.CSVSeparator != ";":
		return toBridge(s.log, "save preferences", calendar.FieldErrorf("csvSeparator", "Separate a CSV file's cells with a comma or a semicolon."))
	case p.RemindBefore < 0 || p.RemindBefore > 24*60:
		return toBridge(s.log, "save preferences", calendar.FieldErrorf("remindBefore", "A reminder can come from 0 to %d minutes ahead.", 24*60))
	}
	return toBridge(s.log, "save preferences", s.store.PutSetting(s.ctx, "preferences", p))
}

// Geometry is the window's size and place, remembered between runs.
type Geometry struct {
	X, Y, Width, Height int
}

// usable reports whether a remembered geometry can be used: a window
// smaller than the minimum or placed far off screen would look lost.
func (g Geometry) usable() bool {
	return g.Width >= minWidth && g.Height >= minHeight && g.Width <= 16384 && g.Height <= 16384 &&
		g.X > -g.Width/2 && g.Y >= 0 && g.X < 16384 && g.Y < 16384
}
