package testsite

import (
	"bufio"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// startLimit bounds how long Serve waits for a server's word that it
// listens.
const startLimit = 15 * time.Second

// FreeAddr returns an address of 127.0.0.1 with a port nothing listens on.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// Serve starts cmd, a server in the foreground, and waits until its output
// has a line containing ready: the server's own word that it listens, not a
// probe. When the test ends, Serve stops it with stop and waits for it; a
// failed test logs what it said.
func Serve(t testing.TB, cmd *exec.Cmd, ready string, stop os.Signal) {
	t.Helper()
	out, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = cmd.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var (
		mu   sync.Mutex
		log  strings.Builder
		once sync.Once
	)
	started, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		lines := bufio.NewScanner(out)
		for lines.Scan() {
			mu.Lock()
			log.WriteString(lines.Text() + "\n")
			mu.Unlock()
			if strings.Contains(lines.Text(), ready) {
				once.Do(func() { close(started) })
			}
		}
	}()
	said := func() string {
		mu.Lock()
		defer mu.Unlock()
		return log.String()
	}
	t.Cleanup(func() {
		if err := cmd.Process.Signal(stop); err != nil {
			t.Errorf("%s ended before the test did: %v", cmd.Path, err)
		}
		<-exited
		_ = cmd.Wait() // reaps it; the error is the signal's
		if t.Failed() {
			t.Logf("%s said:\n%s", cmd.Path, said())
		}
	})
	select {
	case <-started:
	case <-exited:
		t.Fatalf("%s ended before it started:\n%s", cmd.Path, said())
	case <-time.After(startLimit):
		t.Fatalf("%s did not start within %v:\n%s", cmd.Path, startLimit, said())
	}
}

// StartPHP serves docroot under PHP's built-in server (php -S) on a free
// port of 127.0.0.1 until the test ends, and returns its base URL. router
// is the router script, every request's first stop ("" for none); docroot
// "" is the test's directory; env is added to the server's environment
// (NAME=value). Relative paths are the test's directory's.
func StartPHP(t testing.TB, docroot, router string, env ...string) string {
	t.Helper()
	php, err := exec.LookPath("php")
	if err != nil {
		t.Fatal("php is not installed: install the Debian package php-cli (make test does)")
	}
	addr := FreeAddr(t)
	args := []string{"-S", addr}
	if docroot != "" {
		args = append(args, "-t", abs(t, docroot))
	}
	if router != "" {
		args = append(args, abs(t, router))
	}
	cmd := exec.Command(php, args...)
	cmd.Env = append(os.Environ(), env...)
	// php -S says "Development Server (http://ADDR) started" once it
	// listens.
	Serve(t, cmd, "Development Server (http://"+addr+") started", os.Kill)
	return "http://" + addr
}

func abs(t testing.TB, path string) string {
	t.Helper()
	p, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
