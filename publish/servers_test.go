package publish_test

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
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

// davServer is a real WebDAV server on 127.0.0.1 serving a temporary
// folder with basic authentication: rclone's (apt rclone) or Apache's
// mod_dav (apt apache2-bin, started from its binary with a configuration
// of the test's own, no system service).
type davServer struct {
	name       string
	root       string // the folder served
	port       int
	user, pass string
	args       func() (string, []string)
	cmd        *exec.Cmd
	out        *bytes.Buffer
	done       chan struct{} // closed when the server has exited
}

// URL is the served folder's address, for a folder sub inside it.
func (s *davServer) URL(sub string) string {
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

const davUser, davPass = "anna", "Ærlig talt-42"

func startRclone(t testing.TB) *davServer {
	t.Helper()
	s := &davServer{name: "rclone", root: t.TempDir(), port: freePort(t), user: davUser, pass: davPass}
	s.args = func() (string, []string) {
		return "rclone", []string{"serve", "webdav", s.root, "--addr", fmt.Sprintf("127.0.0.1:%d", s.port),
			"--user", s.user, "--pass", s.pass, "--config", "/dev/null", "--log-level", "ERROR"}
	}
	s.start(t)
	return s
}

func startApache(t testing.TB) *davServer {
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
	s := &davServer{name: "apache", root: filepath.Join(dir, "dav"), port: freePort(t), user: davUser, pass: davPass}
	for _, d := range []string{s.root, filepath.Join(dir, "lock")} {
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
		for _, d := range []string{dir, s.root, filepath.Join(dir, "lock")} {
			if err := os.Chown(d, uid, gid); err != nil {
				t.Fatal(err)
			}
		}
		runAs = "User www-data\nGroup www-data\n"
	}
	// {SHA} is one of the password formats Apache's mod_authn_file reads.
	users := fmt.Sprintf("%s:{SHA}%s\n", s.user, shaBase64(s.pass))
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
`, dir, s.port, m, runAs, s.root)
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
	s.start(t)
	return s
}

// start runs the server in its own process group and waits until it
// answers an authenticated PROPFIND; the test's cleanup stops it.
func (s *davServer) start(t testing.TB) {
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
	t.Cleanup(func() { s.stop() })
	deadline := time.Now().Add(20 * time.Second)
	for {
		req, _ := http.NewRequest("PROPFIND", s.URL(""), nil)
		req.SetBasicAuth(s.user, s.pass)
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
			t.Fatalf("%s exited (%v):\n%s", s.name, cmd.ProcessState, s.out)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer in 20 s:\n%s", s.name, s.out)
		}
	}
}

// stop ends the server and everything it started, and waits for it.
func (s *davServer) stop() {
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

// files lists the folder's files by name, with their contents.
func (s *davServer) files(t *testing.T, sub string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(s.root, sub))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(s.root, sub, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}
