package publish

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-webdav"
)

// remote is the WebDAV folder of a target. go-webdav moves and deletes;
// the listing and the uploads are our own requests (see list and upload).
type remote struct {
	dav    *webdav.Client
	http   *recorder
	folder *url.URL
}

// recorder sends requests with the target's credentials and remembers the
// status of the last response, which go-webdav's errors do not expose.
type recorder struct {
	c              *http.Client
	user, password string

	mu   sync.Mutex
	last int
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	if r.user != "" || r.password != "" {
		req.SetBasicAuth(r.user, r.password)
	}
	resp, err := r.c.Do(req)
	r.mu.Lock()
	r.last = 0
	if err == nil {
		r.last = resp.StatusCode
	}
	r.mu.Unlock()
	return resp, err
}

func (r *recorder) status() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

// NewHTTPClient returns the client publishing uses: the system's
// certificate checks, a timeout per request, and no redirect that would
// send the password in the clear.
func NewHTTPClient() *http.Client {
	return &http.Client{
		Timeout: 60 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.URL.Scheme != "https" && !Loopback(req.URL.Hostname()) {
				return errors.New("the server redirected to an address without https")
			}
			if len(via) >= 5 {
				return errors.New("the server redirected too often")
			}
			return nil
		},
	}
}

func dial(c *http.Client, t Target, password string) (*remote, error) {
	folder, err := url.Parse(t.URL)
	if err != nil {
		return nil, err
	}
	rec := &recorder{c: c, user: t.User, password: password}
	dav, err := webdav.NewClient(rec, t.URL)
	if err != nil {
		return nil, err
	}
	return &remote{dav: dav, http: rec, folder: folder}, nil
}

// list returns the ETag of every file in the folder, by name, as the
// server wrote it. It is a PROPFIND of our own: go-webdav's ReadDir
// refuses weak ETags (W/"..."), which Apache's mod_dav gives a file changed
// in the last second (go-webdav issue #118).
func (r *remote) list(ctx context.Context) (map[string]string, error) {
	const body = `<?xml version="1.0" encoding="utf-8"?><propfind xmlns="DAV:"><prop><resourcetype/><getetag/></prop></propfind>`
	req, err := http.NewRequestWithContext(ctx, "PROPFIND", r.folder.String(), strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Depth", "1")
	req.Header.Set("Content-Type", `application/xml; charset="utf-8"`)
	resp, err := r.http.Do(req)
	if err != nil {
		return nil, r.fail("list", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusMultiStatus {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, r.fail("list", fmt.Errorf("%s", resp.Status))
	}
	var ms struct {
		Responses []struct {
			Href      string `xml:"DAV: href"`
			Propstats []struct {
				Collection *struct{} `xml:"DAV: prop>resourcetype>collection"`
				ETag       string    `xml:"DAV: prop>getetag"`
			} `xml:"DAV: propstat"`
		} `xml:"DAV: response"`
	}
	if err := xml.NewDecoder(io.LimitReader(resp.Body, 32<<20)).Decode(&ms); err != nil {
		return nil, r.fail("list", fmt.Errorf("the server's folder listing is not WebDAV: %w", err))
	}
	dir := path.Clean("/" + r.folder.Path)
	out := map[string]string{}
	for _, res := range ms.Responses {
		u, err := url.Parse(res.Href)
		if err != nil {
			continue
		}
		p := path.Clean("/" + u.Path)
		isDir, etag := false, ""
		for _, ps := range res.Propstats {
			isDir = isDir || ps.Collection != nil
			if ps.ETag != "" {
				etag = ps.ETag
			}
		}
		if isDir || path.Dir(p) != dir {
			continue
		}
		out[path.Base(p)] = etag
	}
	return out, nil
}

// put writes a file whole: uploaded under a temporary name, then moved over
// the old one, so a colleague's calendar never reads half a feed. A server
// that refuses MOVE gets the file directly.
func (r *remote) put(ctx context.Context, name, contentType string, body []byte) error {
	tmp := tempName()
	if err := r.upload(ctx, tmp, contentType, body); err != nil {
		return err
	}
	err := r.dav.Move(ctx, tmp, name, &webdav.MoveOptions{})
	if err == nil {
		return nil
	}
	status := r.http.status()
	_ = r.remove(ctx, tmp)
	if status == http.StatusMethodNotAllowed || status == http.StatusNotImplemented || status == http.StatusForbidden {
		return r.upload(ctx, name, contentType, body)
	}
	return r.fail("move", err)
}

// upload is a plain PUT with a length and a type, which every WebDAV server
// takes (go-webdav's Create streams it chunked, which some refuse).
func (r *remote) upload(ctx context.Context, name, contentType string, body []byte) error {
	u := r.folder.ResolveReference(&url.URL{Path: name})
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, u.String(), bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := r.http.Do(req)
	if err != nil {
		return r.fail("upload", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return r.fail("upload", fmt.Errorf("%s", resp.Status))
	}
	return nil
}

// remove deletes a file; one already gone is not an error.
func (r *remote) remove(ctx context.Context, name string) error {
	err := r.dav.RemoveAll(ctx, name)
	if err != nil && r.http.status() == http.StatusNotFound {
		return nil
	}
	if err != nil {
		return r.fail("delete", err)
	}
	return nil
}

// tempPrefix starts the names of uploads not yet moved into place.
const tempPrefix = "postplan-upload-"

func tempName() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return tempPrefix + hex.EncodeToString(b) + ".tmp"
}

// remoteError is a failed request with the status the server gave, if it
// answered at all.
type remoteError struct {
	op     string
	status int
	err    error
}

func (e *remoteError) Error() string {
	if e.status != 0 {
		return fmt.Sprintf("%s: HTTP %d: %v", e.op, e.status, e.err)
	}
	return fmt.Sprintf("%s: %v", e.op, e.err)
}

func (e *remoteError) Unwrap() error { return e.err }

func (r *remote) fail(op string, err error) error {
	return &remoteError{op: op, status: r.http.status(), err: err}
}
