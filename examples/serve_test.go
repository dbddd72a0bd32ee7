package examples

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites/internal/favorites"
)

// ---- Static ---------------------------------------------------------------

// fakeDist writes a dist folder of distinct fake files into a temp dir, next
// to a file outside it that no request may reach. It returns the folder and
// the bodies by name.
func fakeDist(t *testing.T, names ...string) (string, map[string][]byte) {
	t.Helper()
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "secret.txt"), []byte("outside dist"), 0o644))
	dist := filepath.Join(root, "dist")
	require.NoError(t, os.Mkdir(dist, 0o755))
	files := map[string][]byte{}
	for _, name := range names {
		body := []byte("contents of " + name + " " + strings.Repeat(name, 20))
		require.NoError(t, os.WriteFile(filepath.Join(dist, name), body, 0o644))
		files[name] = body
	}
	return dist, files
}

func get(h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestStaticWasmEncoding(t *testing.T) {
	dist, files := fakeDist(t, "favorites.wasm", "favorites.wasm.br", "favorites.wasm.gz")
	h := Static(dist)
	for _, c := range []struct {
		accept string
		want   string // Content-Encoding, "" for identity
	}{
		{"", ""},
		{"identity", ""},
		{"gzip", "gzip"},
		{"gzip, deflate", "gzip"},
		{"br", "br"},
		{"gzip, deflate, br, zstd", "br"}, // Chromium's header
		{"br;q=1.0, gzip;q=0.8", "br"},
		{"GZIP", "gzip"},
		{" br ; q=0.5 ", "br"},
		{"br;q=0, gzip", "gzip"},
		{"br; q=0.0, gzip;q=0.000", ""},
		{"gzip;q=0", ""},
		{"deflate, zstd", ""},
		{"brotli, xgzip", ""}, // tokens, not substrings
	} {
		t.Run(c.accept, func(t *testing.T) {
			w := get(h, "/favorites.wasm", "Accept-Encoding", c.accept)
			require.Equal(t, http.StatusOK, w.Code)
			assert.Equal(t, "application/wasm", w.Header().Get("Content-Type"))
			assert.Equal(t, c.want, w.Header().Get("Content-Encoding"))
			assert.Contains(t, w.Header().Values("Vary"), "Accept-Encoding")
			assert.Equal(t, "nosniff", w.Header().Get("X-Content-Type-Options"))
			file := "favorites.wasm"
			switch c.want {
			case "br":
				file += ".br"
			case "gzip":
				file += ".gz"
			}
			assert.Equal(t, files[file], w.Body.Bytes(), "the body is %s", file)
		})
	}
}

func TestStaticWasmWithoutPrecompressed(t *testing.T) {
	// Only a .gz beside the .wasm: a browser accepting br gets gzip; with
	// neither, the plain file.
	dist, files := fakeDist(t, "favorites.wasm", "favorites.wasm.gz")
	w := get(Static(dist), "/favorites.wasm", "Accept-Encoding", "br, gzip")
	assert.Equal(t, "gzip", w.Header().Get("Content-Encoding"))
	assert.Equal(t, files["favorites.wasm.gz"], w.Body.Bytes())

	dist, files = fakeDist(t, "favorites.wasm")
	w = get(Static(dist), "/favorites.wasm", "Accept-Encoding", "br, gzip")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Empty(t, w.Header().Get("Content-Encoding"))
	assert.Equal(t, "application/wasm", w.Header().Get("Content-Type"))
	assert.Equal(t, files["favorites.wasm"], w.Body.Bytes())
}

func TestStaticOtherFiles(t *testing.T) {
	dist, files := fakeDist(t, "favorites.js", "favorites.css", "favorites.wasm", "favorites.wasm.br", "favorites.wasm.gz")
	h := Static(dist)
	for name, ctype := range map[string]string{"favorites.js": "text/javascript", "favorites.css": "text/css"} {
		w := get(h, "/"+name, "Accept-Encoding", "br, gzip")
		require.Equal(t, http.StatusOK, w.Code, name)
		assert.True(t, strings.HasPrefix(w.Header().Get("Content-Type"), ctype), "%s: %s", name, w.Header().Get("Content-Type"))
		assert.Empty(t, w.Header().Get("Content-Encoding"), "only the .wasm has precompressed variants")
		assert.Equal(t, "no-cache", w.Header().Get("Cache-Control"))
		assert.Equal(t, files[name], w.Body.Bytes())
	}
	assert.Equal(t, http.StatusNotFound, get(h, "/missing.js").Code)
}

// The hashed copy of the .wasm never changes under its name: cached for a
// year, in each encoding. Everything else is revalidated, also a name that
// only looks hashed.
func TestStaticCaching(t *testing.T) {
	const hashed = "favorites.0123456789abcdef.wasm"
	dist, files := fakeDist(t, hashed, hashed+".br", hashed+".gz", "favorites.wasm", "favorites.js",
		"favorites.0123456789ABCDEF.wasm", "favorites.0123456789abcde.wasm", "favorites.0123456789abcdef.js", "other.0123456789abcdef.wasm")
	h := Static(dist)
	for _, c := range []struct{ accept, body string }{{"br, gzip", hashed + ".br"}, {"gzip", hashed + ".gz"}, {"", hashed}} {
		w := get(h, "/"+hashed, "Accept-Encoding", c.accept)
		require.Equal(t, http.StatusOK, w.Code)
		assert.Equal(t, "public, max-age=31536000, immutable", w.Header().Get("Cache-Control"), c.accept)
		assert.Equal(t, "application/wasm", w.Header().Get("Content-Type"))
		assert.Equal(t, files[c.body], w.Body.Bytes(), c.accept)
	}
	for _, name := range []string{"favorites.wasm", "favorites.js", "favorites.0123456789ABCDEF.wasm", "favorites.0123456789abcde.wasm",
		"favorites.0123456789abcdef.js", "other.0123456789abcdef.wasm"} {
		w := get(h, "/"+name, "Accept-Encoding", "br, gzip")
		require.Equal(t, http.StatusOK, w.Code, name)
		assert.Equal(t, "no-cache", w.Header().Get("Cache-Control"), name)
	}
}

func TestStaticPrecompressedNotServedDirectly(t *testing.T) {
	dist, _ := fakeDist(t, "favorites.wasm", "favorites.wasm.br", "favorites.wasm.gz")
	h := Static(dist)
	for _, p := range []string{"/favorites.wasm.br", "/favorites.wasm.gz", "/./favorites.wasm.gz", "/x/../favorites.wasm.br"} {
		assert.Equal(t, http.StatusNotFound, get(h, p, "Accept-Encoding", "br, gzip").Code, p)
	}
	// Nor through the whole handler, under /static/.
	assert.Equal(t, http.StatusNotFound, get(Handler(dist, Site()), "/static/favorites.wasm.br").Code)
}

func TestStaticCannotLeaveDist(t *testing.T) {
	dist, _ := fakeDist(t, "favorites.wasm")
	h := Static(dist)
	for _, p := range []string{
		"/../secret.txt",
		"/../../secret.txt",
		"/a/../../secret.txt",
		"/..%2fsecret.txt",
		"/%2e%2e/secret.txt",
		"/%2e%2e%2fsecret.txt",
	} {
		t.Run(p, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			u, err := url.Parse(p)
			require.NoError(t, err)
			r.URL = u
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			assert.NotEqual(t, http.StatusOK, w.Code)
			assert.NotContains(t, w.Body.String(), "outside dist")
		})
	}
	// The same through Handler and a real server, whose client sends the
	// path as written.
	srv := httptest.NewServer(Handler(dist, Site()))
	defer srv.Close()
	for _, p := range []string{"/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/..%2fsecret.txt", "/static/%2e%2e%2f%2e%2e%2fsecret.txt"} {
		req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
		require.NoError(t, err)
		req.URL.Opaque = p // sent verbatim, not cleaned by the client
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, resp.Body.Close())
		require.NoError(t, err)
		assert.NotContains(t, string(body), "outside dist", p)
	}
}

