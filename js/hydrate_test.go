package browser_test

// The shim taking over a server-rendered page (examples.Demo, the Go
// package's Markup): what the server drew from the reader's cookie stays,
// node for node, while the core loads and after it answered; no "Loading",
// no layout shift; the server's form controls work without a form post
// while the shim runs, and post their forms when the core cannot start.

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites"
	"github.com/favorites-dev/favorites/examples"
	"github.com/favorites-dev/favorites/js/testsite"
)

// served is a demo server that counts form posts and may hold back or
// refuse the .wasm.
type served struct {
	*httptest.Server
	posts atomic.Int32
	wasm  atomic.Int32

	hold      chan struct{} // when set, the .wasm is answered once it is closed
	requested chan struct{} // closed at the first .wasm request
	ask       sync.Once
	broken    bool // the .wasm is a 404: the core cannot start
	anonymous bool // pages are rendered without the reader's cookie, as a shared cache would keep them
}

func (s *served) start(t *testing.T, h http.Handler) {
	t.Helper()
	needBuild(t)
	s.requested = make(chan struct{})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, ".wasm"):
			s.wasm.Add(1)
			s.ask.Do(func() { close(s.requested) })
			if s.broken {
				http.NotFound(w, r)
				return
			}
			if s.hold != nil {
				select {
				case <-s.hold:
				case <-r.Context().Done():
					return
				}
			}
		case strings.HasPrefix(r.URL.Path, "/favorites/") && r.URL.Path != "/favorites/renew":
			s.posts.Add(1) // a form's; the script's renews (data-endpoint) are not
		case s.anonymous && !strings.HasPrefix(r.URL.Path, "/static/"):
			r = r.Clone(r.Context())
			r.Header.Del("Cookie")
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	if s.hold != nil {
		t.Cleanup(func() {
			select {
			case <-s.hold:
			default:
				close(s.hold)
			}
		})
	}
}

func (s *served) waitRequested(t *testing.T) {
	t.Helper()
	select {
	case <-s.requested:
	case <-time.After(15 * time.Second):
		require.FailNow(t, "no request", "the page did not ask for the .wasm")
	}
}

// storeServerList gives the reader of ctx the list items, set as the server's
// Write sets them.
func storeServerList(t *testing.T, ctx context.Context, base string, items []favorites.Item) {
	t.Helper()
	w := httptest.NewRecorder()
	require.NoError(t, favorites.Write(w, httptest.NewRequest(http.MethodGet, "/", nil), items))
	for _, c := range w.Result().Cookies() {
		_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: c.Name, Value: c.Value, URL: base + "/", Path: "/"})
		require.NoError(t, err)
	}
}

// savedItems are n stories of the demo, the first two on its front page.
func savedItems(n int) []favorites.Item {
	items := []favorites.Item{
		{ID: "204131", Title: "Bus-lane vote delayed; residents ask for “proper consultation”, not a leaflet", URL: "/articles/bus-lane-vote-delayed.html", Added: time.Unix(1795000000, 0)},
		{ID: "harbour-cup-2024", Title: "Late surge gives Aldwen the Harbour Cup — by a canvas", URL: "/articles/harbour-cup-rowing.html", Added: time.Unix(1795000100, 0)},
	}
	for i := len(items); i < n; i++ {
		items = append(items, favorites.Item{ID: strconv.Itoa(300000 + i), Title: "A saved story of the Harbour Courier, number " + strconv.Itoa(i),
			URL: "/articles/pier-four-redevelopment.html", Added: time.Unix(1795000200+int64(i), 0)})
	}
	return items[:n]
}

// hydrationWatch is installed in the page before any of its scripts:
// testsite.HydrationJS, which tags every element of the markup as the
// parser inserts it, before the library runs, so that a test can tell the
// server's nodes from nodes the shim made, and records every loading state
// the page ever showed; and a watch of the layout shifts.
const hydrationWatch = testsite.HydrationJS + `(() => {
  const w = window.__hydration;
  w.shift = 0;
  w.shifts = 0;
  w.sources = [];
  const rect = r => [r.x, r.y, r.width, r.height].map(v => Math.round(v * 100) / 100).join(',');
  new PerformanceObserver(l => l.getEntries().forEach(e => {
    if (e.hadRecentInput) return;
    w.shift += e.value;
    w.shifts++;
    for (const s of e.sources || []) {
      const n = s.node;
      w.sources.push(e.value.toExponential(2) + ' at ' + Math.round(e.startTime) + ' ms: ' + (n ? (n.nodeName + (n.className ? '.' + n.className : '') + (n.textContent ? ' ' + JSON.stringify(n.textContent.slice(0, 40)) : '')) : '?') + ' from ' + rect(s.previousRect) + ' to ' + rect(s.currentRect));
    }
  }))
    .observe({ type: 'layout-shift', buffered: true });
})()`

