package browser_test

// Loading the core when it is first needed (issue 13, the contract's
// "Loading"): a reader without a stored list fetches no .wasm and starts no
// Go; the reader's intent, a change, or a stored list appearing loads it; a
// reader with a stored list loads it at start.

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites/internal/cookie"
)

// wasmWatch records the .wasm requests of a tab, as DevTools sees them
// leave, and the headers of their responses.
type wasmWatch struct {
	mu       sync.Mutex
	requests []string          // URLs
	headers  []network.Headers // of the responses, in order
}

func watchWasm(t *testing.T, ctx context.Context) *wasmWatch {
	t.Helper()
	w := &wasmWatch{}
	isWasm := func(u string) bool {
		p, err := url.Parse(u)
		return err == nil && strings.HasSuffix(p.Path, ".wasm")
	}
	err := chromedp.Listen(ctx, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			if isWasm(e.Request.URL) {
				w.requests = append(w.requests, e.Request.URL)
			}
		case *network.EventResponseReceived:
			if isWasm(e.Response.URL) {
				w.headers = append(w.headers, e.Response.Headers)
			}
		}
	})
	require.NoError(t, err)
	return w
}

func (w *wasmWatch) urls() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.requests...)
}

// wait waits until the tab has asked for a .wasm.
func (w *wasmWatch) wait(t *testing.T) {
	t.Helper()
	require.Eventually(t, func() bool { return len(w.urls()) > 0 }, 10*time.Second, 20*time.Millisecond, "no .wasm request")
}

// storeList stores items as the library does (internal/cookie), through
// DevTools, before the page is opened: a returning reader.
func storeList(t *testing.T, ctx context.Context, items ...Item) {
	t.Helper()
	require.NotEmpty(t, items, "an empty list is no cookie")
	values, err := cookie.Encode("favorites", coreItems(items))
	require.NoError(t, err)
	for i, v := range values {
		setCookie(t, ctx, cookie.Name("favorites", i), v)
	}
}

// stored is a list of one, added in a whole second as the core keeps it.
var stored = Item{ID: "a1", Title: "Stored before", URL: "/news/s1", Added: 1_795_000_000_000}

// coreStarted is true once Go's main has set the core up in the page.
const coreStarted = `performance.getEntriesByName("favorites:running").length > 0`

// settled waits until a page of a new reader has done everything it does
// unprompted: ready resolved, the page loaded and painted, and one of the
// library's checks for a stored list has run. The eager library had asked
// for its .wasm long before that.
func settled(t *testing.T, ctx context.Context) {
	t.Helper()
	eval[any](t, ctx, `Favorites.ready.then(() => new Promise(resolve => {
		const check = () => document.readyState === "complete" && performance.getEntriesByName("first-contentful-paint").length
			? requestAnimationFrame(() => requestAnimationFrame(() => resolve(null))) : setTimeout(check, 20);
		check();
	}))`)
	countPolls(t, ctx)
	waitFor(t, ctx, `__polls >= 1`, 3*time.Second)
}

// A new reader's page shows the empty list and an "add" button, answers
// has, list and configure, and fetches no .wasm and starts no Go.
func TestLazyNewReader(t *testing.T) {
	skipBaseline(t)
	for _, page := range []string{"/t/lazy", "/site/"} {
		t.Run(page, func(t *testing.T) {
			ctx := newContext(t)
			con := watchConsole(t, ctx)
			w := watchWasm(t, ctx)
			navigate(t, ctx, page)
			settled(t, ctx)
			assert.Empty(t, w.urls(), "a new reader fetches no .wasm")
			assert.False(t, eval[bool](t, ctx, coreStarted))
			assert.False(t, eval[bool](t, ctx, `performance.getEntriesByName("favorites:request").length > 0`))

			assert.Equal(t, 0, eval[int](t, ctx, `document.querySelectorAll("[data-favorite]:not([data-favorite-state=off])").length`), "every button is off")
			assert.Equal(t, 0, eval[int](t, ctx, `document.querySelectorAll("[data-favorite][aria-pressed=true]").length`))
			assert.Equal(t, "Add to favorites", eval[string](t, ctx, `document.querySelector("[data-favorite]").textContent.trim()`))
			assert.Equal(t, "Favorite list is empty.", eval[string](t, ctx, `document.querySelector("[data-favorites-list] .favorites-empty").textContent`))
			assert.Equal(t, 0, eval[int](t, ctx, `document.querySelectorAll("[data-favorites-list] .favorites-loading").length`))
			assert.Equal(t, "0", eval[string](t, ctx, `document.querySelector("[data-favorites-count]").textContent`))

			assert.False(t, eval[bool](t, ctx, `Favorites.has("a1")`))
			assert.False(t, eval[bool](t, ctx, `Favorites.has(42)`))
			assert.Equal(t, []Item{}, list(t, ctx))
			assert.Nil(t, eval[any](t, ctx, `Favorites.configure({messages: {add: "Save", empty: "Nothing saved"}})`))
			assert.Equal(t, "Save", eval[string](t, ctx, `document.querySelector("[data-favorite]").textContent.trim()`))
			assert.Equal(t, "Nothing saved", eval[string](t, ctx, `document.querySelector("[data-favorites-list] .favorites-empty").textContent`))
			assert.Equal(t, "invalid-item", rejection(t, ctx, `Favorites.configure({messages: {add: 5}})`), "the shim checks messages itself")
			assert.Equal(t, "invalid-item", rejection(t, ctx, `Favorites.configure({maxitems: 5})`))

			assert.Empty(t, w.urls(), "none of these calls needs the core")
			assert.False(t, eval[bool](t, ctx, coreStarted))
			con.settle(t, ctx)
			assert.Empty(t, con.exceptions())
		})
	}
}

