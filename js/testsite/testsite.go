// Package testsite serves the pages that the browser tests load: the
// library from dist under /static/, the demo site under /site/, a page like
// an article under /t/, a page that frames another under /frame/, and .wasm
// variants that come late (/slow/) or never load (/bad/). The chromedp tests
// (js/*_test.go) serve it from their own process; the cross-engine suite
// (js/engines) starts cmd/testsite. Both load the same pages.
package testsite

import (
	"bytes"
	"html/template"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/favorites-dev/favorites"
	"github.com/favorites-dev/favorites/examples"
)

// Options change what Handler serves. The zero value serves dist as it is.
type Options struct {
	// Script, when set, is the file served as /static/favorites.js instead
	// of dist's: the tests then run against another implementation of the
	// contract (the JavaScript baseline of make bench).
	Script string
	// Gates hold back /slow/TOKEN.wasm, and the renew of the endpoint
	// /held/TOKEN, until the gate of TOKEN opens; a token with no gate is a
	// 404.
	Gates *Gates
}

// gateLimit bounds how long a gated request waits for a test that never
// opens its gate.
const gateLimit = 30 * time.Second

// requestWait bounds how long GET /gates/TOKEN/requested waits.
const requestWait = 10 * time.Second

// Gates is a set of gates that hold back /slow/TOKEN.wasm and
// /held/TOKEN/renew, one per token.
// There is no /slow/ URL without a gate: a test that waited for time
// instead would be slow, and flaky on a busy machine.
type Gates struct{ m sync.Map }

// A Gate holds back the .wasm, or the renew, of one token until it is
// released.
type Gate struct {
	requested chan struct{} // closed when the page has asked for it
	released  chan struct{}
	answered  chan struct{} // closed when a held renew has been answered
	gone      bool          // the page had ended the renew when it was answered; set before answered closes
	ask, open sync.Once
}

// Hold makes a gate for token.
func (g *Gates) Hold(token string) *Gate {
	gate := &Gate{requested: make(chan struct{}), released: make(chan struct{}), answered: make(chan struct{})}
	g.m.Store(token, gate)
	return gate
}

// Release lets the request through; it may be called more than once.
func (g *Gate) Release() { g.open.Do(func() { close(g.released) }) }

// wait notes that the page asked, and returns once the gate opens or
// gateLimit passes: true, or false when gone is closed first (a nil gone
// never is).
func (g *Gate) wait(gone <-chan struct{}) bool {
	g.ask.Do(func() { close(g.requested) })
	select {
	case <-g.released:
	case <-time.After(gateLimit):
	case <-gone:
		return false
	}
	return true
}

// Requested is closed once the page has asked for the .wasm or the renew.
func (g *Gate) Requested() <-chan struct{} { return g.requested }

// Answered is closed once the endpoint has answered the held renew, or
// tried to: the page may have gone.
func (g *Gate) Answered() <-chan struct{} { return g.answered }

// Gone tells, once Answered is closed, whether the page had ended the
// request (closed its connection) before the answer.
func (g *Gate) Gone() bool {
	<-g.answered
	return g.gone
}

// lookup returns the gate of r's {token}, or answers 404 and returns nil.
func (g *Gates) lookup(w http.ResponseWriter, r *http.Request) *Gate {
	gate, ok := g.gate(r.PathValue("token"))
	if !ok {
		http.NotFound(w, r)
		return nil
	}
	return gate
}

func (g *Gates) gate(token string) (*Gate, bool) {
	if g == nil {
		return nil, false
	}
	v, ok := g.m.Load(token)
	if !ok {
		return nil, false
	}
	return v.(*Gate), true
}

