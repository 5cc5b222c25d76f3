// Package instance keeps one window per plan. The first Postplan to open a
// plan listens on a loopback port named in the data folder; a second launch
// over the same plan finds the plan locked, asks the first to bring its
// window forward, and exits 0.
//
// Wails' own SingleInstanceLock is not used: on Linux its second launch
// exits with status 1 (internal/frontend/desktop/linux/single_instance.go),
// it needs a D-Bus session, and it runs inside wails.Run, after the plan's
// lock that a second launch meets first. The plan's lock is the one place
// that knows a plan is open, so the hand-over starts there.
package instance

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"postplan/atomicfile"
)

// FileName is the file in the data folder that says where the open window
// listens: "127.0.0.1:port token".
const FileName = "postplan.instance"

// Listener answers second launches while the window is open.
type Listener struct {
	ln   net.Listener
	path string
	done chan struct{}
}

// Listen starts answering second launches over the plan in dir: each one
// that proves it can read the data folder (the token in FileName) calls
// raise. The caller holds the plan's lock, so a file left by a crash is
// stale and replaced.
func Listen(dir string, raise func()) (*Listener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		ln.Close()
		return nil, err
	}
	token := hex.EncodeToString(b)
	path := filepath.Join(dir, FileName)
	if err := atomicfile.Write(context.Background(), path, []byte(ln.Addr().String()+" "+token+"\n"), nil); err != nil {
		ln.Close()
		return nil, err
	}
	l := &Listener{ln: ln, path: path, done: make(chan struct{})}
	go l.serve(token, raise)
	return l, nil
}

func (l *Listener) serve(token string, raise func()) {
	defer close(l.done)
	for {
		c, err := l.ln.Accept()
		if err != nil {
			return // closed
		}
		go func() {
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(2 * time.Second))
			line, err := bufio.NewReader(c).ReadString('\n')
			if err != nil || strings.TrimSpace(line) != "raise "+token {
				return
			}
			raise()
			_, _ = c.Write([]byte("ok\n"))
		}()
	}
}

// Close stops answering and removes the file.
func (l *Listener) Close() error {
	err := l.ln.Close()
	<-l.done
	if rerr := os.Remove(l.path); rerr != nil && !errors.Is(rerr, os.ErrNotExist) && err == nil {
		err = rerr
	}
	return err
}

// Raise asks the window open over the plan in dir to come forward. An
// error means no window answered: the plan is held by something else (the
// command line, `postplan serve`) or the window is still starting.
func Raise(dir string, timeout time.Duration) error {
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		return fmt.Errorf("no open window: %w", err)
	}
	addr, token, ok := strings.Cut(strings.TrimSpace(string(b)), " ")
	if !ok || !strings.HasPrefix(addr, "127.0.0.1:") {
		return errors.New("no open window: the instance file is not one")
	}
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return fmt.Errorf("no open window: %w", err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(timeout))
	if _, err := c.Write([]byte("raise " + token + "\n")); err != nil {
		return err
	}
	reply, err := bufio.NewReader(c).ReadString('\n')
	if err != nil || strings.TrimSpace(reply) != "ok" {
		return fmt.Errorf("the open window did not answer: %v", err)
	}
	return nil
}
