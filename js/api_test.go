package browser_test

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAddListRemove(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/api")
	before := time.Now().Unix()
	items := eval[[]Item](t, ctx, `Favorites.add({id: "123456", title: "Hello, world; \"quoted\" 100% + more", url: "/news/123456"})`)
	require.Len(t, items, 1)
	assert.Equal(t, "123456", items[0].ID)
	assert.Equal(t, "Hello, world; \"quoted\" 100% + more", items[0].Title)
	assert.Equal(t, "/news/123456", items[0].URL)
	assert.InDelta(t, float64(before*1000), items[0].Added, 2000)

	assert.True(t, eval[bool](t, ctx, `Favorites.has("123456")`))
	assert.Equal(t, []string{"123456", "7"}, ids(eval[[]Item](t, ctx, `Favorites.add({id: 7})`)))
	assert.Equal(t, []string{"7"}, ids(eval[[]Item](t, ctx, `Favorites.remove("123456")`)))
	assert.Equal(t, "invalid-item", rejection(t, ctx, `Favorites.add({id: "x", url: "javascript:alert(1)"})`))
	assert.Equal(t, []string{"7"}, ids(list(t, ctx)))
}

// Every member is a Promise (or returns one), and a rejection is an Error
// with a string code.
func TestPromisesAndErrors(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/promises")
	assert.True(t, eval[bool](t, ctx, `Favorites.ready instanceof Promise`))
	for _, call := range []string{
		`Favorites.add({id: "p"})`, `Favorites.has("p")`, `Favorites.list()`, `Favorites.toggle({id: "q"})`,
		`Favorites.remove("q")`, `Favorites.configure({})`, `Favorites.clear()`, `Favorites.add({})`,
	} {
		assert.True(t, eval[bool](t, ctx, `(() => { const p = `+call+`; p.catch(() => {}); return p instanceof Promise })()`), call)
	}
	assert.Equal(t, "Error/string", eval[string](t, ctx,
		`Favorites.add({id: ""}).then(() => "resolved", e => (e instanceof Error ? "Error" : "other") + "/" + typeof e.code)`))
}

func TestAddExistingKeepsPlaceAndAdded(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/existing")
	first := eval[[]Item](t, ctx, `(async () => {
		await Favorites.add({id: "a", title: "A", url: "/a"})
		await Favorites.add({id: "b", title: "B", url: "/b"})
		return Favorites.add({id: "c", title: "C", url: "/c"})
	})()`)
	require.Equal(t, []string{"a", "b", "c"}, ids(first))
	// Wait until the page's clock is in a later second than every "added"
	// (whole seconds, in ms): a new one would then differ.
	latest := slices.MaxFunc(first, func(a, b Item) int { return cmp.Compare(a.Added, b.Added) }).Added
	waitFor(t, ctx, `Date.now() >= `+strconv.FormatFloat(latest+1000, 'f', 0, 64), 3*time.Second)

	// No title or url given: both stay.
	again := eval[[]Item](t, ctx, `Favorites.add({id: "a"})`)
	assert.Equal(t, first, again)

	// A given title replaces the stored one, the url stays.
	items := eval[[]Item](t, ctx, `Favorites.add({id: "a", title: "A, new"})`)
	require.Equal(t, []string{"a", "b", "c"}, ids(items))
	assert.Equal(t, Item{ID: "a", Title: "A, new", URL: "/a", Added: first[0].Added}, items[0])

	// A given url replaces the stored one, the title stays.
	items = eval[[]Item](t, ctx, `Favorites.add({id: "b", url: "https://example.com/b?x=1#y"})`)
	require.Equal(t, []string{"a", "b", "c"}, ids(items))
	assert.Equal(t, Item{ID: "b", Title: "B", URL: "https://example.com/b?x=1#y", Added: first[1].Added}, items[1])

	// The same through toggle's add and after a reload.
	reload(t, ctx)
	after := list(t, ctx)
	assert.Equal(t, items, after)
}

func TestRemoveAbsentAndToggle(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/toggle")
	assert.Equal(t, []Item{}, eval[[]Item](t, ctx, `Favorites.remove("nothing")`))
	eval[any](t, ctx, `Favorites.add({id: "x", title: "X"}).then(() => null)`)
	assert.Equal(t, []string{"x"}, ids(eval[[]Item](t, ctx, `Favorites.remove("nothing")`)))

	assert.True(t, eval[bool](t, ctx, `Favorites.toggle({id: "t", title: "T", url: "/t"})`))
	assert.True(t, eval[bool](t, ctx, `Favorites.has("t")`))
	items := list(t, ctx)
	require.Equal(t, []string{"x", "t"}, ids(items))
	assert.Equal(t, "T", items[1].Title)
	assert.Equal(t, "/t", items[1].URL)
	assert.False(t, eval[bool](t, ctx, `Favorites.toggle({id: "t"})`))
	assert.False(t, eval[bool](t, ctx, `Favorites.has("t")`))
	assert.Equal(t, []string{"x"}, ids(list(t, ctx)))
	assert.True(t, eval[bool](t, ctx, `Favorites.toggle({id: "t"})`))
	assert.Equal(t, []string{"x", "t"}, ids(list(t, ctx)))
}

