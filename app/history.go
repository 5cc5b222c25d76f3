package app

import (
	"reflect"
	"sync"
	"time"

	"postplan/calendar"
)

// historyLimit is how many steps back Undo can go. The brief asks for 50;
// a step is two post snapshots, so more costs little.
const historyLimit = 200

// change is one post going from one state to another; nil means the post
// did not exist.
type change struct {
	id       calendar.ID
	from, to *calendar.Post
}

// step is one user action, which may change several posts (splitting a
// series changes one and creates another).
type step struct {
	label   string
	changes []change
}

// history keeps the steps made in this window so they can be undone and
// redone. It holds whole posts rather than inverse operations, so undoing
// a move of "this and following" restores both series exactly.
type history struct {
	mu         sync.Mutex
	undo, redo []step
}

func (h *history) record(label string, changes ...change) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i := range changes {
		changes[i].from, changes[i].to = snapshot(changes[i].from), snapshot(changes[i].to)
	}
	h.push(label, changes)
}

func (h *history) push(label string, changes []change) {
	h.undo = append(h.undo, step{label: label, changes: changes})
	if len(h.undo) > historyLimit {
		h.undo = h.undo[len(h.undo)-historyLimit:]
	}
	h.redo = nil
}

func snapshot(p *calendar.Post) *calendar.Post {
	if p == nil {
		return nil
	}
	return p.Clone()
}

// samePost reports whether a and b are the same version of a post as far
// as the user can tell: undo and redo restore content, and restoring gives
// a post a new stamp and sequence, which must not make the step before it
// look like a conflict.
func samePost(a, b *calendar.Post) bool {
	if a == nil || b == nil {
		return a == b
	}
	x, y := *a, *b
	x.Updated, y.Updated, x.Sequence, y.Sequence = time.Time{}, time.Time{}, 0, 0
	return reflect.DeepEqual(normal(&x), normal(&y))
}

// normal makes empty lists and maps nil, which the store does not keep
// apart.
func normal(p *calendar.Post) *calendar.Post {
	if len(p.Channels) == 0 {
		p.Channels = nil
	}
	if len(p.Tags) == 0 {
		p.Tags = nil
	}
	if len(p.Media) == 0 {
		p.Media = nil
	}
	if len(p.Variants) == 0 {
		p.Variants = nil
	}
	if len(p.Overrides) == 0 {
		p.Overrides = nil
	}
	if p.Recurrence != nil {
		r := *p.Recurrence
		if len(r.ExDates) == 0 {
			r.ExDates = nil
		}
		if len(r.RDates) == 0 {
			r.RDates = nil
		}
		p.Recurrence = &r
	}
	return p
}

// HistoryState tells the window what Undo and Redo would do.
type HistoryState struct {
	Done string `json:"done"` // the label of the step just undone or redone; empty if there was none
	Undo string `json:"undo"` // the label of the step Undo would take back, or empty
	Redo string `json:"redo"`
}

func (h *history) state() HistoryState {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.stateLocked()
}

func (h *history) stateLocked() HistoryState {
	var s HistoryState
	if n := len(h.undo); n > 0 {
		s.Undo = h.undo[n-1].label
	}
	if n := len(h.redo); n > 0 {
		s.Redo = h.redo[n-1].label
	}
	return s
}

// Undo takes back the last step and returns what Undo and Redo would do
// next.
func (p *Planner) Undo() (HistoryState, error) {
	return p.travel(&p.history.undo, &p.history.redo, "undo")
}

// Redo repeats the last step taken back.
func (p *Planner) Redo() (HistoryState, error) {
	return p.travel(&p.history.redo, &p.history.undo, "redo")
}

// History returns what Undo and Redo would do.
func (p *Planner) History() HistoryState { return p.history.state() }

// travel pops a step from one stack, puts every post it changed back as it
// was, and pushes the reverse step on the other stack. If any of those
// posts was changed since (by an import, say), nothing is written.
func (p *Planner) travel(from, to *[]step, op string) (HistoryState, error) {
	h := &p.history
	h.mu.Lock()
	defer h.mu.Unlock()
	n := len(*from)
	if n == 0 {
		return HistoryState{}, nil
	}
	s := (*from)[n-1]
	for _, c := range s.changes {
		now, err := p.store.FindPost(p.ctx, c.id)
		if calendar.ErrorCode(err) == calendar.ENOTFOUND {
			now, err = nil, nil
		} else if err != nil {
			return HistoryState{}, p.fail(op, err)
		}
		if !samePost(now, c.to) {
			*from = (*from)[:n-1]
			return HistoryState{}, p.fail(op, calendar.Errorf(calendar.ECONFLICT,
				"Cannot %s the %s: the post was changed another way since.", op, s.label))
		}
	}
	back := step{label: s.label}
	for _, c := range s.changes {
		var written *calendar.Post
		if c.from == nil {
			if err := p.store.DeletePost(p.ctx, c.id); err != nil {
				return HistoryState{}, p.fail(op, err)
			}
		} else {
			written = c.from.Clone()
			if err := p.store.RestorePost(p.ctx, written); err != nil {
				return HistoryState{}, p.fail(op, err)
			}
			written = snapshot(written)
		}
		back.changes = append(back.changes, change{id: c.id, from: c.to, to: written})
	}
	*from = (*from)[:n-1]
	*to = append(*to, back)
	st := h.stateLocked()
	st.Done = s.label
	return st, nil
}
