package calendar

import (
	"unicode"
	"unicode/utf8"
)

// MaxIDBytes bounds an ID. IDs are part of every key in the database and of
// every subscriber's calendar (the UID of an event), so they stay short.
const MaxIDBytes = 255

// CheckID says what is wrong with an ID that came from outside Postplan (a
// CSV or JSON file, a calendar's UID, a backup, the window). An ID is one
// line of printable text: a line break in one would end the UID line of a
// feed and start a property of the sender's choosing in every subscriber's
// calendar. Every way into the plan checks IDs here, through Validate.
func CheckID(id ID) error {
	switch {
	case id == "":
		return FieldErrorf("id", "The ID is empty.")
	case len(id) > MaxIDBytes:
		return FieldErrorf("id", "The ID is too long: at most %d bytes, not %d.", MaxIDBytes, len(id))
	case !utf8.ValidString(string(id)):
		return FieldErrorf("id", "The ID is not valid UTF-8 text.")
	}
	for _, r := range id {
		if r != ' ' && !unicode.IsPrint(r) {
			return FieldErrorf("id", "The ID %q holds a control or invisible character (U+%04X); IDs are one line of printable text.", truncateID(id), r)
		}
	}
	return nil
}

func truncateID(id ID) string {
	if r := []rune(string(id)); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return string(id)
}
