package storage

import (
	"context"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"postplan/calendar"
)

// Experiments are few and small, so they are kept as JSON like the team;
// their series are ordinary posts marked with the experiment's ID, and every
// change to an experiment is checked against those posts in the transaction
// that writes it.

// CreateExperiment saves a new experiment and the series that carry its
// arms, in one transaction. posts has one series, or two when each arm has
// its own; arm i is carried by posts[min(i, len(posts)-1)]. The experiment,
// its arms and the posts get their IDs here.
func (db *DB) CreateExperiment(_ context.Context, e *calendar.Experiment, posts []*calendar.Post) error {
	if len(posts) == 0 || len(posts) > 2 || len(posts) > len(e.Arms) {
		return calendar.Errorf(calendar.EINVALID, "An experiment needs one series, or one for each of its two variants.")
	}
	saved := *e
	saved.ID = db.newID()
	saved.Arms = slices.Clone(e.Arms)
	saved.Results = nil
	now := db.Now().UTC()
	saved.Created, saved.Updated = now, now
	if saved.State == "" {
		saved.State = calendar.ExperimentPlanned
	}
	series := make([]*calendar.Post, len(posts))
	byID := map[calendar.ID]*calendar.Post{}
	for i, p := range posts {
		c := p.Clone()
		c.ID, c.Experiment = db.newID(), saved.ID
		c.Created, c.Updated, c.Sequence = time.Time{}, time.Time{}, 0
		series[i], byID[c.ID] = c, c
	}
	for i := range saved.Arms {
		saved.Arms[i].Post = series[min(i, len(series)-1)].ID
	}
	if saved.Alternating() {
		series[0].Body = saved.Arms[0].Body
	}
	if err := saved.ApplyArms(series[0], nil); err != nil {
		return err
	}
	err := db.update(func(txn *badger.Txn) error {
		look := txnLookup{txn}
		for _, p := range series {
			if err := p.Validate(look); err != nil {
				return err
			}
		}
		if err := saved.Validate(byID); err != nil {
			return err
		}
		if err := db.putPosts(txn, series, nil, nil, calendar.Kept{}, false); err != nil {
			return err
		}
		return setRecord(txn, experimentKey(saved.ID), toExperimentRecord(saved))
	})
	if err != nil {
		return err
	}
	*e = saved
	return nil
}

// ChangeExperiment applies change to the stored experiment and its series
// and saves both in one transaction when the result is valid; nothing is
// written when change or validation fails. Series change() altered are
// saved, with their texts rewritten when arms alternate.
func (db *DB) ChangeExperiment(_ context.Context, id calendar.ID,
	change func(e *calendar.Experiment, posts map[calendar.ID]*calendar.Post) error) (*calendar.Experiment, error) {
	var saved calendar.Experiment
	err := db.update(func(txn *badger.Txn) error {
		e, posts, err := getExperiment(txn, id)
		if err != nil {
			return err
		}
		before := make(map[calendar.ID][]byte, len(posts))
		for pid, p := range posts {
			before[pid] = encodePost(nil, p)
		}
		arms := slices.Clone(e.Arms)
		if err := change(e, posts); err != nil {
			return err
		}
		if p := posts[e.Arms[0].Post]; p != nil {
			if err := e.ApplyArms(p, arms); err != nil {
				return err
			}
		}
		if err := e.Validate(posts); err != nil {
			return err
		}
		now := db.Now().UTC()
		for pid, p := range posts {
			if string(encodePost(nil, p)) == string(before[pid]) {
				continue
			}
			if err := p.Validate(txnLookup{txn}); err != nil {
				return err
			}
			old, err := getPost(txn, pid)
			if err != nil {
				return err
			}
			p.Updated = laterThan(now, old.Updated)
			if calendar.NeedsNewSequence(old, p) {
				p.Sequence = old.Sequence + 1
			}
			if err := db.replaceEntries(txn, old, p); err != nil {
				return err
			}
		}
		e.Updated = laterThan(now, e.Updated)
		saved = *e
		return setRecord(txn, experimentKey(id), toExperimentRecord(*e))
	})
	if err != nil {
		return nil, err
	}
	return &saved, nil
}

// laterThan is now, or just after prev when the clock stood still or went
// back, so that an Updated stamp always moves forward.
func laterThan(now, prev time.Time) time.Time {
	if now.After(prev) {
		return now
	}
	return prev.Add(time.Microsecond)
}

// FindExperiment returns an experiment and the series of its arms by ID.
func (db *DB) FindExperiment(_ context.Context, id calendar.ID) (*calendar.Experiment, map[calendar.ID]*calendar.Post, error) {
	var e *calendar.Experiment
	var posts map[calendar.ID]*calendar.Post
	err := db.view(func(txn *badger.Txn) error {
		var err error
		e, posts, err = getExperiment(txn, id)
		return err
	})
	return e, posts, err
}

