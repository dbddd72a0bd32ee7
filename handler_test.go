package favorites

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ifav "github.com/favorites-dev/favorites/internal/favorites"
)

// endpoint is the handler as a site mounts it, under /favorites/.
func endpoint(o Options) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/favorites/", http.StripPrefix("/favorites", o.Handler()))
	return mux
}

// post sends a same-origin form post (as a browser does: Sec-Fetch-Site)
// to the handler, with the cookies of header.
func post(h http.Handler, path, header string, form url.Values) *httptest.ResponseRecorder {
	r := request(http.MethodPost, "https://news.example"+path, header)
	r.Body = io.NopCloser(strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	r.Header.Set("Origin", "https://news.example")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func TestHandlerChanges(t *testing.T) {
	h := endpoint(Options{})
	start := time.Now().Truncate(time.Second)

	w := post(h, "/favorites/add", "theme=dark", form("id", "482913", "title", "Harbour bridge reopens", "url", "/2026/11/bridge", "return", "/2026/11/bridge?ref=x"))
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/2026/11/bridge?ref=x", w.Header().Get("Location"))
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
	jar := stored(t, "theme=dark", w)
	list := Read(request("GET", "/", jar))
	require.Len(t, list, 1)
	assert.Equal(t, Item{ID: "482913", Title: "Harbour bridge reopens", URL: "/2026/11/bridge", Added: list[0].Added}, list[0])
	assert.False(t, list[0].Added.Before(start))
	assert.False(t, list[0].Added.After(time.Now()))
	for _, c := range w.Result().Cookies() {
		assert.True(t, c.Secure, "the request came over TLS")
		assert.Equal(t, "/", c.Path)
		assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
	}

	// An add of an id already there keeps its place and its Added; a field
	// left out keeps what is stored.
	w = post(h, "/favorites/add", jar, form("id", "7", "title", "Seven", "return", "/"))
	require.Equal(t, http.StatusSeeOther, w.Code)
	jar = stored(t, jar, w)
	w = post(h, "/favorites/add", jar, form("id", "482913", "url", "/bridge", "return", "/"))
	require.Equal(t, http.StatusSeeOther, w.Code)
	jar = stored(t, jar, w)
	again := Read(request("GET", "/", jar))
	require.Len(t, again, 2)
	assert.Equal(t, Item{ID: "482913", Title: "Harbour bridge reopens", URL: "/bridge", Added: list[0].Added}, again[0])
	assert.Equal(t, "7", again[1].ID)

	w = post(h, "/favorites/toggle", jar, form("id", "7"))
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/", w.Header().Get("Location"), "no return: the front page")
	jar = stored(t, jar, w)
	assert.Equal(t, []string{"482913"}, ids(Read(request("GET", "/", jar))))
	w = post(h, "/favorites/toggle", jar, form("id", "7", "title", "Seven"))
	jar = stored(t, jar, w)
	assert.Equal(t, []string{"482913", "7"}, ids(Read(request("GET", "/", jar))))

	w = post(h, "/favorites/remove", jar, form("id", "482913"))
	require.Equal(t, http.StatusSeeOther, w.Code)
	jar = stored(t, jar, w)
	assert.Equal(t, []string{"7"}, ids(Read(request("GET", "/", jar))))
	w = post(h, "/favorites/remove", jar, form("id", "absent"))
	require.Equal(t, http.StatusSeeOther, w.Code, "an absent id is no error")
	jar = stored(t, jar, w)

	w = post(h, "/favorites/clear", jar, form("return", "/x"))
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/x", w.Header().Get("Location"))
	assert.Equal(t, "theme=dark", stored(t, jar, w), "no cookie of the list is left")
}

func ids(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

// Bad input is 400 with the code first, and changes nothing.
func TestHandlerBadInput(t *testing.T) {
	two := encoded(t, "favorites", core(typical(1)), core(typical(2)))
	h := endpoint(Options{MaxItems: 2})
	for _, c := range []struct {
		name, path string
		form       url.Values
		code       Code
	}{
		{"no id", "/favorites/add", form("title", "x"), InvalidItem},
		{"empty id", "/favorites/toggle", form("id", ""), InvalidItem},
		{"control in id", "/favorites/remove", form("id", "a\x00b"), InvalidItem},
		{"javascript url", "/favorites/add", form("id", "9", "url", "javascript:alert(1)"), InvalidItem},
		{"protocol-relative url", "/favorites/add", form("id", "9", "url", "//evil.example"), InvalidItem},
		{"past the capacity", "/favorites/add", form("id", "9"), Full},
		{"past the capacity, toggled", "/favorites/toggle", form("id", "9"), Full},
		{"a body too large", "/favorites/add", form("id", "9", "title", strings.Repeat("x", 70<<10)), InvalidItem},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := post(h, c.path, two, c.form)
			require.Equal(t, http.StatusBadRequest, w.Code)
			first, _, _ := strings.Cut(w.Body.String(), "\n")
			assert.Equal(t, string(c.code), first)
			assert.Empty(t, setCookies(w), "nothing changed")
			assert.Empty(t, w.Header().Get("Location"))
			assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
		})
	}
}

func TestHandlerPostOnly(t *testing.T) {
	h := endpoint(Options{})
	for _, method := range []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions} {
		for _, op := range []string{"renew", "add", "remove", "toggle", "clear"} {
			r := request(method, "https://news.example/favorites/"+op+"?id=1", encoded(t, "favorites", core(typical(1))))
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			assert.Equal(t, http.StatusMethodNotAllowed, w.Code, "%s %s", method, op)
			assert.Equal(t, "POST", w.Header().Get("Allow"))
			assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
			assert.Empty(t, setCookies(w))
		}
	}
	w := post(h, "/favorites/nothing", "", form("id", "1"))
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
	w = post(h, "/favorites/", "", form("id", "1"))
	assert.Equal(t, http.StatusNotFound, w.Code)
}

