package wordpress_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// post sends a POST to path of the site with the given Cookie header and
// more headers (name, value, …), as a client without a browser.
func post(t *testing.T, path, cookie string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, wp.base+path, nil)
	require.NoError(t, err)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	return resp
}

// The renew route: the script tag names it, the page's own POST renews
// the list's cookie as a server-set one with a fresh Max-Age; it answers
// no-store, echoes only well-formed values, and refuses cross-site
// requests and other methods.
func TestRenewRoute(t *testing.T) {
	ctx := reader(t)
	one := wp.pages["one"]
	visit(t, ctx, one.URL)
	endpoint := eval[string](t, ctx, `document.querySelector('script[src*="favorites.js"]').dataset.endpoint`)
	require.Equal(t, "/wp-json/favorites/v1", endpoint)
	click(t, ctx, `button[data-favorite="`+one.ID+`"]`)
	waitFor(t, ctx, `document.querySelector('button[data-favorite="`+one.ID+`"]').getAttribute('aria-pressed') === 'true'`)
	value := cookies(t, ctx)["favorites"].Value

	// The same cookie, about to expire: the renew gives it a year again.
	soon := time.Now().Add(time.Hour)
	_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: "favorites", Value: value, URL: wp.base + "/", Path: "/",
		Expires: cdpTime(soon), SameSite: network.CookieSameSiteLax})
	require.NoError(t, err)
	got := eval[string](t, ctx, `fetch(`+js(endpoint+"/renew")+`, {method: 'POST'}).then(r => r.status + ' ' + r.headers.get('cache-control'))`)
	assert.Equal(t, "204 no-store", got)
	c := cookies(t, ctx)["favorites"]
	require.NotNil(t, c)
	assert.Equal(t, value, c.Value)
	assert.Greater(t, c.Expires, float64(time.Now().Add(364*24*time.Hour).Unix()), "renewed for a year")
	assert.Equal(t, []Item{{ID: one.ID, Title: "Council approves the budget", URL: one.URL}}, list(t, ctx))

	path := endpoint + "/renew"
	r := post(t, path, "favorites="+value+"; other=1", "Sec-Fetch-Site", "same-origin")
	assert.Equal(t, http.StatusNoContent, r.StatusCode)
	assert.Equal(t, []string{"favorites=" + value + "; Path=/; Max-Age=31536000; SameSite=Lax"}, r.Header.Values("Set-Cookie"))
	assert.Equal(t, "no-store", r.Header.Get("Cache-Control"))

	for name, h := range map[string][]string{
		"cross-site":       {"Sec-Fetch-Site", "cross-site"},
		"same-site":        {"Sec-Fetch-Site", "same-site"},
		"a foreign Origin": {"Origin", "http://elsewhere.example"},
	} {
		r := post(t, path, "favorites="+value, h...)
		assert.Equal(t, http.StatusForbidden, r.StatusCode, name)
		assert.Empty(t, r.Header.Values("Set-Cookie"), name)
		assert.Equal(t, "no-store", r.Header.Get("Cache-Control"), name)
	}
	for _, bad := range []string{`favorites=a"b`, `favorites=a,b`, "favorites=" + value + `; favorites_1=x\y`} {
		r := post(t, path, bad, "Sec-Fetch-Site", "same-origin")
		assert.Equal(t, http.StatusBadRequest, r.StatusCode, bad)
		assert.Empty(t, r.Header.Values("Set-Cookie"), bad)
	}
	resp, _ := get(t, path, "favorites="+value)
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	assert.Equal(t, "POST", resp.Header.Get("Allow"))
	assert.Empty(t, resp.Header.Values("Set-Cookie"))
}

// The same HTML, as a page cache (WP Super Cache, a CDN) keeps it, serves
// every reader: WordPress renders the page alike for readers with
// different lists, sets no cookie on it, and each reader, served that one
// copy, sees their own list.
func TestCachedPage(t *testing.T) {
	one, three, saved := wp.pages["one"], wp.pages["three"], wp.pages["saved"]
	readers := map[string]page{"a": one, "b": three}
	ctxs := map[string]context.Context{}
	jar := map[string]string{}
	for name, p := range readers {
		ctx := reader(t)
		visit(t, ctx, p.URL)
		click(t, ctx, `button[data-favorite="`+p.ID+`"]`)
		waitFor(t, ctx, `Favorites.list().then(l => l.length === 1)`)
		ctxs[name] = ctx
		jar[name] = "favorites=" + cookies(t, ctx)["favorites"].Value
	}
	path := strings.TrimPrefix(saved.URL, wp.base)
	resp, cached := get(t, path, "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	for name, cookie := range jar {
		resp, html := get(t, path, cookie)
		assert.Equal(t, cached, html, "reader %s's page differs from the cached one", name)
		assert.Empty(t, resp.Header.Values("Set-Cookie"))
	}

	for name, p := range readers {
		ctx := ctxs[name]
		served := serveCached(t, ctx, saved.URL, cached)
		visit(t, ctx, saved.URL)
		assert.EqualValues(t, 1, served.Load(), "the page came from the cache")
		waitFor(t, ctx, `document.querySelectorAll('.wpfp-list .favorites-link').length === 1`)
		title := map[string]string{one.ID: "Council approves the budget", three.ID: "Third story"}[p.ID]
		assert.Equal(t, []entry{{title, p.URL}}, shown(t, ctx, ".wpfp-list"), "reader %s", name)
		assert.Equal(t, []entry{{title, p.URL}}, shown(t, ctx, ".wp-block-favorites-list"), "reader %s", name)
	}
}

// serveCached answers the reader's requests for url with html, as a page
// cache in front of the site would, and counts them.
func serveCached(t *testing.T, ctx context.Context, url, html string) *atomic.Int32 {
	t.Helper()
	var n atomic.Int32
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			n.Add(1)
			go func() {
				_, _ = chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
					RequestID:       e.RequestID,
					ResponseCode:    200,
					ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/html; charset=UTF-8"}, {Name: "X-Cache", Value: "HIT"}},
					Body:            []byte(html),
				})
			}()
		}
	}))
	_, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: url, ResourceType: network.ResourceTypeDocument}}})
	require.NoError(t, err)
	return &n
}

func cdpTime(t time.Time) cdp.TimeSinceEpoch { return cdp.TimeSinceEpoch(float64(t.Unix())) }
