// The WordPress plugin, tested as a site runs it: Debian's WordPress with
// a private MariaDB under php -S (site_test.go), the plugin installed from
// the zip make build writes, and readers in a real headless Chromium, one
// browser for the test binary and a browser context of its own (its own
// cookie jar) for each reader.
package wordpress_test

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/favorites-dev/favorites/js/testsite/chromium"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

var (
	browser context.Context
	wp      *site
	// notBuilt says why the tests skip: go test ./... on a fresh clone
	// passes, and make test, which builds first, runs them all.
	notBuilt string
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	if _, err := os.Stat(pluginZip); err != nil {
		notBuilt = "SKIPPING the WordPress tests: there is no " + pluginZip + "; run make build first (make test does)"
		fmt.Fprintln(os.Stderr, notBuilt)
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "favorites-wordpress-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer func() {
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}()
	began := time.Now()
	wp, err = startSite(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bringing up WordPress:", err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "WordPress up in %.1fs (%s)\n", time.Since(began).Seconds(), strings.Join(wp.times, ", "))
	code := func() int {
		defer func() {
			if err := wp.close(); err != nil {
				fmt.Fprintln(os.Stderr, err)
			}
		}()
		ctx, stop, err := chromium.Start()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer stop()
		browser = ctx
		return m.Run()
	}()
	// PHP's notices and warnings from the plugin fail the run: WordPress
	// logs them (WP_DEBUG_LOG) rather than showing them in the page.
	if log, err := os.ReadFile(wp.log); err == nil {
		var mine []string
		for _, line := range strings.Split(string(log), "\n") {
			if strings.Contains(line, "/plugins/"+pluginDir+"/") {
				mine = append(mine, line)
			}
		}
		if len(mine) > 0 {
			fmt.Fprintf(os.Stderr, "PHP reported problems in the plugin:\n%s\n", strings.Join(mine, "\n"))
			return 1
		}
	}
	return code
}

// reader returns a tab of a new reader: a browser context with an empty
// cookie jar.
func reader(t *testing.T) context.Context {
	t.Helper()
	if notBuilt != "" {
		t.Skip(notBuilt)
	}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Do(ctx))
	return ctx
}

// visit loads url (a path of the site, or absolute) and waits until the
// library has read the stored list.
func visit(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if strings.HasPrefix(url, "/") {
		url = wp.base + url
	}
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url)))
	eval[any](t, ctx, `Favorites.ready.then(() => null)`)
}

// eval evaluates expr in the page, awaiting a promise, and returns its value.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromium.Eval[T](ctx, expr)
	require.NoError(t, err, "evaluating %s", expr)
	return v
}

// waitFor polls expr in the page until it is true.
func waitFor(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ok, err := chromium.Eval[bool](ctx, expr)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			html, _ := chromium.Eval[string](ctx, `document.body ? document.body.innerHTML.slice(0, 4000) : ""`)
			require.Failf(t, "timed out", "waiting for %s (last error %v); the page:\n%s", expr, err, html)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// click clicks the element that sel (CSS) matches, with the mouse.
func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(tctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)), "clicking %s", sel)
}

// Item is an item of the list, as window.Favorites gives it.
type Item struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

func list(t *testing.T, ctx context.Context) []Item {
	t.Helper()
	return eval[[]Item](t, ctx, `Favorites.list()`)
}

// shown is what the list widget matching sel shows: each entry's text and
// link, newest first.
type entry struct {
	Text string `json:"text"`
	Href string `json:"href"`
}

func shown(t *testing.T, ctx context.Context, sel string) []entry {
	t.Helper()
	return eval[[]entry](t, ctx, `Array.from(document.querySelectorAll(`+js(sel)+` + ' .favorites-link'), a => ({text: a.textContent, href: a.getAttribute('href') || ''}))`)
}

func js(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func cookies(t *testing.T, ctx context.Context) map[string]*network.Cookie {
	t.Helper()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{wp.base + "/"}})
	require.NoError(t, err)
	m := map[string]*network.Cookie{}
	for _, c := range res.Cookies {
		m[c.Name] = c
	}
	return m
}

// setCookie gives the reader a cookie of the site, as another plugin would
// have set it.
func setCookie(t *testing.T, ctx context.Context, name, value string) {
	t.Helper()
	_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: name, Value: value, URL: wp.base + "/", Path: "/"})
	require.NoError(t, err)
}

// get fetches url of the site as a client without a browser, with the
// given Cookie header.
func get(t *testing.T, path, cookie string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, wp.base+path, nil)
	require.NoError(t, err)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	var b strings.Builder
	_, err = io.Copy(&b, resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	return resp, b.String()
}