// Handler serves the test site with the library's files from dist, and the
// endpoint (favorites.Options.Handler) under /favorites/.
//
// The page /t/NAME has NAME as its title and takes these query parameters:
//   - wasm=URL: the script tag's data-wasm;
//   - attrs=…: more attributes of the script tag (data-cookie-name="…");
//   - noscript: no script tag; blank: an empty body;
//   - watch: /testsite/watch.js runs first, recording in window.__watch
//     what reaches the page (uncaught errors, unhandled rejections, CSP
//     violations) before the library runs;
//   - frame: the page may be framed by any page (its CSP has no
//     frame-ancestors 'none').
//
// The page /frame/NAME frames src=URL, with sandbox=… as the iframe's
// sandbox attribute when given.
//
// Under /demo/ are the demo's pages as make demo serves them
// (examples.Rendered: rendered with the reader's list, their forms posting
// to the endpoint at /favorites/), with /testsite/hydration.js first in
// their head: it tags the markup's elements as the parser makes them and
// records every loading state the page ever shows.
func Handler(dist string, o Options) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/static/", http.StripPrefix("/static/", examples.Static(dist)))
	if o.Script != "" {
		mux.HandleFunc("/static/favorites.js", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "no-cache")
			http.ServeFile(w, r, o.Script)
		})
	}
	mux.Handle("/site/", http.StripPrefix("/site", examples.Pages(examples.Site())))
	// The endpoint of data-endpoint="/favorites", and two that fail: one
	// that answers 500, one that holds its requests until a gate opens.
	endpoint := favorites.Options{}.Handler()
	mux.Handle("/favorites/", http.StripPrefix("/favorites", endpoint))
	mux.HandleFunc("/failing/renew", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "500 the endpoint is down", http.StatusInternalServerError)
	})
	// /held/TOKEN/renew is the endpoint's renew, answered once the gate of
	// TOKEN opens, even to a client that has gone meanwhile.
	mux.HandleFunc("/held/", func(w http.ResponseWriter, r *http.Request) {
		token, op, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/held/"), "/")
		g, ok := o.Gates.gate(token)
		if !ok || op != "renew" {
			http.Error(w, "no gate "+token+": make the URL with Gates.Hold", http.StatusNotFound)
			return
		}
		g.wait(nil) // answered even to a page that has gone meanwhile
		g.gone = r.Context().Err() != nil
		r.URL.Path = "/renew"
		endpoint.ServeHTTP(w, r)
		close(g.answered)
	})
	// The gates, for a suite outside this process (js/engines): POST
	// /gates/TOKEN/hold makes one, POST /gates/TOKEN/release opens it,
	// GET /gates/TOKEN/requested answers once a page has asked for the
	// gate's .wasm (504 when none has within requestWait, so that a suite
	// fails with a message rather than hanging), and GET
	// /gates/TOKEN/answered waits until its held renew is answered and
	// says "gone" when the page had ended the request by then, else
	// "answered".
	if o.Gates != nil {
		mux.HandleFunc("POST /gates/{token}/hold", func(w http.ResponseWriter, r *http.Request) {
			o.Gates.Hold(r.PathValue("token"))
			w.WriteHeader(http.StatusNoContent)
		})
		mux.HandleFunc("POST /gates/{token}/release", func(w http.ResponseWriter, r *http.Request) {
			if g, ok := o.Gates.gate(r.PathValue("token")); ok {
				g.Release()
			}
			w.WriteHeader(http.StatusNoContent)
		})
		mux.HandleFunc("GET /gates/{token}/requested", func(w http.ResponseWriter, r *http.Request) {
			g := o.Gates.lookup(w, r)
			if g == nil {
				return
			}
			select {
			case <-g.requested:
				w.WriteHeader(http.StatusNoContent)
			case <-time.After(requestWait):
				http.Error(w, "no page asked for the .wasm", http.StatusGatewayTimeout)
			case <-r.Context().Done():
			}
		})
		mux.HandleFunc("GET /gates/{token}/answered", func(w http.ResponseWriter, r *http.Request) {
			g := o.Gates.lookup(w, r)
			if g == nil {
				return
			}
			select {
			case <-g.answered:
			case <-r.Context().Done():
				return
			}
			w.Header().Set("Cache-Control", "no-store")
			if g.Gone() {
				_, _ = w.Write([]byte("gone"))
			} else {
				_, _ = w.Write([]byte("answered"))
			}
		})
	}
	mux.Handle("/demo/", http.StripPrefix("/demo", withScript(examples.Rendered(), "/testsite/hydration.js")))
	mux.HandleFunc("/testsite/hydration.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write([]byte(HydrationJS))
	})
	mux.HandleFunc("/t/", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		csp := examples.CSP
		if q.Has("frame") {
			csp = strings.Replace(csp, "frame-ancestors 'none'", "frame-ancestors *", 1)
			// In a sandboxed frame the page's origin is opaque, and WebKit
			// matches 'self' against that origin, which nothing matches:
			// the page names its own origin as well.
			csp = strings.ReplaceAll(csp, "'self'", "'self' http://"+r.Host)
		}
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		err := testPage.Execute(w, map[string]any{
			"Title":    strings.TrimPrefix(r.URL.Path, "/t/"),
			"Wasm":     q.Get("wasm"),
			"Attrs":    template.HTMLAttr(q.Get("attrs")),
			"NoScript": q.Has("noscript"),
			"Blank":    q.Has("blank"),
			"Watch":    q.Has("watch"),
		})
		if err != nil {
			panic(err)
		}
	})
	mux.HandleFunc("/frame/", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		err := framePage.Execute(w, map[string]any{
			"Title":      strings.TrimPrefix(r.URL.Path, "/frame/"),
			"Src":        q.Get("src"),
			"Sandbox":    q.Get("sandbox"),
			"HasSandbox": q.Has("sandbox"),
		})
		if err != nil {
			panic(err)
		}
	})
	mux.HandleFunc("/testsite/watch.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write([]byte(watchJS))
	})
	wasm := func() []byte {
		b, err := os.ReadFile(dist + "/favorites.wasm")
		if err != nil {
			panic(err)
		}
		return b
	}
	// /slow/TOKEN.wasm is the .wasm, held back until the gate of TOKEN
	// opens.
	mux.HandleFunc("/slow/", func(w http.ResponseWriter, r *http.Request) {
		token := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/slow/"), ".wasm")
		g, ok := o.Gates.gate(token)
		if !ok {
			http.Error(w, "no gate "+token+": make the URL with Gates.Hold", http.StatusNotFound)
			return
		}
		if !g.wait(r.Context().Done()) {
			return
		}
		w.Header().Set("Content-Type", "application/wasm")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(wasm())
	})
	mux.HandleFunc("/bad/404.wasm", http.NotFound)
	mux.HandleFunc("/bad/wrong-mime.wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write(wasm())
	})
	mux.HandleFunc("/bad/corrupt.wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/wasm")
		b := wasm()
		_, _ = w.Write(b[:len(b)/2]) // a truncated module
	})
	mux.HandleFunc("/bad/garbage.wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/wasm")
		_, _ = w.Write([]byte("this is not a WebAssembly module"))
	})
	mux.HandleFunc("/bad/reset.wasm", func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			_ = conn.Close() // a network error: the connection drops with no response
		}
	})
	return mux
}