func TestAcceptsEncoding(t *testing.T) {
	assert.True(t, acceptsEncoding("gzip;q=0.001", "gzip"))
	assert.False(t, acceptsEncoding("gzip;q=0.00", "gzip"))
	assert.False(t, acceptsEncoding("", "gzip"))
	assert.False(t, acceptsEncoding("x-gzip", "gzip"))
}

// ---- Pages ----------------------------------------------------------------

func TestPagesHeaders(t *testing.T) {
	h := Pages(Site())
	for _, p := range []string{"/", "/articles/harbour-cup-rowing.html", "/site.css"} {
		w := get(h, p)
		require.Equal(t, http.StatusOK, w.Code, p)
		assert.Equal(t, CSP, w.Header().Get("Content-Security-Policy"), p)
		assert.Equal(t, "nosniff", w.Header().Get("X-Content-Type-Options"), p)
	}
	assert.True(t, strings.HasPrefix(get(h, "/site.css").Header().Get("Content-Type"), "text/css"))
	assert.Contains(t, get(h, "/").Body.String(), "The Harbour Courier")
	// The policy the library must live with: no inline code at all.
	assert.NotContains(t, CSP, "unsafe-inline")
	assert.NotContains(t, CSP, "'unsafe-eval'")
	assert.Contains(t, CSP, "script-src 'self' 'wasm-unsafe-eval'")
	assert.Equal(t, http.StatusNotFound, get(h, "/articles/no-such-story.html").Code)
}

