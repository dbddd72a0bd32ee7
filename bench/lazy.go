package main

// The measurements of loading the core when it is first needed (issue 13):
// what a new reader who never saves costs a page, a new reader's first
// click, and a returning reader's ready, each beside today's library: the
// shim and core of eagerRev, which loaded the core on every page view.

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/favorites-dev/favorites/examples"
	"github.com/favorites-dev/favorites/internal/cookie"
	"github.com/favorites-dev/favorites/internal/favorites"
)

// eagerRev is the last commit whose library loaded the core for every
// reader, with or without a stored list: "today's" in the tables.
const eagerRev = "083dc648c981d1da915939bfa95a4e43d45aa377"

// eagerDist is where buildEager built today's library.
var eagerDist string

// buildEager builds the library of commit rev, from git, with this Go, into
// bench/out/eager/: its own dist/, served under /eager/. A commit's build
// with one Go does not change, so a build that is there is kept.
func buildEager(rev string) error {
	goCmd := os.Getenv("GO")
	if goCmd == "" {
		goCmd = "go"
	}
	dir := filepath.Join("bench/out/eager", rev+"-"+runtime.Version())
	eagerDist = filepath.Join(dir, "dist")
	if _, err := os.Stat(filepath.Join(eagerDist, "favorites.wasm.br")); err == nil {
		return nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := shell(fmt.Sprintf("set -o pipefail; git archive --format=tar %s | tar -x -C %s", rev, dir)); err != nil {
		return fmt.Errorf("today's library is commit %s, which this clone lacks (a shallow clone?; -eager names another): %w", rev, err)
	}
	build := exec.Command("make", "-C", dir, "build", "GO="+goCmd)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building today's library, commit %s: %w", rev, err)
	}
	return nil
}

// storedCookies are the cookies of a returning reader's ten favourites, as
// the library stores them.
func storedCookies() ([]*network.Cookie, error) {
	items := make([]favorites.Item, 10)
	for i := range items {
		items[i] = favorites.Item{
			ID:    strconv.Itoa(300000 + i),
			Title: "A saved story of the Harbour Courier, number " + strconv.Itoa(i),
			URL:   "/articles/pier-four-redevelopment.html",
			Added: 1_795_000_000 + int64(i),
		}
	}
	values, err := cookie.Encode("favorites", items)
	if err != nil {
		return nil, err
	}
	var out []*network.Cookie
	for i, v := range values {
		out = append(out, &network.Cookie{Name: cookie.Name("favorites", i), Value: v})
	}
	return out, nil
}

// coldLoads loads each kind's bench page loads times, each in a new browser
// context with the given cookies, alternated, and returns the ms from
// navigation start to ready of each load, by kind.
func coldLoads(ctx context.Context, base string, kinds []string, loads int, cookies []*network.Cookie) (map[string][]float64, error) {
	cold := map[string][]float64{}
	for i := -1; i < loads; i++ { // round -1 warms the browser up and is dropped
		for j := range kinds {
			kind := kinds[(i+len(kinds)+j)%len(kinds)] // rotate who goes first
			ms, err := coldLoad(ctx, base+"/p/"+kind+".html", cookies)
			if err != nil {
				return nil, fmt.Errorf("cold load of %s: %w", kind, err)
			}
			if i >= 0 {
				cold[kind] = append(cold[kind], ms)
			}
		}
	}
	return cold, nil
}

// A clickResult is one first click: the ms from the click to the first
// frame that shows a change of the button, how many frames that was after
// the click (1: the next), and the ms to the "on" state.
type clickResult struct {
	Visual, On float64
	Frames     int
}

// The cases of the first click, in table order.
const (
	clickHover   = "new reader, the pointer over the button first"
	clickNoHover = "new reader, no pointer over it before the press"
	clickToday   = "today's, a new reader after ready"
)

var clickCases = []string{clickHover, clickNoHover, clickToday}

// clickMetrics measures a new reader's first click on the demo's first
// button, n times in each case, alternated, each in a new browser context
// (an empty cache): with the library, the pointer resting over the button
// for dwell first, or pressing it at once; with today's library, once it
// is ready (a click before then did nothing).
func clickMetrics(ctx context.Context, n int, dwell time.Duration) (map[string][]clickResult, error) {
	now := httptest.NewServer(examples.Handler("dist", examples.Site()))
	defer now.Close()
	today := httptest.NewServer(examples.Handler(eagerDist, examples.Site()))
	defer today.Close()
	urls := map[string]string{clickHover: now.URL, clickNoHover: now.URL, clickToday: today.URL}
	out := map[string][]clickResult{}
	for i := -1; i < n; i++ { // round -1 warms up and is dropped
		for j := range clickCases {
			name := clickCases[(i+len(clickCases)+j)%len(clickCases)]
			hover := time.Duration(0)
			if name == clickHover {
				hover = dwell
			}
			r, err := firstClick(ctx, urls[name]+"/", hover)
			if err != nil {
				return nil, fmt.Errorf("first click, %s: %w", name, err)
			}
			if i >= 0 {
				out[name] = append(out[name], r)
			}
		}
	}
	return out, nil
}

