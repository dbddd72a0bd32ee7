package browser_test

// Faults and concurrency: a browser that keeps no cookie, a .wasm that
// cannot be loaded, and several tabs changing the list at the same moment.

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites/js/testsite/chromium"
)

func TestFaultCookiesBlocked(t *testing.T) {
	ctx := newContext(t)
	con := watchConsole(t, ctx)
	_, err := chromedp.Call(ctx, emulation.SetDocumentCookieDisabled, emulation.SetDocumentCookieDisabledParams{Disabled: true})
	require.NoError(t, err)
	open(t, ctx, "/t/blocked")

	// The emulation does block document.cookie.
	assert.Equal(t, "", eval[string](t, ctx, `(document.cookie = "probe=1; Path=/", document.cookie)`))
	assert.Empty(t, cookies(t, ctx), "no cookie reached the jar")

	assert.Empty(t, list(t, ctx))
	for _, expr := range []string{
		`Favorites.add({id: "1", title: "One", url: "/news/1"})`,
		`Favorites.toggle({id: "1", title: "One", url: "/news/1"})`,
		`Favorites.remove("1")`,
		`Favorites.clear()`,
	} {
		assert.Equal(t, "cookies-disabled", rejection(t, ctx, expr), "%s", expr)
		assert.Empty(t, list(t, ctx))
	}
	assert.False(t, eval[bool](t, ctx, `Favorites.has("1")`))

	waitFor(t, ctx, `document.querySelector("#fav").getAttribute("data-favorite-state") === "off"`, 5*time.Second)
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#fav"))))
	waitFor(t, ctx, `document.querySelector("#fav").getAttribute("data-favorite-state") === "error"`, 5*time.Second)
	assert.Equal(t, "cookies-disabled", eval[string](t, ctx, `document.querySelector("#fav").getAttribute("data-favorite-error")`))
	assert.Equal(t, "0", eval[string](t, ctx, `document.querySelector("#count").textContent`))
	assert.Empty(t, cookies(t, ctx))

	// The page keeps working: the list still answers, the button can be
	// clicked again, and nothing was thrown.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#fav"))))
	waitFor(t, ctx, `document.querySelector("#fav").getAttribute("data-favorite-state") === "error"`, 5*time.Second)
	assert.Empty(t, list(t, ctx))
	con.settle(t, ctx)
	assert.Empty(t, con.exceptions())
}

func TestFaultWasmLoad(t *testing.T) {
	skipBaseline(t)
	for _, c := range []struct {
		path  string
		works bool
	}{
		{"/bad/404.wasm", false},
		{"/bad/wrong-mime.wasm", true}, // compiled from the bytes instead of streaming
		{"/bad/corrupt.wasm", false},
		{"/bad/garbage.wasm", false},
		{"/bad/reset.wasm", false},
	} {
		t.Run(strings.TrimPrefix(c.path, "/bad/"), func(t *testing.T) {
			ctx := newContext(t)
			con := watchConsole(t, ctx)
			storeList(t, ctx, stored) // ready loads the core
			before := jar(t, ctx)
			navigate(t, ctx, "/t/fault?wasm="+c.path)
			// When ready settled, in ms since the navigation started.
			settled := eval[struct {
				OK   bool    `json:"ok"`
				Code string  `json:"code"`
				At   float64 `json:"at"`
			}](t, ctx, `Favorites.ready.then(() => ({ok: true, at: performance.now()}), e => ({ok: false, code: e.code, at: performance.now()}))`)
			assert.Less(t, settled.At, 10000.0, "ready settles within the contract's 10 s")
			if c.works {
				require.True(t, settled.OK, "ready rejected with %s", settled.Code)
				assert.Equal(t, []string{stored.ID, "w1"}, ids(eval[[]Item](t, ctx, `Favorites.add({id: "w1", title: "Works", url: "/w1"})`)))
				require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#fav"))))
				waitFor(t, ctx, `document.querySelector("#fav").getAttribute("data-favorite-state") === "off"`, 5*time.Second)
			} else {
				require.False(t, settled.OK, "ready resolved")
				assert.Equal(t, "load-failed", settled.Code)
				for _, expr := range []string{
					`Favorites.ready`, `Favorites.list()`, `Favorites.has("1")`,
					`Favorites.add({id: "1"})`, `Favorites.remove("1")`, `Favorites.toggle({id: "1"})`,
					`Favorites.clear()`, `Favorites.configure({maxItems: 10})`,
				} {
					assert.Equal(t, "load-failed", rejection(t, ctx, expr), "%s", expr)
				}
				assert.Equal(t, "error", eval[string](t, ctx, `document.querySelector("#fav").getAttribute("data-favorite-state")`))
				// A click on the failed button changes nothing and throws nothing.
				require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#fav"))))
				assert.Equal(t, "error", eval[string](t, ctx, `document.querySelector("#fav").getAttribute("data-favorite-state")`))
				assert.Equal(t, 1, eval[int](t, ctx, `document.querySelectorAll("#list .favorites-error").length`))
				assert.Equal(t, before, jar(t, ctx), "the stored list is untouched")
			}
			con.settle(t, ctx)
			assert.Empty(t, con.exceptions(), "uncaught exceptions and unhandled rejections")
		})
	}
}

// race runs fn(i) in one goroutine per tab, all at once.
func race(t *testing.T, tabs []context.Context, fn func(i int, tab context.Context) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, len(tabs))
	start := make(chan struct{})
	for i, tab := range tabs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(i, tab)
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "tab %d", i)
	}
}

