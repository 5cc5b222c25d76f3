package credentials

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

const key = "anna@https://cloud.example.com/remote.php/dav/files/anna/postplan/"

// TestTheFilePlaceIsTheUsersAlone: the password file is readable by the
// user only, in a folder only the user can open, named so the listing says
// nothing; setting it in another place removes it.
func TestTheFilePlaceIsTheUsersAlone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "creds")
	s := New(dir)
	if err := s.Set(File, key, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if pw, err := s.Get(File, key); err != nil || pw != "correct horse battery" {
		t.Fatalf("Get = %q, %v", pw, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Fatalf("folder holds %v (%v), want one file", entries, err)
	}
	if strings.Contains(entries[0].Name(), "anna") || strings.Contains(entries[0].Name(), "example") {
		t.Errorf("the file's name %q tells whose password it is", entries[0].Name())
	}
	fi, _ := entries[0].Info()
	di, _ := os.Stat(dir)
	if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
		t.Errorf("modes: file %v, folder %v; want 0600 and 0700", fi.Mode().Perm(), di.Mode().Perm())
	}
	// A second Set replaces it whole.
	if err := s.Set(File, key, "new"); err != nil {
		t.Fatal(err)
	}
	if pw, _ := s.Get(File, key); pw != "new" {
		t.Errorf("after a second Set: %q", pw)
	}
	// Kept for this run only, it leaves the disk.
	if err := s.Set(Session, key, "typed"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(File, key); !errors.Is(err, ErrNone) {
		t.Errorf("the file is still there: %v", err)
	}
	if pw, _ := s.Get(Session, key); pw != "typed" {
		t.Errorf("session: %q", pw)
	}
	if err := s.Delete(key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(Session, key); !errors.Is(err, ErrNone) {
		t.Errorf("after Delete: %v", err)
	}
	if err := s.Set(File, key, ""); err == nil {
		t.Error("an empty password was kept")
	}
}

func TestAPasswordFileGivesItsFirstLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(path, []byte("s3cret\r\nignored\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if pw, err := ReadFile(path); err != nil || pw != "s3cret" {
		t.Errorf("ReadFile = %q, %v", pw, err)
	}
	if err := os.WriteFile(path, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(path); err == nil || !strings.Contains(err.Error(), "holds no password") {
		t.Errorf("empty file: %v", err)
	}
}

// TestWithoutADBusSessionTheKeyringSaysWhy: on a headless box the keyring
// is reported missing at once, and no dbus-launch is started.
func TestWithoutADBusSessionTheKeyringSaysWhy(t *testing.T) {
	if _, err := os.Stat(filepathBus()); err == nil {
		t.Fatalf("%s exists: this machine runs a session bus, so the test cannot take it away", filepathBus())
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	s := New(t.TempDir())
	if err := s.KeyringWorks(); err == nil || !strings.Contains(err.Error(), "no D-Bus session") {
		t.Fatalf("KeyringWorks = %v", err)
	}
	if err := s.Set(Keyring, key, "pw"); err == nil {
		t.Error("Set in a keyring that does not answer succeeded")
	}
}

// TestKeyringWithARealSecretService runs itself again inside a private
// D-Bus session with gnome-keyring's Secret Service, unlocked for the
// test, in a temporary home: the password goes into the keyring and comes
// back, and nothing is written to the file place.
func TestKeyringWithARealSecretService(t *testing.T) {
	if os.Getenv("POSTPLAN_INSIDE_KEYRING") == "" {
		home := t.TempDir()
		// One daemon only, given the password on its stdin: a second
		// "gnome-keyring-daemon --start" raced the first when its control
		// socket was not up yet, started a daemon of its own with a locked
		// login keyring, and the test met a password prompt (1 run in 60).
		script := `printf 'unlock' | gnome-keyring-daemon --daemonize --unlock --components=secrets >/dev/null &&
exec "$0" -test.run '^TestKeyringWithARealSecretService$' -test.v -test.count=1`
		cmd := exec.Command("dbus-run-session", "--", "sh", "-c", script, os.Args[0])
		cmd.Env = append(os.Environ(), "POSTPLAN_INSIDE_KEYRING=1", "HOME="+home,
			"XDG_DATA_HOME="+filepath.Join(home, "share"), "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_CACHE_HOME="+filepath.Join(home, "cache"))
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestKeyringWithARealSecretService") {
			t.Fatalf("inside dbus-run-session (%v):\n%s", err, out)
		}
		return
	}
	waitForUnlockedLogin(t)
	s := New(t.TempDir())
	if err := s.KeyringWorks(); err != nil {
		t.Fatalf("gnome-keyring does not answer: %v", err)
	}
	if _, err := s.Get(Keyring, key); !errors.Is(err, ErrNone) {
		t.Fatalf("a new keyring has a password: %v", err)
	}
	if err := s.Set(File, key, "old"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set(Keyring, key, "from the keyring"); err != nil {
		t.Fatal(err)
	}
	if pw, err := s.Get(Keyring, key); err != nil || pw != "from the keyring" {
		t.Fatalf("Get = %q, %v", pw, err)
	}
	if _, err := s.Get(File, key); !errors.Is(err, ErrNone) {
		t.Errorf("the password is also on disk: %v", err)
	}
	if entries, _ := os.ReadDir(s.Dir()); len(entries) != 0 {
		t.Errorf("the file place holds %v", entries)
	}
	if err := s.Delete(key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(Keyring, key); !errors.Is(err, ErrNone) {
		t.Errorf("after Delete: %v", err)
	}
}

// waitForUnlockedLogin waits until the Secret Service owns its name and
// says the login collection is unlocked, so the test never asks for it to
// be unlocked while the daemon is still starting (that would raise a
// prompt, which has no display here).
func waitForUnlockedLogin(t *testing.T) {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("no session bus inside dbus-run-session: %v", err)
	}
	defer conn.Close()
	// Until our daemon holds the Secret Service's name, a call to it makes
	// the bus start another gnome-keyring from its service file, one that
	// was not given the password, whose login collection stays locked: on
	// a busy machine the test met that one. NameHasOwner starts nothing.
	deadline := time.Now().Add(10 * time.Second)
	for {
		var owned bool
		err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.freedesktop.secrets").Store(&owned)
		if err == nil && owned {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("gnome-keyring did not take the Secret Service's name within 10 s (%v)", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	login := conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets/collection/login")
	var last error
	for ; time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		v, err := login.GetProperty("org.freedesktop.Secret.Collection.Locked")
		if err != nil {
			last = err
			continue
		}
		if locked, ok := v.Value().(bool); ok && !locked {
			return
		}
		last = fmt.Errorf("the login collection is locked")
	}
	t.Fatalf("gnome-keyring's login collection not ready after 10 s: %v", last)
}

func filepathBus() string { return filepath.Join("/run/user", strconv.Itoa(os.Getuid()), "bus") }
