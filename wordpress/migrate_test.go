package wordpress_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// warnings returns a channel of the page's console warnings.
func warnings(ctx context.Context) <-chan string {
	ch := make(chan string, 16)
	_ = chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventConsoleAPICalled); ok && e.Type == runtime.ConsoleAPICalledTypeWarning {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`))
			}
			select {
			case ch <- strings.Join(parts, " "):
			default:
			}
		}
	})
	return ch
}

// waitGone waits until the reader has none of the cookies names.
func waitGone(t *testing.T, ctx context.Context, names ...string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		jar := cookies(t, ctx)
		var left []string
		for _, n := range names {
			if _, ok := jar[n]; ok {
				left = append(left, n)
			}
		}
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			require.Failf(t, "cookies kept", "the old cookies %v are still there", left)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func deleteCookie(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	_, err := chromedp.Call(ctx, network.DeleteCookies, network.DeleteCookiesParams{Name: name, URL: wp.base + "/"})
	require.NoError(t, err)
}

// A reader of WP Favorite Posts keeps the saved posts (and pages), in
// their order, with their titles and permalinks from the REST API; while
// the REST API fails, nothing is imported and nothing is lost; once it
// answers, the old cookies go, and a second page view changes nothing.
func TestMigrationFromWpfp(t *testing.T) {
	ctx := reader(t)
	one, three, about := wp.pages["one"], wp.pages["three"], wp.pages["about"]
	var old []string
	for _, id := range []string{three.ID, one.ID, "999999", about.ID} { // 999999: a post deleted since
		name := "wp-favorite-posts[" + id + "]"
		setCookie(t, ctx, name, "added")
		old = append(old, name)
	}

	setCookie(t, ctx, "test_rest_down", "1") // testdata/mu-plugin.php: wp/v2 answers 503
	warned := warnings(ctx)
	visit(t, ctx, wp.pages["two"].URL)
	select {
	case w := <-warned:
		assert.Contains(t, w, "not imported yet")
	case <-time.After(20 * time.Second):
		require.FailNow(t, "the import neither failed nor warned with the REST API down")
	}
	assert.Empty(t, list(t, ctx))
	jar := cookies(t, ctx)
	for _, name := range old {
		assert.Contains(t, jar, name, "kept until the import lands")
	}

	deleteCookie(t, ctx, "test_rest_down")
	visit(t, ctx, wp.pages["two"].URL)
	waitFor(t, ctx, `Favorites.list().then(l => l.length === 3)`)
	assert.Equal(t, []Item{
		{ID: three.ID, Title: "Third story", URL: three.URL},
		{ID: one.ID, Title: "Council approves the budget", URL: one.URL},
		{ID: about.ID, Title: "About us", URL: about.URL},
	}, list(t, ctx))
	waitGone(t, ctx, old...)

	visit(t, ctx, wp.pages["saved"].URL)
	assert.Len(t, list(t, ctx), 3)
	waitFor(t, ctx, `document.querySelectorAll('.wpfp-list .favorites-link').length === 3`)
}

// A reader of the Favorites plugin (simplefavorites) keeps the saved posts
// after the ones already in the list, titles as text.
func TestMigrationFromSimpleFavorites(t *testing.T) {
	ctx := reader(t)
	one, two, three := wp.pages["one"], wp.pages["two"], wp.pages["three"]
	visit(t, ctx, three.URL)
	click(t, ctx, `button[data-favorite="`+three.ID+`"]`)
	waitFor(t, ctx, `Favorites.list().then(l => l.length === 1)`)

	// As the plugin sets it: PHP's setcookie URL-encodes the JSON.
	posts := "[" + two.ID + "," + one.ID + "," + three.ID + "]"
	value := url.QueryEscape(`[{"site_id":1,"posts":` + posts + `,"groups":[{"group_id":1,"site_id":1,"group_name":"Default List","posts":` + posts + `}]}]`)
	setCookie(t, ctx, "simplefavorites", value)
	visit(t, ctx, three.URL)
	waitFor(t, ctx, `Favorites.list().then(l => l.length === 3)`)
	items := list(t, ctx)
	assert.Equal(t, []Item{
		{ID: three.ID, Title: "Third story", URL: three.URL},
		{ID: two.ID, Title: "Rain & wind — it’s back tonight", URL: two.URL},
		{ID: one.ID, Title: "Council approves the budget", URL: one.URL},
	}, items)
	waitGone(t, ctx, "simplefavorites")

	visit(t, ctx, three.URL)
	assert.Equal(t, items, list(t, ctx), "a second page view imports nothing")
}

// A REST API that answers slowly loses nothing: while the answer is held
// back the list is unchanged and the old cookie stays; once it comes, the
// import lands and the cookie goes.
func TestMigrationSlowAPI(t *testing.T) {
	ctx := reader(t)
	one := wp.pages["one"]
	setCookie(t, ctx, "wp-favorite-posts["+one.ID+"]", "added")

	held := make(chan fetch.RequestID, 4)
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			held <- e.RequestID
		}
	}))
	_, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/wp-json/wp/v2/*"}}})
	require.NoError(t, err)
	visit(t, ctx, wp.pages["two"].URL)
	var ids []fetch.RequestID
	for len(ids) < 2 { // posts and pages
		select {
		case id := <-held:
			ids = append(ids, id)
		case <-time.After(20 * time.Second):
			require.FailNow(t, "the import did not ask the REST API")
		}
	}
	assert.Empty(t, list(t, ctx))
	assert.Contains(t, cookies(t, ctx), "wp-favorite-posts["+one.ID+"]")

	for _, id := range ids {
		_, err := chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
		require.NoError(t, err)
	}
	waitFor(t, ctx, `Favorites.list().then(l => l.length === 1)`)
	assert.Equal(t, []Item{{ID: one.ID, Title: "Council approves the budget", URL: one.URL}}, list(t, ctx))
	waitGone(t, ctx, "wp-favorite-posts["+one.ID+"]")
}
