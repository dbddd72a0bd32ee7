package dispatch

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites/internal/jartest"
)

// JavaScript values, as the shim passes them.
var (
	undef  = Value{Kind: Undefined}
	null   = Value{Kind: Null}
	object = Value{Kind: Object}
	nan    = Value{Kind: Number, Num: math.NaN(), Text: "NaN"}
	inf    = Value{Kind: Number, Num: math.Inf(1), Text: "Infinity"}
)

// num is the number n as the shim passes it, text being String(n).
func num(n float64, text string) Value { return Value{Kind: Number, Num: n, Text: text} }

// valueOf converts a Go value as js.ValueOf would, and then as the shim
// passes it: Values as they are, nil as null, strings, numbers and
// booleans. A number's text is JavaScript's only for the plain ones the tests
// use as ids; TestNumberIDs gives the others with num.
func valueOf(t *testing.T, a any) Value {
	switch a := a.(type) {
	case Value:
		return a
	case nil:
		return null
	case string:
		return Value{Kind: String, Text: a}
	case bool:
		if a {
			return Value{Kind: Boolean, Num: 1}
		}
		return Value{Kind: Boolean}
	case int:
		return num(float64(a), strconv.Itoa(a))
	case float64:
		return num(a, strconv.FormatFloat(a, 'f', -1, 64))
	}
	t.Fatalf("no JavaScript value for %T", a)
	return Value{}
}

type harness struct {
	t    *testing.T
	jar  *jartest.Jar
	now  int64 // the dispatchers' clock, Unix seconds
	d    *Dispatcher
	sync json.RawMessage // the "sync" of the last answer
	// shown is the list as the shim holds it, kept as js/api.js keeps it:
	// Configure's list, each "sync", each change's items.
	shown []item
}

func newHarness(t *testing.T) *harness {
	h := &harness{t: t, jar: jartest.New(), now: 1795000000}
	h.d = New(h.jar, func() int64 { return h.now })
	return h
}

// opCodes are the shim's numbers for the operations, by name, so that the
// tests read as the shim's calls do.
var opCodes = map[string]int{
	"configure": Configure, "has": Has, "add": Add, "remove": Remove,
	"toggle": Toggle, "clear": Clear, "sync": Sync,
}

// call calls the dispatcher as the shim does: an operation, by name or
// number, then its arguments (see valueOf). It returns the VALUE of a
// success or the whole answer of a failure, and keeps the answer's "sync"
// in h.sync.
func (h *harness) call(opAndArgs ...any) string {
	h.t.Helper()
	op, args := opAndArgs[0], opAndArgs[1:]
	code, ok := op.(int)
	if !ok {
		code = opCodes[op.(string)]
		require.NotZero(h.t, code, "operation %v", op)
	}
	vs := make([]Value, len(args))
	for i, a := range args {
		vs[i] = valueOf(h.t, a)
	}
	s := string(h.d.Call(code, vs))
	var answer struct {
		Sync    json.RawMessage `json:"sync"`
		Result  json.RawMessage `json:"result"`
		Error   string          `json:"error"`
		Message string          `json:"message"`
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	require.NoError(h.t, dec.Decode(&answer), "not an answer: %s", s)
	h.sync = answer.Sync
	if answer.Sync != nil {
		h.shown = nil
		require.NoError(h.t, json.Unmarshal(answer.Sync, &h.shown))
	}
	defer h.checkShown()
	if answer.Error != "" {
		require.Nil(h.t, answer.Result, "an error has no result: %s", s)
		return s
	}
	require.NotNil(h.t, answer.Result, "no result: %s", s)
	switch code {
	case Configure:
		h.shown = nil
		require.NoError(h.t, json.Unmarshal(answer.Result, &h.shown))
	case Add, Remove, Toggle, Clear:
		var r struct {
			Changed *bool
			On      *bool
			Items   []item
		}
		require.NoError(h.t, json.Unmarshal(answer.Result, &r))
		require.NotNil(h.t, r.Changed, s)
		require.NotNil(h.t, r.On, s)
		require.NotNil(h.t, r.Items, "a change answers with the whole list: %s", s)
		h.shown = r.Items
	}
	return string(answer.Result)
}

// list is the page's list(): a sync, then the list the shim holds.
func (h *harness) list() []string {
	h.t.Helper()
	require.Equal(h.t, "null", h.call("sync"))
	return ids(h.shown)
}

// checkShown asserts what every answer must leave true: the shim holds the
// stored list.
func (h *harness) checkShown() {
	h.t.Helper()
	if h.d.store == nil {
		return
	}
	stored := []item{}
	for _, it := range h.d.store.Items() {
		stored = append(stored, item{it.ID, it.Title, it.URL, it.Added * 1000})
	}
	require.Equal(h.t, stored, append([]item{}, h.shown...), "the list the shim holds")
}

type item struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
	Added int64  `json:"added"`
}