// Cross-origin posts are refused; same-origin ones, and requests that are
// not a browser's, pass, as http.CrossOriginProtection decides.
func TestHandlerCrossOrigin(t *testing.T) {
	h := endpoint(Options{})
	list := encoded(t, "favorites", core(typical(1)))
	for _, c := range []struct {
		name           string
		site, origin   string
		want           int
		setsTheCookies bool
	}{
		{"same origin", "same-origin", "https://news.example", http.StatusNoContent, true},
		{"typed or bookmarked", "none", "", http.StatusNoContent, true},
		{"not a browser", "", "", http.StatusNoContent, true},
		{"same origin, an older browser", "", "https://news.example", http.StatusNoContent, true},
		{"cross-site", "cross-site", "https://evil.example", http.StatusForbidden, false},
		{"same site, another origin", "same-site", "https://blog.news.example", http.StatusForbidden, false},
		{"another origin, an older browser", "", "https://evil.example", http.StatusForbidden, false},
		{"an opaque origin", "", "null", http.StatusForbidden, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, op := range []string{"renew", "add", "clear"} {
				r := request(http.MethodPost, "https://news.example/favorites/"+op, list)
				r.Body = io.NopCloser(strings.NewReader("id=2&return=%2F"))
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if c.site != "" {
					r.Header.Set("Sec-Fetch-Site", c.site)
				}
				if c.origin != "" {
					r.Header.Set("Origin", c.origin)
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				want := c.want
				if want == http.StatusNoContent && op != "renew" {
					want = http.StatusSeeOther
				}
				assert.Equal(t, want, w.Code, op)
				assert.Equal(t, c.setsTheCookies, len(setCookies(w)) > 0, op)
				assert.Equal(t, "no-store", w.Header().Get("Cache-Control"), op)
			}
		})
	}
}

// return is a path of the site, or the form comes back to "/": never an
// open redirect.
func TestHandlerReturn(t *testing.T) {
	h := endpoint(Options{})
	base, err := url.Parse("https://news.example/2026/11/bridge")
	require.NoError(t, err)
	for ret, want := range map[string]string{
		"/":                             "/",
		"/2026/11/bridge?ref=a#c":       "/2026/11/bridge?ref=a#c",
		"/a/../b":                       "/b",
		"/%2F%2Fevil.example":           "/%2F%2Fevil.example",
		"/café":                         "/caf%c3%a9",
		"":                              "/",
		"//evil.example":                "/",
		"///evil.example":               "/",
		"/\\evil.example":               "/",
		"\\/evil.example":               "/",
		"/\t/evil.example":              "/",
		"/\n/evil.example":              "/",
		"https://evil.example/":         "/",
		"http:evil.example":             "/",
		"javascript:alert(1)":           "/",
		"evil.example":                  "/",
		"./x":                           "/",
		" /x":                           "/",
		"/" + strings.Repeat("x", 3000): "/",
	} {
		w := post(h, "/favorites/remove", "", form("id", "1", "return", ret))
		require.Equal(t, http.StatusSeeOther, w.Code, "%q", ret)
		loc := w.Header().Get("Location")
		assert.Equal(t, want, loc, "%q", ret)
		u, err := url.Parse(loc)
		require.NoError(t, err)
		assert.Equal(t, "news.example", base.ResolveReference(u).Host, "%q leads off the site", ret)
	}
}