// burst is JavaScript that fires n adds at once, ids prefix0…, and awaits them.
func burst(prefix string, n int) string {
	return fmt.Sprintf(`Promise.all(Array.from({length: %d}, (_, i) => Favorites.add({id: %s + i, title: "Story " + %s + i, url: "/news/" + %s + i}))).then(() => null)`,
		n, js(prefix), js(prefix), js(prefix))
}

func TestRaceTabs(t *testing.T) {
	for _, c := range []struct {
		tabs, each, rounds int
	}{{2, 20, 3}, {3, 15, 2}} {
		t.Run(fmt.Sprintf("%d tabs × %d adds", c.tabs, c.each), func(t *testing.T) {
			first := newContext(t)
			tabs := []context.Context{first}
			for len(tabs) < c.tabs {
				tabs = append(tabs, newTab(t, first))
			}
			var cons []*consoleWatch
			for i, tab := range tabs {
				cons = append(cons, watchConsole(t, tab))
				open(t, tab, fmt.Sprintf("/t/race%d", i))
			}
			for round := range c.rounds {
				race(t, tabs, func(i int, tab context.Context) error {
					_, err := chromium.Eval[any](tab, burst(fmt.Sprintf("r%d-t%d-", round, i), c.each))
					return err
				})
				var want []string
				for i := range tabs {
					for j := range c.each {
						want = append(want, fmt.Sprintf("r%d-t%d-%d", round, i, j))
					}
				}
				for i, tab := range tabs {
					got := list(t, tab)
					assert.ElementsMatch(t, want, ids(got), "round %d, tab %d: every add kept, none twice", round, i)
				}
				assertCleanCookie(t, first, list(t, first))
				for _, tab := range tabs { // every tab shows the whole list within the contract's 2 s
					waitFor(t, tab, fmt.Sprintf(`document.querySelector("#count").textContent === "%d"`, len(want)), 2*time.Second+time.Second/2)
				}
				eval[any](t, first, `Favorites.clear().then(() => null)`)
				for _, tab := range tabs {
					waitFor(t, tab, `document.querySelector("#count").textContent === "0"`, 2*time.Second+time.Second/2)
				}
			}
			for i, con := range cons {
				con.settle(t, tabs[i])
				assert.Empty(t, con.exceptions(), "tab %d", i)
			}
		})
	}

	t.Run("remove and add at once", func(t *testing.T) {
		a := newContext(t)
		b := newTab(t, a)
		open(t, a, "/t/ra")
		open(t, b, "/t/rb")
		addAll(t, a, []map[string]string{{"id": "keep"}, {"id": "gone"}})
		for round := range 5 {
			id := fmt.Sprintf("new%d", round)
			race(t, []context.Context{a, b}, func(i int, tab context.Context) error {
				expr := `Favorites.remove("gone").then(() => null)`
				if i == 1 {
					expr = `Favorites.add({id: "` + id + `"}).then(() => null)`
				}
				_, err := chromium.Eval[any](tab, expr)
				return err
			})
			got := ids(list(t, a))
			assert.Contains(t, got, id, "round %d: the add held", round)
			assert.NotContains(t, got, "gone", "round %d: the remove held", round)
			assert.Contains(t, got, "keep")
			assert.Equal(t, got, ids(list(t, b)))
			addAll(t, a, []map[string]string{{"id": "gone"}})
		}
	})
}

func TestRaceSync(t *testing.T) {
	a := newContext(t)
	b := newTab(t, a)
	c := newTab(t, a)
	open(t, a, "/t/sa")
	open(t, b, "/t/sb")
	open(t, c, "/t/sc")
	const record = `(window.__sync = [], document.addEventListener("favorites:change", e => { if (e.detail.action === "sync") __sync.push(e.detail.items.map(i => i.id)) }), null)`
	eval[any](t, b, record)
	eval[any](t, c, record)

	// within is the contract's 2 s, and the time of one evaluation.
	const within = 2*time.Second + 500*time.Millisecond
	sees := func(t *testing.T, want []string) {
		t.Helper()
		for _, tab := range []context.Context{b, c} {
			w := js(want)
			waitFor(t, tab, `__sync.length > 0 && JSON.stringify(__sync[__sync.length - 1]) === `+js(w), within)
			waitFor(t, tab, fmt.Sprintf(`document.querySelector("#count").textContent === "%d" && document.querySelectorAll("#list .favorites-item").length === %d`, len(want), len(want)), within)
			assert.Equal(t, want, ids(list(t, tab)))
		}
	}
	var want []string
	for i := range 5 {
		id := fmt.Sprintf("s%d", i)
		eval[any](t, a, `Favorites.add({id: "`+id+`", title: "Synced `+id+`", url: "/`+id+`"}).then(() => null)`)
		want = append(want, id)
		sees(t, want)
	}
	eval[any](t, a, `Favorites.remove("s2").then(() => null)`)
	want = []string{"s0", "s1", "s3", "s4"}
	sees(t, want)
	eval[any](t, a, `Favorites.toggle({id: "s0"}).then(() => null)`)
	want = want[1:]
	sees(t, want)

	// A cookie deleted from outside, as a reader clearing cookies would.
	_, err := chromedp.Call(a, network.DeleteCookies, network.DeleteCookiesParams{Name: "favorites", URL: server.URL + "/"})
	require.NoError(t, err)
	eval[any](t, a, record)
	for _, tab := range []context.Context{a, b, c} {
		waitFor(t, tab, `__sync.length > 0 && __sync[__sync.length - 1].length === 0`, within)
		waitFor(t, tab, `document.querySelector("#count").textContent === "0" && document.querySelector("#list .favorites-empty") !== null`, within)
		assert.Empty(t, list(t, tab))
	}
}
