package storage

import (
	"context"

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

// put writes one record in a transaction of its own.
func (db *DB) put(k []byte, r any) error {
	return db.update(func(txn *badger.Txn) error { return setRecord(txn, k, r) })
}

// PutCampaign creates or replaces a campaign.
func (db *DB) PutCampaign(_ context.Context, c calendar.Campaign) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.put(campaignKey(c.Tag), toCampaignRecord(c))
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
		err := txn.Delete(campaignKey(tag))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return calendar.Errorf(calendar.ENOTFOUND, "Campaign %q does not exist.", tag)
		}
		return err
	})
}

// Campaigns returns every campaign, by tag.
func (db *DB) Campaigns(_ context.Context) ([]calendar.Campaign, error) {
	return listRecords(db, campaignPrefix, campaignRecord.campaign)
}

// CreateMember adds a team member.
func (db *DB) CreateMember(_ context.Context, m *calendar.Member) error {
	saved := *m
	saved.ID = db.newID()
	if err := saved.Validate(); err != nil {
		return err
	}
	if err := db.put(memberKey(saved.ID), toMemberRecord(saved)); err != nil {
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
	return db.put(memberKey(m.ID), toMemberRecord(m))
}

// Members returns the team, in the order they joined.
func (db *DB) Members(_ context.Context) ([]calendar.Member, error) {
	return listRecords(db, memberPrefix, memberRecord.member)
}

// PutChannel adds a channel or changes one's weekly target and limit.
func (db *DB) PutChannel(_ context.Context, c calendar.Channel) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.put(channelKey(c.Name), toChannelRecord(c))
}

// Channels returns the built-in channels, with the team's changes, then the
// team's own channels by name.
func (db *DB) Channels(_ context.Context) ([]calendar.Channel, error) {
	own, err := listRecords(db, channelPrefix, channelRecord.channel)
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