func getExperiment(txn *badger.Txn, id calendar.ID) (*calendar.Experiment, map[calendar.ID]*calendar.Post, error) {
	r, err := getRecord[experimentRecord](txn, experimentKey(id))
	if notFound(err) {
		return nil, nil, calendar.Errorf(calendar.ENOTFOUND, "That experiment is not in the plan.")
	} else if err != nil {
		return nil, nil, err
	}
	e := r.experiment()
	posts := map[calendar.ID]*calendar.Post{}
	for _, a := range e.Arms {
		if posts[a.Post] != nil {
			continue
		}
		p, err := getPost(txn, a.Post)
		if err != nil && calendar.ErrorCode(err) != calendar.ENOTFOUND {
			return nil, nil, err
		}
		if p != nil {
			posts[a.Post] = p
		}
	}
	return &e, posts, nil
}

// Experiments returns every experiment, oldest first.
//
// The week at a glance asks for them on every draw, and decoding every
// experiment's JSON record was a third of its time in a large plan: they
// are kept decoded until the plan is next written. Each call gets its own
// copies of the lists inside them.
func (db *DB) Experiments(_ context.Context) ([]calendar.Experiment, error) {
	exps, err := db.experiments.get(db.gen.Load(), func() ([]calendar.Experiment, error) {
		return listRecords(db, experimentPrefix, experimentRecord.experiment)
	})
	if err != nil || exps == nil {
		return nil, err
	}
	out := make([]calendar.Experiment, len(exps))
	for i, e := range exps {
		e.Arms, e.Results = slices.Clone(e.Arms), slices.Clone(e.Results)
		out[i] = e
	}
	return out, nil
}

// DeleteExperiment removes an experiment and its results. Its series stay in
// the plan as ordinary posts.
func (db *DB) DeleteExperiment(_ context.Context, id calendar.ID) error {
	return db.update(func(txn *badger.Txn) error {
		e, posts, err := getExperiment(txn, id)
		if err != nil {
			return err
		}
		for _, p := range posts {
			old := p.Clone()
			p.Experiment = ""
			p.Updated = laterThan(db.Now().UTC(), old.Updated)
			if err := db.replaceEntries(txn, old, p); err != nil {
				return err
			}
		}
		return txn.Delete(experimentKey(e.ID))
	})
}

// checkExperimentSeries is run when one of an experiment's series is saved
// through the ordinary post editor: alternating texts follow a changed rule,
// and a change that would break the experiment (no end to the repeat, too
// many occurrences) is refused.
func checkExperimentSeries(txn *badger.Txn, p *calendar.Post) error {
	if p.Experiment == "" {
		return nil
	}
	e, posts, err := getExperiment(txn, p.Experiment)
	if calendar.ErrorCode(err) == calendar.ENOTFOUND {
		return nil // a copy of a series, or the experiment was deleted
	} else if err != nil {
		return err
	}
	if !slices.ContainsFunc(e.Arms, func(a calendar.Arm) bool { return a.Post == p.ID }) {
		return nil
	}
	posts[p.ID] = p
	if err := e.ApplyArms(p, nil); err != nil {
		return err
	}
	return e.Validate(posts)
}

// SaveExperiment writes an experiment as it is, under its own ID, for
// imports: its series must already be in the plan. One the plan changed
// after the file's copy was written (calendar.OlderCopy: results entered
// since) is left as it is, and written says so.
func (db *DB) SaveExperiment(_ context.Context, e calendar.Experiment) (written bool, err error) {
	if e.ID == "" {
		return false, calendar.FieldErrorf("id", "An experiment to import needs its ID.")
	}
	now := db.Now().UTC()
	if e.Created.IsZero() {
		e.Created = now
	}
	stamp := e.Updated
	if e.Updated.IsZero() {
		e.Updated = now
	}
	err = db.update(func(txn *badger.Txn) error {
		written = false // afresh: update runs this again after a conflict
		old, err := getRecord[experimentRecord](txn, experimentKey(e.ID))
		if err == nil && calendar.OlderCopy(old.experiment().Updated, stamp, 0, 0) {
			return nil
		} else if err != nil && !notFound(err) {
			return err
		}
		posts := map[calendar.ID]*calendar.Post{}
		for _, a := range e.Arms {
			p, err := getPost(txn, a.Post)
			if err != nil {
				return err
			}
			if p.Experiment != e.ID {
				return calendar.Errorf(calendar.EINVALID, "The series %q belongs to another experiment.", p.Title)
			}
			posts[a.Post] = p
		}
		if err := e.Validate(posts); err != nil {
			return err
		}
		written = true
		return setRecord(txn, experimentKey(e.ID), toExperimentRecord(e))
	})
	return written && err == nil, err
}

// ReportCache is where the week at a glance keeps the experiments' series'
// timelines (calendar.ReportCacher).
func (db *DB) ReportCache() *calendar.ReportCache { return &db.reports }
