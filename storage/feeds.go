package storage

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"runtime"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// Feeds are kept as JSON under feed/<name>; idx/token/<token> names the
// feed a token opens, so a request is one lookup. A revoked feed keeps its
// record (the feeds view shows it) but loses its token entry.

// newToken returns 160 random bits, base32 without padding: 32 characters
// that are safe in a URL and in a file name.
func newToken() (string, error) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b), nil
}

// CreateFeed saves a new feed with a fresh token.
func (db *DB) CreateFeed(_ context.Context, f *calendar.Feed) error {
	saved := *f
	saved.Created, saved.Revoked = db.Now().UTC(), time.Time{}
	if err := saved.Validate(); err != nil {
		return err
	}
	tok, err := newToken()
	if err != nil {
		return err
	}
	saved.Token = tok
	err = db.update(func(txn *badger.Txn) error {
		if _, err := txn.Get(feedKey(saved.Name)); err == nil {
			return calendar.FieldErrorf("name", "There is already a feed called %q.", saved.Name)
		}
		return putFeed(txn, &saved)
	})
	if err != nil {
		return err
	}
	*f = saved
	return nil
}

func putFeed(txn *badger.Txn, f *calendar.Feed) error {
	if err := setRecord(txn, feedKey(f.Name), toFeedRecord(f)); err != nil {
		return err
	}
	if f.IsRevoked() {
		return nil
	}
	return txn.Set(tokenKey(f.Token), []byte(f.Name))
}

// Feeds returns every feed, revoked ones included, by name.
func (db *DB) Feeds(_ context.Context) ([]calendar.Feed, error) {
	return listRecords(db, feedPrefix, feedRecord.feed)
}

// FeedByToken returns the live feed a token opens, or ENOTFOUND for an
// unknown or revoked token.
func (db *DB) FeedByToken(_ context.Context, token string) (*calendar.Feed, error) {
	var f calendar.Feed
	err := db.view(func(txn *badger.Txn) error {
		item, err := txn.Get(tokenKey(token))
		if err != nil {
			return err
		}
		name, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		r, err := getRecord[feedRecord](txn, feedKey(string(name)))
		f = r.feed()
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) || (err == nil && (f.IsRevoked() || f.Token != token)) {
		return nil, calendar.Errorf(calendar.ENOTFOUND, "No such feed.")
	}
	return &f, err
}

// RevokeFeed turns a feed's address off at once.
func (db *DB) RevokeFeed(_ context.Context, name string) error {
	return db.changeFeed(name, func(f *calendar.Feed) error {
		f.Revoked = db.Now().UTC()
		return nil
	})
}

// RotateFeedToken gives a feed a new address; the old one stops working.
func (db *DB) RotateFeedToken(_ context.Context, name string) (*calendar.Feed, error) {
	var out calendar.Feed
	err := db.changeFeed(name, func(f *calendar.Feed) error {
		tok, err := newToken()
		f.Token, f.Revoked = tok, time.Time{}
		out = *f
		return err
	})
	return &out, err
}

func (db *DB) changeFeed(name string, change func(*calendar.Feed) error) error {
	return db.update(func(txn *badger.Txn) error {
		r, err := getRecord[feedRecord](txn, feedKey(name))
		f := r.feed()
		if notFound(err) {
			return calendar.Errorf(calendar.ENOTFOUND, "There is no feed called %q.", name)
		} else if err != nil {
			return err
		}
		if err := txn.Delete(tokenKey(f.Token)); err != nil {
			return err
		}
		if err := change(&f); err != nil {
			return err
		}
		return putFeed(txn, &f)
	})
}

// AllPosts returns every post, for feeds and exports, in the order of
// their IDs. A large plan's records are decoded on the other cores while
// this one reads on: decoding was most of a 100,000-post read.
func (db *DB) AllPosts(_ context.Context) ([]*calendar.Post, error) {
	workers := runtime.GOMAXPROCS(0) - 1
	if workers < 1 {
		return db.allPostsInPlace()
	}
	type batch struct {
		recs []string // each record copied once, the decoded post's strings parts of it
		out  []*calendar.Post
		err  error
	}
	jobs := make(chan *batch, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for b := range jobs {
				// A batch's posts are made in one allocation, not one each.
				posts := make([]calendar.Post, len(b.recs))
				b.out = make([]*calendar.Post, len(b.recs))
				for i, rec := range b.recs {
					b.out[i] = &posts[i]
					if b.err = decodeRecord(&posts[i], rec); b.err != nil {
						break
					}
				}
			}
		})
	}
	var batches []*batch
	err := db.view(func(txn *badger.Txn) error {
		it := keyIterator(txn, postPrefix)
		defer it.Close()
		cur := &batch{}
		for it.Rewind(); it.Valid(); it.Next() {
			var rec string
			if err := it.Item().Value(func(v []byte) error { rec = string(v); return nil }); err != nil {
				return err
			}
			if cur.recs = append(cur.recs, rec); len(cur.recs) == 512 {
				batches = append(batches, cur)
				jobs <- cur
				cur = &batch{}
			}
		}
		if len(cur.recs) > 0 {
			batches = append(batches, cur)
			jobs <- cur
		}
		return nil
	})
	close(jobs)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	posts := make([]*calendar.Post, 0, len(batches)*512)
	for _, b := range batches {
		if b.err != nil {
			return nil, b.err
		}
		posts = append(posts, b.out...)
	}
	return posts, nil
}

// allPostsInPlace is AllPosts on one core. Values are decoded in place:
// copying each record only for the decoder to copy its fields again would
// be wasted.
func (db *DB) allPostsInPlace() ([]*calendar.Post, error) {
	var posts []*calendar.Post
	err := db.view(func(txn *badger.Txn) error {
		it := keyIterator(txn, postPrefix)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			err := it.Item().Value(func(v []byte) error {
				p, err := decodePost(v)
				posts = append(posts, p)
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return posts, err
}

// Generation is a number that changes whenever a post, campaign or member
// is written, so that a rendered feed can be reused until the plan changes.
// It is only meaningful within this process, which is the only one that can
// write the plan.
func (db *DB) Generation() uint64 { return db.gen.Load() }
