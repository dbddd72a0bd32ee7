// The browser tests: the built library (dist/) in a real headless Chromium,
// driven through the DevTools protocol the way a reader uses a page. One
// browser serves the whole test binary; every test gets its own browser
// context, so cookies never leak between tests.
package browser_test

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/favorites-dev/favorites/js/testsite/chromium"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites/js/testsite"
)

const (
	dist       = "../dist"
	baselineJS = "../bench/baseline/favorites.js"
)

// baseline is set by FAVORITES_IMPL=baseline: the tests then run against the
// pure-JavaScript baseline instead of the Go core. Tests of what only the
// .wasm can do (loading it) call skipBaseline.
var baseline = os.Getenv("FAVORITES_IMPL") == "baseline"

func skipBaseline(t *testing.T) {
	t.Helper()
	if baseline {
		t.Skip("about loading the .wasm: the JavaScript baseline has none")
	}
}

var (
	browser context.Context // the one browser of this test binary
	server  *httptest.Server
)

// notBuilt says why the tests skip, when dist/ has not been built: go test
// ./... on a fresh clone passes, and make test, which builds first, runs
// them all.
var notBuilt string

// needBuild skips t when there is no dist/ to test.
func needBuild(t *testing.T) {
	t.Helper()
	if notBuilt != "" {
		t.Skip(notBuilt)
	}
}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if _, err := os.Stat(dist + "/favorites.wasm"); err != nil {
		notBuilt = "SKIPPING the browser tests: there is no dist/favorites.wasm to test; run make build first (make test does)"
		fmt.Fprintln(os.Stderr, notBuilt)
		return m.Run()
	}
	server = httptest.NewServer(testHandler())
	defer server.Close()

	// Hosts under favorites.test reach the test server (see siteURL), for
	// the domain option.
	ctx, stop, err := chromium.Start(chromedp.Flag("host-resolver-rules", "MAP *.favorites.test 127.0.0.1"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer stop()
	browser = ctx
	return m.Run()
}

// newContext returns a new tab in a new browser context: a reader with an
// empty cookie jar. Tabs made from it with newTab share its cookies.
func newContext(t *testing.T) context.Context {
	t.Helper()
	needBuild(t)
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Do(ctx))
	return ctx
}

// newTab returns another tab of the same reader as ctx.
func newTab(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Do(tab))
	return tab
}

// open navigates ctx to path on the test server and waits for Favorites.ready.
func open(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	navigate(t, ctx, path)
	eval[any](t, ctx, `Favorites.ready.then(() => null)`)
}

// navigate loads path without waiting for the library.
func navigate(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(server.URL+path)))
}

// eval evaluates expr in the page, awaiting a promise, and returns its value.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromium.Eval[T](ctx, expr)
	require.NoError(t, err, "evaluating %s", expr)
	return v
}

// rejection runs expr, which must reject, and returns the rejection's code.
func rejection(t *testing.T, ctx context.Context, expr string) string {
	t.Helper()
	return eval[string](t, ctx, `(`+expr+`).then(() => "resolved", e => e && e.code ? e.code : "no code: " + e)`)
}

// Item is the contract's item as the page returns it.
type Item struct {
	ID    string  `json:"id"`
	Title string  `json:"title"`
	URL   string  `json:"url"`
	Added float64 `json:"added"`
}

func list(t *testing.T, ctx context.Context) []Item {
	t.Helper()
	return eval[[]Item](t, ctx, `Favorites.list()`)
}

func ids(items []Item) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

// js quotes v as a JavaScript literal.
func js(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// cookies returns the browser's cookies for the test server, read through
// the DevTools protocol rather than document.cookie.
func cookies(t *testing.T, ctx context.Context) []*network.Cookie {
	t.Helper()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{server.URL + "/"}})
	require.NoError(t, err)
	return res.Cookies
}

// waitFor polls expr in the page until it is true.
func waitFor(t *testing.T, ctx context.Context, expr string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		ok, err := chromium.Eval[bool](ctx, expr)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			require.Failf(t, "timed out", "waiting %v for %s (last error %v)", within, expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// slowWasm returns a gate whose url serves the .wasm only once release is
// called (at the latest when the test ends), for pages that must be seen
// while the core is loading: navigate to "/t/NAME?wasm="+g.url.
func slowWasm(t *testing.T) *gate {
	t.Helper()
	token := fmt.Sprintf("%s-%d", strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()), time.Now().UnixNano())
	g := &gate{url: "/slow/" + token + ".wasm", Gate: gates.Hold(token)}
	t.Cleanup(g.release)
	return g
}

// A gate holds back the .wasm of one test until it is released (see
// slowWasm).
type gate struct {
	*testsite.Gate
	url string
}

func (g *gate) release() { g.Release() }

// waitRequested waits until the page has asked for the .wasm: it is then
// waiting for the core, which only release lets in.
func (g *gate) waitRequested(t *testing.T) {
	t.Helper()
	select {
	case <-g.Requested():
	case <-time.After(10 * time.Second):
		require.FailNow(t, "no request", "the page did not ask for %s", g.url)
	}
}

// click clicks the element that sel (CSS) matches, with the mouse, as a
// reader does.
func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(tctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)), "clicking %s", sel)
}

