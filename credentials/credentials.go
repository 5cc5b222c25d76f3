// Package credentials keeps the passwords Postplan needs to reach a
// team's server, and never in the plan: in the operating system's keyring
// (Secret Service on Linux, the Keychain on macOS, Credential Manager on
// Windows), or where no keyring answers, in a file only the user can read
// outside the data folder, or in memory for this run only. Publishing uses
// it now; sharing a plan through CalDAV will use it too.
package credentials

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/zalando/go-keyring"

	"postplan/atomicfile"
)

// Where a password is kept.
const (
	Keyring = "keyring" // the system's keyring
	File    = "file"    // a file readable by the user only
	Session = "session" // typed at each start, forgotten at exit
)

// Places lists where a password can be kept.
var Places = []string{Keyring, File, Session}

// service names Postplan's entries in the keyring.
const service = "postplan"

// keyringTimeout bounds a keyring call: a locked keyring with nobody to
// unlock it (a headless box) would otherwise wait for ever.
const keyringTimeout = 20 * time.Second

// ErrNone means no password is kept for the key where it was looked for.
var ErrNone = errors.New("no password is kept")

// Store reads and writes passwords by key ("user@https://host/folder/").
type Store struct {
	dir string // the File place's folder

	mu      sync.Mutex
	session map[string]string
}

// New returns a Store whose files go into dir; "" means DefaultDir.
func New(dir string) *Store {
	if dir == "" {
		dir = DefaultDir()
	}
	return &Store{dir: dir, session: map[string]string{}}
}

// DefaultDir is where the File place keeps passwords: beside the default
// data folder, not in it, so no backup, export or copy of the plan holds
// one (postplan-credentials in the user's configuration folder).
func DefaultDir() string {
	base, err := os.UserConfigDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "postplan-credentials")
}

// Dir returns the File place's folder.
func (s *Store) Dir() string { return s.dir }

// KeyringWorks says whether the system's keyring answers, and if not, why.
func (s *Store) KeyringWorks() error {
	if runtime.GOOS == "linux" && !sessionBus() {
		return errors.New("no D-Bus session is running, so there is no Secret Service")
	}
	_, err := withTimeout(func() (string, error) { return keyring.Get(service, "probe") })
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return err
}

// sessionBus reports whether a D-Bus session bus can be found without
// starting one: go-keyring would otherwise run dbus-launch and leave a
// daemon behind.
func sessionBus() bool {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && a != "autolaunch:" {
		return true
	}
	_, err := os.Stat(fmt.Sprintf("/run/user/%d/bus", os.Getuid()))
	return err == nil
}

// Set keeps password for key in place, and removes it from the other
// places, so a key has one password in one place.
func (s *Store) Set(place, key, password string) error {
	if password == "" {
		return errors.New("the password is empty")
	}
	var err error
	switch place {
	case Keyring:
		if err = s.KeyringWorks(); err == nil {
			_, err = withTimeout(func() (string, error) { return "", keyring.Set(service, key, password) })
		}
	case File:
		err = s.writeFile(key, password)
	case Session:
		s.mu.Lock()
		s.session[key] = password
		s.mu.Unlock()
	default:
		return fmt.Errorf("unknown place %q", place)
	}
	if err != nil {
		return err
	}
	for _, other := range Places {
		if other != place {
			_ = s.remove(other, key)
		}
	}
	return nil
}

// Get returns the password kept for key in place, or ErrNone.
func (s *Store) Get(place, key string) (string, error) {
	switch place {
	case Keyring:
		if err := s.KeyringWorks(); err != nil {
			return "", err
		}
		pw, err := withTimeout(func() (string, error) { return keyring.Get(service, key) })
		if errors.Is(err, keyring.ErrNotFound) {
			return "", ErrNone
		}
		return pw, err
	case File:
		b, err := os.ReadFile(s.path(key))
		if errors.Is(err, os.ErrNotExist) {
			return "", ErrNone
		}
		return strings.TrimRight(string(b), "\r\n"), err
	case Session:
		s.mu.Lock()
		defer s.mu.Unlock()
		if pw, ok := s.session[key]; ok {
			return pw, nil
		}
		return "", ErrNone
	}
	return "", fmt.Errorf("unknown place %q", place)
}

// Delete forgets key's password wherever it is kept.
func (s *Store) Delete(key string) error {
	var errs []error
	for _, place := range Places {
		if err := s.remove(place, key); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (s *Store) remove(place, key string) error {
	switch place {
	case Keyring:
		if s.KeyringWorks() != nil {
			return nil
		}
		_, err := withTimeout(func() (string, error) { return "", keyring.Delete(service, key) })
		if errors.Is(err, keyring.ErrNotFound) {
			return nil
		}
		return err
	case File:
		err := os.Remove(s.path(key))
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return err
	case Session:
		s.mu.Lock()
		delete(s.session, key)
		s.mu.Unlock()
	}
	return nil
}

// path names key's file by a hash, so the folder's listing does not show
// which servers and users it holds passwords for.
func (s *Store) path(key string) string {
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(s.dir, hex.EncodeToString(sum[:12]))
}

// writeFile writes the password readable by the user only, in a folder
// only the user can open, replacing any earlier one whole.
func (s *Store) writeFile(key, password string) error {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return err
	}
	if err := os.Chmod(s.dir, 0o700); err != nil {
		return err
	}
	return atomicfile.Write(context.Background(), s.path(key), []byte(password), nil)
}

// ReadFile reads a password from a file the user names (`postplan publish
// --password-file`, systemd's LoadCredential): its first line.
func ReadFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	pw, _, _ := strings.Cut(string(b), "\n")
	pw = strings.TrimRight(pw, "\r")
	if pw == "" {
		return "", fmt.Errorf("%s holds no password", path)
	}
	return pw, nil
}

func withTimeout(fn func() (string, error)) (string, error) {
	type result struct {
		v   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := fn()
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-time.After(keyringTimeout):
		return "", errors.New("the keyring did not answer (is it locked?)")
	}
}
