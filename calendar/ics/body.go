package ics

import "io"

// Body is a written feed in pieces, in order. Written through a cache, an
// unchanged post's events are the cache's own bytes, shared rather than
// copied into one buffer: at 100,000 posts that copy was 60 MB zeroed,
// written and left as garbage on every render after an edit. Nothing
// writes to a piece once it is in a Body.
type Body [][]byte

// Len is the body's length in bytes.
func (b Body) Len() int {
	n := 0
	for _, p := range b {
		n += len(p)
	}
	return n
}

// WriteTo writes the pieces to w in order.
func (b Body) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, p := range b {
		m, err := w.Write(p)
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// Bytes is the body in one slice: its only piece, or a copy of them all.
func (b Body) Bytes() []byte {
	if len(b) == 1 {
		return b[0]
	}
	out := make([]byte, 0, b.Len())
	for _, p := range b {
		out = append(out, p...)
	}
	return out
}
