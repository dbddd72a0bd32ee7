// The browser tests: the built library (dist/) in a real headless Chromium,
// driven through the DevTools protocol the way a reader uses a page. One
// browser serves the whole test binary; every test gets its own browser
// context, so cookies never leak between tests.
package browser_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites/examples"
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

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if _, err := os.Stat(dist + "/favorites.wasm"); err != nil {
		fmt.Fprintln(os.Stderr, "no dist/favorites.wasm: run make build (make test does)")
		return 1
	}
	path, err := findChromium()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	server = httptest.NewServer(testHandler())
	defer server.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1280, 900),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		fmt.Fprintln(os.Stderr, "starting Chromium:", err)
		return 1
	}
	browser = ctx
	return m.Run()
}

func findChromium() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium found: install the Debian package chromium (make test does, as root)")
}

// newContext returns a new tab in a new browser context: a reader with an
// empty cookie jar. Tabs made from it with newTab share its cookies.
func newContext(t *testing.T) context.Context {
	t.Helper()
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
	v, err := evalErr[T](ctx, expr)
	require.NoError(t, err, "evaluating %s", expr)
	return v
}

func evalErr[T any](ctx context.Context, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
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
		ok, err := evalErr[bool](ctx, expr)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			require.Failf(t, "timed out", "waiting %v for %s (last error %v)", within, expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// testHandler serves the library, the demo site under /site/, the test page
// under /t/, and broken .wasm variants under /bad/.
func testHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/static/", http.StripPrefix("/static/", examples.Static(dist)))
	if baseline {
		// The same tests against the hand-written JavaScript baseline of
		// make bench, which must keep the same contract.
		mux.HandleFunc("/static/favorites.js", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "no-cache")
			http.ServeFile(w, r, baselineJS)
		})
	}
	mux.Handle("/site/", http.StripPrefix("/site", examples.Pages(examples.Site())))
	mux.HandleFunc("/t/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", examples.CSP)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		q := r.URL.Query()
		err := testPage.Execute(w, map[string]any{
			"Title": strings.TrimPrefix(r.URL.Path, "/t/"),
			"Wasm":  q.Get("wasm"),
			"Attrs": template.HTMLAttr(q.Get("attrs")),
		})
		if err != nil {
			panic(err)
		}
	})
	wasm := func() []byte {
		b, err := os.ReadFile(dist + "/favorites.wasm")
		if err != nil {
			panic(err)
		}
		return b
	}
	mux.HandleFunc("/bad/404.wasm", http.NotFound)
	mux.HandleFunc("/bad/wrong-mime.wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(wasm())
	})
	mux.HandleFunc("/bad/corrupt.wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/wasm")
		b := wasm()
		w.Write(b[:len(b)/2]) // a truncated module
	})
	mux.HandleFunc("/bad/garbage.wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/wasm")
		w.Write([]byte("this is not a WebAssembly module"))
	})
	mux.HandleFunc("/bad/reset.wasm", func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close() // a network error: the connection drops with no response
		}
	})
	return mux
}

// testPage is a page like an article: a button, the list and the count.
// {{.Attrs}} lands on the script tag (data-cookie-name="…" and the like).
var testPage = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<link rel="stylesheet" href="/static/favorites.css">
<script src="/static/favorites.js" {{if .Wasm}}data-wasm="{{.Wasm}}"{{end}} {{.Attrs}} defer></script>
</head><body>
<article><h1>{{.Title}}</h1>
<button id="fav" data-favorite="a1" data-favorite-title="Article one" data-favorite-url="/news/a1">Add to favorites</button>
</article>
<aside><h2>Favorites (<span id="count" data-favorites-count></span>)</h2>
<div id="list" data-favorites-list></div></aside>
</body></html>`))
