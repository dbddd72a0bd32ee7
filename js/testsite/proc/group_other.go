//go:build !unix

package proc

import (
	"os"
	"os/exec"
)

func inGroup(*exec.Cmd) {}

func signal(cmd *exec.Cmd, s os.Signal) error { return cmd.Process.Signal(s) }