func TestHandlerRenew(t *testing.T) {
	var cs []ifav.Item
	for _, it := range typicalList(50) {
		cs = append(cs, core(it))
	}
	list := encoded(t, "favorites", cs...)
	header := "theme=dark; " + list + "; favorites_0=1"
	for _, c := range []struct {
		name   string
		opts   Options
		target string
		attrs  string
	}{
		{"defaults, http", Options{}, "http://news.example/favorites/renew", "; Path=/; Max-Age=31536000; SameSite=Lax"},
		{"https, a domain, 30 days", Options{Domain: "news.example", MaxAge: 30 * 24 * time.Hour}, "https://www.news.example/favorites/renew",
			"; Path=/; Max-Age=2592000; SameSite=Lax; Domain=news.example; Secure"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := request(http.MethodPost, c.target, header)
			r.Header.Set("Sec-Fetch-Site", "same-origin")
			w := httptest.NewRecorder()
			endpoint(c.opts).ServeHTTP(w, r)
			require.Equal(t, http.StatusNoContent, w.Code)
			assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
			var want []string
			for _, pair := range strings.Split(list, "; ") {
				want = append(want, pair+c.attrs)
			}
			assert.Equal(t, want, setCookies(w), "each cookie of the list as it came, and no other")
			assert.Empty(t, w.Body.String())
		})
	}

	// Exactly as it came: even a list that cannot be read, made of
	// cookie-octets, is the browser's to judge.
	r := request(http.MethodPost, "/favorites/renew", "favorites=1x%+whatever")
	w := httptest.NewRecorder()
	endpoint(Options{}).ServeHTTP(w, r)
	require.Equal(t, http.StatusNoContent, w.Code)
	assert.Equal(t, []string{"favorites=1x%+whatever; Path=/; Max-Age=31536000; SameSite=Lax"}, setCookies(w))

	// Nothing to renew.
	w = httptest.NewRecorder()
	endpoint(Options{}).ServeHTTP(w, request(http.MethodPost, "/favorites/renew", "theme=dark"))
	require.Equal(t, http.StatusNoContent, w.Code)
	assert.Empty(t, setCookies(w))
}

// A value with a byte that is not a cookie-octet is not the library's, and
// echoed back it could carry attributes of its own: refused, and nothing is
// set.
func TestHandlerRenewRefuses(t *testing.T) {
	for _, bad := range []string{
		`favorites="11AAAA"`,
		`favorites=11a,b`,
		`favorites=11a b`,
		`favorites=11a\b`,
		"favorites=11a\x7fb",
		"favorites=11caf\xc3\xa9",
		"favorites=11ok; favorites_1=12x y",
	} {
		r := request(http.MethodPost, "/favorites/renew", bad)
		w := httptest.NewRecorder()
		endpoint(Options{}).ServeHTTP(w, r)
		require.Equal(t, http.StatusBadRequest, w.Code, bad)
		first, _, _ := strings.Cut(w.Body.String(), "\n")
		assert.Equal(t, "invalid-item", first)
		assert.Empty(t, setCookies(w), bad)
		assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
	}
}

func TestHandlerMounts(t *testing.T) {
	for _, prefix := range []string{"/favorites", "/favorites/"} {
		mux := http.NewServeMux()
		mux.Handle("/favorites/", http.StripPrefix(prefix, Options{}.Handler()))
		w := post(mux, "/favorites/add", "", form("id", "1"))
		assert.Equal(t, http.StatusSeeOther, w.Code, prefix)
	}
}

func TestHandlerPanicsOnOptionsThatMakeNoSense(t *testing.T) {
	assert.PanicsWithValue(t, "favorites: invalid-item: cookieName must be 1 to 64 letters, digits, - or _", func() {
		Options{CookieName: "a b"}.Handler()
	})
}

// Through a real server and Go's cookie jar, as a browser without
// JavaScript uses the forms: add, follow the 303, read the page.
func TestHandlerWithARealJar(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/favorites/", http.StripPrefix("/favorites", Options{}.Handler()))
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		for _, it := range Read(r) {
			_, _ = io.WriteString(w, it.ID+" "+it.Title+"\n") // a failed write is the client's to see
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	client := srv.Client()
	client.Jar = jar
	page := func() string {
		resp, err := client.Get(srv.URL + "/page")
		require.NoError(t, err)
		defer func() { require.NoError(t, resp.Body.Close()) }()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return string(b)
	}
	send := func(op string, v url.Values) string {
		resp, err := client.PostForm(srv.URL+"/favorites/"+op, v)
		require.NoError(t, err)
		defer func() { require.NoError(t, resp.Body.Close()) }()
		require.Equal(t, http.StatusOK, resp.StatusCode, "the 303 leads to the page")
		assert.Equal(t, "/page", resp.Request.URL.Path)
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return string(b)
	}
	assert.Equal(t, "1 One\n", send("add", form("id", "1", "title", "One", "return", "/page")))
	assert.Equal(t, "1 One\n2 Two; with a semicolon\n", send("add", form("id", "2", "title", "Two; with a semicolon", "return", "/page")))
	assert.Equal(t, "2 Two; with a semicolon\n", send("remove", form("id", "1", "return", "/page")))
	assert.Equal(t, "", send("clear", form("return", "/page")))
	assert.Equal(t, "", page())
	assert.Empty(t, jar.Cookies(mustURL(t, srv.URL)))
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}
