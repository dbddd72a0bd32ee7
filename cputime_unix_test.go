//go:build unix

package favorites

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime returns a function that reports, as cpu-ns/op, the CPU time the
// process spent (user and system, the garbage collector's included) per
// iteration since cpuTime was called. On a machine shared with other work,
// wall time per iteration varies with the load; CPU time much less.
func cpuTime(b *testing.B) func() {
	start := rusage()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(rusage()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func rusage() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