// clickProbe waits until the page has loaded, painted and is ready, then
// watches its first button: window.__firstClick resolves with the
// clickResult of the next click on it. It returns the button's middle.
const clickProbe = `Promise.resolve(window.Favorites && Favorites.ready).then(() => new Promise(resolve => {
	const check = () => document.readyState === "complete" && performance.getEntriesByName("first-contentful-paint").length
		? requestAnimationFrame(() => requestAnimationFrame(resolve)) : setTimeout(check, 20);
	check();
})).then(() => {
	const b = document.querySelector("[data-favorite]");
	b.scrollIntoView({block: "center"});
	const look = () => b.getAttribute("data-favorite-state") + "|" + b.textContent;
	const before = look();
	window.__firstClick = new Promise((resolve, reject) => {
		let t0 = 0, visual = -1, frames = 0, on = -1;
		const done = () => { if (visual >= 0 && on >= 0) resolve({Visual: visual, Frames: frames, On: on}); };
		addEventListener("click", e => {
			t0 = e.timeStamp;
			const frame = () => {
				frames++;
				if (look() !== before) { visual = performance.now() - t0; done(); } else requestAnimationFrame(frame);
			};
			requestAnimationFrame(frame);
			setTimeout(() => reject(new Error("no on state 20 s after the click: " + look())), 20000);
		}, {capture: true, once: true});
		new MutationObserver(() => {
			if (on < 0 && t0 && b.getAttribute("data-favorite-state") === "on") { on = performance.now() - t0; done(); }
		}).observe(b, {attributes: true});
	});
	const r = b.getBoundingClientRect();
	return [r.left + r.width / 2, r.top + r.height / 2];
})`

// firstClick opens url in a new browser context and clicks its first
// button with the mouse, after resting the pointer over it for hover (0:
// the pointer arrives with the press).
func firstClick(parent context.Context, url string, hover time.Duration) (clickResult, error) {
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		return clickResult{}, err
	}
	time.Sleep(settle) // the browser is done with the last load's context
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return clickResult{}, err
	}
	at, err := eval[[2]float64](ctx, clickProbe)
	if err != nil {
		return clickResult{}, err
	}
	if hover > 0 {
		if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, at[0], at[1])); err != nil {
			return clickResult{}, err
		}
		time.Sleep(hover) // a reader's pause between reaching a button and pressing it
	}
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(at[0], at[1])); err != nil {
		return clickResult{}, err
	}
	return eval[clickResult](ctx, `window.__firstClick`)
}

// quartiles returns the median and the first and third quartiles of xs.
func quartiles(xs []float64) (med, q1, q3 float64) {
	s := slices.Clone(xs)
	slices.Sort(s)
	return median(s), s[len(s)/4], s[len(s)*3/4]
}

