package examples

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites"
)

// readerCookies returns the Cookie header of a reader with items, as
// favorites.Write stores them.
func readerCookies(t *testing.T, items ...favorites.Item) string {
	t.Helper()
	w := httptest.NewRecorder()
	require.NoError(t, favorites.Write(w, httptest.NewRequest(http.MethodGet, "/", nil), items))
	var pairs []string
	for _, c := range w.Result().Cookies() {
		pairs = append(pairs, c.Name+"="+c.Value)
	}
	return strings.Join(pairs, "; ")
}

func byClass(p page, class string) []element {
	var out []element
	for _, e := range p.elements {
		if strings.Contains(" "+e.attrs["class"]+" ", " "+class+" ") {
			out = append(out, e)
		}
	}
	return out
}

// Every page, rendered for a reader with two favourites, shows them: the
// count, the list newest first, and each button in its true state, as a
// form that posts to the endpoint.
func TestRenderedPages(t *testing.T) {
	saved := []favorites.Item{
		{ID: "harbour-cup-2024", Title: "Late surge gives Aldwen the Harbour Cup — by a canvas", URL: "/articles/harbour-cup-rowing.html", Added: time.Unix(1795000000, 0)},
		{ID: "204117", Title: `Pier 4 <plan> & "fish"`, URL: "/articles/pier-four-redevelopment.html", Added: time.Unix(1795000100, 0)},
	}
	header := readerCookies(t, saved...)
	h := Rendered()
	var buttons int
	for name := range demoSite().pages {
		t.Run(name, func(t *testing.T) {
			target := "/" + strings.TrimSuffix(name, "index.html") + "?from=test"
			r := httptest.NewRequest(http.MethodGet, target, nil)
			r.Header.Set("Cookie", header)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			require.Equal(t, http.StatusOK, w.Code)
			assert.Equal(t, "no-store", w.Header().Get("Cache-Control"), "a reader's own page")
			assert.Equal(t, CSP, w.Header().Get("Content-Security-Policy"))
			assert.Equal(t, "text/html; charset=utf-8", w.Header().Get("Content-Type"))
			p, err := parsePage(name, w.Body.Bytes())
			require.NoError(t, err)

			var count []element
			for _, e := range p.elements {
				if e.has("data-favorites-count") {
					count = append(count, e)
				}
			}
			require.Len(t, count, 1)
			assert.Equal(t, "2", count[0].text)
			var endpoints []string
			for _, e := range p.elements {
				if e.name == "script" {
					endpoints = append(endpoints, e.attrs["data-endpoint"])
				}
			}
			assert.Equal(t, []string{"/favorites"}, endpoints, "the script renews the list where the forms post: Safari keeps it")
			links := byClass(p, "favorites-link")
			require.Len(t, links, 2)
			assert.Equal(t, saved[1].Title, links[0].text, "newest first, the title as text")
			assert.Equal(t, saved[1].URL, links[0].attrs["href"])
			assert.Equal(t, saved[0].Title, links[1].text)
			assert.Len(t, byClass(p, "favorites-remove"), 2)
			assert.Len(t, byClass(p, "favorites-clear"), 1)

			for i, e := range p.elements {
				if !e.has("data-favorite") {
					continue
				}
				buttons++
				id := e.attrs["data-favorite"]
				on := id == saved[0].ID || id == saved[1].ID
				assert.Equal(t, map[bool]string{true: "true", false: "false"}[on], e.attrs["aria-pressed"], id)
				assert.Equal(t, map[bool]string{true: "on", false: "off"}[on], e.attrs["data-favorite-state"], id)
				assert.Equal(t, "submit", e.attrs["type"])
				// The form it submits: the nearest <form> before it.
				var form element
				var fields = map[string]string{}
				for j := i - 1; j >= 0; j-- {
					if p.elements[j].name == "input" {
						fields[p.elements[j].attrs["name"]] = p.elements[j].attrs["value"]
					}
					if p.elements[j].name == "form" {
						form = p.elements[j]
						break
					}
				}
				assert.Equal(t, map[bool]string{true: "/favorites/remove", false: "/favorites/add"}[on], form.attrs["action"], id)
				assert.Equal(t, id, fields["id"])
				assert.Equal(t, target, fields["return"])
				if !on {
					assert.NotEmpty(t, fields["title"], id)
					assert.NotEmpty(t, fields["url"], id)
					if !e.has("data-favorite-url") { // the page's own button: the page's title and path
						assert.Equal(t, target, fields["url"])
						assert.Equal(t, p.elements[indexOf(p, "title")].text, fields["title"])
					}
				}
			}
		})
	}
	assert.GreaterOrEqual(t, buttons, 10)
}

