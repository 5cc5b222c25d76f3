// Package davtest runs real WebDAV servers on 127.0.0.1 for tests: rclone's
// (apt rclone) and Apache's mod_dav (apt apache2-bin, started from its
// binary with a configuration of its own, no system service). Each serves a
// temporary folder with basic authentication, answers before Start
// returns, and is stopped by the test's cleanup.
package davtest

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Server is one running WebDAV server.
type Server struct {
	Name string
	// Root is the folder served; User and Pass its credentials.
	Root       string
	User, Pass string
	port       int
	args       func() (string, []string)
	cmd        *exec.Cmd
	out        *bytes.Buffer
	done       chan struct{} // closed when the server has exited
}

// URL is the served folder's address, for a folder sub inside it.
func (s *Server) URL(sub string) string {
	u := fmt.Sprintf("http://127.0.0.1:%d/", s.port)
	if sub != "" {
		u += sub + "/"
	}
	return u
}

func shaBase64(pw string) string {
	sum := sha1.Sum([]byte(pw))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// User and Pass are the servers' credentials unless a test changes them.
const User, Pass = "anna", "Ærlig talt-42"

// Rclone starts `rclone serve webdav`.
func Rclone(t testing.TB) *Server {
	t.Helper()
	s := &Server{Name: "rclone", Root: t.TempDir(), port: freePort(t), User: User, Pass: Pass}
	s.args = func() (string, []string) {
		return "rclone", []string{"serve", "webdav", s.Root, "--addr", fmt.Sprintf("127.0.0.1:%d", s.port),
			"--user", s.User, "--pass", s.Pass, "--config", "/dev/null", "--log-level", "ERROR"}
	}
	s.Start(t)
	return s
}

// Apache starts Apache with mod_dav and mod_dav_fs.
func Apache(t testing.TB) *Server {
	t.Helper()
	// Not t.TempDir(): its parent is closed to other users, and Apache
	// started as root serves as www-data.
	dir, err := os.MkdirTemp("", "postplan-apache-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := &Server{Name: "apache", Root: filepath.Join(dir, "dav"), port: freePort(t), User: User, Pass: Pass}
	for _, d := range []string{s.Root, filepath.Join(dir, "lock")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Apache started as root serves as www-data, which must own the
	// folders it writes; started as anyone else it runs as that user.
	runAs := ""
	if os.Getuid() == 0 {
		u, err := user.Lookup("www-data")
		if err != nil {
			t.Fatal(err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		for _, d := range []string{dir, s.Root, filepath.Join(dir, "lock")} {
			if err := os.Chown(d, uid, gid); err != nil {
				t.Fatal(err)
			}
		}
		runAs = "User www-data\nGroup www-data\n"
	}
	// {SHA} is one of the password formats Apache's mod_authn_file reads.
	users := fmt.Sprintf("%s:{SHA}%s\n", s.User, shaBase64(s.Pass))
	if err := os.WriteFile(filepath.Join(dir, "users"), []byte(users), 0o644); err != nil {
		t.Fatal(err)
	}
	m := "/usr/lib/apache2/modules"
	conf := fmt.Sprintf(`ServerRoot %[1]s
Listen 127.0.0.1:%[2]d
PidFile %[1]s/httpd.pid
ErrorLog %[1]s/error.log
LoadModule mpm_event_module %[3]s/mod_mpm_event.so
LoadModule authn_core_module %[3]s/mod_authn_core.so
LoadModule authn_file_module %[3]s/mod_authn_file.so
LoadModule authz_core_module %[3]s/mod_authz_core.so
LoadModule authz_user_module %[3]s/mod_authz_user.so
LoadModule auth_basic_module %[3]s/mod_auth_basic.so
LoadModule dav_module %[3]s/mod_dav.so
LoadModule dav_fs_module %[3]s/mod_dav_fs.so
%[4]sServerName localhost
DocumentRoot %[5]s
DavLockDB %[1]s/lock/davlock
<Directory />
  AllowOverride None
</Directory>
<Directory %[5]s>
  Dav On
  AuthType Basic
  AuthName "dav"
  AuthUserFile %[1]s/users
  Require valid-user
</Directory>
`, dir, s.port, m, runAs, s.Root)
	if err := os.WriteFile(filepath.Join(dir, "httpd.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	s.args = func() (string, []string) {
		return "/usr/sbin/apache2", []string{"-f", filepath.Join(dir, "httpd.conf"), "-DFOREGROUND"}
	}
	t.Cleanup(func() {
		if t.Failed() {
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Logf("apache's error log:\n%s", b)
		}
	})
	s.Start(t)
	return s
}

// Start runs the server in its own process group and waits until it
// answers an authenticated PROPFIND; the test's cleanup stops it.
func (s *Server) Start(t testing.TB) {
	t.Helper()
	name, args := s.args()
	s.out = &bytes.Buffer{}
	s.cmd = exec.Command(name, args...)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("%s does not start (make test installs it): %v", name, err)
	}
	done, cmd := make(chan struct{}), s.cmd
	s.done = done
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	t.Cleanup(func() { s.Stop() })
	deadline := time.Now().Add(20 * time.Second)
	for {
		req, _ := http.NewRequest("PROPFIND", s.URL(""), nil)
		req.SetBasicAuth(s.User, s.Pass)
		req.Header.Set("Depth", "0")
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusMultiStatus {
				break
			}
		}
		select {
		case <-done:
			t.Fatalf("%s exited (%v):\n%s", s.Name, cmd.ProcessState, s.out)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer in 20 s:\n%s", s.Name, s.out)
		}
	}
}

// Stop ends the server and everything it started, and waits for it.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.done
	}
	// Apache's children may outlive the parent by a moment.
	for i := 0; i < 100 && syscall.Kill(-s.cmd.Process.Pid, 0) == nil; i++ {
		time.Sleep(20 * time.Millisecond)
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	s.cmd = nil
}

// Files lists the folder's files by name, with their contents.
func (s *Server) Files(t testing.TB, sub string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(s.Root, sub))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(s.Root, sub, e.Name()))
		if errors.Is(err, os.ErrNotExist) {
			continue // moved or deleted since the listing: a publish is under way
		} else if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

// Delete removes a file through the server, as another client would.
func (s *Server) Delete(t testing.TB, name string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodDelete, s.URL("")+name, nil)
	req.SetBasicAuth(s.User, s.Pass)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode/100 != 2 {
		t.Fatalf("DELETE %s: %s", name, res.Status)
	}
}