func TestListOldestFirst(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/order")
	for _, id := range []string{"m", "z", "a", "q"} {
		eval[any](t, ctx, `Favorites.add({id: `+js(id)+`}).then(() => null)`)
	}
	eval[any](t, ctx, `Favorites.remove("z").then(() => Favorites.add({id: "z"})).then(() => null)`)
	assert.Equal(t, []string{"m", "a", "q", "z"}, ids(list(t, ctx)))
	reload(t, ctx)
	assert.Equal(t, []string{"m", "a", "q", "z"}, ids(list(t, ctx)))
}

func TestClear(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/clear")
	eval[any](t, ctx, `Promise.all([Favorites.add({id: "1"}), Favorites.add({id: "2"})]).then(() => null)`)
	require.NotNil(t, cookieNamed(t, ctx, "favorites"))
	assert.Nil(t, eval[any](t, ctx, `Favorites.clear()`))
	assert.Equal(t, []Item{}, list(t, ctx))
	for _, c := range cookies(t, ctx) {
		assert.False(t, strings.HasPrefix(c.Name, "favorites"), "cookie %s=%s left after clear", c.Name, c.Value)
	}
	reload(t, ctx)
	assert.Equal(t, []Item{}, list(t, ctx))
	// Clearing an empty list is no error.
	assert.Nil(t, eval[any](t, ctx, `Favorites.clear()`))
}

func TestNumberID(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/number")
	items := eval[[]Item](t, ctx, `Favorites.add({id: 42, title: "Answer"})`)
	require.Len(t, items, 1)
	assert.Equal(t, "42", items[0].ID)
	assert.Equal(t, "string", eval[string](t, ctx, `Favorites.list().then(l => typeof l[0].id)`))
	assert.True(t, eval[bool](t, ctx, `Favorites.has(42)`))
	assert.True(t, eval[bool](t, ctx, `Favorites.has("42")`))
	assert.Equal(t, []string{"42"}, ids(eval[[]Item](t, ctx, `Favorites.add({id: "42"})`)))
	assert.False(t, eval[bool](t, ctx, `Favorites.toggle({id: 42})`))
	assert.True(t, eval[bool](t, ctx, `Favorites.toggle({id: 42})`))
	assert.Equal(t, []Item{}, eval[[]Item](t, ctx, `Favorites.remove(42)`))
}

func TestAddedTime(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/added")
	type result struct {
		Before, After float64
		Items         []Item
	}
	r := eval[result](t, ctx, `(async () => {
		const before = Date.now()
		const items = await Favorites.add({id: "t1"})
		return {before, after: Date.now(), items}
	})()`)
	require.Len(t, r.Items, 1)
	added := r.Items[0].Added
	// Exact to the second: within the second that the add ran in.
	assert.GreaterOrEqual(t, added, float64(int64(r.Before)/1000*1000), "added %v before the call at %v", added, r.Before)
	assert.LessOrEqual(t, added, r.After, "added %v after the call ended at %v", added, r.After)
	assert.Greater(t, added, float64(1_600_000_000_000), "added must be in ms")
	// The stored value reads back the same.
	reload(t, ctx)
	assert.Equal(t, added, list(t, ctx)[0].Added)
}