func indexOf(p page, name string) int {
	for i, e := range p.elements {
		if e.name == name {
			return i
		}
	}
	return -1
}

// A reader with no favourites gets the empty message, not "Loading".
func TestRenderedEmpty(t *testing.T) {
	w := httptest.NewRecorder()
	Rendered().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	require.Equal(t, http.StatusOK, w.Code)
	p, err := parsePage("index.html", w.Body.Bytes())
	require.NoError(t, err)
	empty := byClass(p, "favorites-empty")
	require.Len(t, empty, 1)
	assert.Equal(t, "Favorite list is empty.", empty[0].text)
	assert.Empty(t, byClass(p, "favorites-loading"))
}

func TestRenderedRoutes(t *testing.T) {
	h := Rendered()
	for target, code := range map[string]int{
		"/":                               http.StatusOK,
		"/index.html":                     http.StatusOK,
		"/about.html":                     http.StatusOK,
		"/articles/lantern-festival.html": http.StatusOK,
		"/site.css":                       http.StatusOK,
		"/articles/":                      http.StatusNotFound,
		"/articles/no-such-story.html":    http.StatusNotFound,
		"/layout.html":                    http.StatusNotFound,
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
		assert.Equal(t, code, w.Code, target)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/about.html", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
}

// The demo's forms reach its endpoint, and the page they come back to shows
// the change.
func TestDemoForms(t *testing.T) {
	dist, _ := fakeDist(t, "favorites.js", "favorites.css", "favorites.wasm")
	h := Demo(dist)
	send := func(op, cookies string, form url.Values) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, "/favorites/"+op, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		r.Header.Set("Cookie", cookies)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	w := send("add", "", url.Values{"id": {"cafe-sirene"}, "title": {"Café Sirène reopens"}, "url": {"/articles/cafe-sirene-reopens.html"}, "return": {"/articles/cafe-sirene-reopens.html"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/articles/cafe-sirene-reopens.html", w.Header().Get("Location"))
	var pairs []string
	for _, c := range w.Result().Cookies() {
		pairs = append(pairs, c.Name+"="+c.Value)
	}
	r := httptest.NewRequest(http.MethodGet, "/articles/cafe-sirene-reopens.html", nil)
	r.Header.Set("Cookie", strings.Join(pairs, "; "))
	page := httptest.NewRecorder()
	h.ServeHTTP(page, r)
	require.Equal(t, http.StatusOK, page.Code)
	assert.Contains(t, page.Body.String(), `data-favorite="cafe-sirene" data-favorite-title="“Like coming home”: Café Sirène reopens on Quay Street — queue and all" data-favorite-url="/articles/cafe-sirene-reopens.html" aria-pressed="true" data-favorite-state="on"`)
	assert.Contains(t, page.Body.String(), `<a class="favorites-link" href="/articles/cafe-sirene-reopens.html">Café Sirène reopens</a>`)

	static := httptest.NewRecorder()
	h.ServeHTTP(static, httptest.NewRequest(http.MethodGet, "/static/favorites.js", nil))
	assert.Equal(t, http.StatusOK, static.Code)
}
