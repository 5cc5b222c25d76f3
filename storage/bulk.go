package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// importChunk is how many posts one transaction of a bulk write holds:
// Badger refuses transactions much larger than a tenth of a memtable.
const importChunk = 500

// A bulk write larger than one transaction keeps a journal, so that it
// happens entirely or not at all, even if the process is killed half-way:
//
//	journal/<jid>          -> "open", then "done"
//	journal/<jid>/<postID> -> the post's record before the write, or empty
//	                          if the write created it
//
// Each post's journal entry is written in the same transaction as the post,
// so the journal always knows exactly what to undo. Open rolls back an
// "open" journal and clears a "done" one.
var journalPrefix = []byte("journal/")

func journalKey(jid calendar.ID) []byte { return key(journalPrefix, string(jid)) }
func journalEntryKey(jid, id calendar.ID) []byte {
	return key(journalPrefix, string(jid)+"/"+string(id))
}

var (
	journalOpen = []byte("open")
	journalDone = []byte("done")
)

// Progress is told how far a bulk write has come: done of total posts.
type Progress func(done, total int)

type progressKey struct{}

// WithProgress returns a context under which SaveImport and SavePosts
// report their progress to fn: once the posts are checked, then after each
// transaction. The window draws its progress bar from it.
func WithProgress(ctx context.Context, fn Progress) context.Context {
	return context.WithValue(ctx, progressKey{}, fn)
}

func report(ctx context.Context, done, total int) {
	if fn, ok := ctx.Value(progressKey{}).(Progress); ok {
		fn(done, total)
	}
}

// SavePosts creates or replaces posts by ID, for imports: a post already in
// the plan is replaced (it keeps its created time, and its sequence goes up
// when a calendar must notice), so importing the same file twice changes
// nothing the second time. Posts are validated before any is written, and
// the write is all or nothing: cancelling ctx, an error or a crash half-way
// leaves the plan as it was.
func (db *DB) SavePosts(ctx context.Context, posts []*calendar.Post) error {
	return db.SaveImport(ctx, Team{}, posts)
}

