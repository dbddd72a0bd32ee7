//go:build js && wasm

package main

import (
	"encoding/json"
	"strings"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites/internal/dispatch"
	"github.com/favorites-dev/favorites/internal/jartest"
)

// These tests run under Node (make wasm-test), whose preload
// (testdata/node_imports.js) gives the module js/core.js's imports and the
// tests its coreCall, so that each call crosses the boundary as a page's
// does: arguments written into Go's memory by JavaScript, the answer read
// out of it, the cookie read and written through the imports.

// installDocument installs globalThis.document whose cookie property reads
// and writes jar through a getter and a setter, as a browser's does. Where
// jar.Throw is set, the accessors throw, as document.cookie does in a sandboxed
// frame: the Go callbacks answer null, and JavaScript throws.
func installDocument(t *testing.T, jar *jartest.Jar) {
	t.Helper()
	get := js.FuncOf(func(js.Value, []js.Value) any {
		if jar.Throw {
			return nil
		}
		return jar.Cookies()
	})
	set := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if jar.Throw {
			return nil
		}
		jar.SetCookie(args[0].String())
		return true
	})
	document := js.Global().Call("eval", `(get, set) => ({
		get cookie() {
			const v = get();
			if (v === null) throw new DOMException("denied", "SecurityError");
			return v;
		},
		set cookie(s) {
			if (set(s) === null) throw new DOMException("denied", "SecurityError");
		},
	})`).Invoke(get, set)
	js.Global().Set("document", document)
	t.Cleanup(func() {
		js.Global().Delete("document")
		get.Release()
		set.Release()
	})
}

// newCore starts a core over a fake document and returns the function the
// shim would call.
func newCore(t *testing.T) (js.Value, *jartest.Jar) {
	t.Helper()
	doc := jartest.New()
	installDocument(t, doc)
	jar = documentJar{}
	core = dispatch.New(&jar, now)
	return js.Global().Call("favoritesCore"), doc
}

type answer struct {
	Sync   json.RawMessage `json:"sync"`
	Result json.RawMessage `json:"result"`
	Error  string          `json:"error"`
}

func call(t *testing.T, fn js.Value, op int, args ...any) answer {
	t.Helper()
	out := fn.Invoke(append([]any{op}, args...)...)
	require.Equal(t, js.TypeString, out.Type())
	var a answer
	require.NoError(t, json.Unmarshal([]byte(out.String()), &a), "not JSON: %s", out.String())
	return a
}

type item struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// changed returns the list after a change.
func changed(t *testing.T, a answer) []item {
	t.Helper()
	require.Empty(t, a.Error)
	var r struct{ Items []item }
	require.NoError(t, json.Unmarshal(a.Result, &r))
	return r.Items
}

// written returns the item a change wrote: the last of the list.
func written(t *testing.T, a answer) item {
	t.Helper()
	items := changed(t, a)
	require.NotEmpty(t, items, "a change that writes an item: %s", a.Result)
	return items[len(items)-1]
}

// Every kind of argument crosses as the page gave it.
func TestArguments(t *testing.T) {
	fn, _ := newCore(t)
	eval := func(expr string) js.Value { return js.Global().Call("eval", expr) }

	assert.Equal(t, item{"1", "One 🙂 مرحبا, \"q\"", "/one"},
		written(t, call(t, fn, dispatch.Add, "1", "One 🙂 مرحبا, \"q\"", "/one")))
	// A number id is the page's String(n).
	assert.Equal(t, "1e+21", written(t, call(t, fn, dispatch.Add, 1e21)).ID)
	assert.Equal(t, "0.30000000000000004", written(t, call(t, fn, dispatch.Add, eval("0.1 + 0.2"))).ID)
	assert.Equal(t, "-7", written(t, call(t, fn, dispatch.Add, -7)).ID)
	// A lone surrogate is U+FFFD, as everywhere text meets UTF-8.
	assert.Equal(t, "a\uFFFDb", written(t, call(t, fn, dispatch.Add, eval(`"a\uD800b"`))).ID)
	// Titles and urls left out keep the stored ones; null does too.
	for _, args := range [][]any{{"1"}, {"1", nil, js.Undefined()}} {
		a := call(t, fn, dispatch.Add, args...)
		require.Empty(t, a.Error)
		assert.True(t, strings.HasPrefix(string(a.Result), `{"changed":false,`), "%v", args)
	}

	for name, args := range map[string][]any{
		"NaN id":          {eval("NaN")},
		"Infinity id":     {eval("-Infinity")},
		"object id":       {map[string]any{"id": "1"}},
		"array id":        {[]any{"1"}},
		"boolean id":      {true},
		"null id":         {nil},
		"no id":           {},
		"function id":     {eval("(function () {})")},
		"symbol id":       {eval("Symbol('x')")},
		"number title":    {"2", 5},
		"boolean url":     {"2", "t", false},
		"object title":    {"2", map[string]any{}},
		"javascript: url": {"2", "t", "javascript:alert(1)"},
	} {
		assert.Equal(t, "invalid-item", call(t, fn, dispatch.Add, args...).Error, name)
	}

	// configure's numbers and boolean: maxItems 2, Max-Age one day, Secure.
	require.Empty(t, call(t, fn, dispatch.Configure, "mine", 2, 1, "example.com", true).Error)
	require.Empty(t, call(t, fn, dispatch.Add, "x").Error)
	require.Empty(t, call(t, fn, dispatch.Add, "y").Error)
	assert.Equal(t, "full", call(t, fn, dispatch.Add, "z").Error)
	assert.Equal(t, "true", string(call(t, fn, dispatch.Has, "y").Result))
	assert.Equal(t, "invalid-item", call(t, fn, dispatch.Configure, "mine", 2.5).Error)
}

