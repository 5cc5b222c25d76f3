// Package publish puts the plan's feeds and week pages on the team's WebDAV
// server (Nextcloud, ownCloud, a NAS, any WebDAV share), so colleagues'
// calendars keep working while the laptop is shut. It writes each file
// atomically where the server allows it, only when what it says changed,
// and removes the files of feeds no longer published. It knows nothing of
// the window: the window, `postplan publish` and the tests use it alike.
package publish

import (
	"net"
	"net/url"
	"slices"
	"strings"

	"postplan/calendar"
	"postplan/calendar/weekreport"
	"postplan/credentials"
)

// Target is where the plan's feeds are published, as the user set it up.
// The password is not here: it lives where Keep says (package credentials).
type Target struct {
	// URL is the WebDAV folder the files go into.
	URL  string `json:"url"`
	User string `json:"user"`
	// Keep is where the password is kept: credentials.Keyring, File or
	// Session.
	Keep string `json:"keep"`
	// PublicURL is the folder's address for colleagues, when it is not URL:
	// a Nextcloud public link's ".../download?path=/&files=", say. Empty
	// means URL.
	PublicURL string `json:"publicUrl,omitempty"`
	// Feeds names the feeds published.
	Feeds []string `json:"feeds"`
	// Language is the week pages' language.
	Language string `json:"language"`
}

// setting is the name Target is saved under.
const setting = "publish"

// Key names the target's password in package credentials.
func (t Target) Key() string { return t.User + "@" + t.URL }

// Publishes reports whether the feed is chosen for publishing.
func (t Target) Publishes(name string) bool { return slices.Contains(t.Feeds, name) }

// Normalize trims the target's fields and ends the folder's address with a
// slash, as WebDAV names folders.
func (t Target) Normalize() Target {
	t.URL = strings.TrimSpace(t.URL)
	if t.URL != "" && !strings.HasSuffix(t.URL, "/") {
		t.URL += "/"
	}
	t.User = strings.TrimSpace(t.User)
	t.PublicURL = strings.TrimSpace(t.PublicURL)
	if t.Language == "" {
		t.Language = "en"
	}
	if t.Keep == "" {
		t.Keep = credentials.Keyring
	}
	return t
}

// Validate checks a normalized target; errors name the field.
func (t Target) Validate() error {
	if err := checkAddress(t.URL, "url"); err != nil {
		return err
	}
	if t.PublicURL != "" {
		if err := checkAddress(t.PublicURL, "publicUrl"); err != nil {
			return err
		}
	}
	if !slices.Contains(credentials.Places, t.Keep) {
		return calendar.FieldErrorf("keep", "Keep the password in the keyring, in a file, or for this session only.")
	}
	if !slices.Contains(weekreport.Languages, t.Language) {
		return calendar.FieldErrorf("language", "Choose English, Danish or Swedish.")
	}
	return nil
}

// checkAddress accepts https addresses, and http ones on this computer
// only (a test server): a password and a plan must not cross a network in
// the clear.
func checkAddress(raw, field string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return calendar.FieldErrorf(field, "Enter the folder's full address, starting with https://.")
	}
	if u.User != nil {
		return calendar.FieldErrorf(field, "Leave the user name and password out of the address; enter them in their own fields.")
	}
	if u.Scheme == "http" && !Loopback(u.Hostname()) {
		return calendar.FieldErrorf(field, "The address must start with https://, so the password and the plan travel encrypted.")
	}
	return nil
}

// Loopback reports whether host is this computer.
func Loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
