package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"postplan/calendar"
	"postplan/feedhttp"
	"postplan/feedrender"
	"postplan/storage"
)

// Sharing modes: who can reach the feed server.
const (
	SharingOff     = "off"
	SharingLocal   = "local"   // this computer only (127.0.0.1)
	SharingNetwork = "network" // the local network (all interfaces)
)

// DefaultFeedPort is the feed server's port unless the user picks another.
const DefaultFeedPort = 8765

// Feeds manages the plan's feeds and the feed server inside the app.
type Feeds struct {
	ctx context.Context
	db  *storage.DB
	log *slog.Logger
	// renderer outlives each server sharing starts, and the publisher
	// renders through it too (see Run).
	renderer *feedrender.Renderer

	mu      sync.Mutex
	sharing sharingSettings
	srv     *http.Server
	addr    string // where srv listens, when running
}

type sharingSettings struct {
	Mode string `json:"mode"`
	Port int    `json:"port"`
}

// SharingView is the feed server's state as the window shows it.
type SharingView struct {
	Mode    string `json:"mode"`
	Port    int    `json:"port"`
	Running bool   `json:"running"`
	BaseURL string `json:"baseUrl"` // http://host:port that subscribers use; "" while not running
}

// FeedView is one feed as the window lists it.
type FeedView struct {
	Name string `json:"name"`
	// The addresses are "" while sharing is off: only an address that
	// answers is shown.
	HTTPURL    string   `json:"httpUrl"`
	WebcalURL  string   `json:"webcalUrl"`
	WeekURL    string   `json:"weekUrl"` // the read-only week at a glance of what the feed shows
	TitlesOnly bool     `json:"titlesOnly"`
	Campaigns  []string `json:"campaigns"`
	Channels   []string `json:"channels"`
	Statuses   []string `json:"statuses"`
	Assignees  []string `json:"assignees"`
	Kinds      []string `json:"kinds"`
	Revoked    bool     `json:"revoked"`
}

// NewFeeds returns the Feeds service over db.
func NewFeeds(db *storage.DB, log *slog.Logger) *Feeds {
	return &Feeds{ctx: context.Background(), db: db, log: log, renderer: feedrender.New(db, log.With("component", "feeds")),
		sharing: sharingSettings{Mode: SharingOff, Port: DefaultFeedPort}}
}

// startup restores the sharing the user chose last time. A port taken in
// the meantime leaves sharing off and says so in the log; the feeds view
// shows it off, and the user can pick another port.
func (f *Feeds) startup(ctx context.Context) {
	f.ctx = ctx
	var s sharingSettings
	if ok, err := f.db.Setting(ctx, "sharing", &s); err != nil || !ok {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sharing = s
	if s.Mode != SharingOff {
		if err := f.listen(s); err != nil {
			f.log.Warn("feed server not started", "err", err)
			f.sharing.Mode = SharingOff
		}
	}
}

// shutdown stops the feed server with the window.
func (f *Feeds) shutdown() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stop()
}

func (f *Feeds) stop() {
	if f.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = f.srv.Shutdown(ctx)
		f.srv, f.addr = nil, ""
	}
}

func (f *Feeds) listen(s sharingSettings) error {
	host := "127.0.0.1"
	if s.Mode == SharingNetwork {
		host = "0.0.0.0"
	}
	srv, ln, err := feedhttp.Listen(net.JoinHostPort(host, fmt.Sprint(s.Port)), feedhttp.NewWith(f.db, f.renderer, f.log).Handler())
	if err != nil {
		return err
	}
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			f.log.Error("feed server", "err", err)
		}
	}()
	f.srv, f.addr = srv, ln.Addr().String()
	f.log.Info("feed server started", "addr", f.addr, "mode", s.Mode)
	return nil
}

// Sharing returns the feed server's state.
func (f *Feeds) Sharing() SharingView {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.view()
}

func (f *Feeds) view() SharingView {
	return SharingView{Mode: f.sharing.Mode, Port: f.sharing.Port, Running: f.srv != nil, BaseURL: f.baseURL()}
}

// baseURL is the address subscribers use: loopback for this computer, the
// machine's LAN address for the network. It is "" while the server is not
// listening: the window shows no address that would not answer.
func (f *Feeds) baseURL() string {
	if f.srv == nil {
		return ""
	}
	host := "127.0.0.1"
	if f.sharing.Mode == SharingNetwork {
		host = lanAddress()
	}
	return fmt.Sprintf("http://%s", net.JoinHostPort(host, fmt.Sprint(f.sharing.Port)))
}

