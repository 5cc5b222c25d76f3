package storage

import (
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// The team, experiments, routines and feeds are few and rarely written, so
// they are kept as JSON: readable in a backup, and never on a hot path.
// Each is stored as a record type of its own rather than as calendar's
// type: calendar's JSON names are also the export's schema
// (transfer/schema.json), and the two must be free to change apart. A
// change to a record's JSON is a change of layout, with a migration
// (schema.go) and its test; records_test.go pins layout 2's.

type campaignRecord struct {
	Tag     string    `json:"tag"`
	Name    string    `json:"name"`
	Colour  string    `json:"colour"`
	Hashtag string    `json:"hashtag"`
	Starts  time.Time `json:"starts"`
	Ends    time.Time `json:"ends"`
	Goal    string    `json:"goal"`
}

func toCampaignRecord(c calendar.Campaign) campaignRecord { return campaignRecord(c) }
func (r campaignRecord) campaign() calendar.Campaign      { return calendar.Campaign(r) }

type memberRecord struct {
	ID     calendar.ID `json:"id"`
	Name   string      `json:"name"`
	Email  string      `json:"email"`
	Colour string      `json:"colour"`
}

func toMemberRecord(m calendar.Member) memberRecord { return memberRecord(m) }
func (r memberRecord) member() calendar.Member      { return calendar.Member(r) }

type channelRecord struct {
	Name         string `json:"name"`
	WeeklyTarget int    `json:"weeklyTarget"`
	CharLimit    int    `json:"charLimit"`
}

func toChannelRecord(c calendar.Channel) channelRecord { return channelRecord(c) }
func (r channelRecord) channel() calendar.Channel      { return calendar.Channel(r) }

type feedRecord struct {
	Name       string           `json:"name"`
	Filter     feedFilterRecord `json:"filter"`
	TitlesOnly bool             `json:"titlesOnly"`
	Token      string           `json:"token,omitempty"`
	Created    time.Time        `json:"created"`
	Revoked    time.Time        `json:"revoked,omitzero"`
}

type feedFilterRecord struct {
	Campaigns []string          `json:"campaigns,omitempty"`
	Channels  []string          `json:"channels,omitempty"`
	Statuses  []calendar.Status `json:"statuses,omitempty"`
	Assignees []calendar.ID     `json:"assignees,omitempty"`
	Kinds     []calendar.Kind   `json:"kinds,omitempty"`
}

func toFeedRecord(f *calendar.Feed) feedRecord {
	return feedRecord{Name: f.Name, Filter: feedFilterRecord(f.Filter), TitlesOnly: f.TitlesOnly, Token: f.Token,
		Created: f.Created, Revoked: f.Revoked}
}

func (r feedRecord) feed() calendar.Feed {
	return calendar.Feed{Name: r.Name, Filter: calendar.FeedFilter(r.Filter), TitlesOnly: r.TitlesOnly, Token: r.Token,
		Created: r.Created, Revoked: r.Revoked}
}

type experimentRecord struct {
	ID         calendar.ID              `json:"id"`
	Name       string                   `json:"name"`
	Hypothesis string                   `json:"hypothesis"`
	Metric     string                   `json:"metric"`
	Baseline   float64                  `json:"baseline"`
	Target     float64                  `json:"target"`
	State      calendar.ExperimentState `json:"state"`
	Arms       []armRecord              `json:"arms"`
	Learning   string                   `json:"learning"`
	Results    []resultRecord           `json:"results"`
	Created    time.Time                `json:"created"`
	Updated    time.Time                `json:"updated"`
}

type armRecord struct {
	Name string      `json:"name"`
	Post calendar.ID `json:"post"`
	Body string      `json:"body,omitempty"`
}

type resultRecord struct {
	Post     calendar.ID `json:"post"`
	Original time.Time   `json:"original"`
	Value    float64     `json:"value"`
	Note     string      `json:"note"`
	Link     string      `json:"link"`
	Recorded time.Time   `json:"recorded"`
}

func toExperimentRecord(e calendar.Experiment) experimentRecord {
	r := experimentRecord{ID: e.ID, Name: e.Name, Hypothesis: e.Hypothesis, Metric: e.Metric, Baseline: e.Baseline,
		Target: e.Target, State: e.State, Learning: e.Learning, Created: e.Created, Updated: e.Updated}
	for _, a := range e.Arms {
		r.Arms = append(r.Arms, armRecord(a))
	}
	for _, res := range e.Results {
		r.Results = append(r.Results, resultRecord(res))
	}
	return r
}

func (r experimentRecord) experiment() calendar.Experiment {
	e := calendar.Experiment{ID: r.ID, Name: r.Name, Hypothesis: r.Hypothesis, Metric: r.Metric, Baseline: r.Baseline,
		Target: r.Target, State: r.State, Learning: r.Learning, Created: r.Created, Updated: r.Updated}
	for _, a := range r.Arms {
		e.Arms = append(e.Arms, calendar.Arm(a))
	}
	for _, res := range r.Results {
		e.Results = append(e.Results, calendar.Result(res))
	}
	return e
}

type routineRecord struct {
	ID        calendar.ID          `json:"id"`
	Name      string               `json:"name"`
	Kind      calendar.RoutineKind `json:"kind"`
	Start     time.Time            `json:"start"`
	TimeZone  string               `json:"timeZone"`
	Duration  time.Duration        `json:"duration"`
	AllDay    bool                 `json:"allDay"`
	Rule      string               `json:"rule"`
	Members   []calendar.ID        `json:"members,omitempty"`
	Handovers []handoverRecord     `json:"handovers,omitempty"`
	Rotations []rotationRecord     `json:"rotations,omitempty"`
	From      int                  `json:"from,omitempty"`
	Notes     string               `json:"notes"`
	Created   time.Time            `json:"created"`
	Updated   time.Time            `json:"updated"`
	Sequence  int                  `json:"sequence"`
}

type rotationRecord struct {
	Members []calendar.ID `json:"members"`
	From    int           `json:"from"`
	Until   time.Time     `json:"until"`
}

type handoverRecord struct {
	Original time.Time   `json:"original"`
	Member   calendar.ID `json:"member"`
}

func toRoutineRecord(rt calendar.Routine) routineRecord {
	r := routineRecord{ID: rt.ID, Name: rt.Name, Kind: rt.Kind, Start: rt.Start, TimeZone: rt.TimeZone, Duration: rt.Duration,
		AllDay: rt.AllDay, Rule: rt.Rule, Members: rt.Members, Notes: rt.Notes, Created: rt.Created, Updated: rt.Updated,
		Sequence: rt.Sequence, From: rt.From}
	for _, h := range rt.Handovers {
		r.Handovers = append(r.Handovers, handoverRecord(h))
	}
	for _, rot := range rt.Rotations {
		r.Rotations = append(r.Rotations, rotationRecord(rot))
	}
	return r
}

func (r routineRecord) routine() calendar.Routine {
	rt := calendar.Routine{ID: r.ID, Name: r.Name, Kind: r.Kind, Start: r.Start, TimeZone: r.TimeZone, Duration: r.Duration,
		AllDay: r.AllDay, Rule: r.Rule, Members: r.Members, Notes: r.Notes, Created: r.Created, Updated: r.Updated,
		Sequence: r.Sequence, From: r.From}
	for _, h := range r.Handovers {
		rt.Handovers = append(rt.Handovers, calendar.Handover(h))
	}
	for _, rot := range r.Rotations {
		rt.Rotations = append(rt.Rotations, calendar.Rotation(rot))
	}
	return rt
}

func getRecord[R any](txn *badger.Txn, k []byte) (R, error) {
	var r R
	item, err := txn.Get(k)
	if err != nil {
		return r, err
	}
	err = item.Value(func(b []byte) error { return json.Unmarshal(b, &r) })
	return r, err
}

func setRecord[R any](txn *badger.Txn, k []byte, r R) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return txn.Set(k, b)
}

// listRecords reads every record under prefix, in key order, and turns
// each into its calendar type.
func listRecords[R, T any](db *DB, prefix []byte, conv func(R) T) ([]T, error) {
	var out []T
	err := db.view(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = prefix
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var r R
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &r) }); err != nil {
				return err
			}
			out = append(out, conv(r))
		}
		return nil
	})
	return out, err
}

// notFound reports whether err is Badger's "no such key".
func notFound(err error) bool { return errors.Is(err, badger.ErrKeyNotFound) }

// memo keeps a list read from the plan until the plan is written again:
// gen is the plan's generation (read before the list is, so that a write
// while it is read leaves it stale).
type memo[T any] struct {
	mu  sync.Mutex
	gen uint64
	ok  bool
	v   []T
}

func (m *memo[T]) get(gen uint64, load func() ([]T, error)) ([]T, error) {
	m.mu.Lock()
	if m.ok && m.gen == gen {
		v := m.v
		m.mu.Unlock()
		return v, nil
	}
	m.mu.Unlock()
	v, err := load()
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.gen, m.ok, m.v = gen, true, v
	m.mu.Unlock()
	return v, nil
}
