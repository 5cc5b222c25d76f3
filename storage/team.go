package storage

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

var (
	_ calendar.TeamStore = (*DB)(nil)
	_ calendar.WeekStore = (*DB)(nil)
)

// Campaigns, members and channels are few and rarely written, so they are
// kept as JSON: readable in a backup, and never on a hot path.

func getJSON(txn *badger.Txn, k []byte, v any) error {
	item, err := txn.Get(k)
	if err != nil {
		return err
	}
	return item.Value(func(b []byte) error { return json.Unmarshal(b, v) })
}

func setJSON(txn *badger.Txn, k []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return txn.Set(k, b)
}

func (db *DB) putJSON(k []byte, v any) error {
	return db.update(func(txn *badger.Txn) error { return setJSON(txn, k, v) })
}

func listJSON[T any](db *DB, prefix []byte) ([]T, error) {
	var out []T
	err := db.view(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = prefix
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var v T
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &v) }); err != nil {
				return err
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// PutCampaign creates or replaces a campaign.
func (db *DB) PutCampaign(_ context.Context, c calendar.Campaign) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.putJSON(key(campaignPrefix, c.Tag), c)
}

// DeleteCampaign removes a campaign that no post uses.
func (db *DB) DeleteCampaign(_ context.Context, tag string) error {
	return db.update(func(txn *badger.Txn) error {
		it := keyIterator(txn, key(tagPrefix, tag, ""))
		it.Rewind()
		used := it.Valid()
		it.Close()
		if used {
			return calendar.Errorf(calendar.ECONFLICT, "Campaign %q still has posts; move them to another campaign first.", tag)
		}
		err := txn.Delete(key(campaignPrefix, tag))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return calendar.Errorf(calendar.ENOTFOUND, "Campaign %q does not exist.", tag)
		}
		return err
	})
}

// Campaigns returns every campaign, by tag.
func (db *DB) Campaigns(_ context.Context) ([]calendar.Campaign, error) {
	return listJSON[calendar.Campaign](db, campaignPrefix)
}

// CreateMember adds a team member.
func (db *DB) CreateMember(_ context.Context, m *calendar.Member) error {
	saved := *m
	saved.ID = db.newID()
	if err := saved.Validate(); err != nil {
		return err
	}
	if err := db.putJSON(key(memberPrefix, string(saved.ID)), saved); err != nil {
		return err
	}
	*m = saved
	return nil
}

// PutMember changes a team member.
func (db *DB) PutMember(_ context.Context, m calendar.Member) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if m.ID == "" {
		return calendar.FieldErrorf("id", "A member to change needs its ID.")
	}
	return db.putJSON(key(memberPrefix, string(m.ID)), m)
}

// Members returns the team, in the order they joined.
func (db *DB) Members(_ context.Context) ([]calendar.Member, error) {
	return listJSON[calendar.Member](db, memberPrefix)
}

// PutChannel adds a channel or changes one's weekly target and limit.
func (db *DB) PutChannel(_ context.Context, c calendar.Channel) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.putJSON(key(channelPrefix, c.Name), c)
}

// Channels returns the built-in channels, with the team's changes, then the
// team's own channels by name.
func (db *DB) Channels(_ context.Context) ([]calendar.Channel, error) {
	own, err := listJSON[calendar.Channel](db, channelPrefix)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(calendar.DefaultChannels)
	for _, c := range own {
		if i := slices.IndexFunc(out, func(d calendar.Channel) bool { return d.Name == c.Name }); i >= 0 {
			out[i] = c
		} else {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out[len(calendar.DefaultChannels):], func(a, b calendar.Channel) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}