// Only the list's own names are a stored list: cookieName and
// cookieName_1 to cookieName_4, of the configured name.
func TestLazyCookieNames(t *testing.T) {
	skipBaseline(t)
	for _, c := range []struct {
		attrs string
		names []string
		loads bool
	}{
		{"", []string{"favorites-old", "myfavorites", "favorites_5", "favorites_x", "favoritesX"}, false},
		{`data-cookie-name="mine"`, []string{"favorites", "favorites_1"}, false},
		{"", []string{"favorites_1"}, true},
		{"", []string{"favorites_4"}, true},
		{`data-cookie-name="mine"`, []string{"mine"}, true},
		{`data-cookie-name="mine"`, []string{"mine_2"}, true},
	} {
		t.Run(c.attrs+" "+strings.Join(c.names, ","), func(t *testing.T) {
			ctx := newContext(t)
			w := watchWasm(t, ctx)
			for _, name := range c.names {
				setCookie(t, ctx, name, "1x")
			}
			navigate(t, ctx, "/t/names?attrs="+queryEscape(c.attrs))
			if c.loads {
				eval[any](t, ctx, `Favorites.ready.then(() => null)`)
				assert.True(t, eval[bool](t, ctx, coreStarted), "ready waited for the core")
				assert.Len(t, w.urls(), 1)
				assert.Equal(t, []Item{}, list(t, ctx), "what the cookie holds is the core's to read")
			} else {
				settled(t, ctx)
				assert.Empty(t, w.urls())
			}
		})
	}
}

// center returns the middle of the element sel, in CSS pixels of the
// viewport.
func center(t *testing.T, ctx context.Context, sel string) (x, y float64) {
	t.Helper()
	p := eval[[2]float64](t, ctx, `(r => [r.left + r.width / 2, r.top + r.height / 2])(document.querySelector(`+js(sel)+`).getBoundingClientRect())`)
	return p[0], p[1]
}