func TestHandlerRoutes(t *testing.T) {
	dist, files := fakeDist(t, "favorites.js", "favorites.wasm")
	h := Handler(dist, Site())
	w := get(h, "/static/favorites.js")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, files["favorites.js"], w.Body.Bytes())
	w = get(h, "/")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, CSP, w.Header().Get("Content-Security-Policy"))
}

// ---- the demo site's pages -------------------------------------------------

// element is one element of a parsed page.
type element struct {
	name  string
	attrs map[string]string
	text  string // the text directly inside it
}

func (e element) has(a string) bool { _, ok := e.attrs[a]; return ok }

// page is a parsed page of Site().
type page struct {
	name     string
	elements []element
	ids      map[string]bool
}

// voidElements are HTML's elements with no end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// parsePage reads an HTML page of the demo. The pages are written so that
// every element is closed (or void, or self-closed in SVG), which makes
// encoding/xml's tokenizer a strict enough parser: besides its own errors,
// an end tag that does not match its start tag, or an element left open,
// fails. (RawToken: Token would repair mismatched tags in non-strict mode.)
func parsePage(name string, data []byte) (page, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false // attributes without values (defer, data-favorites-list)
	d.Entity = xml.HTMLEntity
	p := page{name: name, ids: map[string]bool{}}
	type open struct {
		index       int
		selfClosing bool
	}
	var stack []open
	for {
		start := d.InputOffset()
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return p, fmt.Errorf("%s does not parse: %w", name, err)
		}
		raw := data[start:d.InputOffset()]
		switch tok := tok.(type) {
		case xml.StartElement:
			e := element{name: strings.ToLower(tok.Name.Local), attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n := strings.ToLower(a.Name.Local)
				if a.Name.Space != "" {
					n = strings.ToLower(a.Name.Space) + ":" + n
				}
				e.attrs[n] = a.Value
			}
			if id, ok := e.attrs["id"]; ok {
				if p.ids[id] {
					return p, fmt.Errorf("%s: id %q twice", name, id)
				}
				p.ids[id] = true
			}
			p.elements = append(p.elements, e)
			selfClosing := bytes.HasSuffix(raw, []byte("/>"))
			if !voidElements[e.name] || selfClosing { // a self-closed tag gets an end token
				stack = append(stack, open{len(p.elements) - 1, selfClosing})
			}
		case xml.EndElement:
			if len(stack) == 0 {
				return p, fmt.Errorf("%s: </%s> without a start", name, tok.Name.Local)
			}
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			e := p.elements[top.index]
			if top.selfClosing {
				if len(raw) != 0 {
					return p, fmt.Errorf("%s: unexpected %s after <%s/>", name, raw, e.name)
				}
				continue
			}
			end := strings.ToLower(strings.TrimRight(strings.TrimPrefix(string(raw), "</"), " \t\r\n>"))
			if end != e.name {
				return p, fmt.Errorf("%s: <%s> closed by </%s>", name, e.name, end)
			}
		case xml.CharData:
			if len(stack) > 0 {
				p.elements[stack[len(stack)-1].index].text += string(tok)
			}
		}
	}
	if len(stack) > 0 {
		return p, fmt.Errorf("%s: <%s> left open", name, p.elements[stack[len(stack)-1].index].name)
	}
	return p, nil
}

