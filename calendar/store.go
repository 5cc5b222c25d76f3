package calendar

import (
	"context"
	"time"
)

// PostStore keeps posts. Every write is durable when it returns, checks the
// post with Validate inside the same transaction, and changes nothing when it
// fails.
type PostStore interface {
	// CreatePost gives p an ID, its created/updated stamps and sequence 0,
	// and saves it.
	CreatePost(ctx context.Context, p *Post) error
	// UpdatePost saves p over the stored post with the same ID. p.Updated
	// must be the stored post's: a post changed by someone else in the
	// meantime gives ECONFLICT. Sequence goes up when NeedsNewSequence.
	UpdatePost(ctx context.Context, p *Post) error
	// DeletePost removes a post and leaves a Tombstone for TombstoneTTL.
	DeletePost(ctx context.Context, id ID) error
	// RestorePost puts a post back under its own ID, replacing what is
	// there and removing its tombstone: undo.
	RestorePost(ctx context.Context, p *Post) error
	// FindPost returns one post, or ENOTFOUND.
	FindPost(ctx context.Context, id ID) (*Post, error)
	// Occurrences returns every occurrence overlapping [from, to), sorted
	// by start. It reads the posts starting in the window and the series
	// whose span overlaps it, never the whole plan.
	Occurrences(ctx context.Context, from, to time.Time) ([]Occurrence, error)
	// Backlog returns the undated posts (ideas), oldest first.
	Backlog(ctx context.Context) ([]*Post, error)
	// Tombstones returns the posts deleted since the given time.
	Tombstones(ctx context.Context, since time.Time) ([]Tombstone, error)
}

// TeamStore keeps the team's campaigns, members and channels.
type TeamStore interface {
	PutCampaign(ctx context.Context, c Campaign) error
	DeleteCampaign(ctx context.Context, tag string) error
	Campaigns(ctx context.Context) ([]Campaign, error)
	// CreateMember gives m an ID and saves it.
	CreateMember(ctx context.Context, m *Member) error
	PutMember(ctx context.Context, m Member) error
	Members(ctx context.Context) ([]Member, error)
	// PutChannel adds a team channel or changes a channel's target and limit.
	PutChannel(ctx context.Context, c Channel) error
	// Channels returns DefaultChannels merged with the team's own.
	Channels(ctx context.Context) ([]Channel, error)
}

// TombstoneTTL is how long a deleted post is remembered, so that subscribed
// calendars that refresh rarely still learn it was cancelled.
const TombstoneTTL = 90 * 24 * time.Hour

// Tombstone is what remains of a deleted post.
type Tombstone struct {
	Post    *Post
	Deleted time.Time
}

// Import is what one import of a file writes: its posts, and the campaigns,
// channels and members they bring that the plan does not have yet.
type Import struct {
	Campaigns []Campaign
	Channels  []Channel
	Members   []Member
	Posts     []*Post
	// Kept is what the file's format cannot hold: a post already in the
	// plan keeps those fields (see Merge). The zero value replaces the
	// post, as a JSON export holds all of it.
	Kept Kept
	// Validated is the plan's generation at which a reader validated
	// each post, against the plan and this import's team (0: not done).
	// While the plan is at it, Classify does not validate new posts
	// again; a post the plan has is merged first, and validated then.
	Validated uint64
	// Checked is what Classify said of this import. SaveImport trusts its
	// checks, rather than validating every post again, while the plan is
	// at the generation Classify saw; the zero value checks.
	Checked ImportResult
}

// ImportResult counts what an import does with its posts: adds them,
// changes posts already in the plan, or finds them as they are (and writes
// nothing for them, so no subscriber sees them change).
type ImportResult struct {
	New, Updated, Unchanged int
	// Older counts posts the plan changed after the file's copy was
	// written (see Older): kept as the plan has them, not written.
	Older int
	// Generation is the plan's generation the import was checked
	// against (see Import.Checked); 0 when unknown.
	Generation uint64
}

// ImportStore writes imports.
type ImportStore interface {
	// SaveImport writes an import, all or nothing: posts are created or
	// replaced by ID (merged as Kept says), a post the import does not
	// change is not written, nor one the plan changed after the file's
	// copy was written (see Older), and the team comes in the same write.
	// Cancelling ctx, an error or a crash half-way leaves the plan as it
	// was.
	SaveImport(ctx context.Context, imp Import) (ImportResult, error)
	// Classify says what SaveImport would do, writing nothing.
	Classify(ctx context.Context, imp Import) (ImportResult, error)
}
