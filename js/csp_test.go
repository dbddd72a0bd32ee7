package browser_test

// The library under the strict Content-Security-Policy of examples.CSP: no
// inline script, no inline style, 'wasm-unsafe-eval' only. A violation is
// seen three ways: the browser log (source "security"), an Audits issue of
// type ContentSecurityPolicyIssue, and the page's securitypolicyviolation
// event.

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/audits"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites/examples"
)

// cspWatch collects the CSP violations of a tab from the moment it is made.
type cspWatch struct {
	con    *consoleWatch
	mu     sync.Mutex
	issues []string
}

func watchCSP(t *testing.T, ctx context.Context) *cspWatch {
	t.Helper()
	w := &cspWatch{con: watchConsole(t, ctx)}
	lctx, cancel := context.WithCancel(ctx)
	events := chromedp.Events(lctx, audits.IssueAdded)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev, err := range events {
			if err != nil {
				return
			}
			if ev.Issue != nil && ev.Issue.Code == audits.InspectorIssueCodeContentSecurityPolicyIssue {
				d := ev.Issue.Details.ContentSecurityPolicyIssueDetails
				s := string(ev.Issue.Code)
				if d != nil {
					s += ": " + d.ViolatedDirective + " " + d.BlockedURL + " " + string(d.ContentSecurityPolicyViolationType)
				}
				w.mu.Lock()
				w.issues = append(w.issues, s)
				w.mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	_, err := chromedp.Call(ctx, audits.Enable, cdp.Empty{})
	require.NoError(t, err)
	return w
}

// violations returns every CSP violation seen so far, from both sources.
func (w *cspWatch) violations(t *testing.T, ctx context.Context) []string {
	t.Helper()
	w.con.settle(t, ctx)
	out := w.con.matching(func(m chromedp.ConsoleMessage) bool {
		return m.Source == "violation" || strings.Contains(m.Text, "Content Security Policy")
	})
	w.mu.Lock()
	defer w.mu.Unlock()
	return append(out, w.issues...)
}

// recordViolations installs, from DevTools (which CSP does not govern), a
// listener for the page's own securitypolicyviolation events.
func recordViolations(t *testing.T, ctx context.Context) {
	t.Helper()
	eval[any](t, ctx, `(window.__csp = [], document.addEventListener("securitypolicyviolation", e => __csp.push(e.violatedDirective + " " + e.blockedURI)), null)`)
}

func pageViolations(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return eval[[]string](t, ctx, `window.__csp`)
}

func clickWait(t *testing.T, ctx context.Context, sel, cond string) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))))
	waitFor(t, ctx, cond, 5*time.Second)
}

func TestCSPTestPage(t *testing.T) {
	ctx := newContext(t)
	w := watchCSP(t, ctx)
	open(t, ctx, "/t/csp")
	assert.Equal(t, examples.CSP, eval[string](t, ctx, `fetch(location.href).then(r => r.headers.get("Content-Security-Policy"))`))
	recordViolations(t, ctx)

	// add, through the API and through the button
	addAll(t, ctx, []map[string]string{
		{"id": "c1", "title": "One", "url": "/c1"}, {"id": "c2", "title": "Two", "url": "/c2"}, {"id": "c3", "title": "Three", "url": "/c3"},
	})
	clickWait(t, ctx, "#fav", `document.querySelector("#fav").getAttribute("data-favorite-state") === "on"`)
	// remove, through the widget's control and through the button
	clickWait(t, ctx, `#list [data-favorites-remove="c2"]`, `!document.querySelector('#list [data-favorites-remove="c2"]')`)
	clickWait(t, ctx, "#fav", `document.querySelector("#fav").getAttribute("data-favorite-state") === "off"`)
	// redraws: new messages, a widget with a limit, a button added later
	eval[any](t, ctx, `Favorites.configure({messages: {empty: "Nothing yet", rem: "x"}}).then(() => null)`)
	eval[any](t, ctx, `(() => { const d = document.createElement("div"); d.id = "late"; d.setAttribute("data-favorites-list", "");
		d.setAttribute("data-favorites-limit", "1"); const b = document.createElement("span"); b.id = "late-btn";
		b.setAttribute("data-favorite", "c9"); document.body.append(d, b); return null })()`)
	waitFor(t, ctx, `document.querySelectorAll("#late .favorites-item").length === 1`, 5*time.Second)
	clickWait(t, ctx, "#late-btn", `document.querySelector("#late-btn").getAttribute("data-favorite-state") === "on"`)
	// clear, through the widget's control
	clickWait(t, ctx, "#list [data-favorites-clear]", `document.querySelector("#list .favorites-empty") !== null`)
	assert.Equal(t, "Nothing yet", eval[string](t, ctx, `document.querySelector("#list .favorites-empty").textContent`))
	assert.Empty(t, list(t, ctx))

	assert.Equal(t, 0, eval[int](t, ctx, `document.querySelectorAll("[style]").length`), "the shim never sets a style attribute")
	assert.Empty(t, w.violations(t, ctx), "CSP violations")
	assert.Empty(t, pageViolations(t, ctx), "securitypolicyviolation events")
	assert.Empty(t, w.con.exceptions())
}