type result struct {
	Error   string `json:"error"`
	Message string `json:"message"`
	Changed *bool  `json:"changed"`
	On      *bool  `json:"on"`
	Items   []item `json:"items"`
}

func (h *harness) result(args ...any) result {
	h.t.Helper()
	var r result
	require.NoError(h.t, json.Unmarshal([]byte(h.call(args...)), &r))
	return r
}

func (h *harness) items(args ...any) []item {
	h.t.Helper()
	s := h.call(args...)
	require.True(h.t, strings.HasPrefix(s, "["), "not a list: %s", s)
	var items []item
	require.NoError(h.t, json.Unmarshal([]byte(s), &items))
	return items
}

func (h *harness) errorCode(args ...any) string {
	h.t.Helper()
	r := h.result(args...)
	assert.NotEmpty(h.t, r.Message, "an error has a message")
	return r.Error
}

func ids(items []item) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

func TestConfigure(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		name string
		args []any
	}{
		{"cookieName number", []any{"configure", 5}},
		{"cookieName boolean", []any{"configure", true}},
		{"cookieName object", []any{"configure", object}},
		{"cookieName empty", []any{"configure", ""}},
		{"cookieName with space", []any{"configure", "my favs"}},
		{"cookieName with ;", []any{"configure", "a;b"}},
		{"maxItems string", []any{"configure", undef, "5"}},
		{"maxItems 2.5", []any{"configure", undef, 2.5}},
		{"maxItems 0", []any{"configure", undef, 0}},
		{"maxItems -1", []any{"configure", undef, -1}},
		{"maxItems 1001", []any{"configure", undef, 1001}},
		{"maxItems NaN", []any{"configure", undef, nan}},
		{"maxItems Infinity", []any{"configure", undef, inf}},
		{"maxItems boolean", []any{"configure", undef, true}},
		{"maxAgeDays 0", []any{"configure", undef, undef, 0}},
		{"maxAgeDays 401", []any{"configure", undef, undef, 401}},
		{"maxAgeDays 1.5", []any{"configure", undef, undef, 1.5}},
		{"maxAgeDays string", []any{"configure", undef, undef, "30"}},
		{"domain number", []any{"configure", undef, undef, undef, 5}},
		{"domain with attribute", []any{"configure", undef, undef, undef, "example.com; Secure"}},
		{"domain with port", []any{"configure", undef, undef, undef, "example.com:80"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.t = t
			assert.Equal(t, "invalid-item", h.errorCode(tc.args...))
		})
	}
	h.t = t
	// Nothing was configured: the defaults hold.
	assert.Equal(t, "[]", h.call("configure"))
	assert.Equal(t, "[]", h.call("configure", undef, undef, undef, undef, undef))
	r := h.result("add", "a")
	require.Empty(t, r.Error)
	require.Len(t, h.jar.Writes, 1)
	assert.Equal(t, "favorites", h.jar.Names()[0])
	assert.Contains(t, h.jar.Writes[0], "; Path=/; Max-Age=31536000; SameSite=Lax")
	assert.NotContains(t, h.jar.Writes[0], "Domain")
	assert.NotContains(t, h.jar.Writes[0], "Secure")

	// Valid options; null and undefined keep what is set.
	assert.Equal(t, "[]", h.call("configure", "mine", 1, 1, "example.com", true))
	r = h.result("add", "b")
	require.Empty(t, r.Error)
	last := h.jar.Writes[len(h.jar.Writes)-1]
	assert.True(t, strings.HasPrefix(last, "mine="), last)
	assert.Contains(t, last, "; Max-Age=86400; SameSite=Lax; Domain=example.com; Secure")
	assert.Equal(t, "full", h.errorCode("add", "c"), "maxItems 1")
	assert.Equal(t, []string{"b"}, ids(h.items("configure", null, null, null, undef, undef)))
	assert.Equal(t, "full", h.errorCode("add", "c"), "null keeps maxItems")
	assert.Equal(t, "invalid-item", h.errorCode("configure", undef, 2.5))
	assert.Equal(t, "full", h.errorCode("add", "c"), "a rejected configure changes nothing")

	// Another name is another list; domain null removes the domain.
	assert.Equal(t, []string{"a"}, ids(h.items("configure", "favorites", 1000, 400, null, false)))
	r = h.result("add", "d")
	require.Empty(t, r.Error)
	last = h.jar.Writes[len(h.jar.Writes)-1]
	assert.Contains(t, last, "; Max-Age=34560000; SameSite=Lax")
	assert.NotContains(t, last, "Domain")
	assert.NotContains(t, last, "Secure")
}

