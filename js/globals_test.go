package browser_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The library leaves one global, Favorites: Go's glue (Go, and the fs,
// process and path stand-ins that wasm_exec.js sets) stays in its scope,
// since a page's own Go program or a library testing for `process` would
// trip over them.
func TestOnlyFavoritesIsGlobal(t *testing.T) {
	skipBaseline(t)
	ctx := newContext(t)
	open(t, ctx, "/t/globals")
	assert.Equal(t, "", eval[string](t, ctx,
		`["Go", "fs", "process", "path", "__favoritesInit"].filter(k => k in globalThis).join(",")`))
	assert.Equal(t, "object", eval[string](t, ctx, `typeof Favorites`))
	// And it still works after its glue left the global scope, and leaves
	// none once it has loaded the core.
	assert.Len(t, eval[[]Item](t, ctx, `Favorites.add({id: "g1"})`), 1)
	assert.Equal(t, "", eval[string](t, ctx,
		`["Go", "fs", "process", "path", "__favoritesInit"].filter(k => k in globalThis).join(",")`))
}
