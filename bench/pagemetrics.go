package main

// The page metrics of the demo's front page with and without the library:
// the check that adding the widget does not delay the page or move it.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/favorites-dev/favorites/examples"
)

// vitals is installed in every page before its own scripts (DevTools
// injects it, so the page's CSP does not apply): the Lighthouse-style
// metrics as the browser reports them.
const vitals = `(() => {
  const m = window.__vitals = { fcp: 0, lcp: 0, cls: 0, tbt: 0, tasks: [] };
  const watch = (type, fn) => { try { new PerformanceObserver(l => l.getEntries().forEach(fn)).observe({ type, buffered: true }); } catch (e) {} };
  watch('paint', e => { if (e.name === 'first-contentful-paint') m.fcp = e.startTime; });
  watch('largest-contentful-paint', e => { m.lcp = e.startTime; });
  watch('layout-shift', e => { if (!e.hadRecentInput) m.cls += e.value; });
  watch('longtask', e => { m.tbt += Math.max(0, e.duration - 50); m.tasks.push([e.startTime, e.duration]); });
})();`

type pageVitals struct {
	FCP, LCP, CLS, TBT, Load float64
	// LongTasks is how many main-thread tasks over 50 ms the page ran, and
	// LongTaskMs their time; WasmBytes the bytes of .wasm responses it
	// received (encoded, as they came over the network).
	LongTasks, LongTaskMs, WasmBytes float64
	// GoStart is when Go's runtime began to start: the beginning of the long
	// task that holds the shim's favorites:running mark (the mark itself
	// when that task was under 50 ms); 0 without the library.
	GoStart float64
	// Ready is the shim's favorites:ready mark; 0 without the library.
	Ready float64
}

// pageSummary is a case's loads: the medians, in how many of them Go began
// to start after the first contentful paint, and each load's FCP and LCP,
// sorted.
type pageSummary struct {
	pageVitals
	GoAfterFCP                 int
	FCPs, LCPs                 []float64
	MaxLongTasks, MaxWasmBytes float64
}

// fcpQuartiles are the first and third quartiles of the loads' FCP: their
// spread.
func (s pageSummary) fcpQuartiles() (q1, q3 float64) {
	return s.FCPs[len(s.FCPs)/4], s.FCPs[len(s.FCPs)*3/4]
}

// The cases of the page metrics, in table order.
const (
	caseWithout       = "without the library"
	caseEmpty         = "an empty script and stylesheet"
	caseNew           = "with it, new reader"
	caseReturner      = "with it, 10 favourites"
	caseTodayNew      = "today's, new reader"
	caseTodayReturner = "today's, 10 favourites"
)

// pageCases are the cases of a full run; "today's" is the library of
// eagerRev, which loaded the core for every reader.
var pageCases = []string{caseWithout, caseEmpty, caseNew, caseReturner, caseTodayNew, caseTodayReturner}

// withoutLibrary serves the demo as a site without the library would: the
// same pages less its script and stylesheet.
func withoutLibrary(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			body = bytes.ReplaceAll(body, []byte(`<script src="/static/favorites.js" defer></script>`), nil)
			body = bytes.ReplaceAll(body, []byte(`<link rel="stylesheet" href="/static/favorites.css">`), nil)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_, _ = io.Copy(w, bytes.NewReader(body)) // a write fails only when the browser has gone: no one is left to tell
	})
}

// emptyLibrary serves the demo with an empty favorites.js and favorites.css:
// the control that shows what any script and stylesheet added to the page
// cost it, before what they do.
func emptyLibrary(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/static/favorites.js":
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		case "/static/favorites.css":
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
		default:
			h.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		w.WriteHeader(http.StatusOK)
	})
}