// SaveImport is SavePosts with the team the posts need: the team and the
// posts are written together, all or nothing, so a cancelled or failed
// import leaves no campaign or channel of its own behind either.
func (db *DB) SaveImport(ctx context.Context, team Team, posts []*calendar.Post) error {
	if err := team.validate(); err != nil {
		return err
	}
	err := db.bdb.View(func(txn *badger.Txn) error {
		look := newTeamLookup(team, txnLookup{txn})
		for i, p := range posts {
			if p.ID == "" {
				p.ID = db.newID()
			}
			if err := p.Validate(look); err != nil {
				return fmt.Errorf("post %d (%q): %w", i+1, p.Title, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	report(ctx, 0, len(posts))
	if len(posts) <= importChunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := db.update(func(txn *badger.Txn) error {
			if err := putTeam(txn, team, ""); err != nil {
				return err
			}
			return db.putPosts(txn, posts, "")
		})
		if err == nil {
			report(ctx, len(posts), len(posts))
		}
		return err
	}
	jid := db.newID()
	err = db.update(func(txn *badger.Txn) error {
		if err := txn.Set(journalKey(jid), journalOpen); err != nil {
			return err
		}
		return putTeam(txn, team, jid)
	})
	if err != nil {
		return err
	}
	for start := 0; start < len(posts); start += importChunk {
		chunk := posts[start:min(start+importChunk, len(posts))]
		err := ctx.Err()
		if err == nil {
			err = db.update(func(txn *badger.Txn) error { return db.putPosts(txn, chunk, jid) })
		}
		if err != nil {
			if rbErr := db.rollBack(jid); rbErr != nil {
				return errors.Join(err, fmt.Errorf("undo the unfinished import: %w", rbErr))
			}
			return err
		}
		report(ctx, start+len(chunk), len(posts))
	}
	if err := db.update(func(txn *badger.Txn) error { return txn.Set(journalKey(jid), journalDone) }); err != nil {
		return err
	}
	return db.clearJournal(jid)
}

// putPosts writes posts in one transaction, journalling each under jid
// unless jid is empty.
func (db *DB) putPosts(txn *badger.Txn, posts []*calendar.Post, jid calendar.ID) error {
	now := db.Now().UTC()
	for _, p := range posts {
		old, err := getPost(txn, p.ID)
		switch {
		case err == nil:
			if p.Created.IsZero() {
				p.Created = old.Created
			}
			p.Sequence = max(p.Sequence, old.Sequence)
			if calendar.NeedsNewSequence(old, p) {
				p.Sequence = max(p.Sequence, old.Sequence+1)
			}
		case calendar.ErrorCode(err) != calendar.ENOTFOUND:
			return err
		}
		if p.Created.IsZero() {
			p.Created = now
		}
		if p.Updated.IsZero() {
			p.Updated = now
		}
		if jid != "" && !journalled(txn, jid, p.ID) {
			var before []byte
			if old != nil {
				before = encodePost(nil, old)
			}
			if err := txn.Set(journalEntryKey(jid, p.ID), before); err != nil {
				return err
			}
		}
		if err := db.replaceEntries(txn, old, p); err != nil {
			return err
		}
	}
	return nil
}

// journalled reports whether this bulk write already saved what p.ID was
// before it: a post given twice must be rolled back to the first.
func journalled(txn *badger.Txn, jid, id calendar.ID) bool {
	_, err := txn.Get(journalEntryKey(jid, id))
	return err == nil
}

// rollBack undoes what an unfinished bulk write did, then removes its
// journal.
func (db *DB) rollBack(jid calendar.ID) error { return db.drainJournal(jid, true) }

// clearJournal removes a finished bulk write's journal.
func (db *DB) clearJournal(jid calendar.ID) error { return db.drainJournal(jid, false) }

// drainJournal removes a journal's entries chunk by chunk, first putting
// each post back as it was when undo is set, then the team's entries and
// the journal itself. Each
// entry goes in the transaction that acts on it, so a crash half-way is
// picked up where it stopped at the next open.
func (db *DB) drainJournal(jid calendar.ID, undo bool) error {
	prefix := append(journalKey(jid), '/')
	for {
		n := 0
		err := db.update(func(txn *badger.Txn) error {
			it := keyIterator(txn, prefix)
			defer it.Close()
			type journalEntry struct{ key, before []byte }
			var chunk []journalEntry
			for it.Rewind(); it.Valid() && len(chunk) < importChunk; it.Next() {
				e := journalEntry{key: it.Item().KeyCopy(nil)}
				if undo {
					v, err := it.Item().ValueCopy(nil)
					if err != nil {
						return err
					}
					e.before = v
				}
				chunk = append(chunk, e)
			}
			n = len(chunk)
			for _, e := range chunk {
				if undo {
					if err := db.undoPost(txn, calendar.ID(e.key[len(prefix):]), e.before); err != nil {
						return err
					}
				}
				if err := txn.Delete(e.key); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
	}
	// The team is put back after the posts that named it, and in one
	// transaction with the journal's removal: an import adds a handful.
	return db.update(func(txn *badger.Txn) error {
		prefix := teamJournalKey(jid, nil)
		it := keyIterator(txn, prefix)
		type teamEntry struct{ key, before []byte }
		var entries []teamEntry
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				it.Close()
				return err
			}
			entries = append(entries, teamEntry{it.Item().KeyCopy(nil), v})
		}
		it.Close()
		for _, e := range entries {
			if undo {
				k := e.key[len(prefix):]
				var err error
				if len(e.before) == 0 {
					err = txn.Delete(k)
				} else {
					err = txn.Set(k, e.before)
				}
				if err != nil {
					return err
				}
			}
			if err := txn.Delete(e.key); err != nil {
				return err
			}
		}
		return txn.Delete(journalKey(jid))
	})
}

// undoPost puts post id back as its journal recorded it: the encoded
// record it had, or (empty) nothing, the bulk write having created it.
func (db *DB) undoPost(txn *badger.Txn, id calendar.ID, before []byte) error {
	cur, err := getPost(txn, id)
	if err != nil && calendar.ErrorCode(err) != calendar.ENOTFOUND {
		return err
	}
	var old *calendar.Post
	if len(before) > 0 {
		if old, err = decodePost(before); err != nil {
			return err
		}
	}
	return db.replaceEntries(txn, cur, old)
}

// finishJournals, at Open, rolls back every bulk write a crash interrupted
// and clears the journals of those that finished.
func (db *DB) finishJournals() error {
	type journal struct {
		id   calendar.ID
		done bool
	}
	var open []journal
	err := db.bdb.View(func(txn *badger.Txn) error {
		it := keyIterator(txn, journalPrefix)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			rest := string(it.Item().Key()[len(journalPrefix):])
			if len(rest) == 0 || strings.Contains(rest, "/") {
				continue
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			open = append(open, journal{calendar.ID(rest), string(v) == string(journalDone)})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, j := range open {
		if j.done {
			err = db.clearJournal(j.id)
		} else {
			db.log.Warn("undoing an import that did not finish", "journal", j.id)
			err = db.rollBack(j.id)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
