package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"postplan/publish/davtest"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestPublishFromTheCommandLine sets publishing up with the password on
// standard input, publishes, shows where, publishes an unchanged plan
// (nothing uploaded), runs --watch until SIGTERM, and turns it off with the
// files deleted.
func TestPublishFromTheCommandLine(t *testing.T) {
	srv := davtest.Rclone(t)
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // the password file's folder
	if code, _, stderr := runCLI(t, "demo", "--data", dir); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := runCLI(t, "feeds", "add", "--data", dir, "--name", "Launch", "--campaign", "launch"); code != 0 {
		t.Fatal(stderr)
	}
	in := func(stdin string, args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(args, cli{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, started: time.Now()})
		return code, out.String(), errOut.String()
	}

	code, _, stderr := in(srv.Pass+"\n", "publish", "setup", "--data", dir, "--url", srv.URL(""), "--user", srv.User, "--keep", "file", "--feed", "Nope")
	if code != 1 || !strings.Contains(stderr, `there is no feed called "Nope"`) {
		t.Fatalf("an unknown feed: %d %s", code, stderr)
	}
	code, _, stderr = in(srv.Pass+"\n", "publish", "setup", "--data", dir, "--url", "http://cloud.example.com/", "--user", srv.User)
	if code != 1 || !strings.Contains(stderr, "--url: The address must start with https://") {
		t.Fatalf("plain http: %d %s", code, stderr)
	}
	code, stdout, stderr := in(srv.Pass+"\n", "publish", "setup", "--data", dir, "--url", srv.URL(""), "--user", srv.User,
		"--keep", "file", "--feed", "Launch", "--lang", "sv")
	if code != 0 || !strings.Contains(stdout, "5 uploaded, 0 deleted, 0 unchanged") {
		t.Fatalf("setup: %d\n%s%s", code, stdout, stderr)
	}
	if files := srv.Files(t, ""); len(files) != 5 {
		t.Fatalf("the server holds %d files", len(files))
	}
	code, stdout, _ = runCLI(t, "publish", "status", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "Launch\n  calendar:  "+srv.URL("")+"launch-") || !strings.Contains(stdout, "Password kept in: file") {
		t.Errorf("status:\n%s", stdout)
	}
	code, stdout, stderr = runCLI(t, "publish", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "0 uploaded, 0 deleted, 5 unchanged") {
		t.Errorf("an unchanged plan: %d %s%s", code, stdout, stderr)
	}
	// A password file (systemd's LoadCredential) wins over the one kept.
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte("wrong\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI(t, "publish", "--data", dir, "--password-file", pwFile)
	if code != 1 || !strings.Contains(stderr, "refused the user name or password") {
		t.Errorf("a wrong password file: %d %s", code, stderr)
	}

	// --watch publishes at once (the files were removed on the server) and
	// stops cleanly on SIGTERM.
	for name := range srv.Files(t, "") {
		srv.Delete(t, name)
	}
	var out, errOut lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"publish", "--watch", "--data", dir}, cli{stdout: &out, stderr: &errOut, started: time.Now()})
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "published\n") || len(srv.Files(t, "")) != 5 {
		if time.Now().After(deadline) {
			t.Fatalf("--watch did not publish:\n%s%s", out.String(), errOut.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("--watch exited %d: %s", code, errOut.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("--watch did not stop on SIGTERM")
	}

	code, stdout, stderr = runCLI(t, "publish", "off", "--data", dir, "--delete")
	if code != 0 || !strings.Contains(stdout, "Publishing is off.") {
		t.Fatalf("off: %d %s%s", code, stdout, stderr)
	}
	if files := srv.Files(t, ""); len(files) != 0 {
		t.Errorf("after off --delete the server holds %v", files)
	}
	if _, stdout, _ = runCLI(t, "publish", "status", "--data", dir); !strings.Contains(stdout, "not set up") {
		t.Errorf("status after off: %s", stdout)
	}
	if entries, _ := os.ReadDir(filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "postplan-credentials")); len(entries) != 0 {
		t.Errorf("the password file is still there after off: %v", entries)
	}
}
