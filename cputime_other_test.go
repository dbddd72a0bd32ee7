//go:build !unix

package favorites

import "testing"

// cpuTime reports nothing where there is no getrusage.
func cpuTime(*testing.B) func() { return func() {} }