func watchHydration(t *testing.T, ctx context.Context) {
	t.Helper()
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: hydrationWatch})
	require.NoError(t, err)
}

// markupNodes counts the markup's elements now in the page, and those of
// them the parser made (the server's).
const markupNodes = `(() => {
  const all = [...document.querySelectorAll('[data-favorite],[data-favorites-count],[data-favorites-list],[data-favorites-list] *')];
  return [all.length, all.filter(e => e.__server).length];
})()`

// sameNodes asserts that every element of the markup in the page is one the
// server sent.
func sameNodes(t *testing.T, ctx context.Context, when string) {
	t.Helper()
	n := demoEval[[2]int](t, ctx, markupNodes)
	require.GreaterOrEqual(t, n[0], 5, "the page has markup: a button, the count, the widget and its two messages at least")
	assert.Equal(t, n[0], n[1], "%s: every element of the markup is the server's, none redrawn", when)
}

// pageState is what the markup shows: each button's id and state, the
// list's titles and the count.
const pageState = `({
  buttons: [...document.querySelectorAll("[data-favorite]")].map(b => b.dataset.favorite + "=" + b.dataset.favoriteState + "/" + b.getAttribute("aria-pressed") + "/" + b.textContent),
  list: [...document.querySelectorAll("[data-favorites-list] .favorites-link")].map(a => a.textContent),
  count: document.querySelector("[data-favorites-count]").textContent,
})`

type shownState struct {
	Buttons []string `json:"buttons"`
	List    []string `json:"list"`
	Count   string   `json:"count"`
}

// afterFrames waits for two animation frames: whatever the page drew has
// been laid out and painted.
const afterFrames = `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(null))))`

// A reader with a stored list gets the front page with the list drawn by
// the server. While the core loads (held back here) the page shows it,
// with no "Loading"; when the core has read the cookie, the same nodes
// are there, unchanged; then the server's controls change the list without
// a form post or a navigation.
func TestHydration(t *testing.T) {
	skipBaseline(t)
	s := &served{hold: make(chan struct{})}
	s.start(t, examples.Demo(dist))
	ctx := newContext(t)
	watchHydration(t, ctx)
	saved := savedItems(3)
	storeServerList(t, ctx, s.URL, saved)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(s.URL+"/")))
	s.waitRequested(t)
	demoEval[any](t, ctx, afterFrames)

	before := demoEval[shownState](t, ctx, pageState)
	assert.Equal(t, []string{saved[2].Title, saved[1].Title, saved[0].Title}, before.List, "the server's list, newest first")
	assert.Equal(t, "3", before.Count)
	assert.Contains(t, before.Buttons, "204131=on/true/Remove from favorites")
	assert.Contains(t, before.Buttons, "204117=off/false/Add to favorites")
	assert.False(t, demoEval[bool](t, ctx, coreStarted), "the core is held back")
	sameNodes(t, ctx, "while the core loads")

	close(s.hold)
	demoEval[any](t, ctx, `Favorites.ready.then(() => null)`)
	demoEval[any](t, ctx, afterFrames)
	assert.Equal(t, before, demoEval[shownState](t, ctx, pageState), "the core's answer is what the server drew")
	sameNodes(t, ctx, "once the core answered")
	assert.Empty(t, demoEval[[]string](t, ctx, `__hydration.loading`), "nothing was ever drawn loading")
	assert.Empty(t, demoEval[[]string](t, ctx, `__hydration.writes`), "the library changed nothing in the page")

	// The server's controls, handled by the shim.
	demoEval[any](t, ctx, `(window.__samePage = true, __hydration.stop = true, null)`)
	sel := `.story-actions form.favorites-form [data-favorite="204117"]`
	demoClick(t, ctx, sel)
	demoWait(t, ctx, `document.querySelector('`+sel+`').dataset.favoriteState === "on" && document.querySelectorAll("[data-favorites-list] .favorites-item").length === 4`)
	demoClick(t, ctx, `[data-favorites-list] [data-favorites-remove="harbour-cup-2024"]`)
	demoWait(t, ctx, `document.querySelectorAll("[data-favorites-list] .favorites-item").length === 3`)
	assert.Equal(t, "off", demoEval[string](t, ctx, `document.querySelector('.teaser-actions [data-favorite="harbour-cup-2024"]').dataset.favoriteState`))
	assert.Equal(t, "3", demoEval[string](t, ctx, `document.querySelector("[data-favorites-count]").textContent`))
	demoClick(t, ctx, `[data-favorites-list] [data-favorites-clear]`)
	demoWait(t, ctx, `document.querySelector("[data-favorites-list] .favorites-empty") !== null`)
	assert.Empty(t, demoEval[[]string](t, ctx, `Favorites.list().then(l => l.map(i => i.id))`))
	assert.True(t, demoEval[bool](t, ctx, `window.__samePage === true`), "no navigation")
	assert.Zero(t, s.posts.Load(), "no form was sent")
}

