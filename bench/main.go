// Command bench is make bench: it measures the library (dist/) against the
// smallest Go program that serves JavaScript (bench/floor) and against a
// pure-JavaScript implementation of the same contract (bench/baseline), in
// one headless Chromium, and writes the table to -out.
//
// Every time is taken inside the page with performance.now(); the pages are
// cross-origin isolated so that its resolution is 5 µs. Each cold load gets
// a new browser context (an empty HTTP cache and cookie jar); the loads and
// the operation runs alternate between the implementations so that drift in
// the machine's speed hits them alike, and the tables show medians.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/favorites-dev/favorites/js/testsite/chromium"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"

	"github.com/favorites-dev/favorites/examples"
)

func main() {
	out := flag.String("out", "", "write the report, Markdown, to this file")
	loads := flag.Int("loads", 61, "cold loads of each page")
	runs := flag.Int("runs", 21, "runs of the operation timings with 20 stored items")
	calls := flag.Int("calls", 100, "calls per operation timing")
	flag.IntVar(&churnOps, "churn", 100000, "operations before the second memory reading")
	flag.IntVar(&pageLoads, "pageloads", 25, "loads of the demo page in each case, for its page metrics")
	clicks := flag.Int("clicks", 15, "first clicks of a new reader in each case")
	dwell := flag.Duration("hover", 300*time.Millisecond, "how long the pointer rests over a button before the click, in the first-click case with a hover")
	rev := flag.String("eager", eagerRev, "the commit of today's library: the one that loaded the core on every page view")
	serverRounds := flag.Int("serverrounds", 10, "rounds of the server package's Read and Write benchmarks")
	benchtime := flag.String("benchtime", "1s", "-benchtime of each server package benchmark in a round")
	onscreenOnly := flag.Bool("onscreen", false, "instead of the whole table: only a returning reader's list on screen, server-rendered against client-rendered (-pageloads), and the server package's figures (-serverrounds, -benchtime)")
	lazy := flag.Bool("lazy", false, "instead of the whole table: only the measurements of loading on demand (a new reader, the first click, a returning reader against today's), with -loads, -pageloads and -clicks")
	profile := flag.Bool("profile", false, "instead of the table: a CPU profile of the operations of each implementation, by function")
	probe := flag.String("probe", "", "instead of the table: evaluate this JavaScript on the operations page of each implementation and print the result")
	flag.Func("pages", "with -probe or -profile: the operations pages to open, in order (default library,baseline[,library-names])", func(s string) error {
		opsPages = strings.Split(s, ",")
		return nil
	})
	flag.Parse()
	if *profile {
		if err := profileOps(*calls, *probe); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if *onscreenOnly {
		if err := runOnScreen(pageLoads, *serverRounds, *benchtime); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if *lazy {
		if err := runLazy(*loads, pageLoads, *clicks, *dwell, *rev); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if *probe != "" {
		if err := probeOps(*probe); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*out, *loads, *runs, *calls, *clicks, *dwell, *rev, *serverRounds, *benchtime); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

var churnOps, pageLoads int

// settle is the pause before each cold load, after its tab exists: closing
// the last load's browser context goes on in the browser for a while, and a
// load that starts at once shares the machine with it (on 2 cores the
// median of 21 loads moved by ±7% from run to run without it).
var settle = 150 * time.Millisecond

// opsPages are the operations pages -probe and -profile open (-pages).
var opsPages []string

// The implementations measured.
const (
	library  = "library"
	floor    = "floor"
	baseline = "baseline"
	eager    = "eager" // today's library (eagerRev)
)

// ops are the operations timed, in table order.
var ops = []string{"add", "remove", "toggle", "has", "list", "clear"}

// Targets, as issue 4 sets them.
const (
	targetBrotli = 1.08 // library/floor .wasm bytes, brotli
	targetCold   = 1.15 // library/floor time to ready
	targetOp     = 1.2  // library/baseline per operation
	targetCookie = 1.10 // cookie bytes / raw bytes
	targetMemory = 1.1  // .wasm memory after 100k / after 1k operations
)

type report struct {
	bytes.Buffer
	pass, fail int
}

// printf appends to the report. Its error is not checked: a bytes.Buffer's
// Write always returns nil (it panics when it cannot grow).
func (r *report) printf(format string, a ...any) { fmt.Fprintf(&r.Buffer, format, a...) }

func (r *report) verdict(ok bool) string {
	if ok {
		r.pass++
		return "PASS"
	}
	r.fail++
	return "**FAIL**"
}

// notesHeading starts the hand-written part of docs/benchmarks.md: what was
// measured to decide a change, which each run keeps.
const notesHeading = "## Notes: measurements behind the code"

// enterRoot makes the module's root the working directory, where dist/
// holds the build that every measurement serves.
func enterRoot() error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if err := os.Chdir(root); err != nil {
		return err
	}
	if _, err := os.Stat("dist/favorites.wasm.br"); err != nil {
		return errors.New("no dist/favorites.wasm.br: run make build (make bench does)")
	}
	return nil
}

func run(outFile string, loads, runs, calls, clicks int, dwell time.Duration, rev string, serverRounds int, benchtime string) error {
	if err := enterRoot(); err != nil {
		return err
	}
	start := time.Now()
	step("building the floor program")
	if err := buildFloor(); err != nil {
		return err
	}
	step("building today's library, commit " + rev)
	if err := buildEager(rev); err != nil {
		return err
	}

	// Before the browser starts, which would share the machine with them.
	step(fmt.Sprintf("the server package: %d rounds of its Read and Write benchmarks", serverRounds))
	serverFigs, err := serverBench(serverRounds, benchtime)
	if err != nil {
		return err
	}

	var r report
	r.printf("# Benchmarks\n\nWritten by `make bench` (bench/main.go) on %s.\n\n", start.UTC().Format("2006-01-02 15:04 MST"))

	// ---- sizes ----
	sizes := map[string][3]int{}
	for name, file := range map[string]string{library: "dist/favorites.wasm", floor: "bench/out/floor.wasm"} {
		s, err := compressedSizes(file)
		if err != nil {
			return err
		}
		sizes[name] = s
	}

	srv := httptest.NewServer(handler())
	defer srv.Close()

	step("starting Chromium")
	ctx, stop, err := startBrowser()
	if err != nil {
		return err
	}
	defer stop()
	version, err := chromedp.CallBrowser(ctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		return err
	}
	r.printf("Machine: %d cores, %s; %s (V8 %s), %s, headless.\n\n",
		runtime.NumCPU(), cpuModel(), version.Product, version.JsVersion, runtime.Version())

	// ---- cold loads ----
	// A returning reader's: a new reader's ready needs no core.
	step(fmt.Sprintf("cold loads: %d of each page, each in a new browser context", loads))
	stored, err := storedCookies()
	if err != nil {
		return err
	}
	cold, err := coldLoads(ctx, srv.URL, []string{library, floor, baseline, eager}, loads, stored)
	if err != nil {
		return err
	}

	// ---- operations ----
	step(fmt.Sprintf("operations: %d runs of %d calls each, library and baseline alternating", runs, calls))
	tabs := map[string]context.Context{}
	for _, kind := range []string{library, baseline} {
		tab, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
		defer cancel()
		if err := open(tab, srv.URL+"/p/"+kind+"-ops.html"); err != nil {
			return err
		}
		tabs[kind] = tab
	}
	// opTimes[n][kind][op] are the µs of each run with n stored items.
	opTimes := map[int]map[string]map[string][]float64{}
	sizesN := []int{10, 20, 50}
	for _, n := range sizesN {
		opTimes[n] = map[string]map[string][]float64{library: {}, baseline: {}}
		nruns := runs
		if n != 20 {
			nruns = (runs + 2) / 3
		}
		for i := 0; i < nruns; i++ {
			order := []string{library, baseline}
			if i%2 == 1 {
				order = []string{baseline, library}
			}
			for _, kind := range order {
				res, err := eval[map[string]float64](tabs[kind], fmt.Sprintf("bench.run(%d, %d, %d)", n, calls, calls/3))
				if err != nil {
					return fmt.Errorf("%s operations with %d items: %w", kind, n, err)
				}
				for op, us := range res {
					opTimes[n][kind][op] = append(opTimes[n][kind][op], us)
				}
			}
		}
	}

	// ---- cookie bytes ----
	step("cookie bytes")
	type cookieSize struct{ stored, raw int }
	cookieSizes := map[string]map[int]cookieSize{library: {}, baseline: {}}
	for _, kind := range []string{library, baseline} {
		for _, n := range []int{20, 50} {
			if _, err := eval[any](tabs[kind], fmt.Sprintf("bench.seed(%d)", n)); err != nil {
				return err
			}
			stored, err := cookieBytes(tabs[kind], srv.URL)
			if err != nil {
				return err
			}
			raw, err := eval[int](tabs[kind], fmt.Sprintf("bench.rawBytes(%d)", n))
			if err != nil {
				return err
			}
			cookieSizes[kind][n] = cookieSize{stored, raw}
		}
	}

	// ---- memory ----
	step(fmt.Sprintf("memory: after 1k and %dk operations", churnOps/1000))
	mem := [2]float64{}
	{
		tab, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
		defer cancel()
		if err := open(tab, srv.URL+"/p/library-ops.html"); err != nil {
			return err
		}
		for i, n := range []int{1000, churnOps - 1000} {
			for n > 0 { // in slices, each well within eval's timeout
				k := min(n, 5000)
				if _, err := eval[any](tab, fmt.Sprintf("bench.churn(%d)", k)); err != nil {
					return err
				}
				n -= k
			}
			if mem[i], err = eval[float64](tab, "bench.memory()"); err != nil {
				return err
			}
		}
	}

	// ---- the demo page, with and without the library ----
	step(fmt.Sprintf("page metrics: the demo's front page, %d loads in each case", pageLoads))
	vit, err := pageMetrics(ctx, pageLoads, pageCases)
	if err != nil {
		return err
	}

	// ---- a returning reader's list on screen ----
	step(fmt.Sprintf("list on screen: the demo's front page, server-rendered and client-rendered, %d loads in each case", pageLoads))
	screen, err := onScreen(ctx, pageLoads)
	if err != nil {
		return err
	}

	// ---- a new reader's first click ----
	step(fmt.Sprintf("first clicks: %d in each case, each in a new browser context", clicks))
	firstClicks, err := clickMetrics(ctx, clicks, dwell)
	if err != nil {
		return err
	}

	// ---- the report ----
	r.printf("| measure | library | floor | baseline (JS) | ratio | target | |\n|---|---:|---:|---:|---|---|---|\n")
	for i, enc := range []string{"raw", "gzip -9", "brotli -q 11"} {
		l, f := sizes[library][i], sizes[floor][i]
		ratio := float64(l) / float64(f)
		target, verdict := "", ""
		if i == 2 {
			target, verdict = fmt.Sprintf("≤ %.2f", targetBrotli), r.verdict(ratio <= targetBrotli)
		}
		r.printf("| .wasm bytes, %s | %d | %d | — | %.3f library/floor | %s | %s |\n", enc, l, f, ratio, target, verdict)
	}
	cl, cf, cb := median(cold[library]), median(cold[floor]), median(cold[baseline])
	coldRatio, coldLo, coldHi := medianRatio(cold[floor], cold[library])
	r.printf("| cold load to ready, 10 favourites stored, ms (median of %d) | %.1f | %.1f | %.1f | %.3f library/floor (95%% CI %.3f–%.3f); %.2f library/baseline | ≤ %.2f | %s |\n",
		loads, cl, cf, cb, coldRatio, coldLo, coldHi, cl/cb, targetCold, r.verdict(coldRatio <= targetCold))
	for _, op := range ops {
		l, b := median(opTimes[20][library][op]), median(opTimes[20][baseline][op])
		ratio := median(ratios(opTimes[20][library][op], opTimes[20][baseline][op]))
		r.printf("| %s, µs per call, 20 stored (median of %d runs) | %.1f | — | %.1f | %.2f library/baseline | ≤ %.1f | %s |\n",
			op, runs, l, b, ratio, targetOp, r.verdict(ratio <= targetOp))
	}
	for _, n := range []int{20, 50} {
		c := cookieSizes[library][n]
		ratio := float64(c.stored) / float64(c.raw)
		r.printf("| cookie bytes, %d typical items (raw id+title+url: %d) | %d | — | %d | %.3f library/raw | ≤ %.2f | %s |\n",
			n, c.raw, c.stored, cookieSizes[baseline][n].stored, ratio, targetCookie, r.verdict(ratio <= targetCookie))
	}
	if mem[0] > 0 {
		ratio := mem[1] / mem[0]
		r.printf("| .wasm memory after 1k → 100k operations, bytes | %.0f → %.0f | — | — | %.3f after 100k/after 1k | ≤ %.1f | %s |\n",
			mem[0], mem[1], ratio, targetMemory, r.verdict(ratio <= targetMemory))
	} else {
		r.printf("| .wasm memory | no WebAssembly memory found | — | — | — | ≤ %.1f | **FAIL** |\n", targetMemory)
		r.fail++
	}
	r.printf("\n%d targets met, %d missed.\n", r.pass, r.fail)

	r.printf("\n## How the operations grow with the list\n\nµs per call, median of the runs (%d with 20 items, %d with 10 and 50); library / baseline.\n\n", runs, (runs+2)/3)
	r.printf("| operation |")
	for _, n := range sizesN {
		r.printf(" %d items |", n)
	}
	r.printf("\n|---|")
	for range sizesN {
		r.printf("---:|")
	}
	r.printf("\n")
	for _, op := range ops {
		r.printf("| %s |", op)
		for _, n := range sizesN {
			r.printf(" %.1f / %.1f |", median(opTimes[n][library][op]), median(opTimes[n][baseline][op]))
		}
		r.printf("\n")
	}

	r.printf("\n## The demo page with and without the library\n\n"+
		"The demo's front page (examples/site/index.html, served by examples.Handler), loaded %d times in each case, alternated, in one tab as Lighthouse loads a page (the HTTP cache and the cookies cleared before each load, about:blank between); medians. "+
		"Without the library is the same page less its script and stylesheet; the empty script and stylesheet are the control: the same two tags, served empty, "+
		"which shows what any two added files cost this page on this machine before what they do; today's is the library that loaded the core for every reader (below). "+
		"FCP, LCP, CLS and total blocking time (the long tasks' time over 50 ms) as the browser's PerformanceObserver reports them, "+
		"watched until the load event, Favorites.ready and one second more; load is the load event's end, ready the shim's favorites:ready mark. "+
		"Go started is when the Go runtime's start began: the start of the long task that holds the shim's favorites:running mark, the one long task the library adds, "+
		"which the shim holds back, with the .wasm's compilation, until the page's first contentful paint.\n\n", pageLoads)
	r.printf("| case | FCP, ms (quartiles) | LCP, ms | CLS | blocking, ms | load, ms | ready, ms | Go started, ms | … after FCP |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, name := range pageCases {
		v := vit[name]
		ready, started, after := "—", "—", "—"
		if v.GoStart > 0 {
			ready, started, after = fmt.Sprintf("%.0f", v.Ready), fmt.Sprintf("%.0f", v.GoStart), fmt.Sprintf("%d of %d loads", v.GoAfterFCP, len(v.FCPs))
		}
		q1, q3 := v.fcpQuartiles()
		r.printf("| %s | %.0f (%.0f–%.0f) | %.0f | %.3f | %.0f | %.0f | %s | %s | %s |\n",
			name, v.FCP, q1, q3, v.LCP, v.CLS, v.TBT, v.Load, ready, started, after)
	}
	r.printf("\nHow far each case moves the median FCP and LCP, in ms, with a 95%% confidence interval (bootstrap, 2,000 resamples); an interval that holds 0 is a move this many loads cannot tell from none:\n\n")
	r.printf("| case | FCP against the page without the library | FCP against the empty script and stylesheet | LCP against the page without the library | LCP against the empty script and stylesheet |\n|---|---:|---:|---:|---:|\n")
	shift := func(from, to []float64) string {
		d, lo, hi := medianShift(from, to)
		return fmt.Sprintf("%+.0f (%+.0f … %+.0f)", d, lo, hi)
	}
	for _, name := range pageCases[1:] {
		without, empty, v := vit[caseWithout], vit[caseEmpty], vit[name]
		fcpEmpty, lcpEmpty := "—", "—"
		if name != caseEmpty {
			fcpEmpty, lcpEmpty = shift(empty.FCPs, v.FCPs), shift(empty.LCPs, v.LCPs)
		}
		r.printf("| %s | %s | %s | %s | %s |\n", name, shift(without.FCPs, v.FCPs), fcpEmpty, shift(without.LCPs, v.LCPs), lcpEmpty)
	}
	lazyReport(&r, vit, firstClicks, dwell, cold)
	onScreenReport(&r, screen)
	serverReport(&r, serverFigs, benchtime)
	r.printf("\n## What is measured\n\n%s", method)
	r.printf("\nThe whole run took %s.\n", time.Since(start).Round(time.Second))

	if _, err := os.Stdout.Write(r.Bytes()); err != nil {
		return err
	}
	if outFile != "" {
		if err := os.MkdirAll(filepath.Dir(outFile), 0o755); err != nil {
			return err
		}
		// The report is written anew; the notes that people keep below it
		// (notesHeading to the end) stay.
		if old, err := os.ReadFile(outFile); err == nil {
			if i := bytes.Index(old, []byte("\n"+notesHeading)); i >= 0 {
				r.Write(old[i:])
			}
		}
		if err := os.WriteFile(outFile, r.Bytes(), 0o644); err != nil {
			return err
		}
		step("wrote " + outFile)
	}
	return nil
}

const method = `- **.wasm bytes**: dist/favorites.wasm against bench/floor (one js.FuncOf on a global,
  then a wait), both built by the same Go with ` + "`-trimpath -ldflags='-s -w'`" + `; compressed
  with ` + "`gzip -9 -n`" + ` and ` + "`brotli -q 11`" + `.
- **cold load**: from navigation start (performance.now() = 0) to Favorites.ready resolved
  (library, baseline) or to the floor's function being registered (floor, loaded by
  wasm_exec.js and a small loader with instantiateStreaming). Every load is a new browser
  context: empty HTTP cache, a cookie jar holding a returning reader's ten favourites (a
  reader without a stored list has no core to wait for). Both .wasm files are served the same way, by
  examples.Static, brotli-encoded. The pages are served from a local httptest server.
  One load of the same page varies by ±15% on a small machine, so each page gets 61 loads,
  alternated, and the ratio of the medians comes with a 95% confidence interval (bootstrap,
  2,000 resamples): with 21 loads the same code read 1.03 in one run and 1.20 in the next.
- **operations**: inside one page per implementation, with 10, 20 or 50 typical items stored,
  each call awaited: has and list timed over the calls in one block; add and remove as
  pairs (a 21st item added, then removed) with each call timed; toggle on and off; clear on
  a list put back between calls through document.cookie (the list is read by an untimed
  has of an id not asked before, which no implementation can answer from a cache). The ratio is the median of the per-run ratios library/baseline.
- **cookie bytes**: the sum of name=value of the favorites cookies, read through DevTools
  (Network.getCookies), against the UTF-8 bytes of id+title+url of the items (a 6-digit id,
  an 80-character title, a 60-character path).
- **memory**: the byte length of the Go instance's WebAssembly memory (found by bench/pages/memory.js)
  after 1,000 and after 100,000 operations of every kind over about 20 items.
- **loading on demand**: today's library is the commit named, built from git by make bench
  (bench/out/eager) and served as the library is. A new reader's .wasm bytes and long tasks
  come from the page metrics' loads (CDP's Network.loadingFinished, encoded bytes; the
  PerformanceObserver's longtask entries). A first click is the mouse's, through DevTools,
  on the demo's first button in a new browser context; its first response is the first
  requestAnimationFrame callback after the click event that sees the button's state or text
  changed, and its on state the MutationObserver's record of data-favorite-state="on".
  go run ./bench -lazy runs these alone (-loads, -pageloads, -clicks, -hover, -eager).
- **list on screen** and **the server package**: go run ./bench -onscreen runs these alone
  (-pageloads, -serverrounds, -benchtime).
`

func step(s string) { fmt.Fprintf(os.Stderr, "bench: %s\n", s) }

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not inside the module: no go.mod found")
		}
		dir = parent
	}
}

