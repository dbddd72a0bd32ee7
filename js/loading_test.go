package browser_test

import (
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startMarks are the shim's User Timing marks and the page's paint entries,
// in ms since navigation start (0: absent).
type startMarks struct {
	Start, Request, Painted, Instantiated, Running, Ready float64
	FCP, FirstFrame                                       float64
}

// recordFirstFrame, run as the document starts, notes when its first frame
// begins: the first requestAnimationFrame callback of the page.
const recordFirstFrame = `requestAnimationFrame(() => { window.__firstFrame = performance.now(); });`

// marksJS reads the marks of startMarks in the page.
const marksJS = `(() => {
	const at = name => { const e = performance.getEntriesByName(name)[0]; return e ? e.startTime : 0; };
	return {Start: at('favorites:start'), Request: at('favorites:request'), Painted: at('favorites:painted'), Instantiated: at('favorites:instantiated'),
		Running: at('favorites:running'), Ready: at('favorites:ready'), FCP: at('first-contentful-paint'),
		FirstFrame: window.__firstFrame || 0};
})()`

// readStartMarks waits for ready and for the page's first contentful paint,
// then reads the marks.
const readStartMarks = `Favorites.ready.then(() => new Promise(resolve => {
	new PerformanceObserver(l => { if (l.getEntriesByName('first-contentful-paint').length) resolve(); }).observe({type: 'paint', buffered: true});
})).then(() => ` + marksJS + `)`

// The .wasm is requested only after the page's first frame, compiled, and
// Go started, only after its first contentful paint: none of it can hold
// that paint back (issue 4, "never delay the page"). The reader has a
// stored list, which loads the core at start.
func TestStartWaitsForFirstContentfulPaint(t *testing.T) {
	skipBaseline(t)
	for _, page := range []string{"/t/paint", "/site/"} {
		t.Run(page, func(t *testing.T) {
			ctx := newContext(t)
			_, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: recordFirstFrame})
			require.NoError(t, err)
			storeList(t, ctx, stored)
			navigate(t, ctx, page)
			m := eval[startMarks](t, ctx, readStartMarks)
			require.NotZero(t, m.FCP, "the page has a first contentful paint")
			require.NotZero(t, m.FirstFrame, "the page had a frame")
			require.NotZero(t, m.Request, "favorites:request is marked")
			require.NotZero(t, m.Painted, "favorites:painted is marked")
			if m.Request-m.Start < 1000 { // the cap
				assert.GreaterOrEqual(t, m.Request, m.FirstFrame, "the .wasm request waited for the first frame")
			}
			if m.Painted-m.Start < 1000 { // the cap: no page waits longer
				assert.GreaterOrEqual(t, m.Painted, m.FCP, "compilation waited for the first contentful paint")
			}
			assert.GreaterOrEqual(t, m.Instantiated, m.Painted)
			assert.GreaterOrEqual(t, m.Running, m.Instantiated)
			assert.GreaterOrEqual(t, m.Ready, m.Running)
		})
	}
}

// A page with nothing to paint has no first contentful paint to wait for:
// the library starts at once, not after the one-second cap.
func TestStartOnBlankPage(t *testing.T) {
	skipBaseline(t)
	ctx := newContext(t)
	storeList(t, ctx, stored)
	navigate(t, ctx, "/t/blank?blank")
	// Read at ready: a page with content has had its first contentful paint
	// by then, since the library waits for it before compiling.
	m := eval[startMarks](t, ctx, `Favorites.ready.then(() => `+marksJS+`)`)
	assert.Zero(t, m.FCP, "a blank page has no first contentful paint")
	require.NotZero(t, m.Request)
	require.NotZero(t, m.Painted)
	assert.Less(t, m.Request-m.Start, 1000.0, "a blank page does not wait for the cap")
	assert.Less(t, m.Painted-m.Start, 1000.0, "a blank page does not wait for the cap")
	assert.Equal(t, []Item{stored}, list(t, ctx))
}
