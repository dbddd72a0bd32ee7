// Package examples serves the demo news site and the library's files the way
// a site should: .wasm as application/wasm, precompressed when the browser
// accepts it, and nothing cached wrongly.
package examples

import (
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"regexp"
	"strings"

	"github.com/favorites-dev/favorites"
)

// Handler serves the library's files from dist under /static/ and the pages
// of site everywhere else.
func Handler(dist string, site fs.FS) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/static/", http.StripPrefix("/static/", Static(dist)))
	mux.Handle("/", Pages(site))
	return mux
}

// Demo is the demo as make demo serves it: the library's files from dist
// under /static/, the favorites endpoint under /favorites/, and the pages
// rendered for each reader, with the reader's list in their first paint and
// forms that work without JavaScript.
func Demo(dist string) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/static/", http.StripPrefix("/static/", Static(dist)))
	mux.Handle("/favorites/", http.StripPrefix("/favorites", favorites.Options{}.Handler()))
	mux.Handle("/", Rendered())
	return mux
}

// Rendered serves the demo site's pages rendered for the reader of each
// request, with the endpoint at /favorites. Such a page is that reader's
// own: no cache may keep it (Cache-Control: no-store, which also makes the
// back button fetch the list anew). The stylesheet is served as Pages
// serves it.
func Rendered() http.Handler {
	s := demoSite()
	assets := Pages(s.assets)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		if name == "" {
			name = "index.html"
		}
		p, ok := s.pages[name]
		if !ok {
			assets.ServeHTTP(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
			return
		}
		fav := favorites.Options{}.Markup(r, "/favorites")
		fav.Title = p.data.Title
		body, err := s.render(name, fav)
		if err != nil {
			http.Error(w, "500 the page did not render", http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("X-Content-Type-Options", "nosniff")
		if r.Method == http.MethodGet {
			_, _ = w.Write(body) // a failed write is the reader's connection gone
		}
	})
}

// Pages serves site with a strict Content-Security-Policy — the one a site
// embedding the library needs (README, "Content-Security-Policy") — and
// without caching, as a page cache in front of it could: the library draws
// the reader's state in the browser, so the same cached HTML serves everyone.
func Pages(site fs.FS) http.Handler {
	files := http.FileServerFS(site)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("Cache-Control", "public, max-age=60")
		h.Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	})
}

// CSP is the policy the demo is served with: no inline script or style, and
// 'wasm-unsafe-eval' to compile the .wasm.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"

// Static serves the files of dist. A request for a .wasm gets its .br or
// .gz when they exist and the browser accepts them, with Content-Encoding
// set and Content-Type still application/wasm, so streaming compilation
// works. A file whose name carries its content's hash
// (favorites.HASH.wasm, which favorites.js names) never changes and is
// cached for a year; every other file is revalidated.
func Static(dist string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := path.Clean("/" + r.URL.Path)
		if strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") {
			http.NotFound(w, r)
			return
		}
		file := dist + name
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		if hashedName.MatchString(path.Base(name)) {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			// The name carries no version: revalidate, cheaply, with
			// ETag-less Last-Modified.
			h.Set("Cache-Control", "no-cache")
		}
		if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
			h.Set("Content-Type", ct)
		}
		if path.Ext(name) == ".wasm" {
			h.Set("Content-Type", "application/wasm")
			h.Add("Vary", "Accept-Encoding")
			accept := r.Header.Get("Accept-Encoding")
			for _, enc := range [...]struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
				if acceptsEncoding(accept, enc.token) {
					if _, err := os.Stat(file + enc.ext); err == nil {
						h.Set("Content-Encoding", enc.token)
						file += enc.ext
						break
					}
				}
			}
		}
		http.ServeFile(w, r, file)
	})
}

// hashedName matches the name make build gives the .wasm's copy:
// favorites., the first 16 hex digits of its SHA-256, .wasm.
var hashedName = regexp.MustCompile(`^favorites\.[0-9a-f]{16}\.wasm$`)

// acceptsEncoding reports whether an Accept-Encoding header lists token
// with a non-zero quality (RFC 9110 §12.5.3).
func acceptsEncoding(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), token) {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
