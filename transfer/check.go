// Package transfer moves a plan in and out of Postplan: CSV, JSON and
// iCalendar files, and backups. The window, the command line and the tests
// all call the same functions: Read says what importing a file would do,
// Import does it, Export writes the plan. Everything that reads a file
// first checks it is text a plan could be in, so a wrong file gets a
// message that says what is wrong with it, and never changes the plan.
package transfer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"postplan/calendar"
)

// MaxFileBytes refuses files no plan comes near, before reading them.
const MaxFileBytes = 50 << 20

// Format is a kind of file Postplan imports and exports, named as its
// extension is.
type Format string

const (
	ICS  Format = "ics"
	CSV  Format = "csv"
	JSON Format = "json"
)

// Formats are the formats there are.
var Formats = []Format{ICS, CSV, JSON}

// FormatOf returns a file's format from its extension, or an error naming
// the ones there are.
func FormatOf(path string) (Format, error) {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	for _, f := range Formats {
		if ext == string(f) {
			return f, nil
		}
	}
	return "", unknownFormat(filepath.Base(path))
}

// ReadFile reads a file to import and checks it is UTF-8 text.
func ReadFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, calendar.Errorf(calendar.ENOTFOUND, "%s does not exist.", path)
	case err != nil:
		return nil, calendar.Errorf(calendar.EINVALID, "%s cannot be read: %v.", path, err)
	case st.IsDir():
		return nil, calendar.Errorf(calendar.EINVALID, "%s is a folder, not a file.", path)
	case st.Size() > MaxFileBytes:
		return nil, calendar.Errorf(calendar.EINVALID, "%s is %d MB; files over 50 MB are not imported.", filepath.Base(path), st.Size()>>20)
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return nil, calendar.Errorf(calendar.EINVALID, "%s cannot be read: %v.", path, err)
	}
	if body, err = fromUTF16(filepath.Base(path), body); err != nil {
		return nil, err
	}
	switch f, _ := FormatOf(path); {
	case utf8.Valid(body):
	case f == ICS:
		body = rejoinFoldedCharacters(body)
	case f == CSV && !isBinary(body) && !hasUTF8Characters(body):
		if _, ok := guessEightBit(body); ok {
			return body, nil // Read decodes it, and its preview says from what
		}
		return nil, calendar.Errorf(calendar.EINVALID,
			"%s is not UTF-8, and its letters do not show whether it is Windows-1252 or Mac Roman text (Excel's plain \"CSV\" on Windows or on a Mac); save it as \"CSV UTF-8\" and import that.",
			filepath.Base(path))
	}
	return body, CheckText(filepath.Base(path), body)
}

// isBinary reports whether body holds binary data: a NUL byte early on.
func isBinary(body []byte) bool { return bytes.IndexByte(body[:min(len(body), 8192)], 0) >= 0 }

// rejoinFoldedCharacters takes out the line folds that cut a character in
// two. RFC 5545 folds lines at 75 bytes and asks writers not to split a
// character, but Outlook and others do ("ø" is two bytes, "🎉" four):
// such a file is UTF-8 only once unfolded, as calendar apps read it. Other
// folds are left for the calendar reader.
func rejoinFoldedCharacters(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if c := b[i]; c == '\r' || c == '\n' {
			j := i
			if c == '\r' && j+1 < len(b) && b[j+1] == '\n' {
				j++
			}
			if j+2 < len(b) && (b[j+1] == ' ' || b[j+1] == '\t') && b[j+2]&0xC0 == 0x80 && insideCharacter(out) {
				i = j + 1 // the line break and the fold's space
				continue
			}
		}
		out = append(out, b[i])
	}
	return out
}

// insideCharacter reports whether b ends part-way through a UTF-8
// sequence: its last lead byte wants more continuation bytes than follow.
func insideCharacter(b []byte) bool {
	for k := 1; k <= 3 && k <= len(b); k++ {
		c := b[len(b)-k]
		switch {
		case c&0xC0 == 0x80: // a continuation byte: look further back
		case c >= 0xF0:
			return k < 4
		case c >= 0xE0:
			return k < 3
		case c >= 0xC0:
			return k < 2
		default:
			return false
		}
	}
	return false
}

// fromUTF16 returns a file that starts with a UTF-16 byte order mark as
// UTF-8: Excel's "Unicode text" and calendars from some Exchange
// connectors are UTF-16, and the mark leaves no doubt about it. Other
// files are returned as they are.
func fromUTF16(name string, body []byte) ([]byte, error) {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		order = binary.LittleEndian
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		order = binary.BigEndian
	default:
		return body, nil
	}
	body = body[2:]
	if len(body)%2 != 0 {
		return nil, calendar.Errorf(calendar.EINVALID, "%s is UTF-16 text cut short (it ends in half a character); it was cut when it was copied or saved.", name)
	}
	units := make([]uint16, len(body)/2)
	for i := range units {
		units[i] = order.Uint16(body[2*i:])
	}
	out := make([]byte, 0, len(body)*3/2)
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}

// CheckText says what is wrong with a file that is not UTF-8 text: empty,
// binary, or in an older 8-bit encoding (Excel's plain "CSV" on Windows),
// which cannot be told from the others by its bytes alone.
func CheckText(name string, body []byte) error {
	switch {
	case len(bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\uFEFF")))) == 0:
		return calendar.Errorf(calendar.EINVALID, "%s is empty.", name)
	case isBinary(body):
		return calendar.Errorf(calendar.EINVALID, "%s is not a text file (it holds binary data); is it the file you meant?", name)
	}
	if utf8.Valid(body) {
		return nil
	}
	line, col := 1, 1
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRune(body[i:])
		if r == utf8.RuneError && size == 1 {
			return calendar.Errorf(calendar.EINVALID,
				"%s is not UTF-8: line %d, column %d has the byte 0x%02X, as Latin-1 or Windows-1252 files do (Excel's plain \"CSV\"); save it as \"CSV UTF-8\" and import that.",
				name, line, col, body[i])
		}
		if r == '\n' {
			line, col = line+1, 0
		}
		i += size
		col++
	}
	return fmt.Errorf("unreachable: invalid UTF-8 not found")
}
