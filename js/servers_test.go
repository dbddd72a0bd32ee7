package browser_test

// Servers read the cookie: titles full of what cookies and form encodings
// treat specially are stored through the library, and a Go net/http server
// and PHP's $_COOKIE must each get exactly the bytes the browser stored, in
// every chunk.

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites/internal/cookie"
	"github.com/favorites-dev/favorites/js/testsite/proc"
)

// hardTitles are titles with every character that cookies, URL encoding or
// form encoding read specially, and text a byte-oriented server could mangle.
var hardTitles = []string{
	`semi;colon`, `com,ma`, `"double quotes"`, `back\slash`, `100% sure`, `1+1=2`, `%41%2B%3B`,
	`equals=sign&amp=1`, `star * dollar $ pipe | tilde ~ under_score`, `it's 'single'`,
	`emoji 😀👍🏽🇪🇺`, `שלום עולם`, `مرحبا بالعالم`, "\u202eRLO override\u202c", `Ünïcödé ß 中文 日本語`,
	"tab\there", "line\nbreak", `<b>html</b> &amp;`, `space at end `, ` space at start`,
}

// storeHardItems stores items with hardTitles until the list spans at least
// two chunks, and returns the list.
func storeHardItems(t *testing.T, ctx context.Context) []Item {
	t.Helper()
	items := eval[[]Item](t, ctx, `(async titles => {
		let l = [];
		for (let i = 0; !document.cookie.includes("favorites_1=") && i < 50; i++) {
			const title = titles[i % titles.length] + " / " + titles[(i * 7 + 3) % titles.length];
			l = await Favorites.add({id: "id;" + i + (i % 3 ? "é" : "+%"), title, url: "/news/" + i + "?q=a%20b&c=d+e;f"});
		}
		return l;
	})(`+js(hardTitles)+`)`)
	require.NotEmpty(t, items)
	return items
}

// browserCookies returns the favorites* cookies the browser holds for base.
func browserCookies(t *testing.T, ctx context.Context, base string) map[string]string {
	t.Helper()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{base + "/"}})
	require.NoError(t, err)
	out := map[string]string{}
	for _, c := range res.Cookies {
		if strings.HasPrefix(c.Name, "favorites") {
			out[c.Name] = c.Value
		}
	}
	return out
}

// echoed navigates to base+"/echo" and returns the favorites* cookies the
// server says it received.
func echoed(t *testing.T, ctx context.Context, base string) map[string]string {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(base+"/echo")))
	body := eval[string](t, ctx, `document.body.textContent`)
	var all map[string]string
	require.NoError(t, json.Unmarshal([]byte(body), &all), "the echo: %s", body)
	out := map[string]string{}
	for name, v := range all {
		if strings.HasPrefix(name, "favorites") {
			out[name] = v
		}
	}
	return out
}

// serverReads stores the hard items on a page of base and checks what the
// server at base receives.
// control is what the server must echo for a cookie a+b%2B set outside the
// library: it shows that the comparison sees a server's decoding.
func serverReads(t *testing.T, base, control string) {
	ctx := newContext(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(base+"/t/servers")))
	eval[any](t, ctx, `Favorites.ready.then(() => null)`)
	items := storeHardItems(t, ctx)
	stored := browserCookies(t, ctx, base)
	require.GreaterOrEqual(t, len(stored), 2, "the list spans several chunks")
	for name, v := range stored {
		for _, c := range []byte(v) {
			require.True(t, c > 0x20 && c < 0x7f && !strings.ContainsRune("\";,\\%+", rune(c)), "cookie %s holds %q", name, c)
		}
	}

	got := echoed(t, ctx, base)
	assert.Equal(t, stored, got, "the server gets exactly the bytes the browser stored")

	// And what the server got decodes to the list the page holds.
	var chunks [cookie.MaxCookies]string
	for i := range chunks {
		chunks[i] = got[cookie.Name("favorites", i)]
	}
	assert.Equal(t, coreItems(items), cookie.Decode(&chunks))
	t.Logf("%d items in %d chunks read back whole", len(items), len(got))

	_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: "favorites_control", Value: "a+b%2B", URL: base + "/", Path: "/"})
	require.NoError(t, err)
	assert.Equal(t, control, echoed(t, ctx, base)["favorites_control"], "a value with + and %%2B")
}

func TestServersGo(t *testing.T) {
	needBuild(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		out := map[string]string{}
		for _, c := range r.Cookies() {
			if _, dup := out[c.Name]; !dup {
				out[c.Name] = c.Value
			}
		}
		// Each chunk as a server would fetch it by name.
		for name := range out {
			c, err := r.Cookie(name)
			if err != nil || c.Value != out[name] {
				http.Error(w, "r.Cookie("+name+") disagrees", http.StatusInternalServerError)
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		assert.NoError(t, json.NewEncoder(w).Encode(out))
	})
	mux.Handle("/", testHandler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	serverReads(t, srv.URL, "a+b%2B")
}

func TestServersPHP(t *testing.T) {
	needBuild(t)
	router, err := filepath.Abs("testdata/php/router.php")
	require.NoError(t, err)
	distDir, err := filepath.Abs(dist)
	require.NoError(t, err)
	// This test checks what $_COOKIE receives.
	base := proc.PHP(t, []string{"FAVORITES_DIST=" + distDir}, router)
	serverReads(t, base, "a+b+") // PHP decodes %XX in cookie values (rawurldecode)
}
