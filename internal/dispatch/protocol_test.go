package dispatch

import (
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProtocolNumbers holds the shim's numbers for the operations, the
// value kinds and the argument count (js/core.js) to the ones here.
func TestProtocolNumbers(t *testing.T) {
	src, err := os.ReadFile("../../js/core.js")
	require.NoError(t, err)
	object := func(name string) map[string]int {
		m := regexp.MustCompile(`(?m)^var ` + name + ` = \{([^}]*)\};`).FindSubmatch(src)
		require.NotNil(t, m, "var %s in js/core.js", name)
		out := map[string]int{}
		for _, kv := range regexp.MustCompile(`(\w+): (\d+)`).FindAllSubmatch(m[1], -1) {
			out[string(kv[1])], _ = strconv.Atoi(string(kv[2]))
		}
		return out
	}
	assert.Equal(t, map[string]int{
		"configure": Configure, "has": Has, "add": Add, "remove": Remove,
		"toggle": Toggle, "clear": Clear, "sync": Sync,
	}, object("OP"))
	assert.Equal(t, map[string]int{
		"undefined": int(Undefined), "null": int(Null), "string": int(String),
		"number": int(Number), "boolean": int(Boolean), "object": int(Object),
	}, object("KIND"))
	m := regexp.MustCompile(`(?m)^var MAX_ARGS = (\d+);`).FindSubmatch(src)
	require.NotNil(t, m)
	assert.Equal(t, strconv.Itoa(MaxArgs), string(m[1]))
}
