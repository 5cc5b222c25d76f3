package calendar

import (
	"bytes"
	"io"
)

// ReadAll is io.ReadAll in one allocation when r says how much it holds
// (a bytes.Reader, a strings.Reader): io.ReadAll grows its buffer by
// copying, a tenth of reading a 50 MB calendar.
func ReadAll(r io.Reader) ([]byte, error) {
	l, ok := r.(interface{ Len() int })
	if !ok {
		return io.ReadAll(r)
	}
	buf := bytes.NewBuffer(make([]byte, 0, l.Len()+bytes.MinRead))
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}