// buildFloor builds bench/out/floor.wasm as the Makefile builds the library,
// with its .gz and .br, and copies wasm_exec.js of the same Go beside it.
func buildFloor() error {
	if err := os.MkdirAll("bench/out", 0o755); err != nil {
		return err
	}
	goCmd := os.Getenv("GO")
	if goCmd == "" {
		goCmd = "go"
	}
	build := exec.Command(goCmd, "build", "-trimpath", "-ldflags=-s -w", "-o", "bench/out/floor.wasm", "./bench/floor")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building the floor: %w", err)
	}
	if err := shell("gzip -9 -n -c bench/out/floor.wasm > bench/out/floor.wasm.gz"); err != nil {
		return err
	}
	if err := shell("brotli -q 11 -f -o bench/out/floor.wasm.br bench/out/floor.wasm"); err != nil {
		return err
	}
	goroot, err := exec.Command(goCmd, "env", "GOROOT").Output()
	if err != nil {
		return err
	}
	glue, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib/wasm/wasm_exec.js"))
	if err != nil {
		return err
	}
	return os.WriteFile("bench/out/wasm_exec.js", glue, 0o644)
}

func shell(cmd string) error {
	c := exec.Command("bash", "-c", cmd)
	c.Stderr = os.Stderr
	if err := c.Run(); err != nil {
		return fmt.Errorf("%s: %w", cmd, err)
	}
	return nil
}

