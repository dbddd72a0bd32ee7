package browser_test

// The demo as make demo serves it (examples.Demo): pages rendered by the Go
// package with the reader's list, and forms that post to its endpoint.
// Without JavaScript a reader adds, removes and clears through the forms
// alone; with it, the script handles the same controls and no form is sent.

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites/examples"
)

// demo serves examples.Demo and counts the requests for the .wasm, the
// form posts, and the script's renews of the list (data-endpoint).
type demo struct {
	*httptest.Server
	wasm, posts, renews atomic.Int32
}

func startDemo(t *testing.T) *demo {
	t.Helper()
	needBuild(t)
	d := &demo{}
	h := examples.Demo(dist)
	d.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			d.wasm.Add(1)
		}
		switch {
		case r.URL.Path == "/favorites/renew":
			d.renews.Add(1)
		case strings.HasPrefix(r.URL.Path, "/favorites/"):
			d.posts.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(d.Close)
	return d
}

// demoEval evaluates expr in the page; DevTools evaluates it even where the
// page's own scripts are off.
func demoEval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(tctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	require.NoError(t, err, expr)
	return v
}

// demoWait waits until expr is true in the page, across the navigation a
// form post makes.
func demoWait(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		tctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		ok, err := chromedp.Run(tctx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			require.Failf(t, "timed out", "waiting for %s (last error %v)", expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func demoClick(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(tctx, chromedp.Click(chromedp.CSS(sel))), "clicking %s", sel)
}

// listed returns the titles the list widget shows, in order.
const listed = `[...document.querySelectorAll("[data-favorites-list] .favorites-link")].map(a => a.textContent)`

func TestDemoWithoutJavaScript(t *testing.T) {
	skipBaseline(t) // no script runs: the same test whichever script is served
	d := startDemo(t)
	ctx := newContext(t)
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(d.URL+"/articles/cafe-sirene-reopens.html")))
	require.Equal(t, "undefined", demoEval[string](t, ctx, `typeof window.Favorites`), "the page's scripts are off")
	story := `.story-actions [data-favorite]`
	assert.Equal(t, "off", demoEval[string](t, ctx, `document.querySelector('`+story+`').dataset.favoriteState`))
	assert.Equal(t, "Favorite list is empty.", demoEval[string](t, ctx, `document.querySelector(".favorites-empty").textContent`))

	// Add: the form posts, and the 303 brings the reader back to the article.
	demoClick(t, ctx, story)
	demoWait(t, ctx, `document.querySelector('`+story+`')?.getAttribute("aria-pressed") === "true"`)
	assert.Equal(t, "/articles/cafe-sirene-reopens.html", demoEval[string](t, ctx, `location.pathname`))
	assert.Equal(t, "Remove from favorites", demoEval[string](t, ctx, `document.querySelector('`+story+`').textContent`))
	assert.Equal(t, "1", demoEval[string](t, ctx, `document.querySelector("[data-favorites-count]").textContent`))
	assert.Equal(t, []string{"“Like coming home”: Café Sirène reopens on Quay Street — queue and all"}, demoEval[[]string](t, ctx, listed))
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{d.URL + "/"}})
	require.NoError(t, err)
	require.Len(t, res.Cookies, 1)
	c := res.Cookies[0]
	assert.Equal(t, "favorites", c.Name)
	assert.False(t, c.HTTPOnly, "the script reads it when it runs")
	assert.Equal(t, network.CookieSameSiteLax, c.SameSite)
	assert.Equal(t, "/", c.Path)
	assert.InDelta(t, float64(time.Now().Add(365*24*time.Hour).Unix()), c.Expires, 120, "a Max-Age of 365 days")

	// Two more from the front page, newest first in the list.
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(d.URL+"/")))
	for i, id := range []string{"204131", "harbour-cup-2024"} {
		sel := `.teaser-actions [data-favorite="` + id + `"]`
		demoClick(t, ctx, sel)
		demoWait(t, ctx, `document.querySelector('`+sel+`')?.dataset.favoriteState === "on"`)
		assert.Equal(t, "/", demoEval[string](t, ctx, `location.pathname`))
		assert.Len(t, demoEval[[]string](t, ctx, listed), 2+i)
	}
	assert.Equal(t, []string{
		"Late surge gives Aldwen the Harbour Cup — by a canvas",
		"Bus-lane vote delayed; residents ask for “proper consultation”, not a leaflet",
		"“Like coming home”: Café Sirène reopens on Quay Street — queue and all",
	}, demoEval[[]string](t, ctx, listed))

	// Remove through the list, and through a button that is on.
	demoClick(t, ctx, `[data-favorites-list] [data-favorites-remove="204131"]`)
	demoWait(t, ctx, `document.querySelectorAll("[data-favorites-list] .favorites-item").length === 2`)
	assert.Equal(t, "off", demoEval[string](t, ctx, `document.querySelector('.teaser-actions [data-favorite="204131"]').dataset.favoriteState`))
	demoClick(t, ctx, `.teaser-actions [data-favorite="harbour-cup-2024"]`)
	demoWait(t, ctx, `document.querySelectorAll("[data-favorites-list] .favorites-item").length === 1`)
	assert.Equal(t, "1", demoEval[string](t, ctx, `document.querySelector("[data-favorites-count]").textContent`))

	// Clear.
	demoClick(t, ctx, `[data-favorites-list] [data-favorites-clear]`)
	demoWait(t, ctx, `document.querySelector("[data-favorites-list] .favorites-empty") !== null`)
	assert.Equal(t, "0", demoEval[string](t, ctx, `document.querySelector("[data-favorites-count]").textContent`))
	res, err = chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{d.URL + "/"}})
	require.NoError(t, err)
	assert.Empty(t, res.Cookies, "no cookie of the list is left")

	assert.Equal(t, int32(6), d.posts.Load(), "three adds, two removes, a clear: each a form post")
	assert.Zero(t, d.wasm.Load(), "without JavaScript no .wasm is fetched")
}

