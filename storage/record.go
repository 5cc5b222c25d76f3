package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"
	"unsafe"

	"postplan/calendar"
)

// Posts are stored in a compact tag-length-value encoding rather than JSON:
// a week query decodes hundreds of them and must stay well under a
// millisecond. Each field is (tag uvarint, length uvarint, bytes); a decoder
// skips tags it does not know, so a field can be added without a migration.
// Repeated fields repeat their tag.

const recordVersion = 1

// Post field tags. Never reuse a number.
const (
	fID = iota + 1
	fTitle
	fBody
	fChannel
	fVariant
	fStart
	fTimeZone
	fDuration
	fAllDay
	fStatus
	fAssignee
	fTag
	fNotes
	fLink
	fMedia
	fRule
	fExDate
	fRDate
	fOverride
	fCreated
	fUpdated
	fSequence
	fExperiment
	fLive
)

// Override field tags.
const (
	oOriginal = iota + 1
	oSkipped
	oStart
	oDuration
	oTitle
	oBody
	oStatus
	oNotes
	oLive
)

type encoder struct{ b []byte }

func (e *encoder) bytes(tag int, v []byte) {
	e.b = binary.AppendUvarint(e.b, uint64(tag))
	e.b = binary.AppendUvarint(e.b, uint64(len(v)))
	e.b = append(e.b, v...)
}

