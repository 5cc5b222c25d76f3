package app

import (
	"encoding/json"
	"fmt"
	"log/slog"

	"postplan/calendar"
)

// bridgeError is what a bound method's error becomes in the window. Wails
// rejects the JS promise with the error's text, so the text is JSON that the
// frontend's api/ module parses back into code, field and message.
type bridgeError struct {
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
	// Format and Args let the window say the message in the user's
	// language: Format is the English text the translations are keyed by.
	Format string   `json:"format,omitempty"`
	Args   []string `json:"args,omitempty"`
}

func (e *bridgeError) Error() string {
	b, _ := json.Marshal(e)
	return string(b)
}

// toBridge turns an error from below into one the window can show. Anything
// that is not a domain error is logged and shown as "Internal error.".
func toBridge(log *slog.Logger, op string, err error) error {
	if err == nil {
		return nil
	}
	code := calendar.ErrorCode(err)
	if code == calendar.EINTERNAL {
		log.Error(op, "err", err)
	}
	format, args := calendar.ErrorFormat(err)
	e := &bridgeError{Code: code, Field: calendar.ErrorField(err), Message: calendar.ErrorMessage(err), Format: format}
	for _, a := range args {
		e.Args = append(e.Args, fmt.Sprint(a))
	}
	return e
}
