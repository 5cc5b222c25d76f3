package calendar_test

import (
	"strings"
	"testing"

	"postplan/calendar"
)

func TestCheckID(t *testing.T) {
	for _, tc := range []struct {
		id calendar.ID
		ok bool
	}{
		{"01JD3ZQK8M4W2X5Y6Z7A8B9C0D", true},
		{"01ICSABCDEFGHIJKLMNOPQRSTU", true},
		{"a UID with spaces@example.com", true},
		{"Møde-på-Bornholm", true},
		{"", false},
		{"01EVIL\r\nX-INJECTED:1", false},
		{"tab\there", false},
		{"nul\x00", false},
		{"zero\u200bwidth", false},
		{"\xff\xfe", false},
		{calendar.ID(strings.Repeat("x", 255)), true},
		{calendar.ID(strings.Repeat("x", 256)), false},
	} {
		err := calendar.CheckID(tc.id)
		if (err == nil) != tc.ok {
			t.Errorf("CheckID(%q) = %v, want ok %t", tc.id, err, tc.ok)
		}
		if err != nil && (calendar.ErrorCode(err) != calendar.EINVALID || calendar.ErrorField(err) != "id") {
			t.Errorf("CheckID(%q): %v is not an invalid-id error", tc.id, err)
		}
	}
	p := &calendar.Post{ID: "01EVIL\nX:1", Title: "x", Status: calendar.StatusDraft}
	if err := p.Validate(nil); calendar.ErrorField(err) != "id" {
		t.Errorf("Validate of a post with a line break in its ID: %v", err)
	}
}