// compressedSizes returns the raw, gzip -9 and brotli -q 11 sizes of file.
func compressedSizes(file string) ([3]int, error) {
	var s [3]int
	for i, cmd := range []string{"cat", "gzip -9 -n -c", "brotli -q 11 -c"} {
		out, err := exec.Command("bash", "-c", cmd+" "+file).Output()
		if err != nil {
			return s, fmt.Errorf("%s %s: %w", cmd, file, err)
		}
		s[i] = len(out)
	}
	return s, nil
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for line := range strings.Lines(string(b)) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// handler serves the library as examples.Static serves it, the floor the
// same way from bench/out, the baseline, and the bench pages. Every
// response is cross-origin isolated (COOP and COEP), which gives
// performance.now() its finer resolution, and carries the library's CSP.
func handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/static/", http.StripPrefix("/static/", examples.Static("dist")))
	mux.Handle("/floor/", http.StripPrefix("/floor/", examples.Static("bench/out")))
	if eagerDist != "" {
		mux.Handle("/eager/", http.StripPrefix("/eager/", examples.Static(eagerDist)))
	}
	mux.HandleFunc("/baseline/favorites.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFile(w, r, "bench/baseline/favorites.js")
	})
	pages := http.FileServer(http.Dir("bench/pages"))
	mux.Handle("/bench/", http.StripPrefix("/bench/", pages))
	mux.Handle("/p/", http.StripPrefix("/p/", pages))
	mux.HandleFunc("/favicon.ico", http.NotFound)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", examples.CSP)
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Embedder-Policy", "require-corp")
		mux.ServeHTTP(w, r)
	})
}