// With JavaScript the script handles the same server-rendered controls: a
// click changes the list without a form post or a navigation.
func TestDemoFormsWithJavaScript(t *testing.T) {
	skipBaseline(t)
	d := startDemo(t)
	ctx := newContext(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(d.URL+"/")))
	demoEval[any](t, ctx, `Favorites.add({id: "cafe-sirene", title: "Café Sirène", url: "/articles/cafe-sirene-reopens.html"}).then(() => null)`)
	require.NoError(t, chromedp.Do(ctx, chromedp.Reload()))
	demoEval[any](t, ctx, `Favorites.ready.then(() => (window.__samePage = true, null))`)
	before, renewed := d.posts.Load(), d.renews.Load()
	assert.Positive(t, renewed, "the script renewed the list after its add")

	sel := `.teaser-actions [data-favorite="204131"]`
	demoClick(t, ctx, sel)
	demoWait(t, ctx, `document.querySelector('`+sel+`').dataset.favoriteState === "on"`)
	demoWait(t, ctx, `document.querySelectorAll("[data-favorites-list] .favorites-item").length === 2`)
	demoClick(t, ctx, `[data-favorites-list] [data-favorites-remove="cafe-sirene"]`)
	demoWait(t, ctx, `document.querySelectorAll("[data-favorites-list] .favorites-item").length === 1`)
	assert.True(t, demoEval[bool](t, ctx, `window.__samePage === true`), "no navigation")
	assert.Equal(t, []string{"204131"}, demoEval[[]string](t, ctx, `Favorites.list().then(l => l.map(i => i.id))`))
	assert.Equal(t, before, d.posts.Load(), "no form was sent")
	assert.Equal(t, renewed+2, d.renews.Load(), "each change renewed the list")
}