// testPage is a page like an article: a button, the list and the count.
// {{.Attrs}} lands on the script tag (data-cookie-name="…" and the like);
// ?blank leaves the body empty, a page with nothing to paint.
var testPage = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
{{if .Watch}}<script src="/testsite/watch.js"></script>
{{end}}<link rel="stylesheet" href="/static/favorites.css">
{{if not .NoScript}}<script src="/static/favorites.js" {{if .Wasm}}data-wasm="{{.Wasm}}"{{end}} {{.Attrs}} defer></script>{{end}}
</head><body>{{if not .Blank}}
<article><h1>{{.Title}}</h1>
<button id="fav" data-favorite="a1" data-favorite-title="Article one" data-favorite-url="/news/a1">Add to favorites</button>
</article>
<aside><h2>Favorites (<span id="count" data-favorites-count></span>)</h2>
<div id="list" data-favorites-list></div></aside>
{{end}}</body></html>`))

// withScript serves h's HTML pages with a classic script src first in
// their head, so that it runs before the page is parsed further.
func withScript(h http.Handler, src string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			body = bytes.Replace(body, []byte("<head>"), []byte(`<head><script src="`+src+`"></script>`), 1)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	})
}

// HydrationJS is /testsite/hydration.js. It tags every element of the
// markup (buttons, the count, the list widget and all below it) that the
// parser inserts before the library runs, as __server; keeps in
// window.__hydration.loading every element that ever showed a loading
// state (data-favorite-state="loading", .favorites-loading); and in
// window.__hydration.writes every change to the document made once the
// library runs (a node added or removed, an attribute or a text changed)
// until window.__hydration.stop is set.
const HydrationJS = `(function () {
  var w = window.__hydration = { loading: [], writes: [], stop: false };
  var SEL = '[data-favorite],[data-favorites-count],[data-favorites-list],[data-favorites-list] *';
  function isLoading(e) {
    return e.getAttribute('data-favorite-state') === 'loading' || e.classList.contains('favorites-loading');
  }
  function seen(e) {
    if (!window.Favorites && e.matches(SEL)) e.__server = true;
    if (isLoading(e)) w.loading.push(e.outerHTML.slice(0, 120));
  }
  function name(n) {
    return n.nodeType === 1 ? n.nodeName + (n.className ? '.' + n.className : '') : n.nodeName;
  }
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (window.Favorites && !w.stop) {
        w.writes.push(r.type + ' ' + name(r.target) + (r.attributeName ? ' ' + r.attributeName : '') +
          (r.addedNodes.length ? ' +' + r.addedNodes.length : '') + (r.removedNodes.length ? ' -' + r.removedNodes.length : ''));
      }
      if (r.type === 'attributes') {
        if (r.attributeName === 'data-favorite-state' && (r.oldValue === 'loading' || isLoading(r.target))) w.loading.push(r.target.outerHTML.slice(0, 120));
        return;
      }
      if (r.type !== 'childList') return;
      r.addedNodes.forEach(function (n) {
        if (n.nodeType !== 1) return;
        seen(n);
        n.querySelectorAll('*').forEach(seen);
      });
    });
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeOldValue: true, characterData: true });
})();
`

// framePage frames another page, as an embed on another site or a
// sandboxed widget would.
var framePage = template.Must(template.New("frame").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body><h1>{{.Title}}</h1>
<iframe id="frame" title="framed" width="600" height="400" src="{{.Src}}"{{if .HasSandbox}} sandbox="{{.Sandbox}}"{{end}}></iframe>
</body></html>`))

// watchJS records, from before the library runs, what reaches the page
// that a reader's page would see: uncaught errors, unhandled rejections and
// Content-Security-Policy violations. It is a file rather than an inline
// script so that the page's CSP allows it.
const watchJS = `(function () {
  var w = window.__watch = { errors: [], csp: [] };
  function text(v) {
    if (v instanceof Error) return v.name + ': ' + v.message;
    try { return String(v); } catch (e) { return typeof v; }
  }
  window.addEventListener('error', function (e) {
    w.errors.push('error: ' + (e.error ? text(e.error) : e.message));
  });
  window.addEventListener('unhandledrejection', function (e) {
    w.errors.push('unhandledrejection: ' + text(e.reason));
  });
  document.addEventListener('securitypolicyviolation', function (e) {
    w.csp.push(e.violatedDirective + ' ' + e.blockedURI);
  });
})();
`