func startBrowser() (context.Context, func(), error) { return chromium.Start() }

func eval[T any](ctx context.Context, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

func open(ctx context.Context, url string) error {
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return err
	}
	_, err := eval[float64](ctx, "window.__ready")
	return err
}

// coldLoad opens url in a new browser context that holds cookies and
// returns the ms from navigation start to ready, as the page measured it.
func coldLoad(parent context.Context, url string, cookies []*network.Cookie) (float64, error) {
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(ctx); err != nil { // the tab exists before the clock starts
		return 0, err
	}
	for _, c := range cookies {
		if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: c.Name, Value: c.Value, URL: url, Path: "/"}); err != nil {
			return 0, err
		}
	}
	time.Sleep(settle) // the browser is done with the last load's context
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return 0, err
	}
	return eval[float64](ctx, "window.__ready")
}

// cookieBytes sums name=value of the favorites cookies, as DevTools sees them.
func cookieBytes(ctx context.Context, url string) (int, error) {
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{url + "/"}})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range res.Cookies {
		if c.Name == "favorites" || strings.HasPrefix(c.Name, "favorites_") {
			n += len(c.Name) + 1 + len(c.Value)
		}
	}
	return n, nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ratios(a, b []float64) []float64 {
	out := make([]float64, 0, len(a))
	for i := range min(len(a), len(b)) {
		out = append(out, a[i]/b[i])
	}
	return out
}