// A new reader's server-rendered page: the shim draws over nothing at
// start, and the core, loaded on the reader's intent, redraws nothing.
func TestHydrationNewReader(t *testing.T) {
	skipBaseline(t)
	s := &served{}
	s.start(t, examples.Demo(dist))
	ctx := newContext(t)
	watchHydration(t, ctx)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(s.URL+"/articles/cafe-sirene-reopens.html")))
	demoEval[any](t, ctx, `Favorites.ready.then(() => `+afterFrames+`)`)
	sameNodes(t, ctx, "at start")
	assert.False(t, demoEval[bool](t, ctx, coreStarted))

	// The pointer over the button loads the core, which finds the list
	// empty, as the server drew it.
	at := demoEval[[2]float64](t, ctx, `(() => { const r = document.querySelector(".story-actions [data-favorite]").getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
	require.NoError(t, chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, at[0], at[1])))
	demoWait(t, ctx, coreStarted)
	demoEval[any](t, ctx, `Favorites.list().then(() => `+afterFrames+`)`)
	sameNodes(t, ctx, "once the core runs")
	assert.Empty(t, demoEval[[]string](t, ctx, `__hydration.loading`))
	assert.Empty(t, demoEval[[]string](t, ctx, `__hydration.writes`), "the library changed nothing in the page")

	demoEval[any](t, ctx, `(window.__samePage = true, __hydration.stop = true, null)`)
	demoClick(t, ctx, `.story-actions [data-favorite]`)
	demoWait(t, ctx, `document.querySelector(".story-actions [data-favorite]").dataset.favoriteState === "on" && document.querySelectorAll("[data-favorites-list] .favorites-item").length === 1`)
	assert.True(t, demoEval[bool](t, ctx, `window.__samePage === true`), "no navigation")
	assert.Zero(t, s.posts.Load(), "no form was sent")
}

// A page that does not show the reader's list (here rendered without the
// cookie, as a cache would have kept it) shows what the server drew until
// the core's answer, which then corrects it.
func TestHydrationStalePage(t *testing.T) {
	skipBaseline(t)
	s := &served{anonymous: true}
	s.start(t, examples.Demo(dist))
	ctx := newContext(t)
	saved := savedItems(2)
	storeServerList(t, ctx, s.URL, saved)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(s.URL+"/")))
	demoEval[any](t, ctx, `Favorites.ready.then(() => null)`)
	got := demoEval[shownState](t, ctx, pageState)
	assert.Equal(t, []string{saved[1].Title, saved[0].Title}, got.List)
	assert.Equal(t, "2", got.Count)
	assert.Contains(t, got.Buttons, "204131=on/true/Remove from favorites")
	assert.Contains(t, got.Buttons, "204117=off/false/Add to favorites")
}

// When the core cannot start, the server's forms are left to post: the
// change is the server's, and the page it returns to shows it.
func TestHydrationCoreFails(t *testing.T) {
	skipBaseline(t)
	t.Run("stored list", func(t *testing.T) {
		s := &served{broken: true}
		s.start(t, examples.Demo(dist))
		ctx := newContext(t)
		storeServerList(t, ctx, s.URL, savedItems(2))
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(s.URL+"/")))
		assert.Equal(t, "load-failed", demoEval[string](t, ctx, `Favorites.ready.then(() => "ready", e => e.code)`))
		assert.Equal(t, "2", demoEval[string](t, ctx, `document.querySelector("[data-favorites-count]").textContent`), "the server's count stands")
		assert.Equal(t, 2, demoEval[int](t, ctx, `document.querySelectorAll("[data-favorites-list] .favorites-item").length`), "the server's list stands")
		assert.Equal(t, "on", demoEval[string](t, ctx, `document.querySelector('.teaser-actions [data-favorite="204131"]').dataset.favoriteState`))

		demoClick(t, ctx, `[data-favorites-list] [data-favorites-remove="204131"]`)
		demoWait(t, ctx, `document.querySelectorAll("[data-favorites-list] .favorites-item").length === 1`)
		assert.Equal(t, int32(1), s.posts.Load(), "the remove was a form post")
		demoClick(t, ctx, `.story-actions [data-favorite="204117"]`)
		demoWait(t, ctx, `document.querySelector('.story-actions [data-favorite="204117"]')?.dataset.favoriteState === "on"`)
		assert.Equal(t, int32(2), s.posts.Load(), "the add was a form post")
		assert.Equal(t, "2", demoEval[string](t, ctx, `document.querySelector("[data-favorites-count]").textContent`))
	})
	t.Run("new reader", func(t *testing.T) {
		// The click starts the core, which fails; the form is then sent as
		// the click would have sent it.
		s := &served{broken: true}
		s.start(t, examples.Demo(dist))
		ctx := newContext(t)
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(s.URL+"/")))
		demoEval[any](t, ctx, `Favorites.ready.then(() => null)`)
		demoClick(t, ctx, `.story-actions [data-favorite="204117"]`)
		demoWait(t, ctx, `document.querySelector('.story-actions [data-favorite="204117"]')?.dataset.favoriteState === "on" && document.querySelector("[data-favorites-count]").textContent === "1"`)
		assert.Equal(t, int32(1), s.posts.Load(), "the add was a form post")
	})
}

// The front page for a reader with ten favourites, from its load until the
// core has read them: rendered by the server (examples.Demo), nothing in it
// moves, as the library writes nothing to it. The same page as a shared
// cache serves it (examples.Site, the markup left to the script) is
// measured beside it, for the record. The viewport is tall enough to hold
// the whole page, so that a shift anywhere in it counts.
//
// Chromium now and then reports a shift on this page with no change to its
// document at all (not one mutation from the library's start to its
// ready): a relayout of its own, of the tides table or of a row of
// teasers, on a busy machine. A load that shifted without a write of the
// library's is therefore loaded again, up to three times; a load in which
// the library wrote anything fails at once.
func TestLayoutShift(t *testing.T) {
	skipBaseline(t)
	load := func(t *testing.T, h http.Handler) (shift float64, writes []string) {
		s := &served{}
		s.start(t, h)
		ctx := newContext(t)
		require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(1280, 4000)))
		watchHydration(t, ctx)
		storeServerList(t, ctx, s.URL, savedItems(10))
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(s.URL+"/")))
		demoEval[any](t, ctx, `Favorites.ready.then(() => `+afterFrames+`)`)
		require.Equal(t, 10, demoEval[int](t, ctx, `document.querySelectorAll("[data-favorites-list] .favorites-item").length`))
		require.True(t, demoEval[bool](t, ctx, `(() => { const r = document.querySelector("[data-favorites-list]").getBoundingClientRect(); return r.bottom <= innerHeight && r.height > 0 })()`),
			"the list is in the viewport")
		shift = demoEval[float64](t, ctx, `__hydration.shift`)
		writes = demoEval[[]string](t, ctx, `__hydration.writes`)
		t.Logf("layout shift %.4f in %d entries, %d writes by the library, loading drawn %d times", shift,
			demoEval[int](t, ctx, `__hydration.shifts`), len(writes), demoEval[int](t, ctx, `__hydration.loading.length`))
		if shift > 0 {
			t.Logf("what moved: %q", demoEval[[]string](t, ctx, `__hydration.sources`))
		}
		return shift, writes
	}
	t.Run("server-rendered", func(t *testing.T) {
		for try := 1; ; try++ {
			shift, writes := load(t, examples.Demo(dist))
			require.Empty(t, writes, "the library changed nothing in the page")
			if shift == 0 || try == 3 {
				assert.Zero(t, shift, "the server-rendered page does not move")
				return
			}
		}
	})
	t.Run("client-rendered", func(t *testing.T) {
		load(t, examples.Handler(dist, examples.Site()))
	})
}
