package wordpress_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// cost is what a page view fetched, from the page's own Resource Timing.
type cost struct {
	Requests  int      `json:"requests"`  // every request of the page, the document included
	Bytes     float64  `json:"bytes"`     // their transfer sizes
	Plugin    []string `json:"plugin"`    // the plugin's files among them
	PluginB   float64  `json:"pluginB"`   // and their bytes
	Ready     float64  `json:"ready"`     // ms from navigation start to the stored list read
	Document  float64  `json:"document"`  // ms from navigation start to the end of the HTML's response
	WasmType  string   `json:"wasmType"`  // the Content-Type the .wasm came with ("" if not fetched)
	AdminAjax int      `json:"adminAjax"` // requests to admin-ajax.php (wpfp's per click)
}

const measure = `(async () => {
	const all = [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')];
	const mine = all.filter(e => e.name.includes('/plugins/favorites-wordpress/'));
	const ready = performance.getEntriesByName('favorites:ready')[0];
	const wasm = mine.find(e => e.name.endsWith('.wasm'));
	return {
		requests: all.length,
		bytes: all.reduce((s, e) => s + e.transferSize, 0),
		plugin: mine.map(e => e.name.replace(/^.*\/assets\//, '').replace(/\?.*$/, '')),
		pluginB: mine.reduce((s, e) => s + e.transferSize, 0),
		ready: ready ? ready.startTime : -1,
		document: all[0].responseEnd,
		wasmType: wasm ? (await fetch(wasm.name)).headers.get('content-type') : '',
		adminAjax: all.filter(e => e.name.includes('admin-ajax.php')).length,
	};
})()`

// What a page view costs a reader with the plugin: a reader without a list
// fetches the script, its styles and the import script but no .wasm; a
// reader with a list fetches the .wasm too; neither calls admin-ajax.php.
// The figures are logged for docs/benchmarks.md (php -S, no compression).
func TestPageCost(t *testing.T) {
	ctx := reader(t)
	one, saved := wp.pages["one"], wp.pages["saved"]
	visit(t, ctx, one.URL)
	first := eval[cost](t, ctx, measure)
	assert.ElementsMatch(t, []string{"favorites.js", "favorites.css", "migrate.js"}, first.Plugin, "no .wasm without a list")
	assert.Zero(t, first.AdminAjax)
	t.Logf("a post, new reader: %d requests, %.0f bytes (the plugin's %v: %.0f), HTML in at %.0f ms, list known at %.0f ms", first.Requests, first.Bytes, first.Plugin, first.PluginB, first.Document, first.Ready)

	click(t, ctx, `button[data-favorite="`+one.ID+`"]`)
	waitFor(t, ctx, `Favorites.list().then(l => l.length === 1)`)
	visit(t, ctx, saved.URL)
	waitFor(t, ctx, `document.querySelectorAll('.wpfp-list .favorites-link').length === 1`)
	with := eval[cost](t, ctx, measure)
	var wasm []string
	for _, f := range with.Plugin {
		if strings.HasSuffix(f, ".wasm") {
			wasm = append(wasm, f)
		}
	}
	assert.Len(t, wasm, 1, "a reader with a list loads the core: %v", with.Plugin)
	assert.Equal(t, "application/wasm", with.WasmType)
	assert.Zero(t, with.AdminAjax)
	assert.Greater(t, with.Ready, 0.0)
	t.Logf("the Saved page, reader with a list: %d requests, %.0f bytes (the plugin's %v: %.0f), HTML in at %.0f ms, list shown at %.0f ms", with.Requests, with.Bytes, with.Plugin, with.PluginB, with.Document, with.Ready)

	// What wpfp pays per click, a request through admin-ajax.php, which
	// boots WordPress and its admin, against the plugin's renew route.
	cookie := "favorites=" + cookies(t, ctx)["favorites"].Value
	ajax := timed(t, 5, func() int {
		r, _ := get(t, "/wp-admin/admin-ajax.php?action=wpfp_none", "")
		return r.StatusCode
	})
	renew := timed(t, 5, func() int {
		return post(t, "/wp-json/favorites/v1/renew", cookie, "Sec-Fetch-Site", "same-origin").StatusCode
	})
	t.Logf("server round trips (median of 5): admin-ajax.php %v, the renew route %v", ajax, renew)
}

// timed runs do n times, each answering a status below 500, and returns
// the median time.
func timed(t *testing.T, n int, do func() int) time.Duration {
	t.Helper()
	var d []time.Duration
	for range n {
		began := time.Now()
		code := do()
		d = append(d, time.Since(began))
		assert.Less(t, code, http.StatusInternalServerError)
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[n/2].Round(time.Millisecond)
}