// The reader's intent on a button loads the core: the pointer over it,
// focus, a touch. Intent elsewhere does not.
func TestLazyIntent(t *testing.T) {
	skipBaseline(t)
	for _, c := range []struct {
		name string
		act  func(t *testing.T, ctx context.Context)
	}{
		{"pointer", func(t *testing.T, ctx context.Context) {
			x, y := center(t, ctx, "#fav")
			require.NoError(t, chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, x, y)))
		}},
		{"focus", func(t *testing.T, ctx context.Context) { tabTo(t, ctx, "#fav") }},
		{"touch", func(t *testing.T, ctx context.Context) {
			x, y := center(t, ctx, "#fav")
			_, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{
				Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: []*input.TouchPoint{{X: x, Y: y}}})
			require.NoError(t, err)
			// Cancelled: a tap would be a click.
			_, err = chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{
				Type: input.DispatchTouchEventTypeTouchCancel, TouchPoints: []*input.TouchPoint{}})
			require.NoError(t, err)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := newContext(t)
			w := watchWasm(t, ctx)
			navigate(t, ctx, "/t/intent")
			settled(t, ctx)
			// Intent on other things first: the pointer over the heading and
			// the list, the focus on a link.
			eval[any](t, ctx, `(window.__seen = [], ["pointerover", "focusin"].forEach(type => document.addEventListener(type, e => __seen.push(type + " " + e.target.tagName))),
				document.querySelector("h1").insertAdjacentHTML("afterend", '<a id="other" href="#">other</a>'), null)`)
			x, y := center(t, ctx, "h1")
			require.NoError(t, chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, x, y)))
			tabTo(t, ctx, "#other")
			waitFor(t, ctx, `__seen.includes("pointerover H1") && __seen.includes("focusin A")`, 5*time.Second)
			assert.Empty(t, w.urls(), "intent on something else loads nothing")

			c.act(t, ctx)
			w.wait(t)
			waitFor(t, ctx, coreStarted, 10*time.Second)
			// Loading changes nothing the reader sees, and reports no change.
			recordEvents(t, ctx)
			assert.Equal(t, off, button(t, ctx, "#fav"))
			assert.Equal(t, []Item{}, list(t, ctx))
			assert.Empty(t, events(t, ctx))
			assert.Len(t, w.urls(), 1)
		})
	}
}

// A call that changes the list loads the core, and so do configure with an
// option of the list and has with an id that must be rejected: only the
// core can check them.
func TestLazyCalls(t *testing.T) {
	skipBaseline(t)
	for _, c := range []struct{ call, want string }{
		{`Favorites.add({id: "c1", title: "Called"}).then(l => l.map(i => i.id).join())`, "c1"},
		{`Favorites.toggle({id: "c1"}).then(String)`, "true"},
		{`Favorites.remove("c1").then(l => String(l.length))`, "0"},
		{`Favorites.clear().then(() => "cleared")`, "cleared"},
		{`Favorites.configure({maxItems: 3}).then(() => "configured")`, "configured"},
		{`Favorites.configure({maxItems: 0}).then(() => "resolved", e => e.code)`, "invalid-item"},
		{`Favorites.has("").then(String, e => e.code)`, "invalid-item"},
		{`Favorites.has({}).then(String, e => e.code)`, "invalid-item"},
	} {
		t.Run(c.call, func(t *testing.T) {
			ctx := newContext(t)
			w := watchWasm(t, ctx)
			navigate(t, ctx, "/t/calls")
			settled(t, ctx)
			require.Empty(t, w.urls())
			assert.Equal(t, c.want, eval[string](t, ctx, c.call))
			assert.Len(t, w.urls(), 1)
			assert.True(t, eval[bool](t, ctx, coreStarted))
		})
	}
}

// A core that cannot be loaded fails what needs it, and the buttons show
// it; a new reader's list is still known to be empty.
func TestLazyLoadFails(t *testing.T) {
	skipBaseline(t)
	ctx := newContext(t)
	con := watchConsole(t, ctx)
	navigate(t, ctx, "/t/lazy-fails?wasm=/bad/404.wasm")
	settled(t, ctx)
	x, y := center(t, ctx, "#fav")
	require.NoError(t, chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, x, y)))
	waitState(t, ctx, "#fav", "error")
	assert.Equal(t, 1, eval[int](t, ctx, `document.querySelectorAll("#list .favorites-error").length`))
	assert.Equal(t, "load-failed", rejection(t, ctx, `Favorites.add({id: "a1"})`))
	assert.Equal(t, "load-failed", rejection(t, ctx, `Favorites.configure({maxItems: 3})`))
	assert.Equal(t, []Item{}, list(t, ctx))
	assert.False(t, eval[bool](t, ctx, `Favorites.has("a1")`))
	assert.Nil(t, eval[any](t, ctx, `Favorites.ready.then(() => null)`), "ready did not wait for the core")
	con.settle(t, ctx)
	assert.Empty(t, con.exceptions())
}