// lazyReport writes the tables of issue 13: a new reader who does not
// interact (from the page metrics), a new reader's first click, and a
// returning reader's ready against today's (from the cold loads).
func lazyReport(r *report, vit map[string]pageSummary, clicks map[string][]clickResult, dwell time.Duration, cold map[string][]float64) {
	r.printf("\n## Loading the core when it is first needed\n\n"+
		"Today's is the library of commit %.12s, which loaded the core on every page view; built by make bench from git, with the same Go.\n\n", eagerRev)

	empty, now, today := vit[caseEmpty], vit[caseNew], vit[caseTodayNew]
	r.printf("**A new reader who does not interact**: the demo's front page of the page metrics below (%d loads per case), watched until the load event, Favorites.ready and one second more. "+
		"Long tasks are every main-thread task over 50 ms, the page's own included: the first rows show what the page itself, and the page with any two added files, run.\n\n", len(now.FCPs))
	r.printf("| case | .wasm bytes received (median; most in a load) | long tasks (median; most in a load) | their time, ms (median) | goal | |\n|---|---:|---:|---:|---|---|\n")
	for _, c := range []struct {
		name string
		v    pageSummary
	}{{caseWithout, vit[caseWithout]}, {caseEmpty, empty}, {caseTodayNew, today}, {caseNew, now}} {
		goal, verdict := "", ""
		if c.name == caseNew {
			goal = "0 bytes; no long task beyond the empty files'"
			verdict = r.verdict(c.v.MaxWasmBytes == 0 && c.v.LongTasks <= empty.LongTasks)
		}
		r.printf("| %s | %.0f; %.0f | %.0f; %.0f | %.0f | %s | %s |\n", c.name, c.v.WasmBytes, c.v.MaxWasmBytes, c.v.LongTasks, c.v.MaxLongTasks, c.v.LongTaskMs, goal, verdict)
	}
	r.printf("\nPer 1,000 page views of readers who never save, the library now spares a site and its readers %.0f MB of .wasm transfer and %.0f s of main-thread long tasks (today's medians less now's, times 1,000).\n",
		(today.WasmBytes-now.WasmBytes)*1000/1e6, (today.LongTaskMs-now.LongTaskMs)*1000/1000)

	if len(clicks[clickHover]) > 0 {
		r.printf("\n**A new reader's first click** on the demo's first button, an empty cache (a new browser context each), once the page has loaded, painted and is ready; %d clicks per case, alternated. "+
			"The pointer rests over the button for %v before the press in the first case, and arrives with the press in the second. "+
			"First response: from the click event to the first animation frame that shows the button changed (its state or text); .wasm from the test server on this machine, without network latency.\n\n",
			len(clicks[clickHover]), dwell)
		r.printf("| case | first response, ms (median, quartiles) | in the next frame | to the on state, ms (median, quartiles) | goal | |\n|---|---:|---:|---:|---|---|\n")
		for _, name := range clickCases {
			cs := clickResultsOf(clicks[name])
			next := 0
			for _, c := range clicks[name] {
				if c.Frames == 1 {
					next++
				}
			}
			vm, v1, v3 := quartiles(cs.visual)
			om, o1, o3 := quartiles(cs.on)
			goal, verdict := "", ""
			if name != clickToday {
				goal, verdict = "the next frame", r.verdict(next == len(clicks[name]))
			}
			r.printf("| %s | %.1f (%.1f–%.1f) | %d of %d | %.0f (%.0f–%.0f) | %s | %s |\n", name, vm, v1, v3, next, len(clicks[name]), om, o1, o3, goal, verdict)
		}
	}

	if len(cold[eager]) > 0 {
		ratio, lo, hi := medianRatio(cold[eager], cold[library])
		r.printf("\n**A returning reader's ready**: the bench page (bench/pages) with ten favourites stored, from navigation start to Favorites.ready, a new browser context each, %d loads each, alternated; and the demo page's ready in the page metrics.\n\n", len(cold[library]))
		r.printf("| measure | now | today's | ratio now/today's | target | |\n|---|---:|---:|---|---|---|\n")
		r.printf("| bench page, ms (median) | %.1f | %.1f | %.3f (95%% CI %.3f–%.3f) | ≤ %.2f | %s |\n",
			median(cold[library]), median(cold[eager]), ratio, lo, hi, targetReturner, r.verdict(ratio <= targetReturner))
		if v, t := vit[caseReturner], vit[caseTodayReturner]; v.Ready > 0 && t.Ready > 0 {
			r.printf("| demo page, ms (median) | %.0f | %.0f | %.3f | — | |\n", v.Ready, t.Ready, v.Ready/t.Ready)
		}
	}
}

// targetReturner is issue 13's "no slower" for a returning reader's ready,
// as a ratio of medians, with the noise of a 2-core machine.
const targetReturner = 1.05

type clickSeries struct{ visual, on []float64 }

func clickResultsOf(cs []clickResult) clickSeries {
	var s clickSeries
	for _, c := range cs {
		s.visual = append(s.visual, c.Visual)
		s.on = append(s.on, c.On)
	}
	return s
}

// runLazy is -lazy: only the measurements of lazyReport, with the counts
// given, printed.
func runLazy(loads, pageLoads, clicks int, dwell time.Duration, rev string) error {
	if err := enterRoot(); err != nil {
		return err
	}
	step("building today's library, commit " + rev)
	if err := buildEager(rev); err != nil {
		return err
	}
	srv := httptest.NewServer(handler())
	defer srv.Close()
	ctx, stop, err := startBrowser()
	if err != nil {
		return err
	}
	defer stop()
	stored, err := storedCookies()
	if err != nil {
		return err
	}
	step(fmt.Sprintf("a returning reader's ready: %d cold loads of each", loads))
	cold, err := coldLoads(ctx, srv.URL, []string{library, eager}, loads, stored)
	if err != nil {
		return err
	}
	step(fmt.Sprintf("page metrics: %d loads in each case", pageLoads))
	vit, err := pageMetrics(ctx, pageLoads, pageCases)
	if err != nil {
		return err
	}
	step(fmt.Sprintf("first clicks: %d in each case", clicks))
	cl, err := clickMetrics(ctx, clicks, dwell)
	if err != nil {
		return err
	}
	var r report
	lazyReport(&r, vit, cl, dwell, cold)
	r.printf("\n%d targets met, %d missed.\n", r.pass, r.fail)
	_, err = os.Stdout.Write(r.Bytes())
	return err
}
