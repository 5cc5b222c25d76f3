package storage

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"

	"postplan/calendar"
)

// A backup is this line, then Badger's own backup stream, gzipped. The line
// lets restore say "this is not a Postplan backup" before it reads a byte
// of someone else's file into the plan.
var backupMagic = []byte("postplan backup 1\n")

// Backup writes every record of the plan to w.
func (db *DB) Backup(_ context.Context, w io.Writer) error {
	if _, err := w.Write(backupMagic); err != nil {
		return err
	}
	gz, err := gzip.NewWriterLevel(w, gzip.BestSpeed)
	if err != nil {
		return err
	}
	if _, err := db.bdb.Backup(gz, 0); err != nil {
		return err
	}
	return gz.Close()
}

// Restore replaces the whole plan with a backup's. The caller makes sure
// the plan it replaces is empty or backed up: Restore first checks the
// file, then drops everything, then loads.
func (db *DB) Restore(_ context.Context, r io.Reader) error {
	br := bufio.NewReader(r)
	head := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(br, head); err != nil || !bytes.Equal(head, backupMagic) {
		return calendar.Errorf(calendar.EINVALID, "The file is not a Postplan backup.")
	}
	// The whole stream is checked before the plan is dropped, so a
	// damaged or cut-short backup leaves the plan as it was.
	body, err := io.ReadAll(br)
	if err != nil {
		return err
	}
	if err := checkGzip(body); err != nil {
		return err
	}
	gz, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return err
	}
	if err := db.bdb.DropAll(); err != nil {
		return err
	}
	defer db.forgetCaches()
	if err := db.bdb.Load(gz, 16); err != nil {
		return err
	}
	if err := db.migrate(); err != nil {
		return err
	}
	// A backup taken while an import was running holds its journal.
	return db.finishJournals()
}

func checkGzip(body []byte) error {
	gz, err := gzip.NewReader(bytes.NewReader(body))
	if err == nil {
		_, err = io.Copy(io.Discard, gz)
	}
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return calendar.Errorf(calendar.EINVALID, "The backup is cut short (truncated); nothing was restored.")
	case err != nil:
		return calendar.Errorf(calendar.EINVALID, "The backup is damaged (%v); nothing was restored.", err)
	}
	return nil
}

// forgetCaches drops what was derived from the records, after they were
// all replaced.
func (db *DB) forgetCaches() {
	db.seriesCache.Clear()
	db.spanCache.Store(nil)
	db.gen.Add(1)
	db.rev.Add(1)
}
