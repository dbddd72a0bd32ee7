package browser_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites/js/testsite/chromium"
)

// together evaluates one expression in each tab at the same moment: each
// starts its work without awaiting it (it keeps the promise in
// window.__together), then both are awaited.
func together(t *testing.T, tabs []context.Context, exprs []string) {
	t.Helper()
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, len(tabs))
	for i := range tabs {
		wg.Go(func() {
			<-start
			_, errs[i] = chromium.Eval[any](tabs[i], `window.__together = (async () => { `+exprs[i]+` })(), null`)
		})
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	for i := range tabs {
		wg.Go(func() { _, errs[i] = chromium.Eval[any](tabs[i], `window.__together.then(() => null)`) })
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "tab %d", i)
	}
}

func TestTwoTabsConcurrentAdds(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/tab-a")
	other := newTab(t, ctx)
	open(t, other, "/t/tab-b")
	add := func(prefix string) string {
		return fmt.Sprintf(`await Promise.all(Array.from({length: 20}, (_, i) => Favorites.add({id: "%s" + i, title: "Tab %s item " + i, url: "/news/%s" + i})))`, prefix, prefix, prefix)
	}
	together(t, []context.Context{ctx, other}, []string{add("a"), add("b")})

	var want []string
	for i := range 20 {
		want = append(want, fmt.Sprintf("a%d", i), fmt.Sprintf("b%d", i))
	}
	sort.Strings(want)
	for _, tab := range []context.Context{ctx, other} {
		got := ids(list(t, tab))
		sort.Strings(got)
		assert.Equal(t, want, got, "40 items, each once")
	}
	reload(t, ctx)
	got := ids(list(t, ctx))
	sort.Strings(got)
	assert.Equal(t, want, got)
	// Both tabs' widgets come to show the 40.
	waitFor(t, other, `count.textContent === "40"`, syncWithin)
	waitFor(t, ctx, `count.textContent === "40"`, syncWithin)
}

func TestTwoTabsRemoveAndAdd(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/tab-a")
	eval[any](t, ctx, `Favorites.add({id: "x"}).then(() => Favorites.add({id: "y"})).then(() => null)`)
	other := newTab(t, ctx)
	open(t, other, "/t/tab-b")
	require.Equal(t, []string{"x", "y"}, ids(list(t, other)))

	for round := range 5 {
		z := fmt.Sprintf("z%d", round)
		together(t, []context.Context{ctx, other}, []string{
			`await Favorites.remove("x")`,
			`await Favorites.add({id: "` + z + `"})`,
		})
		for _, tab := range []context.Context{ctx, other} {
			assert.Equal(t, []string{"y", z}, ids(list(t, tab)), "round %d", round)
		}
		// And the other way round.
		together(t, []context.Context{ctx, other}, []string{
			`await Favorites.remove("` + z + `")`,
			`await Favorites.toggle({id: "x"})`,
		})
		for _, tab := range []context.Context{ctx, other} {
			assert.ElementsMatch(t, []string{"x", "y"}, ids(list(t, tab)), "round %d", round)
		}
		eval[any](t, ctx, `Favorites.clear().then(() => Favorites.add({id: "x"})).then(() => Favorites.add({id: "y"})).then(() => null)`)
	}
}