// lanAddress is the first non-loopback IPv4 address, the one colleagues on
// the same network can reach.
func lanAddress() string {
	addrs, err := net.InterfaceAddrs()
	if err == nil {
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() && ipn.IP.To4() != nil {
				return ipn.IP.String()
			}
		}
	}
	return "127.0.0.1"
}

// SetSharing turns the feed server off, or on for this computer or the local
// network, on a port. A port in use is refused with a message and nothing
// changes.
func (f *Feeds) SetSharing(mode string, port int) (SharingView, error) {
	switch {
	case mode != SharingOff && mode != SharingLocal && mode != SharingNetwork:
		return SharingView{}, toBridge(f.log, "sharing", calendar.FieldErrorf("mode", "Sharing must be off, local or network."))
	case port < 1024 || port > 65535:
		return SharingView{}, toBridge(f.log, "sharing", calendar.FieldErrorf("port", "The port must be between 1024 and 65535."))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	next := sharingSettings{Mode: mode, Port: port}
	prev := f.sharing
	f.stop()
	if mode != SharingOff {
		if err := f.listen(next); err != nil {
			if prev.Mode != SharingOff {
				if rerr := f.listen(prev); rerr != nil {
					f.sharing.Mode = SharingOff
				}
			}
			return f.view(), toBridge(f.log, "sharing", calendar.FieldErrorf("port", "%s", calendar.ErrorMessage(err)))
		}
	}
	f.sharing = next
	if err := f.db.PutSetting(f.ctx, "sharing", next); err != nil {
		return f.view(), toBridge(f.log, "sharing", err)
	}
	return f.view(), nil
}

// List returns every feed with its addresses.
func (f *Feeds) List() ([]FeedView, error) {
	feeds, err := f.db.Feeds(f.ctx)
	if err != nil {
		return nil, toBridge(f.log, "list feeds", err)
	}
	f.mu.Lock()
	base := f.baseURL()
	f.mu.Unlock()
	views := make([]FeedView, len(feeds))
	for i := range feeds {
		views[i] = toFeedView(&feeds[i], base)
	}
	return views, nil
}

func toFeedView(fd *calendar.Feed, base string) FeedView {
	v := FeedView{Name: fd.Name, TitlesOnly: fd.TitlesOnly, Campaigns: fd.Filter.Campaigns, Channels: fd.Filter.Channels, Revoked: fd.IsRevoked()}
	if !v.Revoked && base != "" {
		v.HTTPURL = base + feedhttp.URLPath(fd.Token)
		v.WebcalURL = "webcal://" + strings.TrimPrefix(v.HTTPURL, "http://")
		v.WeekURL = base + feedhttp.WeekPath(fd.Token)
	}
	v.Statuses, v.Assignees, v.Kinds = []string{}, []string{}, []string{}
	for _, k := range fd.Filter.Kinds {
		v.Kinds = append(v.Kinds, string(k))
	}
	for _, s := range fd.Filter.Statuses {
		v.Statuses = append(v.Statuses, string(s))
	}
	for _, a := range fd.Filter.Assignees {
		v.Assignees = append(v.Assignees, string(a))
	}
	if v.Campaigns == nil {
		v.Campaigns = []string{}
	}
	if v.Channels == nil {
		v.Channels = []string{}
	}
	return v
}

// FeedHolds is what a feed gives its subscribers: its number of events (a
// repeating post is one) and the next three.
type FeedHolds struct {
	Events int            `json:"events"`
	Next   []FeedNextView `json:"next"`
}

// FeedNextView is one of a feed's next occurrences.
type FeedNextView struct {
	Title  string `json:"title"`
	Start  string `json:"start"` // RFC 3339, or a date for an all-day one
	AllDay bool   `json:"allDay"`
}

// Holds says what the named feed holds now.
func (f *Feeds) Holds(name string) (FeedHolds, error) {
	feeds, err := f.db.Feeds(f.ctx)
	if err != nil {
		return FeedHolds{}, toBridge(f.log, "feed contents", err)
	}
	i := slices.IndexFunc(feeds, func(fd calendar.Feed) bool { return fd.Name == name })
	if i < 0 {
		return FeedHolds{}, toBridge(f.log, "feed contents", calendar.Errorf(calendar.ENOTFOUND, "There is no feed called %q.", name))
	}
	c, err := calendar.LoadFeed(f.ctx, f.db, &feeds[i], time.Now())
	if err != nil {
		return FeedHolds{}, toBridge(f.log, "feed contents", err)
	}
	events, next := c.Upcoming(time.Now(), 3)
	h := FeedHolds{Events: events, Next: []FeedNextView{}}
	for _, o := range next {
		v := FeedNextView{Title: o.Title(), Start: o.Start.Format(time.RFC3339), AllDay: o.Post.AllDay}
		if v.AllDay {
			v.Start = o.Start.Format(time.DateOnly)
		}
		h.Next = append(h.Next, v)
	}
	return h, nil
}

// FeedInput is a new feed from the window; an empty list means "all".
type FeedInput struct {
	Name       string   `json:"name"`
	Campaigns  []string `json:"campaigns"`
	Channels   []string `json:"channels"`
	Statuses   []string `json:"statuses"`
	Assignees  []string `json:"assignees"`
	Kinds      []string `json:"kinds"` // posts, experiments, meetings, rota
	TitlesOnly bool     `json:"titlesOnly"`
}

// Create adds a feed.
func (f *Feeds) Create(in FeedInput) (FeedView, error) {
	fd := calendar.Feed{Name: strings.TrimSpace(in.Name), TitlesOnly: in.TitlesOnly,
		Filter: calendar.FeedFilter{Campaigns: in.Campaigns, Channels: in.Channels}}
	for _, s := range in.Statuses {
		fd.Filter.Statuses = append(fd.Filter.Statuses, calendar.Status(s))
	}
	for _, a := range in.Assignees {
		fd.Filter.Assignees = append(fd.Filter.Assignees, calendar.ID(a))
	}
	for _, k := range in.Kinds {
		fd.Filter.Kinds = append(fd.Filter.Kinds, calendar.Kind(k))
	}
	if err := f.db.CreateFeed(f.ctx, &fd); err != nil {
		return FeedView{}, toBridge(f.log, "create feed", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return toFeedView(&fd, f.baseURL()), nil
}

// FilterChoice is a campaign or channel a feed can be limited to.
type FilterChoice struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// FilterChoices are what a new feed can be limited to.
type FilterChoices struct {
	Campaigns []FilterChoice `json:"campaigns"`
	Channels  []FilterChoice `json:"channels"`
	Statuses  []FilterChoice `json:"statuses"`
	Assignees []FilterChoice `json:"assignees"`
	Kinds     []FilterChoice `json:"kinds"`
}

// FilterChoices lists the campaigns and channels a new feed can show.
func (f *Feeds) FilterChoices() (FilterChoices, error) {
	out := FilterChoices{Campaigns: []FilterChoice{}, Channels: []FilterChoice{}, Statuses: []FilterChoice{}, Assignees: []FilterChoice{},
		Kinds: []FilterChoice{}}
	for _, k := range calendar.Kinds {
		out.Kinds = append(out.Kinds, FilterChoice{Value: string(k), Label: string(k)})
	}
	for _, s := range calendar.Statuses {
		out.Statuses = append(out.Statuses, FilterChoice{Value: string(s), Label: string(s)})
	}
	members, err := f.db.Members(f.ctx)
	if err != nil {
		return out, toBridge(f.log, "feed filters", err)
	}
	for _, m := range members {
		out.Assignees = append(out.Assignees, FilterChoice{Value: string(m.ID), Label: m.Name})
	}
	cs, err := f.db.Campaigns(f.ctx)
	if err != nil {
		return out, toBridge(f.log, "feed filters", err)
	}
	chs, err := f.db.Channels(f.ctx)
	if err != nil {
		return out, toBridge(f.log, "feed filters", err)
	}
	for _, c := range cs {
		out.Campaigns = append(out.Campaigns, FilterChoice{Value: c.Tag, Label: c.Name})
	}
	for _, c := range chs {
		out.Channels = append(out.Channels, FilterChoice{Value: c.Name, Label: c.Name})
	}
	return out, nil
}

// Revoke turns a feed's address off at once.
func (f *Feeds) Revoke(name string) error {
	if err := f.db.RevokeFeed(f.ctx, name); err != nil {
		return toBridge(f.log, "revoke feed", err)
	}
	f.renderer.Forget(name)
	return nil
}

// Rotate gives a feed a new address; subscribers of the old one stop
// getting updates.
func (f *Feeds) Rotate(name string) (FeedView, error) {
	fd, err := f.db.RotateFeedToken(f.ctx, name)
	if err != nil {
		return FeedView{}, toBridge(f.log, "rotate feed", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return toFeedView(fd, f.baseURL()), nil
}
