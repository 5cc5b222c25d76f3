package publish

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"time"

	"postplan/calendar"
)

// Kinds of problem, for the window to say what to do and for the retries.
const (
	ProblemPassword     = "password"     // the server refused the user name or password
	ProblemNeedPassword = "needPassword" // no password is kept: type it
	ProblemFolder       = "folder"       // the folder does not exist
	ProblemNetwork      = "network"      // no network, or the server does not answer
	ProblemCertificate  = "certificate"  // the server's certificate is not valid
	ProblemServer       = "server"       // the server answered with an error
	ProblemKeyring      = "keyring"      // the keyring did not give the password
)

// Problem is why the last publish failed, in words the window translates
// (Error carries the message's format and arguments).
type Problem struct {
	Kind string
	Err  *calendar.Error
}

func (p *Problem) Error() string { return p.Err.Error() }

// retryAfter is how long to wait before trying again by itself: soon for a
// network that may come back, rarely for a password a server keeps
// refusing (servers lock accounts that try too often).
func (p *Problem) retryAfter(first, most time.Duration, failures int) time.Duration {
	switch p.Kind {
	case ProblemNetwork, ProblemServer:
		d := first << min(max(failures, 0), 10)
		if d > most || d <= 0 {
			d = most
		}
		return d
	case ProblemNeedPassword:
		return 0 // waits for the password
	}
	return 10 * most
}

// describe turns what went wrong talking to the server into a Problem; the
// password never appears in it (URLs are printed without user info, and
// requests never carry it in the URL).
func describe(err error, t Target) *Problem {
	var pr *Problem
	if errors.As(err, &pr) {
		return pr
	}
	host := hostOf(t.URL)
	var re *remoteError
	status := 0
	if errors.As(err, &re) {
		status = re.status
	}
	var certErr *x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return &Problem{ProblemPassword, calendar.Errorf(calendar.EINVALID, "The server %s refused the user name or password.", host)}
	case status == http.StatusNotFound || status == http.StatusConflict:
		return &Problem{ProblemFolder, calendar.Errorf(calendar.ENOTFOUND, "The folder %s does not exist on the server.", t.URL)}
	case status == http.StatusInsufficientStorage:
		return &Problem{ProblemServer, calendar.Errorf(calendar.EINTERNAL, "The server %s is out of space.", host)}
	case status >= 500:
		return &Problem{ProblemServer, calendar.Errorf(calendar.EINTERNAL, "The server %s failed (%s).", host, statusText(status))}
	case status != 0:
		return &Problem{ProblemServer, calendar.Errorf(calendar.EINVALID, "The server %s refused the upload (%s).", host, statusText(status))}
	case errors.As(err, &certErr), errors.As(err, &hostErr), errors.As(err, &invalid):
		return &Problem{ProblemCertificate, calendar.Errorf(calendar.EINVALID, "The certificate of %s is not valid, so nothing was sent.", host)}
	case errors.As(err, &dnsErr):
		return &Problem{ProblemNetwork, calendar.Errorf(calendar.ENOTFOUND, "No network: %s cannot be found.", host)}
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &opErr), isTimeout(err):
		return &Problem{ProblemNetwork, calendar.Errorf(calendar.ENOTFOUND, "No network: the server %s does not answer.", host)}
	}
	return &Problem{ProblemServer, calendar.Errorf(calendar.EINTERNAL, "Publishing to %s failed: %s", host, err.Error())}
}

func isTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return t
	}
	return http.StatusText(http.StatusInternalServerError)
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}