func (e *encoder) str(tag int, s string) {
	if s == "" {
		return
	}
	e.b = binary.AppendUvarint(e.b, uint64(tag))
	e.b = binary.AppendUvarint(e.b, uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *encoder) int(tag int, v int64) {
	if v == 0 {
		return
	}
	var tmp [binary.MaxVarintLen64]byte
	e.bytes(tag, tmp[:binary.PutVarint(tmp[:], v)])
}

func (e *encoder) time(tag int, t time.Time) {
	if t.IsZero() {
		return
	}
	e.bytes(tag, binary.AppendVarint(nil, t.Unix()))
}

// stamp reads a Created or Updated time. The encoder writes no field for
// a zero value, so 0 means none, not the Unix epoch (FuzzDecodePost).
func stamp(nanos int64) time.Time {
	if nanos == 0 {
		return time.Time{}
	}
	return time.Unix(0, nanos).UTC()
}

// encodePost appends p's record to dst.
func encodePost(dst []byte, p *calendar.Post) []byte {
	e := encoder{b: append(dst, recordVersion)}
	e.str(fID, string(p.ID))
	e.str(fTitle, p.Title)
	e.str(fBody, p.Body)
	for _, c := range p.Channels {
		e.bytes(fChannel, []byte(c))
	}
	for ch, text := range p.Variants {
		v := binary.AppendUvarint(nil, uint64(len(ch)))
		e.bytes(fVariant, append(append(v, ch...), text...))
	}
	e.time(fStart, p.Start)
	e.str(fTimeZone, p.TimeZone)
	e.int(fDuration, int64(p.Duration))
	if p.AllDay {
		e.int(fAllDay, 1)
	}
	e.str(fStatus, string(p.Status))
	e.str(fAssignee, string(p.Assignee))
	for _, t := range p.Tags {
		e.bytes(fTag, []byte(t))
	}
	e.str(fNotes, p.Notes)
	e.str(fLink, p.Link)
	for _, m := range p.Media {
		e.bytes(fMedia, []byte(m))
	}
	if r := p.Recurrence; r != nil {
		e.bytes(fRule, []byte(r.Rule)) // present even if empty: Recurrence{} round-trips
		for _, t := range r.ExDates {
			e.bytes(fExDate, binary.AppendVarint(nil, t.Unix()))
		}
		for _, t := range r.RDates {
			e.bytes(fRDate, binary.AppendVarint(nil, t.Unix()))
		}
	}
	for i := range p.Overrides {
		e.bytes(fOverride, encodeOverride(&p.Overrides[i]))
	}
	if !p.Created.IsZero() {
		e.int(fCreated, p.Created.UnixNano())
	}
	if !p.Updated.IsZero() {
		e.int(fUpdated, p.Updated.UnixNano())
	}
	e.int(fSequence, int64(p.Sequence))
	e.str(fExperiment, string(p.Experiment))
	e.str(fLive, p.Live)
	return e.b
}

// recordSize is len(encodePost(nil, p)) without encoding: a bulk write
// weighs every post to plan its transactions, and encoding each for that
// was a tenth of an import. It follows encodePost field for field.
func recordSize(p *calendar.Post) int {
	n := 1 + sizeStr(string(p.ID)) + sizeStr(p.Title) + sizeStr(p.Body)
	for _, c := range p.Channels {
		n += sizeBytes(len(c))
	}
	for ch, text := range p.Variants {
		n += sizeBytes(uvarintLen(uint64(len(ch))) + len(ch) + len(text))
	}
	n += sizeTime(p.Start) + sizeStr(p.TimeZone) + sizeInt(int64(p.Duration))
	if p.AllDay {
		n += sizeInt(1)
	}
	n += sizeStr(string(p.Status)) + sizeStr(string(p.Assignee))
	for _, t := range p.Tags {
		n += sizeBytes(len(t))
	}
	n += sizeStr(p.Notes) + sizeStr(p.Link)
	for _, m := range p.Media {
		n += sizeBytes(len(m))
	}
	if r := p.Recurrence; r != nil {
		n += sizeBytes(len(r.Rule))
		for _, ts := range [][]time.Time{r.ExDates, r.RDates} {
			for _, t := range ts {
				n += sizeBytes(varintLen(t.Unix()))
			}
		}
	}
	for i := range p.Overrides {
		o := &p.Overrides[i]
		m := sizeBytes(varintLen(o.Original.Unix()))
		if o.Skipped {
			m += sizeInt(1)
		}
		m += sizeTime(o.Start) + sizeInt(int64(o.Duration)) + sizeStr(o.Title) + sizeStr(o.Body) +
			sizeStr(string(o.Status)) + sizeStr(o.Notes) + sizeStr(o.Live)
		n += sizeBytes(m)
	}
	if !p.Created.IsZero() {
		n += sizeInt(p.Created.UnixNano())
	}
	if !p.Updated.IsZero() {
		n += sizeInt(p.Updated.UnixNano())
	}
	return n + sizeInt(int64(p.Sequence)) + sizeStr(string(p.Experiment)) + sizeStr(p.Live)
}

// The sizes of what encoder writes; every tag is below 128, one byte.
func sizeBytes(n int) int { return 1 + uvarintLen(uint64(n)) + n }

func sizeStr(s string) int {
	if s == "" {
		return 0
	}
	return sizeBytes(len(s))
}

func sizeInt(v int64) int {
	if v == 0 {
		return 0
	}
	return sizeBytes(varintLen(v))
}

func sizeTime(t time.Time) int {
	if t.IsZero() {
		return 0
	}
	return sizeBytes(varintLen(t.Unix()))
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

func varintLen(v int64) int { return uvarintLen(uint64(v<<1) ^ uint64(v>>63)) }

func encodeOverride(o *calendar.Override) []byte {
	e := encoder{}
	e.bytes(oOriginal, binary.AppendVarint(nil, o.Original.Unix()))
	if o.Skipped {
		e.int(oSkipped, 1)
	}
	e.time(oStart, o.Start)
	e.int(oDuration, int64(o.Duration))
	e.str(oTitle, o.Title)
	e.str(oBody, o.Body)
	e.str(oStatus, string(o.Status))
	e.str(oNotes, o.Notes)
	e.str(oLive, o.Live)
	return e.b
}

var errCorrupt = errors.New("corrupt post record")

func varint(v []byte) (int64, error) {
	x, n := binary.Varint(v)
	if n <= 0 || n != len(v) {
		return 0, errCorrupt
	}
	return x, nil
}

func wall(v []byte) (time.Time, error) {
	x, err := varint(v)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(x, 0).UTC(), nil
}

// decodePost decodes a record made by encodePost. It never panics, whatever
// the bytes.
func decodePost(b []byte) (*calendar.Post, error) {
	p := &calendar.Post{}
	// Every string field is a part of one copy of the record, and the
	// fields are walked in place: a week's query decodes hundreds of
	// records, and a call and an allocation per field were most of it.
	if err := decodeRecord(p, string(b)); err != nil {
		return nil, err
	}
	return p, nil
}

// decodeRecord decodes the record s into p, whose strings become parts of
// s.
func decodeRecord(p *calendar.Post, s string) error {
	// b is s's bytes, read only, for the numbers: copying them back out of
	// the string would be the copy decodePost avoids.
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	if len(b) == 0 {
		return errCorrupt
	} else if b[0] != recordVersion {
		return fmt.Errorf("post record version %d is not known", b[0])
	}
	for off := 1; off < len(b); {
		tag, v, vs, next, err := nextField(b, s, off)
		if err != nil {
			return err
		}
		off = next
		var x int64
		switch tag {
		case fID:
			p.ID = calendar.ID(vs)
		case fTitle:
			p.Title = vs
		case fBody:
			p.Body = vs
		case fChannel:
			p.Channels = append(p.Channels, vs)
		case fVariant:
			l, n := binary.Uvarint(v)
			if n <= 0 || l > uint64(len(v)-n) {
				return errCorrupt
			}
			if p.Variants == nil {
				p.Variants = map[string]string{}
			}
			p.Variants[vs[n:n+int(l)]] = vs[n+int(l):]
		case fStart:
			p.Start, err = wall(v)
		case fTimeZone:
			p.TimeZone = vs
		case fDuration:
			x, err = varint(v)
			p.Duration = time.Duration(x)
		case fAllDay:
			p.AllDay = len(v) > 0 && v[0] != 0
		case fStatus:
			p.Status = calendar.Status(vs)
		case fAssignee:
			p.Assignee = calendar.ID(vs)
		case fTag:
			p.Tags = append(p.Tags, vs)
		case fNotes:
			p.Notes = vs
		case fLink:
			p.Link = vs
		case fMedia:
			p.Media = append(p.Media, vs)
		case fRule:
			p.Recurrence = recurrence(p)
			p.Recurrence.Rule = vs
		case fExDate, fRDate:
			var t time.Time
			if t, err = wall(v); err == nil {
				r := recurrence(p)
				if tag == fExDate {
					r.ExDates = append(r.ExDates, t)
				} else {
					r.RDates = append(r.RDates, t)
				}
			}
		case fOverride:
			var o calendar.Override
			if o, err = decodeOverride(v, vs); err == nil {
				p.Overrides = append(p.Overrides, o)
			}
		case fCreated:
			x, err = varint(v)
			p.Created = stamp(x)
		case fUpdated:
			x, err = varint(v)
			p.Updated = stamp(x)
		case fSequence:
			x, err = varint(v)
			p.Sequence = int(x)
		case fExperiment:
			p.Experiment = calendar.ID(vs)
		case fLive:
			p.Live = vs
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// nextField reads the field at off in b, whose text s is: its tag, its
// value as bytes and as a part of s, and where the next field starts.
func nextField(b []byte, s string, off int) (tag uint64, v []byte, vs string, next int, err error) {
	tag, n := binary.Uvarint(b[off:])
	if n <= 0 {
		return 0, nil, "", 0, errCorrupt
	}
	off += n
	l, n := binary.Uvarint(b[off:])
	if n <= 0 || l > uint64(len(b)-off-n) {
		return 0, nil, "", 0, errCorrupt
	}
	off += n
	end := off + int(l)
	return tag, b[off:end], s[off:end], end, nil
}

func recurrence(p *calendar.Post) *calendar.Recurrence {
	if p.Recurrence == nil {
		p.Recurrence = &calendar.Recurrence{}
	}
	return p.Recurrence
}

func decodeOverride(b []byte, s string) (calendar.Override, error) {
	var o calendar.Override
	for off := 0; off < len(b); {
		tag, v, vs, next, err := nextField(b, s, off)
		if err != nil {
			return o, err
		}
		off = next
		var x int64
		switch tag {
		case oOriginal:
			o.Original, err = wall(v)
		case oSkipped:
			o.Skipped = len(v) > 0 && v[0] != 0
		case oStart:
			o.Start, err = wall(v)
		case oDuration:
			x, err = varint(v)
			o.Duration = time.Duration(x)
		case oTitle:
			o.Title = vs
		case oBody:
			o.Body = vs
		case oStatus:
			o.Status = calendar.Status(vs)
		case oNotes:
			o.Notes = vs
		case oLive:
			o.Live = vs
		}
		if err != nil {
			return o, err
		}
	}
	return o, nil
}