func sitePages(t *testing.T) map[string]page {
	t.Helper()
	site := Site()
	pages := map[string]page{}
	err := fs.WalkDir(site, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(name) != ".html" {
			return err
		}
		data, err := fs.ReadFile(site, name)
		if err != nil {
			return err
		}
		p, err := parsePage(name, data)
		pages[name] = p
		return err
	})
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(pages), 4, "a front page and three articles at least")
	require.Contains(t, pages, "index.html")
	return pages
}

func TestParsePageCatchesBrokenMarkup(t *testing.T) {
	// The page checks below rely on parsePage refusing what a browser would
	// repair silently, so a broken page cannot slip through them.
	for _, bad := range []string{
		`<div><p>unclosed</div>`,
		`<div><span>x</div></span>`,
		`<div>`,
		`<p>a</p></div>`,
		`<p id="a">x</p><p id="a">y</p>`,
		`<p class="x>y</p>`,
	} {
		_, err := parsePage("bad.html", []byte(bad))
		assert.Error(t, err, "parsePage accepted %q", bad)
	}
	p, err := parsePage("good.html", []byte(`<!doctype html><html><head><meta charset="utf-8"><script src="/x.js" defer></script></head><body><span data-x>a &amp; b&mdash;</span><svg><rect width="1"/></svg><br></body></html>`))
	require.NoError(t, err)
	require.Len(t, p.elements, 9)
	assert.Equal(t, "script", p.elements[3].name)
	assert.True(t, p.elements[3].has("defer"))
	assert.True(t, p.elements[5].has("data-x"))
	assert.Equal(t, "a & b—", p.elements[5].text)
}

var handlerAttr = regexp.MustCompile(`^on[a-z]+$`)

// TestSitePagesCSPClean fails when a page gains anything the demo's
// Content-Security-Policy would block, or a second copy of the library.
func TestSitePagesCSPClean(t *testing.T) {
	for name, p := range sitePages(t) {
		t.Run(name, func(t *testing.T) {
			var scripts, sheets []string
			for _, e := range p.elements {
				switch e.name {
				case "script":
					assert.True(t, e.has("src"), "an inline <script>")
					assert.Empty(t, strings.TrimSpace(e.text), "a <script> with content")
					scripts = append(scripts, e.attrs["src"])
					assert.True(t, e.has("defer"), "the library's tag is deferred")
				case "style":
					assert.Fail(t, "an inline <style> element")
				case "link":
					if e.attrs["rel"] == "stylesheet" {
						sheets = append(sheets, e.attrs["href"])
					}
				}
				for a, v := range e.attrs {
					assert.NotEqual(t, "style", a, "a style attribute on <%s>", e.name)
					assert.False(t, handlerAttr.MatchString(a), "an inline event handler %s on <%s>", a, e.name)
					if a == "href" || a == "src" || a == "action" || a == "formaction" || a == "xlink:href" {
						v := strings.ToLower(strings.TrimSpace(v))
						assert.False(t, strings.HasPrefix(v, "javascript:"), "a javascript: URL on <%s>", e.name)
						assert.False(t, strings.HasPrefix(v, "http:") || strings.HasPrefix(v, "https:") || strings.HasPrefix(v, "//"),
							"an external resource %s on <%s>: the demo loads nothing from elsewhere", v, e.name)
					}
				}
			}
			assert.Equal(t, []string{"/static/favorites.js"}, scripts, "exactly one script: the library")
			assert.Equal(t, []string{"/static/favorites.css", "/site.css"}, sheets, "the library's styles, then the site's")
		})
	}
}

// resolve maps a site-absolute link to a file of Site(), or "" when it
// points nowhere in the site.
func resolve(site fs.FS, link string) (file, fragment string) {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") {
		return "", ""
	}
	name := strings.TrimPrefix(path.Clean(u.Path), "/")
	if name == "" || strings.HasSuffix(u.Path, "/") {
		name = path.Join(name, "index.html")
	}
	if st, err := fs.Stat(site, name); err != nil || st.IsDir() {
		return "", ""
	}
	return name, u.Fragment
}

