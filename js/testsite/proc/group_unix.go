//go:build unix

package proc

import (
	"os"
	"os/exec"
	"syscall"
)

// inGroup makes cmd the leader of a process group of its own, so that
// signal reaches the workers it forks too (php -S with
// PHP_CLI_SERVER_WORKERS, nginx), which would outlive it otherwise.
func inGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}

func signal(cmd *exec.Cmd, s os.Signal) error {
	if n, ok := s.(syscall.Signal); ok {
		return syscall.Kill(-cmd.Process.Pid, n)
	}
	return cmd.Process.Signal(s)
}
