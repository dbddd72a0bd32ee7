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
)

// Handler serves the library's files from dist under /static/ and the pages
// of site everywhere else.
func Handler(dist string, site fs.FS) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/static/", http.StripPrefix("/static/", Static(dist)))
	mux.Handle("/", Pages(site))
	return mux
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