func TestInvalidItems(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/invalid")
	eval[any](t, ctx, `Favorites.add({id: "ok", title: "OK", url: "/ok"}).then(() => null)`)
	before := list(t, ctx)
	value := cookieNamed(t, ctx, "favorites").Value
	for _, call := range []string{
		`Favorites.add({})`,
		`Favorites.add({id: ""})`,
		`Favorites.add({id: null})`,
		`Favorites.add({id: {}})`,
		`Favorites.add(undefined)`,
		`Favorites.add({id: "x".repeat(101)})`,
		`Favorites.add({id: "a\nb"})`,
		`Favorites.add({id: "a\u0000b"})`,
		`Favorites.add({id: "a\u007fb"})`,
		`Favorites.add({id: "u", url: "//evil.example/x"})`,
		`Favorites.add({id: "u", url: "ftp://example.com/x"})`,
		`Favorites.add({id: "u", url: "javascript:alert(1)"})`,
		`Favorites.add({id: "u", url: "news/1"})`,
		`Favorites.add({id: "ok", url: "data:text/html,x"})`,
		`Favorites.toggle({id: ""})`,
		`Favorites.toggle({id: "u", url: "//x"})`,
		`Favorites.remove("")`,
		`Favorites.has("")`,
	} {
		assert.Equal(t, "invalid-item", rejection(t, ctx, call), call)
	}
	assert.Equal(t, before, list(t, ctx))
	assert.Equal(t, value, cookieNamed(t, ctx, "favorites").Value, "an invalid call changed the cookie")

	// At the limits: 100 characters of id, an http URL, a long title.
	long := strings.Repeat("é", 100)
	items := eval[[]Item](t, ctx, `Favorites.add({id: `+js(long)+`, url: "http://example.com/"})`)
	assert.Equal(t, long, items[len(items)-1].ID)
	title := strings.Repeat("Long title, ", 100)
	items = eval[[]Item](t, ctx, `Favorites.add({id: "long", title: `+js(title)+`})`)
	got := []rune(items[len(items)-1].Title)
	assert.Less(t, len(got), len([]rune(title)), "a too long title is shortened")
	assert.Greater(t, len(got), 100)
	assert.True(t, strings.HasPrefix(title, string(got[:len(got)-1])), "the shortened title is the start of the title: %q", string(got))
}

func TestConfigureMessages(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/messages")
	assert.Equal(t, "Add to favorites", text(t, ctx, "#fav"))
	assert.Contains(t, text(t, ctx, "#list"), "Favorite list is empty.")
	assert.Nil(t, eval[any](t, ctx, `Favorites.configure({messages: {add: "Save it", remove: "Forget it", empty: "Nothing yet", clear: "Wipe", rem: "drop", warning: "Cookies!"}})`))
	assert.Equal(t, "Save it", text(t, ctx, "#fav"))
	assert.Contains(t, text(t, ctx, "#list"), "Nothing yet")
	assert.Contains(t, text(t, ctx, "#list"), "Cookies!")
	assert.NotContains(t, text(t, ctx, "#list"), "Favorite list is empty.")

	click(t, ctx, "#fav")
	waitFor(t, ctx, `fav.dataset.favoriteState === "on"`, 5*time.Second)
	assert.Equal(t, "Forget it", text(t, ctx, "#fav"))
	assert.Equal(t, "drop", text(t, ctx, "#list [data-favorites-remove]"))
	assert.Equal(t, "Wipe", text(t, ctx, "#list [data-favorites-clear]"))

	// Only the keys given change.
	assert.Nil(t, eval[any](t, ctx, `Favorites.configure({messages: {remove: "Unsave"}})`))
	assert.Equal(t, "Unsave", text(t, ctx, "#fav"))
	assert.Equal(t, "Wipe", text(t, ctx, "#list [data-favorites-clear]"))
}

func TestConfigureMaxItems(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/max")
	assert.Nil(t, eval[any](t, ctx, `Favorites.configure({maxItems: 3})`))
	eval[any](t, ctx, `(async () => { for (const id of ["1", "2", "3"]) await Favorites.add({id}) })().then(() => null)`)
	value := cookieNamed(t, ctx, "favorites").Value
	assert.Equal(t, "full", rejection(t, ctx, `Favorites.add({id: "4"})`))
	assert.Equal(t, "full", rejection(t, ctx, `Favorites.toggle({id: "4"})`))
	assert.Equal(t, []string{"1", "2", "3"}, ids(list(t, ctx)))
	assert.Equal(t, value, cookieNamed(t, ctx, "favorites").Value)
	// A present item can still be changed when the list is full.
	assert.Equal(t, []string{"1", "2", "3"}, ids(eval[[]Item](t, ctx, `Favorites.add({id: "2", title: "two"})`)))
	eval[any](t, ctx, `Favorites.remove("1").then(() => null)`)
	assert.Equal(t, []string{"2", "3", "4"}, ids(eval[[]Item](t, ctx, `Favorites.add({id: "4"})`)))
}

func TestConfigureInvalid(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/configure-invalid")
	assert.Nil(t, eval[any](t, ctx, `Favorites.configure({maxItems: 2})`))
	for _, opts := range []string{
		`{maxItems: -1}`, `{maxItems: 0}`, `{maxItems: "x"}`, `{maxItems: 1.5}`, `{maxItems: NaN}`,
		`{maxAgeDays: -1}`, `{maxAgeDays: "x"}`, `{cookieName: ""}`, `{cookieName: "a b"}`, `{cookieName: 5}`,
		`{noSuchOption: 1}`, `{messages: {add: 5}}`, `{messages: {add: null}}`, `{messages: "text"}`,
		`"text"`, `null`, `42`,
	} {
		assert.Equal(t, "invalid-item", rejection(t, ctx, `Favorites.configure(`+opts+`)`), opts)
	}
	// Nothing of the rejected options took effect: maxItems is still 2,
	// the messages and the cookie name are the defaults.
	eval[any](t, ctx, `Favorites.add({id: "1"}).then(() => Favorites.add({id: "2"})).then(() => null)`)
	assert.Equal(t, "full", rejection(t, ctx, `Favorites.add({id: "3"})`))
	assert.NotNil(t, cookieNamed(t, ctx, "favorites"))
	assert.Equal(t, "Add to favorites", text(t, ctx, "#fav"))
}