// pageMetrics loads the demo front page n times for each of names (of
// pageCases): without the library, with an empty script and stylesheet in
// its place, with it for a new reader and for a reader with ten
// favourites, and the same with today's library (eagerDist); alternated, in
// one tab (newVitalsTab). It returns the medians by case.
func pageMetrics(ctx context.Context, n int, names []string) (map[string]pageSummary, error) {
	site := examples.Handler("dist", examples.Site())
	with := httptest.NewServer(site)
	defer with.Close()
	today := httptest.NewServer(examples.Handler(eagerDist, examples.Site()))
	defer today.Close()
	without := httptest.NewServer(withoutLibrary(site))
	defer without.Close()
	empty := httptest.NewServer(emptyLibrary(site))
	defer empty.Close()

	// The ten favourites of a returning reader, as the library stores them.
	saved, err := savedCookies(ctx, with.URL)
	if err != nil {
		return nil, err
	}
	type pageCase struct {
		name    string
		url     string
		cookies []*network.Cookie
	}
	all := []pageCase{
		{caseWithout, without.URL + "/", nil},
		{caseEmpty, empty.URL + "/", nil},
		{caseNew, with.URL + "/", nil},
		{caseReturner, with.URL + "/", saved},
		{caseTodayNew, today.URL + "/", nil},
		{caseTodayReturner, today.URL + "/", saved},
	}
	var cases []pageCase
	for _, c := range all {
		if slices.Contains(names, c.name) {
			cases = append(cases, c)
		}
	}
	tab, closeTab, err := newVitalsTab(ctx)
	if err != nil {
		return nil, err
	}
	defer closeTab()
	loads := map[string][]pageVitals{}
	for i := -1; i < n; i++ { // round -1 warms up and is dropped
		for j := range cases {
			c := cases[(i+len(cases)+j)%len(cases)]
			v, err := loadVitals(tab, c.url, c.cookies)
			if err != nil {
				return nil, fmt.Errorf("page metrics, %s: %w", c.name, err)
			}
			if i >= 0 {
				loads[c.name] = append(loads[c.name], v)
			}
		}
	}
	out := map[string]pageSummary{}
	for name, vs := range loads {
		pick := func(f func(pageVitals) float64) []float64 {
			xs := make([]float64, len(vs))
			for i, v := range vs {
				xs[i] = f(v)
			}
			return xs
		}
		fcp := pick(func(v pageVitals) float64 { return v.FCP })
		slices.Sort(fcp)
		lcp := pick(func(v pageVitals) float64 { return v.LCP })
		slices.Sort(lcp)
		sum := pageSummary{
			pageVitals: pageVitals{
				FCP:     median(fcp),
				LCP:     median(lcp),
				CLS:     median(pick(func(v pageVitals) float64 { return v.CLS })),
				TBT:     median(pick(func(v pageVitals) float64 { return v.TBT })),
				Load:    median(pick(func(v pageVitals) float64 { return v.Load })),
				GoStart: median(pick(func(v pageVitals) float64 { return v.GoStart })),
				Ready:   median(pick(func(v pageVitals) float64 { return v.Ready })),
				// The medians, and below the most of any load.
				LongTasks:  median(pick(func(v pageVitals) float64 { return v.LongTasks })),
				LongTaskMs: median(pick(func(v pageVitals) float64 { return v.LongTaskMs })),
				WasmBytes:  median(pick(func(v pageVitals) float64 { return v.WasmBytes })),
			},
			MaxLongTasks: slices.Max(pick(func(v pageVitals) float64 { return v.LongTasks })),
			MaxWasmBytes: slices.Max(pick(func(v pageVitals) float64 { return v.WasmBytes })),
			FCPs:         fcp,
			LCPs:         lcp,
		}
		for _, v := range vs {
			if v.GoStart >= v.FCP {
				sum.GoAfterFCP++
			}
		}
		out[name] = sum
	}
	return out, nil
}

// savedCookies adds ten of the front page's stories through its buttons and
// returns the cookies that stored them.
func savedCookies(parent context.Context, url string) ([]*network.Cookie, error) {
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/")); err != nil {
		return nil, err
	}
	if _, err := eval[any](ctx, `Favorites.ready.then(async () => {
		for (let i = 0; i < 10; i++) await Favorites.add({id: "30000" + i, title: "A saved story of the Harbour Courier, number " + i, url: "/articles/pier-four-redevelopment.html"});
		return null;
	})`); err != nil {
		return nil, err
	}
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{url + "/"}})
	if err != nil {
		return nil, err
	}
	return res.Cookies, nil
}

// newVitalsTab returns the tab the page metrics load every page in: one
// browser context, as Lighthouse loads pages in one tab, clearing the cache
// and the cookies before each load. A new browser context per load also
// measured the renderer's start, which made FCP vary by ±50 ms around the
// median; in one tab it varies by ±15 ms.
func newVitalsTab(parent context.Context) (*vitalsTab, context.CancelFunc, error) {
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: vitals}); err != nil {
		cancel()
		return nil, nil, err
	}
	tab := &vitalsTab{Context: ctx, wasm: map[network.RequestID]bool{}}
	if err := chromedp.Listen(ctx, tab.count); err != nil {
		cancel()
		return nil, nil, err
	}
	return tab, cancel, nil
}

// A vitalsTab is the page metrics' tab, which counts the .wasm bytes it
// receives.
type vitalsTab struct {
	context.Context
	mu    sync.Mutex
	wasm  map[network.RequestID]bool // the requests for a .wasm
	bytes float64
}