// A number id is the text the shim sends with it, String(n) in the page
// (js/core.js; wasm/main_test.go checks that text under Node).
func TestNumberIDs(t *testing.T) {
	h := newHarness(t)
	for _, n := range []Value{
		num(42, "42"),
		num(1e21, "1e+21"),
		num(-7, "-7"),
		num(0.5, "0.5"),
		num(1.5e-7, "1.5e-7"),
	} {
		r := h.result("add", n, "t", "/x")
		require.Empty(t, r.Error, "%v", n.Text)
		last := r.Items[len(r.Items)-1]
		assert.Equal(t, n.Text, last.ID)
		assert.Equal(t, "true", h.call("has", n))
		assert.Equal(t, "true", h.call("has", n.Text), "the number and its string are one id")
	}
	r := h.result("remove", 42)
	require.Empty(t, r.Error)
	assert.NotContains(t, ids(r.Items), "42")
	assert.Equal(t, "false", h.call("has", "42"))
	assert.Equal(t, "invalid-item", h.errorCode("add", num(math.Inf(-1), "-Infinity")))
}

func TestInvalidItems(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		name string
		args []any
	}{
		{"no id", []any{"add"}},
		{"undefined id", []any{"add", undef}},
		{"null id", []any{"add", null}},
		{"object id", []any{"add", object}},
		{"array id", []any{"add", object}},
		{"boolean id", []any{"add", true}},
		{"NaN id", []any{"add", nan}},
		{"Infinity id", []any{"add", inf}},
		{"empty id", []any{"add", ""}},
		{"long id", []any{"add", strings.Repeat("a", 101)}},
		{"control id", []any{"add", "a\nb"}},
		{"number title", []any{"add", "1", 5}},
		{"object title", []any{"add", "1", object}},
		{"boolean title", []any{"add", "1", false}},
		{"number url", []any{"add", "1", "t", 5}},
		{"object url", []any{"add", "1", "t", object}},
		{"javascript url", []any{"add", "1", "t", "javascript:alert(1)"}},
		{"protocol-relative url", []any{"add", "1", "t", "//evil.example"}},
		{"toggle null id", []any{"toggle", null}},
		{"toggle number url", []any{"toggle", "1", "t", 1}},
		{"remove null id", []any{"remove", null}},
		{"remove object id", []any{"remove", object}},
		{"has boolean id", []any{"has", true}},
		{"has undefined id", []any{"has"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.t = t
			assert.Equal(t, "invalid-item", h.errorCode(tc.args...))
		})
	}
	h.t = t
	assert.Empty(t, h.jar.Writes, "nothing invalid reaches the cookie")
	assert.Empty(t, h.list())
}