func TestConfigureCookieName(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/cookie-name")
	eval[any](t, ctx, `Favorites.add({id: "a"}).then(() => null)`)
	assert.Nil(t, eval[any](t, ctx, `Favorites.configure({cookieName: "favs"})`))
	assert.Equal(t, []Item{}, list(t, ctx))
	assert.Equal(t, "0", text(t, ctx, "#count"))
	eval[any](t, ctx, `Favorites.add({id: "b"}).then(() => null)`)
	assert.Equal(t, []string{"b"}, ids(list(t, ctx)))
	assert.NotNil(t, cookieNamed(t, ctx, "favs"))
	assert.NotNil(t, cookieNamed(t, ctx, "favorites"))
	eval[any](t, ctx, `Favorites.clear()`)
	assert.Nil(t, cookieNamed(t, ctx, "favs"))
	assert.NotNil(t, cookieNamed(t, ctx, "favorites"), "clearing one list left the other")

	assert.Nil(t, eval[any](t, ctx, `Favorites.configure({cookieName: "favorites"})`))
	assert.Equal(t, []string{"a"}, ids(list(t, ctx)))
	assert.Equal(t, "1", text(t, ctx, "#count"))
}

// Options on the script tag: data-cookie-name and data-max-items.
func TestScriptAttributes(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, `/t/attrs?attrs=`+queryEscape(`data-cookie-name="mine" data-max-items="2" data-max-age-days="7"`))
	eval[any](t, ctx, `Favorites.add({id: "1"}).then(() => Favorites.add({id: "2"})).then(() => null)`)
	assert.Equal(t, "full", rejection(t, ctx, `Favorites.add({id: "3"})`))
	c := cookieNamed(t, ctx, "mine")
	require.NotNil(t, c)
	assert.Nil(t, cookieNamed(t, ctx, "favorites"))
	assert.InDelta(t, float64(time.Now().Add(7*24*time.Hour).Unix()), c.Expires, 86400)
	// Another page without the attributes reads another list.
	open(t, ctx, "/t/plain")
	assert.Equal(t, []Item{}, list(t, ctx))
}

// A call made before the .wasm runs waits for it. A new reader's ready does
// not: there is no stored list to read.
func TestCallBeforeReady(t *testing.T) {
	ctx := newContext(t)
	wasm := slowWasm(t)
	navigate(t, ctx, "/t/early?wasm="+queryEscape(wasm.url))
	eval[any](t, ctx, `window.__early = {
		add: Favorites.add({id: 42, title: "Early"}),
		state: document.querySelector("#fav").dataset.favoriteState,
		has: Favorites.has(42),
		added: false,
	}, __early.add.then(() => __early.added = true), Favorites.ready.then(() => null)`)
	if !baseline {
		assert.Equal(t, "off", eval[string](t, ctx, `__early.state`), "a change of another id")
		// The page now waits for the .wasm, which the add asked for.
		wasm.waitRequested(t)
		assert.False(t, eval[bool](t, ctx, `__early.added`), "added before the .wasm was served")
	}
	wasm.release()
	assert.Equal(t, []string{"42"}, ids(eval[[]Item](t, ctx, `__early.add`)))
	assert.Equal(t, []string{"42"}, ids(list(t, ctx)))
}

// The script added to a page by another script, and called at once.
func TestDynamicScript(t *testing.T) {
	ctx := newContext(t)
	navigate(t, ctx, "/t/dynamic?noscript=1")
	assert.Equal(t, "undefined", eval[string](t, ctx, `typeof Favorites`))
	items := eval[[]Item](t, ctx, `new Promise((resolve, reject) => {
		const s = document.createElement("script")
		s.src = "/static/favorites.js"
		s.onload = () => resolve(Favorites.add({id: "d", title: "Dynamic"}))
		s.onerror = reject
		document.head.appendChild(s)
	})`)
	assert.Equal(t, []string{"d"}, ids(items))
	waitFor(t, ctx, `fav.dataset.favoriteState === "off" && count.textContent === "1"`, 5*time.Second)
}
