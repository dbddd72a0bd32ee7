package main

// The time until a returning reader's list is on screen (issue 12): the
// demo's front page rendered by the server with the reader's list
// (examples.Demo, the Go package's Markup), against the same page as a
// shared cache serves it, the list drawn by the script once the core has
// read the cookie (examples.Site). The same side-by-side method as the page
// metrics: one tab, alternated loads, medians with a bootstrap interval.

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"slices"
	"strings"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/favorites-dev/favorites/examples"
)

// The cases of the list on screen, in table order.
const (
	screenRendered = "server-rendered (examples.Demo)"
	screenClient   = "client-rendered, today's (examples.Site)"
)

var screenCases = []string{screenRendered, screenClient}

// onScreenWatch is installed in every page before its own scripts. It
// watches the list widget until it shows exactly the ids in
// window.__want (set by the same script from its argument), newest first,
// and keeps, in window.__onScreen, when the first frame that showed it
// began: the first contentful paint when the list was right before it
// (a page paints nothing earlier), else the first animation frame after
// the DOM became right. A list that was right and went wrong again (a
// redraw through "Loading") starts over.
const onScreenWatch = `(() => {
  const want = %s;
  const s = window.__onScreen = { at: 0, dom: 0, fcp: 0, wrong: 0 };
  const right = () => {
    const w = document.querySelector('[data-favorites-list]');
    if (!w || w.querySelector('.favorites-loading')) return false;
    const ids = [...w.querySelectorAll('[data-favorites-remove]')].map(b => b.getAttribute('data-favorites-remove'));
    return ids.length === want.length && ids.every((id, i) => id === want[i]);
  };
  let frame = 0;
  const check = () => {
    if (right()) {
      if (s.dom) return;
      s.dom = performance.now();
      const since = s.dom;
      frame = requestAnimationFrame(t => { if (s.dom === since) s.at = Math.max(t, s.fcp || t); });
    } else if (s.dom) {
      s.dom = 0; s.at = 0; s.wrong++;
      cancelAnimationFrame(frame);
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
  new PerformanceObserver(l => l.getEntries().forEach(e => {
    if (e.name !== 'first-contentful-paint') return;
    s.fcp = e.startTime;
    if (s.at && s.at < s.fcp) s.at = s.fcp;
  })).observe({ type: 'paint', buffered: true });
})();`

// A screenLoad is one load: when the list was on screen, and its FCP.
type screenLoad struct {
	At, FCP float64
	// Wrong counts the times the list was right and then was not.
	Wrong int
}

// onScreen loads the demo's front page n times in each case, for a
// returning reader with the ten favourites of storedCookies, alternated,
// in one tab, and returns each case's loads.
func onScreen(ctx context.Context, n int) (map[string][]screenLoad, error) {
	rendered := httptest.NewServer(examples.Demo("dist"))
	defer rendered.Close()
	client := httptest.NewServer(examples.Handler("dist", examples.Site()))
	defer client.Close()
	urls := map[string]string{screenRendered: rendered.URL + "/", screenClient: client.URL + "/"}

	stored, err := storedCookies()
	if err != nil {
		return nil, err
	}
	want := make([]string, 10) // newest first, as the widget shows them
	for i := range want {
		want[i] = fmt.Sprintf("%q", fmt.Sprint(300009-i))
	}
	tab, closeTab, err := newVitalsTab(ctx)
	if err != nil {
		return nil, err
	}
	defer closeTab()
	watch := fmt.Sprintf(onScreenWatch, "["+strings.Join(want, ",")+"]")
	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watch}); err != nil {
		return nil, err
	}
	out := map[string][]screenLoad{}
	for i := -1; i < n; i++ { // round -1 warms up and is dropped
		for j := range screenCases {
			name := screenCases[(i+len(screenCases)+j)%len(screenCases)]
			if _, err := loadVitals(tab, urls[name], stored); err != nil {
				return nil, fmt.Errorf("list on screen, %s: %w", name, err)
			}
			// loadVitals waited for the load event, Favorites.ready and a
			// second: the list is long on screen.
			l, err := eval[screenLoad](tab, `({At: __onScreen.at, FCP: __onScreen.fcp, Wrong: __onScreen.wrong})`)
			if err != nil {
				return nil, err
			}
			if l.At == 0 {
				return nil, fmt.Errorf("list on screen, %s: the reader's list never showed", name)
			}
			if i >= 0 {
				out[name] = append(out[name], l)
			}
		}
	}
	return out, nil
}

// onScreenReport writes the table of the list on screen.
func onScreenReport(r *report, loads map[string][]screenLoad) {
	at := map[string][]float64{}
	for name, ls := range loads {
		for _, l := range ls {
			at[name] = append(at[name], l.At)
		}
		slices.Sort(at[name])
	}
	r.printf("\n## A returning reader's list on screen: server-rendered against client-rendered\n\n"+
		"The demo's front page for a reader with ten favourites, loaded %d times in each case, alternated, in the page metrics' tab (cache and cookies cleared before each load). "+
		"Server-rendered is examples.Demo: the page rendered by the Go package's Markup from the reader's cookie, which the shim takes over. "+
		"Client-rendered is the same page as a shared cache serves it (examples.Site), the list drawn by the shim once the core has read the cookie: today's way. "+
		"On screen: from navigation start to the first frame that shows the list with exactly the reader's ten ids, newest first, and no \"Loading\" "+
		"(the first contentful paint when the DOM held it before that, else the first animation frame after the DOM did); "+
		"went wrong is how many loads showed the right list and then redrew it otherwise.\n\n", len(at[screenRendered]))
	r.printf("| case | on screen, ms (median, quartiles) | FCP, ms (median) | went wrong |\n|---|---:|---:|---:|\n")
	for _, name := range screenCases {
		var fcp []float64
		wrong := 0
		for _, l := range loads[name] {
			fcp = append(fcp, l.FCP)
			if l.Wrong > 0 {
				wrong++
			}
		}
		m, q1, q3 := quartiles(at[name])
		r.printf("| %s | %.0f (%.0f–%.0f) | %.0f | %d of %d |\n", name, m, q1, q3, median(fcp), wrong, len(loads[name]))
	}
	d, lo, hi := medianShift(at[screenClient], at[screenRendered])
	ratio, rlo, rhi := medianRatio(at[screenClient], at[screenRendered])
	r.printf("\nServer-rendered against client-rendered: %+.0f ms (95%% CI %+.0f … %+.0f), a ratio of %.2f (%.2f–%.2f) (bootstrap, 2,000 resamples).\n",
		d, lo, hi, ratio, rlo, rhi)
}

// runOnScreen is -onscreen: only the list on screen and the server
// package's figures, with the counts given, printed.
func runOnScreen(loads, serverRounds int, benchtime string) error {
	if err := enterRoot(); err != nil {
		return err
	}
	step(fmt.Sprintf("the server package: %d rounds of its Read and Write benchmarks", serverRounds))
	figs, err := serverBench(serverRounds, benchtime)
	if err != nil {
		return err
	}
	ctx, stop, err := startBrowser()
	if err != nil {
		return err
	}
	defer stop()
	step(fmt.Sprintf("list on screen: %d loads in each case", loads))
	screen, err := onScreen(ctx, loads)
	if err != nil {
		return err
	}
	var r report
	onScreenReport(&r, screen)
	serverReport(&r, figs, benchtime)
	_, err = os.Stdout.Write(r.Bytes())
	return err
}