func TestChanges(t *testing.T) {
	h := newHarness(t)
	r := h.result("add", "1", "One, \"quoted\" </script>", "/one")
	require.Empty(t, r.Error)
	assert.True(t, *r.Changed)
	assert.True(t, *r.On)
	assert.Equal(t, []item{{ID: "1", Title: "One, \"quoted\" </script>", URL: "/one", Added: 1795000000000}}, r.Items)

	h.now += 5
	r = h.result("add", "1", null, null)
	assert.False(t, *r.Changed, "null title and url keep the stored ones")
	assert.Equal(t, "One, \"quoted\" </script>", r.Items[0].Title)
	r = h.result("add", "1", "One")
	assert.True(t, *r.Changed)
	assert.Equal(t, item{ID: "1", Title: "One", URL: "/one", Added: 1795000000000}, r.Items[0])
	r = h.result("add", "1", strings.Repeat("é", 300))
	assert.Equal(t, strings.Repeat("é", 199)+"…", r.Items[0].Title)

	r = h.result("add", "2", "Two 🙂 مرحبا", "https://example.com/2")
	assert.True(t, *r.Changed)
	assert.Equal(t, []string{"1", "2"}, ids(r.Items))
	assert.Equal(t, int64(1795000005000), r.Items[1].Added)
	assert.Equal(t, "Two 🙂 مرحبا", r.Items[1].Title)

	r = h.result("remove", "absent")
	assert.False(t, *r.Changed)
	assert.False(t, *r.On)
	assert.Equal(t, []string{"1", "2"}, ids(r.Items))
	r = h.result("remove", "1")
	assert.True(t, *r.Changed)
	assert.False(t, *r.On)
	assert.Equal(t, []string{"2"}, ids(r.Items))

	r = h.result("toggle", "3", "Three", "/3")
	assert.True(t, *r.Changed)
	assert.True(t, *r.On)
	assert.Equal(t, []string{"2", "3"}, ids(r.Items))
	r = h.result("toggle", "3")
	assert.True(t, *r.Changed)
	assert.False(t, *r.On)
	assert.Equal(t, []string{"2"}, ids(r.Items))
	assert.Equal(t, "true", h.call("has", "2"))
	assert.Equal(t, "false", h.call("has", "3"))

	r = h.result("clear")
	assert.True(t, *r.Changed)
	assert.False(t, *r.On)
	require.NotNil(t, r.Items)
	assert.Empty(t, r.Items)
	assert.Empty(t, h.jar.Names(), "no cookie left")
	r = h.result("clear")
	assert.False(t, *r.Changed)
	assert.Equal(t, `{"changed":false,"on":false,"items":[]}`, h.call("clear"))
}