// A click before the core runs shows the loading state in the next frame
// and completes once the core runs; a second click meanwhile is part of
// the same change, not a second one.
func TestLazyClickBeforeCore(t *testing.T) {
	skipBaseline(t)
	ctx := newContext(t)
	con := watchConsole(t, ctx)
	wasm := slowWasm(t)
	navigate(t, ctx, "/t/click-early?wasm="+queryEscape(wasm.url))
	settled(t, ctx)
	recordEvents(t, ctx)
	// The state of the button in the frame after each click: the
	// listener on window runs before the library's on document.
	eval[any](t, ctx, `(window.__nextFrame = [], addEventListener("click", () =>
		requestAnimationFrame(() => __nextFrame.push(fav.getAttribute("data-favorite-state") + " " + fav.textContent)), true), null)`)
	click(t, ctx, "#fav")
	wasm.waitRequested(t)
	waitFor(t, ctx, `__nextFrame.length === 1`, 5*time.Second)
	assert.Equal(t, []string{"loading Loading"}, eval[[]string](t, ctx, `__nextFrame`))
	click(t, ctx, "#fav")
	waitFor(t, ctx, `__nextFrame.length === 2`, 5*time.Second)
	assert.Equal(t, "loading Loading", eval[string](t, ctx, `__nextFrame[1]`))
	assert.False(t, eval[bool](t, ctx, coreStarted), "the core was held back")

	wasm.release()
	waitState(t, ctx, "#fav", "on")
	assert.Equal(t, on, button(t, ctx, "#fav"))
	assert.Equal(t, []Event{ev("add", "a1", "a1")}, events(t, ctx))
	assert.Equal(t, []string{"a1"}, ids(list(t, ctx)))
	assert.Equal(t, "1", text(t, ctx, "#count"))
	con.settle(t, ctx)
	assert.Empty(t, con.errors())
}

// A stored list that appears while the core is not loaded loads it, and
// the page hears of it as a sync: written by another tab (its message), or
// by a server (the check for a stored list).
func TestLazyStoredListAppears(t *testing.T) {
	skipBaseline(t)
	t.Run("another tab", func(t *testing.T) {
		ctx := newContext(t)
		w := watchWasm(t, ctx)
		navigate(t, ctx, "/t/tab-new")
		settled(t, ctx)
		recordEvents(t, ctx)
		other := newTab(t, ctx)
		open(t, other, "/t/tab-writes")
		eval[any](t, other, `Favorites.add({id: "a1", title: "From the other tab", url: "/t/tab-writes"}).then(() => null)`)
		awaitEvents(t, ctx, 1, syncWithin)
		assert.Equal(t, []Event{ev("sync", "", "a1")}, events(t, ctx))
		assert.Len(t, w.urls(), 1)
		waitFor(t, ctx, `count.textContent === "1" && fav.getAttribute("data-favorite-state") === "on"`, time.Second)
		assert.Equal(t, []entry{{"From the other tab", "/t/tab-writes", "A"}}, widget(t, ctx, "#list"))
	})
	t.Run("a server", func(t *testing.T) {
		ctx := newContext(t)
		w := watchWasm(t, ctx)
		navigate(t, ctx, "/t/server-writes")
		settled(t, ctx)
		recordEvents(t, ctx)
		storeList(t, ctx, stored)
		awaitEvents(t, ctx, 1, syncWithin)
		assert.Equal(t, []Event{ev("sync", "", stored.ID)}, events(t, ctx))
		assert.Len(t, w.urls(), 1)
		assert.Equal(t, []Item{stored}, list(t, ctx))
		waitFor(t, ctx, `count.textContent === "1"`, time.Second)
	})
}

// A reader with a stored list loads the core at start, from the hashed
// name, which the server lets the browser keep; ready waits for it.
func TestLazyStoredListAtStart(t *testing.T) {
	skipBaseline(t)
	ctx := newContext(t)
	w := watchWasm(t, ctx)
	storeList(t, ctx, stored)
	navigate(t, ctx, "/t/returning")
	eval[any](t, ctx, `Favorites.ready.then(() => null)`)
	assert.True(t, eval[bool](t, ctx, coreStarted), "ready waited for the core")
	assert.Equal(t, on, button(t, ctx, "#fav"))
	assert.Equal(t, "1", text(t, ctx, "#count"))
	assert.Equal(t, []entry{{stored.Title, stored.URL, "A"}}, widget(t, ctx, "#list"))
	assert.Equal(t, []Item{stored}, list(t, ctx))

	urls := w.urls()
	require.Len(t, urls, 1)
	assert.Regexp(t, `^`+regexp.QuoteMeta(server.URL)+`/static/favorites\.[0-9a-f]{16}\.wasm$`, urls[0])
	w.mu.Lock()
	defer w.mu.Unlock()
	require.Len(t, w.headers, 1)
	assert.Equal(t, "public, max-age=31536000, immutable", w.headers[0]["Cache-Control"])
}
