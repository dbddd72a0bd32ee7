// Package proc starts the servers that tests run against (php -S, nginx,
// MariaDB) as child processes, and knows a server has started by its own
// word: a line of its output, not a probe.
package proc

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// A Process is a server started by Start.
type Process struct {
	cmd    *exec.Cmd
	stop   os.Signal
	exited chan struct{}
	mu     sync.Mutex
	log    strings.Builder
}

// Start starts cmd, a server in the foreground, and returns once a line of
// its output (stdout or stderr) contains ready. It fails when the server
// ends first or does not say so within the given time. Stop ends it with
// stop.
func Start(cmd *exec.Cmd, ready string, stop os.Signal, within time.Duration) (*Process, error) {
	out, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdout = cmd.Stderr
	inGroup(cmd)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &Process{cmd: cmd, stop: stop, exited: make(chan struct{})}
	started := make(chan struct{})
	var once sync.Once
	go func() {
		defer close(p.exited)
		lines := bufio.NewScanner(out)
		lines.Buffer(make([]byte, 64<<10), 1<<20)
		for lines.Scan() {
			p.mu.Lock()
			p.log.WriteString(lines.Text() + "\n")
			p.mu.Unlock()
			if strings.Contains(lines.Text(), ready) {
				once.Do(func() { close(started) })
			}
		}
	}()
	select {
	case <-started:
		return p, nil
	case <-p.exited:
		_ = cmd.Wait()
		return nil, fmt.Errorf("%s ended before it started:\n%s", cmd.Path, p.Output())
	case <-time.After(within):
		_ = signal(cmd, os.Kill)
		<-p.exited
		_ = cmd.Wait()
		return nil, fmt.Errorf("%s did not start within %s:\n%s", cmd.Path, within, p.Output())
	}
}

// Output is what the server has said so far.
func (p *Process) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}

// Stop signals the server and the processes it started, and waits for it
// to end. It is an error that the server had ended before.
func (p *Process) Stop() error {
	err := signal(p.cmd, p.stop)
	<-p.exited
	_ = p.cmd.Wait() // reaps it; the error is the signal's
	if err != nil {
		return fmt.Errorf("%s ended before the test did: %w", p.cmd.Path, err)
	}
	return nil
}

// Serve is Start for a test: it fails t when the server does not start, and
// stops the server when t ends, showing its output if t failed.
func Serve(t testing.TB, cmd *exec.Cmd, ready string, stop os.Signal) *Process {
	t.Helper()
	p, err := Start(cmd, ready, stop, 15*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Stop(); err != nil {
			t.Error(err)
		}
		if t.Failed() {
			t.Logf("%s said:\n%s", cmd.Path, p.Output())
		}
	})
	return p
}

// FreeAddr returns an address of 127.0.0.1 with a port nothing listens on.
func FreeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := l.Addr().String()
	return addr, l.Close()
}

// PHPCommand returns php -S on a free address of 127.0.0.1 with args after
// it (a router, -t DOCROOT), the words it says once it listens, and its
// base URL.
func PHPCommand(args ...string) (cmd *exec.Cmd, ready, base string, err error) {
	php, err := exec.LookPath("php")
	if err != nil {
		return nil, "", "", errors.New("php is not installed: install the Debian package php-cli (make test does)")
	}
	addr, err := FreeAddr()
	if err != nil {
		return nil, "", "", err
	}
	return exec.Command(php, append([]string{"-S", addr}, args...)...), "Development Server (http://" + addr + ") started", "http://" + addr, nil
}

// PHP serves args (a router, -t DOCROOT) under php -S for the test, with
// env added to the environment, and returns its base URL.
func PHP(t testing.TB, env []string, args ...string) string {
	t.Helper()
	cmd, ready, base, err := PHPCommand(args...)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Env = append(os.Environ(), env...)
	Serve(t, cmd, ready, os.Kill)
	return base
}
