package cookie

import (
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShimChunkNames holds the shim's count of chunks (js/load.js), by
// which it tells from the cookies' names alone whether a list is stored,
// to MaxCookies.
func TestShimChunkNames(t *testing.T) {
	src, err := os.ReadFile("../../js/load.js")
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^var MAX_CHUNKS = (\d+);`).FindSubmatch(src)
	require.NotNil(t, m, "var MAX_CHUNKS in js/load.js")
	assert.Equal(t, strconv.Itoa(MaxCookies), string(m[1]))
	// The shim's pattern: NAME, and NAME_ followed by one digit from 1.
	assert.Equal(t, "favorites", Name("favorites", 0))
	for i := 1; i < MaxCookies; i++ {
		assert.Equal(t, "favorites_"+strconv.Itoa(i), Name("favorites", i))
	}
	assert.Less(t, MaxCookies, 11, "one digit")
}
