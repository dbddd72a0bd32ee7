package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parseBench reads go test -bench lines, with the -N suffix dropped and
// the custom cpu-ns/op metric kept; a line without it is an error, as the
// report is made of it.
func TestParseBench(t *testing.T) {
	out := []byte(`goos: linux
goarch: amd64
pkg: github.com/favorites-dev/favorites
BenchmarkRead-2         	   10000	     39700 ns/op	 206.07 MB/s	     39650 cpu-ns/op	   15360 B/op	       3 allocs/op
BenchmarkCookieHeader-2 	   50000	     11900 ns/op	     11800 cpu-ns/op	     800 B/op	       5 allocs/op
PASS
`)
	got, err := parseBench(out)
	require.NoError(t, err)
	assert.Equal(t, map[string]serverFigure{
		"BenchmarkRead":         {CPUNs: 39650, Bytes: 15360, Allocs: 3},
		"BenchmarkCookieHeader": {CPUNs: 11800, Bytes: 800, Allocs: 5},
	}, got)

	_, err = parseBench([]byte("BenchmarkWrite-2 \t 100 \t 86400 ns/op \t 33280 B/op \t 28 allocs/op\n"))
	assert.Error(t, err, "no cpu-ns/op")
}