// profileOps runs the operation timings of each implementation under the
// DevTools CPU profiler and prints where the time goes: self time by
// function, the top of the list.
func profileOps(calls int, expr string) error {
	if expr == "" {
		expr = fmt.Sprintf("bench.run(20, %d, %d)", calls, calls/3)
	}
	return eachOpsPage(func(kind string, tab context.Context) error {
		if _, err := eval[map[string]float64](tab, fmt.Sprintf("bench.run(20, %d, %d)", calls/3, calls/9)); err != nil { // warm up
			return err
		}
		if _, err := chromedp.Call(tab, profiler.Enable, cdp.Empty{}); err != nil {
			return err
		}
		if _, err := chromedp.Call(tab, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 50}); err != nil {
			return err
		}
		if _, err := chromedp.Call(tab, profiler.Start, cdp.Empty{}); err != nil {
			return err
		}
		res, err := eval[any](tab, expr)
		if err != nil {
			return err
		}
		prof, err := chromedp.Call(tab, profiler.Stop, cdp.Empty{})
		if err != nil {
			return err
		}
		fmt.Printf("\n== %s: %v\n", kind, res)
		self := map[string]int64{}
		var total int64
		for _, n := range prof.Profile.Nodes {
			f := n.CallFrame
			name := f.FunctionName
			if name == "" {
				name = "(anonymous)"
			}
			key := fmt.Sprintf("%s %s:%d", name, filepath.Base(f.URL), f.LineNumber+1)
			self[key] += n.HitCount
			total += n.HitCount
		}
		keys := make([]string, 0, len(self))
		for k := range self {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int { return int(self[b] - self[a]) })
		for _, k := range keys[:min(30, len(keys))] {
			fmt.Printf("%6.1f%%  %s\n", 100*float64(self[k])/float64(total), k)
		}
		return nil
	})
}