func TestSiteFavoriteButtons(t *testing.T) {
	site := Site()
	pages := sitePages(t)
	var numeric, defaults, nonButtons, total int
	titles := map[string]string{} // id → title, the same everywhere it is given
	for name, p := range pages {
		for _, e := range p.elements {
			if !e.has("data-favorite") {
				continue
			}
			total++
			id := e.attrs["data-favorite"]
			assert.NoError(t, favorites.CheckID(id), "%s: id %q", name, id)
			if regexp.MustCompile(`^[0-9]{6}$`).MatchString(id) {
				numeric++
			}
			if e.name == "button" {
				assert.Equal(t, "button", e.attrs["type"], "%s: %s is type=button", name, id)
			} else {
				nonButtons++
				assert.Equal(t, "button", e.attrs["role"], "%s: the <%s> for %s has role=button", name, e.name, id)
				assert.Equal(t, "0", e.attrs["tabindex"], "%s: the <%s> for %s is reachable with Tab", name, e.name, id)
			}
			title, hasTitle := e.attrs["data-favorite-title"]
			u, hasURL := e.attrs["data-favorite-url"]
			if !hasTitle && !hasURL {
				defaults++ // the page's title and path
				continue
			}
			require.True(t, hasTitle && hasURL, "%s: %s gives a title or a url alone", name, id)
			assert.NotEmpty(t, strings.TrimSpace(title), "%s: %s", name, id)
			assert.Equal(t, favorites.ShortenTitle(title), title, "%s: %s's title is too long to keep whole", name, id)
			if prev, ok := titles[id]; ok {
				assert.Equal(t, prev, title, "%s: %s has two titles", name, id)
			}
			titles[id] = title
			assert.NoError(t, favorites.CheckURL(u), "%s: %s", name, id)
			assert.True(t, strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//"), "%s: %s's url %q is a site path", name, id, u)
			file, _ := resolve(site, u)
			assert.NotEmpty(t, file, "%s: %s's url %q is no page of the site", name, id, u)
		}
	}
	// What the demo promises to show.
	assert.GreaterOrEqual(t, total, 10)
	assert.GreaterOrEqual(t, numeric, 1, "a 6-digit CMS id")
	assert.GreaterOrEqual(t, defaults, 1, "a button taking the page's title and url")
	assert.Zero(t, nonButtons, "every control a button, as favorites.Markup renders it, to work as a form without JavaScript")
	var unicode bool
	for _, title := range titles {
		if strings.ContainsAny(title, "é—“”’") {
			unicode = true
		}
	}
	assert.True(t, unicode, "a title with non-ASCII text")

	for name, p := range pages {
		var lists, counts int
		for _, e := range p.elements {
			if e.has("data-favorites-list") {
				lists++
				assert.Equal(t, "10", e.attrs["data-favorites-limit"], name)
			}
			if e.has("data-favorites-count") {
				counts++
			}
		}
		assert.Equal(t, 1, lists, "%s: the favorites list in the sidebar", name)
		assert.Equal(t, 1, counts, "%s: the favorites count", name)
	}
}

// TestSiteLinks checks that every link inside the site reaches a page of it,
// and its #fragment an element of that page.
func TestSiteLinks(t *testing.T) {
	site := Site()
	pages := sitePages(t)
	for name, p := range pages {
		for _, e := range p.elements {
			link, ok := e.attrs["href"]
			if !ok || e.name == "link" && strings.HasPrefix(link, "/static/") || strings.HasPrefix(link, "data:") {
				continue
			}
			if strings.HasPrefix(link, "#") {
				assert.True(t, p.ids[link[1:]], "%s: %s is no element of the page", name, link)
				continue
			}
			file, fragment := resolve(site, link)
			if !assert.NotEmpty(t, file, "%s: <%s href=%q> points nowhere", name, e.name, link) {
				continue
			}
			if fragment != "" && path.Ext(file) == ".html" {
				assert.True(t, pages[file].ids[fragment], "%s: %s: no id %q in %s", name, link, fragment, file)
			}
		}
	}
}