// press types keys (kb.Tab, kb.Enter, " ") into whatever has the focus,
// through the DevTools input domain.
func press(t *testing.T, ctx context.Context, keys string) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(keys)))
}

// tabTo presses Tab until the element sel has the focus.
func tabTo(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	for range 30 {
		if eval[bool](t, ctx, `document.activeElement === document.querySelector(`+js(sel)+`)`) {
			return
		}
		press(t, ctx, kb.Tab)
	}
	require.Failf(t, "not focusable", "%s never got the focus with Tab", sel)
}

// attr returns the attribute name of the element sel ("" when absent).
func attr(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	return eval[string](t, ctx, `document.querySelector(`+js(sel)+`).getAttribute(`+js(name)+`) ?? ""`)
}

// text returns the textContent of the element sel.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return eval[string](t, ctx, `document.querySelector(`+js(sel)+`).textContent`)
}

// reload reloads the page and waits for Favorites.ready.
func reload(t *testing.T, ctx context.Context) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.Reload()))
	eval[any](t, ctx, `Favorites.ready.then(() => null)`)
}

// Event is a favorites:change event as recordEvents keeps it.
type Event struct {
	Action string   `json:"action"`
	ID     *string  `json:"id"` // nil when detail has no id
	Items  []string `json:"items"`
}

// recordEvents starts keeping the page's favorites:change events, or starts
// over; events returns them, awaitEvents waits for them.
func recordEvents(t *testing.T, ctx context.Context) {
	t.Helper()
	eval[any](t, ctx, `window.__events = [], window.__eventWaiters = [], window.__recording || document.addEventListener("favorites:change", e => {
		__events.push({action: e.detail.action, id: "id" in e.detail ? e.detail.id : null, items: e.detail.items.map(i => i.id)});
		for (const [n, resolve] of __eventWaiters) if (__events.length >= n) resolve(true);
	}), window.__recording = true, null`)
}

// awaitEvents waits until the page has recorded n events (see recordEvents),
// in a promise that the page's own listener resolves.
func awaitEvents(t *testing.T, ctx context.Context, n int, within time.Duration) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	_, err := chromedp.Run(wctx, chromedp.Evaluate[bool](`__events.length >= `+strconv.Itoa(n)+
		` || new Promise(resolve => __eventWaiters.push([`+strconv.Itoa(n)+`, resolve]))`, chromedp.EvalAwaitPromise))
	if err != nil {
		require.FailNow(t, "timed out", "waiting %v for %d events (%v); got %v", within, n, err, events(t, ctx))
	}
}

func events(t *testing.T, ctx context.Context) []Event {
	t.Helper()
	return eval[[]Event](t, ctx, `window.__events`)
}

// countPolls starts counting, in window.__polls, the tasks in which the page
// reads document.cookie. While the page makes no call of its own, those are
// the library's checks for outside changes: a check that finds nothing
// leaves no other trace.
func countPolls(t *testing.T, ctx context.Context) {
	t.Helper()
	eval[any](t, ctx, `(() => {
		const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
		let inTask = false;
		window.__polls = 0;
		Object.defineProperty(document, "cookie", {configurable: true,
			get() {
				if (!inTask) inTask = true, __polls++, queueMicrotask(() => inTask = false);
				return cookie.get.call(document);
			},
			set(v) { cookie.set.call(document, v); },
		});
		return null;
	})()`)
}

// loadImage loads src as an image in the page and waits until it has loaded
// or failed. An image of the same src that markup had (wrongly) put into the
// page earlier has then had its turn to fire its handlers.
func loadImage(t *testing.T, ctx context.Context, src string) {
	t.Helper()
	eval[any](t, ctx, `new Promise(done => { const i = new Image(); i.onload = i.onerror = () => done(null); i.src = `+js(src)+` })`)
}

// cookieNamed returns the cookie name of the test server, or nil.
func cookieNamed(t *testing.T, ctx context.Context, name string) *network.Cookie {
	t.Helper()
	for _, c := range cookies(t, ctx) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// deleteCookie deletes a cookie from outside the page, through DevTools.
func deleteCookie(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	_, err := chromedp.Call(ctx, network.DeleteCookies, network.DeleteCookiesParams{Name: name, URL: server.URL + "/"})
	require.NoError(t, err)
}

// gates hold back /slow/TOKEN.wasm (see slowWasm).
var gates testsite.Gates

// testHandler serves the test site (package testsite): the library, the
// demo site under /site/, the test page under /t/, and slow and broken
// .wasm variants.
func testHandler() http.Handler {
	o := testsite.Options{Gates: &gates}
	if baseline {
		// The same tests against the hand-written JavaScript baseline of
		// make bench, which must keep the same contract.
		o.Script = baselineJS
	}
	return testsite.Handler(dist, o)
}

// siteURL is the test server's URL under the host name host (a name under
// favorites.test, which the browser maps to the test server).
func siteURL(host string) string {
	return strings.Replace(server.URL, "127.0.0.1", host, 1)
}

// queryEscape escapes s for a URL query.
func queryEscape(s string) string { return url.QueryEscape(s) }