// Arguments and cookies larger than any buffer so far, and Go's memory
// growing under the shim's views of it, change nothing.
func TestLargeValues(t *testing.T) {
	fn, doc := newCore(t)
	require.Empty(t, call(t, fn, dispatch.Configure, js.Undefined(), 1000).Error)
	long := strings.Repeat("é", 300)
	assert.Equal(t, strings.Repeat("é", 199)+"…", written(t, call(t, fn, dispatch.Add, "1", long)).Title)
	// A megabyte title: the input buffer grows, and Go's memory with it.
	huge := strings.Repeat("a🙂", 1<<19)
	assert.Equal(t, strings.Repeat("a🙂", 99)+"a…", written(t, call(t, fn, dispatch.Add, "2", huge)).Title)
	// Another site cookie of 100 kB in the jar: the copy buffer grows.
	doc.SetCookie("other=" + strings.Repeat("o", 100000))
	var list []item
	for i := range 5 {
		list = changed(t, call(t, fn, dispatch.Add, strings.Repeat("i", 90)+string(rune('A'+i)), strings.Repeat("t", 150), "/"+strings.Repeat("u", 150)))
	}
	assert.Len(t, list, 7)
	assert.Equal(t, strings.Repeat("i", 90)+"A", list[2].ID)
}

// Every call reads document.cookie once, and another tab's change is seen
// and reported as a sync.
func TestCookieReadOncePerCall(t *testing.T) {
	fn, doc := newCore(t)
	require.Empty(t, call(t, fn, dispatch.Add, "1").Error)
	assert.Equal(t, "true", string(call(t, fn, dispatch.Has, "1").Result))
	reads := doc.Reads
	for range 5 {
		assert.Equal(t, "false", string(call(t, fn, dispatch.Has, "2").Result))
	}
	assert.Equal(t, reads+5, doc.Reads, "one read per call")

	// Another tab empties the list: the chunk is its prefix, with no item.
	v, _ := doc.Get("favorites")
	doc.SetCookie("favorites=" + v[:2] + "; Path=/")
	a := call(t, fn, dispatch.Has, "1")
	assert.Equal(t, "false", string(a.Result))
	assert.Equal(t, "[]", string(a.Sync))
}

// Where document.cookie throws, the imports catch it: the call answers
// cookies-disabled and the core goes on running.
func TestCookieThrows(t *testing.T) {
	fn, doc := newCore(t)
	require.Empty(t, call(t, fn, dispatch.Add, "1").Error)
	doc.Throw = true
	assert.Equal(t, "cookies-disabled", call(t, fn, dispatch.Add, "2").Error)
	assert.Equal(t, "cookies-disabled", call(t, fn, dispatch.Remove, "1").Error)
	assert.Equal(t, "false", string(call(t, fn, dispatch.Has, "2").Result))
	doc.Throw = false
	a := call(t, fn, dispatch.Add, "2")
	require.Empty(t, a.Error)
	assert.Len(t, changed(t, a), 2, "the core kept running")
}

// Now is the page's clock.
func TestNow(t *testing.T) {
	ms := js.Global().Get("Date").Call("now").Float()
	assert.InDelta(t, ms/1000, float64(now()), 2)
}