// TestCSPDemo runs the demo as make demo serves it (examples.Demo: pages
// rendered with the reader's list, forms posting to its endpoint), and as
// a shared cache would serve it (examples.Site: the markup left to the
// script), each under examples.CSP: adding, removing and clearing, through
// the server's controls and the script's.
func TestCSPDemo(t *testing.T) {
	for _, c := range []struct {
		name     string
		h        http.Handler
		rendered bool
	}{{"rendered", examples.Demo(dist), true}, {"site", examples.Handler(dist, examples.Site()), false}} {
		t.Run(c.name, func(t *testing.T) {
			demo := httptest.NewServer(c.h)
			t.Cleanup(demo.Close)
			ctx := newContext(t)
			w := watchCSP(t, ctx)
			require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(demo.URL+"/")))
			eval[any](t, ctx, `Favorites.ready.then(() => null)`)
			assert.Equal(t, examples.CSP, eval[string](t, ctx, `fetch(location.href).then(r => r.headers.get("Content-Security-Policy"))`))
			recordViolations(t, ctx)
			button := eval[string](t, ctx, `document.querySelector("[data-favorite]").getAttribute("data-favorite")`)
			sel := `[data-favorite="` + button + `"]`
			clickWait(t, ctx, sel, `document.querySelector('`+sel+`').getAttribute("data-favorite-state") === "on"`)
			assert.Equal(t, []string{button}, ids(list(t, ctx)))
			clickWait(t, ctx, "[data-favorites-list] [data-favorites-remove]", `document.querySelector('`+sel+`').getAttribute("data-favorite-state") === "off"`)
			assert.Empty(t, list(t, ctx))

			// Two more; then, from the page the server renders with them,
			// a remove and a clear through its own controls.
			second := eval[string](t, ctx, `document.querySelectorAll("[data-favorite]")[1].getAttribute("data-favorite")`)
			sel2 := `[data-favorite="` + second + `"]`
			clickWait(t, ctx, sel, `document.querySelector('`+sel+`').getAttribute("data-favorite-state") === "on"`)
			clickWait(t, ctx, sel2, `document.querySelector('`+sel2+`').getAttribute("data-favorite-state") === "on"`)
			require.NoError(t, chromedp.Do(ctx, chromedp.Reload()))
			eval[any](t, ctx, `Favorites.ready.then(() => null)`)
			recordViolations(t, ctx)
			if c.rendered {
				assert.Equal(t, 1, eval[int](t, ctx, `document.querySelectorAll("[data-favorites-list] form.favorites-list-form").length`), "the server's list")
			}
			clickWait(t, ctx, `[data-favorites-list] [data-favorites-remove="`+button+`"]`, `document.querySelector('`+sel+`').getAttribute("data-favorite-state") === "off"`)
			clickWait(t, ctx, "[data-favorites-list] [data-favorites-clear]", `document.querySelector("[data-favorites-list] .favorites-empty") !== null`)
			assert.Empty(t, list(t, ctx))

			assert.Equal(t, 0, eval[int](t, ctx, `document.querySelectorAll("[style]").length`))
			assert.Empty(t, w.violations(t, ctx), "CSP violations")
			assert.Empty(t, pageViolations(t, ctx), "securitypolicyviolation events")
			assert.Empty(t, w.con.exceptions())
		})
	}
}

// TestCSPDetects shows that the watch sees a violation: an inline style
// attribute and an inline script, both refused by examples.CSP.
func TestCSPDetects(t *testing.T) {
	ctx := newContext(t)
	w := watchCSP(t, ctx)
	open(t, ctx, "/t/csp-control")
	recordViolations(t, ctx)
	eval[any](t, ctx, `(document.body.setAttribute("style", "color: red"),
		document.head.append(Object.assign(document.createElement("script"), {textContent: "window.inline = 1"})), null)`)
	waitFor(t, ctx, `window.__csp.length >= 2`, 5*time.Second)
	assert.Equal(t, "undefined", eval[string](t, ctx, `typeof window.inline`))
	require.Eventually(t, func() bool { return len(w.violations(t, ctx)) >= 2 }, 5*time.Second, 100*time.Millisecond,
		"DevTools reports the violations")
}
