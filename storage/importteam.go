package storage

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// team is what an import adds around its posts: the campaigns, channels
// and members its posts name that the plan did not have.
type team struct {
	Campaigns []calendar.Campaign
	Channels  []calendar.Channel
	Members   []calendar.Member
}

func teamOf(imp calendar.Import) team { return team{imp.Campaigns, imp.Channels, imp.Members} }

func (t team) empty() bool { return len(t.Campaigns)+len(t.Channels)+len(t.Members) == 0 }

func (t team) validate() error {
	for _, c := range t.Campaigns {
		if err := c.Validate(); err != nil {
			return fmt.Errorf("campaign %q: %w", c.Tag, err)
		}
	}
	for _, c := range t.Channels {
		if err := c.Validate(); err != nil {
			return fmt.Errorf("channel %q: %w", c.Name, err)
		}
	}
	for _, m := range t.Members {
		if err := m.Validate(); err != nil {
			return fmt.Errorf("member %q: %w", m.Name, err)
		}
		if m.ID == "" {
			return fmt.Errorf("member %q: %w", m.Name, calendar.FieldErrorf("id", "A member to change needs its ID."))
		}
	}
	return nil
}

// journalteam/<jid>/<key> holds what a journalled import changed besides
// posts, key by key (the team's items, tombstones of posts it brought
// back): empty if the key held nothing, else 0x00 and the value it held.
// (Journals written before the marker byte hold a team item's JSON as it
// is; JSON never starts with 0x00.) It is outside journal/ so that the
// journals' own keys stay one level.

// putTeam writes an import's team, journalling what each key held under
// jid unless jid is empty.
func putTeam(txn *badger.Txn, t team, jid calendar.ID) error {
	put := func(k []byte, r any) error {
		if jid != "" {
			if err := journalRaw(txn, jid, k); err != nil {
				return err
			}
		}
		return setRecord(txn, k, r)
	}
	for _, c := range t.Campaigns {
		if err := put(campaignKey(c.Tag), toCampaignRecord(c)); err != nil {
			return err
		}
	}
	for _, c := range t.Channels {
		if err := put(channelKey(c.Name), toChannelRecord(c)); err != nil {
			return err
		}
	}
	for _, m := range t.Members {
		if err := put(memberKey(m.ID), toMemberRecord(m)); err != nil {
			return err
		}
	}
	return nil
}

// journalRaw saves what key k holds before a journalled import changes it,
// once per import: rolling back puts the first value back.
func journalRaw(txn *badger.Txn, jid calendar.ID, k []byte) error {
	jk := teamJournalKey(jid, k)
	if _, err := txn.Get(jk); err == nil {
		return nil
	} else if !errors.Is(err, badger.ErrKeyNotFound) {
		return err
	}
	var before []byte
	if item, err := txn.Get(k); err == nil {
		v, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		before = append([]byte{0}, v...)
	} else if !errors.Is(err, badger.ErrKeyNotFound) {
		return err
	}
	return txn.Set(jk, before)
}

// teamLookup answers validation's questions about posts that come with
// their team: the import's own items first, then the plan's.
type teamLookup struct {
	campaigns map[string]calendar.Campaign
	channels  map[string]calendar.Channel
	members   map[calendar.ID]calendar.Member
	plan      calendar.Lookup
}

func newTeamLookup(t team, plan calendar.Lookup) calendar.Lookup {
	if t.empty() {
		return plan
	}
	l := teamLookup{campaigns: map[string]calendar.Campaign{}, channels: map[string]calendar.Channel{}, members: map[calendar.ID]calendar.Member{}, plan: plan}
	for _, c := range t.Campaigns {
		l.campaigns[c.Tag] = c
	}
	for _, c := range t.Channels {
		l.channels[c.Name] = c
	}
	for _, m := range t.Members {
		l.members[m.ID] = m
	}
	return l
}

func (l teamLookup) Channel(name string) (calendar.Channel, bool) {
	if c, ok := l.channels[name]; ok {
		return c, true
	}
	return l.plan.Channel(name)
}

func (l teamLookup) Campaign(tag string) (calendar.Campaign, bool) {
	if c, ok := l.campaigns[tag]; ok {
		return c, true
	}
	return l.plan.Campaign(tag)
}

func (l teamLookup) Member(id calendar.ID) (calendar.Member, bool) {
	if m, ok := l.members[id]; ok {
		return m, true
	}
	return l.plan.Member(id)
}

// cachedLookup remembers what plan said of each name: an import asks the
// same few channels, campaigns and members of every post, and each answer
// read from the plan is a record decoded.
type cachedLookup struct {
	plan      calendar.Lookup
	channels  map[string]lookedUp[calendar.Channel]
	campaigns map[string]lookedUp[calendar.Campaign]
	members   map[calendar.ID]lookedUp[calendar.Member]
}

type lookedUp[T any] struct {
	v  T
	ok bool
}

func newCachedLookup(plan calendar.Lookup) *cachedLookup {
	return &cachedLookup{plan: plan, channels: map[string]lookedUp[calendar.Channel]{},
		campaigns: map[string]lookedUp[calendar.Campaign]{}, members: map[calendar.ID]lookedUp[calendar.Member]{}}
}

func remember[K comparable, T any](m map[K]lookedUp[T], k K, look func(K) (T, bool)) (T, bool) {
	if r, ok := m[k]; ok {
		return r.v, r.ok
	}
	v, ok := look(k)
	m[k] = lookedUp[T]{v, ok}
	return v, ok
}

func (l *cachedLookup) Channel(name string) (calendar.Channel, bool) {
	return remember(l.channels, name, l.plan.Channel)
}

func (l *cachedLookup) Campaign(tag string) (calendar.Campaign, bool) {
	return remember(l.campaigns, tag, l.plan.Campaign)
}

func (l *cachedLookup) Member(id calendar.ID) (calendar.Member, bool) {
	return remember(l.members, id, l.plan.Member)
}