// count is called with every event of the tab, in order.
func (t *vitalsTab) count(ev any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		if u, err := url.Parse(e.Request.URL); err == nil && strings.HasSuffix(u.Path, ".wasm") {
			t.wasm[e.RequestID] = true
		}
	case *network.EventLoadingFinished:
		if t.wasm[e.RequestID] {
			t.bytes += e.EncodedDataLength
		}
	}
}

// wasmBytes returns the .wasm bytes received since the last call.
func (t *vitalsTab) wasmBytes() float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := t.bytes
	t.bytes, t.wasm = 0, map[network.RequestID]bool{}
	return n
}

// loadVitals loads url in tab as a first visit (no cache, only the given
// cookies) and returns its page metrics.
func loadVitals(tab *vitalsTab, url string, cookies []*network.Cookie) (pageVitals, error) {
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
		return pageVitals{}, err
	}
	if _, err := chromedp.Call(tab, network.ClearBrowserCache, cdp.Empty{}); err != nil {
		return pageVitals{}, err
	}
	if _, err := chromedp.Call(tab, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		return pageVitals{}, err
	}
	for _, c := range cookies {
		if _, err := chromedp.Call(tab, network.SetCookie, network.SetCookieParams{Name: c.Name, Value: c.Value, URL: url, Path: "/"}); err != nil {
			return pageVitals{}, err
		}
	}
	time.Sleep(settle)
	tab.wasmBytes()
	if err := chromedp.Do(tab, chromedp.Navigate(url)); err != nil {
		return pageVitals{}, err
	}
	// Wait for the load event, the library (where there is one) and a
	// second more, so late shifts and long tasks are counted, and a library
	// that loads its core for a new reader has done so.
	v, err := eval[pageVitals](tab, `new Promise(r => {
		const done = () => Promise.resolve(window.Favorites ? Favorites.ready : null)
			.then(() => new Promise(s => setTimeout(s, 1000)))
			.then(() => {
				const nav = performance.getEntriesByType('navigation')[0];
				const v = window.__vitals;
				const running = performance.getEntriesByName('favorites:running')[0];
				let goStart = running ? running.startTime : 0;
				for (const [start, duration] of v.tasks) if (running && start <= running.startTime && running.startTime <= start + duration) goStart = start;
				const ready = performance.getEntriesByName('favorites:ready')[0];
				r({FCP: v.fcp, LCP: v.lcp, CLS: v.cls, TBT: v.tbt, Load: nav.loadEventEnd, GoStart: goStart, Ready: ready ? ready.startTime : 0,
					LongTasks: v.tasks.length, LongTaskMs: v.tasks.reduce((sum, [, d]) => sum + d, 0)});
			});
		if (document.readyState === 'complete') done(); else addEventListener('load', done);
	})`)
	if err != nil {
		return v, err
	}
	// The body's last bytes arrive before the page has its core, which the
	// wait above covers; their event comes before the answer to the eval.
	v.WasmBytes = tab.wasmBytes()
	return v, nil
}

// medianShift is how much later the median of b is than the median of a,
// with a 95% confidence interval: the honest form of "does not move" on a
// machine whose loads vary by ±50 ms.
func medianShift(a, b []float64) (shift, lo, hi float64) {
	return compareMedians(a, b, func(ma, mb float64) float64 { return mb - ma })
}

// medianRatio is the median of b over the median of a, with a 95%
// confidence interval.
func medianRatio(a, b []float64) (ratio, lo, hi float64) {
	return compareMedians(a, b, func(ma, mb float64) float64 { return mb / ma })
}

// compareMedians compares the medians of a and b through cmp, with a 95%
// confidence interval from 2,000 bootstrap resamples of both (percentile
// method, a fixed seed so a report can be rerun).
func compareMedians(a, b []float64, cmp func(ma, mb float64) float64) (est, lo, hi float64) {
	rng := rand.New(rand.NewPCG(4, 2024))
	resample := func(xs []float64, into []float64) float64 {
		for i := range into {
			into[i] = xs[rng.IntN(len(xs))]
		}
		return median(into)
	}
	ra, rb := make([]float64, len(a)), make([]float64, len(b))
	ests := make([]float64, 2000)
	for i := range ests {
		ests[i] = cmp(resample(a, ra), resample(b, rb))
	}
	slices.Sort(ests)
	return cmp(median(a), median(b)), ests[len(ests)*25/1000], ests[len(ests)*975/1000-1]
}