func TestSync(t *testing.T) {
	h := newHarness(t)
	assert.Equal(t, "null", h.call("sync"))
	require.Empty(t, h.result("add", "1").Error)
	assert.Equal(t, "null", h.call("sync"), "our own change is no outside change")

	// Another tab writes the cookie.
	other := New(h.jar, func() int64 { return h.now })
	oh := &harness{t: t, jar: h.jar, d: other} // another tab
	require.Empty(t, oh.result("add", "2", "Two").Error)
	assert.Equal(t, "null", h.call("sync"))
	var found []item
	require.NoError(t, json.Unmarshal(h.sync, &found))
	assert.Equal(t, []string{"1", "2"}, ids(found))
	assert.Equal(t, "null", h.call("sync"))
	assert.Nil(t, h.sync, "nothing new since")

	// The reader deletes the cookie.
	h.jar.SetCookie("favorites=; Path=/; Max-Age=0")
	assert.Equal(t, "null", h.call("sync"))
	assert.Equal(t, "[]", string(h.sync))
	assert.Equal(t, "null", h.call("sync"))
	assert.Nil(t, h.sync)

	// has reads the jar as well, and says that it found an outside change.
	require.Empty(t, oh.result("add", "3").Error)
	assert.Equal(t, "true", h.call("has", "3"))
	assert.JSONEq(t, `[{"id":"3","title":"","url":"","added":1795000000000}]`, string(h.sync))
	assert.Equal(t, "null", h.call("sync"))
	assert.Nil(t, h.sync, "nothing new")

	// A change reports the list it found before its own change.
	require.Empty(t, oh.result("add", "4").Error)
	r := h.result("add", "5")
	assert.Equal(t, []string{"3", "4", "5"}, ids(r.Items))
	found = nil
	require.NoError(t, json.Unmarshal(h.sync, &found))
	assert.Equal(t, []string{"3", "4"}, ids(found))
	h.call("has", "5")
	assert.Nil(t, h.sync, "its own change is no outside change")
}

func TestCookiesDisabled(t *testing.T) {
	for name, block := range map[string]func(*jartest.Jar){
		"refused": func(j *jartest.Jar) { j.Refuse = func(string) bool { return true } },
		"throws":  func(j *jartest.Jar) { j.Throw = true },
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			block(h.jar)
			assert.Equal(t, "[]", h.call("configure"))
			assert.Equal(t, "cookies-disabled", h.errorCode("add", "1"))
			assert.Equal(t, "cookies-disabled", h.errorCode("toggle", "1"))
			assert.Equal(t, "cookies-disabled", h.errorCode("remove", "1"))
			assert.Equal(t, "cookies-disabled", h.errorCode("clear"))
			assert.Empty(t, h.list())
			assert.Equal(t, "false", h.call("has", "1"))
			assert.Equal(t, "invalid-item", h.errorCode("add", ""), "bad input is still bad input")
		})
	}
}

// A write that fails after another tab changed the list reports that
// change, so the shim's list is the stored one even on failure.
func TestFailedWriteReportsTheStoredList(t *testing.T) {
	h := newHarness(t)
	require.Empty(t, h.result("add", "1").Error)
	other := &harness{t: t, jar: h.jar, d: New(h.jar, func() int64 { return h.now })}
	require.Empty(t, other.result("add", "2").Error)
	h.jar.Refuse = func(a string) bool { return strings.HasPrefix(a, "favorites=") }
	assert.Equal(t, "cookies-disabled", h.errorCode("add", "3"))
	assert.Equal(t, []string{"1", "2"}, ids(h.shown))
}

func TestUnknownOperation(t *testing.T) {
	h := newHarness(t)
	for _, op := range []int{0, -1, 10, 99} {
		r := h.result(op)
		assert.Equal(t, "invalid-item", r.Error, "%v", op)
		assert.Contains(t, r.Message, "unknown operation", "%v", op)
	}
	assert.Contains(t, string(h.d.Call(0, nil)), `"error":"invalid-item"`, "no arguments at all")
}

func TestFull(t *testing.T) {
	h := newHarness(t)
	assert.Equal(t, "[]", h.call("configure", undef, 3))
	for i := 0; i < 3; i++ {
		require.Empty(t, h.result("add", strconv.Itoa(i)).Error)
	}
	before := append([]string(nil), h.jar.Writes...)
	assert.Equal(t, "full", h.errorCode("add", "x"))
	assert.Equal(t, "full", h.errorCode("toggle", "x"))
	assert.Equal(t, before, h.jar.Writes)
	assert.Equal(t, []string{"0", "1", "2"}, h.list())
}