// probeOps evaluates expr on the operations page of the library and the
// baseline: a tool for looking into a number.
func probeOps(expr string) error {
	return eachOpsPage(func(kind string, tab context.Context) error {
		res, err := eval[any](tab, expr)
		if err != nil {
			return err
		}
		fmt.Printf("%s: %v\n", kind, res)
		return nil
	})
}

// eachOpsPage opens the operations page of each implementation in a browser
// context of its own, in one Chromium, and calls fn with it. The library's
// unstripped build (bench/out/names.wasm, when built) is one more, so that
// a profile names the Go functions.
func eachOpsPage(fn func(kind string, tab context.Context) error) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if err := os.Chdir(root); err != nil {
		return err
	}
	srv := httptest.NewServer(handler())
	defer srv.Close()
	ctx, stop, err := startBrowser()
	if err != nil {
		return err
	}
	defer stop()
	kinds := []string{library, baseline}
	if _, err := os.Stat("bench/out/names.wasm"); err == nil {
		kinds = append(kinds, "library-names")
	}
	if opsPages != nil {
		kinds = opsPages
	}
	for _, kind := range kinds {
		tab, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
		defer cancel()
		if err := open(tab, srv.URL+"/p/"+kind+"-ops.html"); err != nil {
			return err
		}
		if err := fn(kind, tab); err != nil {
			return err
		}
	}
	return nil
}
