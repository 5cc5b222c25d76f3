package calendar

import (
	"errors"
	"fmt"
)

// Error codes. They are few on purpose: every adapter (the window, HTTP, the
// CLI) maps each one to its own transport, so adding a code means touching all
// of them.
const (
	ECONFLICT = "conflict"
	EINTERNAL = "internal"
	EINVALID  = "invalid"
	ENOTFOUND = "not_found"
)

// Error is a failure the user can read and act on. Field, when set, names the
// input that caused it (the JSON name the window uses), so the window can show
// the message beside that field.
type Error struct {
	Code    string
	Field   string
	Message string
	// Format and Args are what Message was made from, so the window can
	// say it in the user's language: Format is the key of a translation.
	Format string
	Args   []any
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns an Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// FieldErrorf returns an invalid-input Error tied to one field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// ErrorCode returns the code of a domain error, or EINTERNAL for anything
// else, so that unexpected failures are never shown to the user as if they
// were their fault.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of a domain error, or "Internal error." for
// anything else; the detail of the latter belongs in the log, not the window.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorField returns the field a domain error concerns, if any.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// ErrorFormat returns the format and arguments a domain error's message was
// made from, or "Internal error." for anything else.
func ErrorFormat(err error) (string, []any) {
	var e *Error
	if errors.As(err, &e) && e.Format != "" {
		return e.Format, e.Args
	}
	return ErrorMessage(err), nil
}
