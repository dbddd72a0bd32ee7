package browser_test

// No leaks: 100,000 operations in one page leave the core's linear memory
// where it was after 10,000. The memory is found as make bench finds it, by
// bench/pages/memory.js, run in the page before the library.

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wasmMemory is the byte length of the core's WebAssembly memory.
const wasmMemory = `window.__wasmMemories[0].buffer.byteLength`

// leakOps is JavaScript that runs n operations, from operation number
// `from` on, each awaited: in every ten an add, a remove, a toggle, four
// has and three list, over 40 ids, so the list stays under the default
// capacity and about half the changes write the cookie.
func leakOps(from, n int) string {
	return fmt.Sprintf(`(async (from, n) => {
		for (let i = from; i < from + n; i++) {
			const id = "k" + (i * 7919 %% 40);
			switch (i %% 10) {
			case 0: await Favorites.add({id, title: "Leak test item " + i + " — ünïcödé 😀", url: "/news/" + id + "?i=" + i}); break;
			case 1: await Favorites.remove("k" + (i * 31 %% 40)); break;
			case 2: await Favorites.toggle({id, title: "Toggled " + i}); break;
			case 3: case 5: case 7: await Favorites.list(); break;
			default: await Favorites.has(id);
			}
		}
		return null;
	})(%d, %d)`, from, n)
}

func TestLeak(t *testing.T) {
	skipBaseline(t)
	total := 100000
	if s := os.Getenv("FAVORITES_LEAK_OPS"); s != "" { // a longer or shorter run by hand
		n, err := strconv.Atoi(s)
		require.NoError(t, err)
		total = n
	}
	const batch = 1000

	ctx := newContext(t)
	con := watchConsole(t, ctx)
	recorder, err := os.ReadFile("../bench/pages/memory.js")
	require.NoError(t, err)
	_, err = chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: string(recorder)})
	require.NoError(t, err)
	open(t, ctx, "/t/leak")
	// The widgets' drawing is JavaScript, outside what is measured here, and
	// the slowest part of a change: take them out of the page.
	eval[any](t, ctx, `(document.querySelector("#list").remove(), document.querySelector("#count").remove(), null)`)
	eval[any](t, ctx, `Favorites.clear().then(() => null)`) // a change loads the core
	start := eval[float64](t, ctx, wasmMemory)
	require.Positive(t, start)

	run := func(from, n int) {
		// A batch of changes takes seconds on a loaded machine: its own timeout.
		bctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		_, err := chromedp.Run(bctx, chromedp.Evaluate[any](leakOps(from, n), chromedp.EvalAwaitPromise))
		require.NoError(t, err, "operations %d to %d", from, from+n)
	}
	began := time.Now()
	run(0, 1000)
	after1k := eval[float64](t, ctx, wasmMemory)
	done := 1000
	// The Go heap settles during the first few thousand operations (one to
	// three growth steps of 256 KiB, a different number from run to run), then
	// stays flat: the memory is compared with the settled size at 10,000.
	warm := after1k
	var samples []string
	for done < total {
		n := min(batch, total-done)
		run(done, n)
		done += n
		if done%10000 == 0 {
			st := eval[float64](t, ctx, wasmMemory)
			if done == 10000 {
				warm = st
			}
			samples = append(samples, fmt.Sprintf("%d: %.0f B", done, st))
		}
	}
	t.Logf("every 10,000 operations: %s", strings.Join(samples, "; "))
	t.Logf("%d operations in %v", done, time.Since(began).Round(time.Second))
	after := eval[float64](t, ctx, wasmMemory)
	t.Logf("wasm memory: %.0f bytes at ready, %.0f after 1,000 operations, %.0f after 10,000, %.0f after %d (×%.3f of 1,000, ×%.3f of 10,000)",
		start, after1k, warm, after, done, after/after1k, after/warm)

	// The memory is compared with its size at 10,000 operations, not at
	// 1,000: this test's list starts empty and is still filling up at 1,000
	// (adds, toggles and removes over 40 ids), so the live heap is larger
	// later for a reason that is no leak. The bound after 100,000, at most
	// 1.1 × after 1,000, is make bench's to measure, over a list kept at
	// about 20 items from the start. It holds because the shim runs Go with
	// GOGC=25 (js/load.js).
	assert.LessOrEqual(t, after, 1.1*warm, "the core's memory stays flat")

	// The page still works, and the cookie is whole.
	items := list(t, ctx)
	assert.LessOrEqual(t, len(items), 40)
	assertCleanCookie(t, ctx, items)
	con.settle(t, ctx)
	assert.Empty(t, con.errors())
}
