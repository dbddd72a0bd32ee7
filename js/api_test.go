package browser_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAddListRemove(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/api")
	before := time.Now().Unix()
	items := eval[[]Item](t, ctx, `Favorites.add({id: "123456", title: "Hello, world; \"quoted\" 100% + more", url: "/news/123456"})`)
	require.Len(t, items, 1)
	assert.Equal(t, "123456", items[0].ID)
	assert.Equal(t, "Hello, world; \"quoted\" 100% + more", items[0].Title)
	assert.Equal(t, "/news/123456", items[0].URL)
	assert.InDelta(t, float64(before*1000), items[0].Added, 2000)

	assert.True(t, eval[bool](t, ctx, `Favorites.has("123456")`))
	assert.Equal(t, []string{"123456", "7"}, ids(eval[[]Item](t, ctx, `Favorites.add({id: 7})`)))
	assert.Equal(t, []string{"7"}, ids(eval[[]Item](t, ctx, `Favorites.remove("123456")`)))
	assert.Equal(t, "invalid-item", rejection(t, ctx, `Favorites.add({id: "x", url: "javascript:alert(1)"})`))
	assert.Equal(t, []string{"7"}, ids(list(t, ctx)))
}
