package wordpress_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A post's button, under the block theme twentytwentythree where the
// plugin puts it after the content: it carries the post's ID, title and
// permalink, shows wpfp's texts of the site, toggles the reader's list, and
// the reader's list outlives the page.
func TestPostButton(t *testing.T) {
	ctx := reader(t)
	one := wp.pages["one"]
	visit(t, ctx, one.URL)
	sel := `button[data-favorite="` + one.ID + `"]`
	assert.Equal(t, 1, eval[int](t, ctx, `document.querySelectorAll('[data-favorite]').length`), "one button on a post's page")
	assert.Equal(t, one.URL, eval[string](t, ctx, `document.querySelector('`+sel+`').dataset.favoriteUrl`))
	assert.Equal(t, "Council approves the budget", eval[string](t, ctx, `document.querySelector('`+sel+`').dataset.favoriteTitle`))
	waitFor(t, ctx, `document.querySelector('`+sel+`').textContent === 'Save this story'`) // wpfp's add_favorite, its <img> dropped

	click(t, ctx, sel)
	waitFor(t, ctx, `document.querySelector('`+sel+`').getAttribute('aria-pressed') === 'true'`)
	assert.Equal(t, "Unsave", eval[string](t, ctx, `document.querySelector('`+sel+`').textContent`))
	assert.Equal(t, []Item{{ID: one.ID, Title: "Council approves the budget", URL: one.URL}}, list(t, ctx))
	require.Contains(t, cookies(t, ctx), "favorites")

	visit(t, ctx, one.URL) // a new page view reads the cookie
	waitFor(t, ctx, `document.querySelector('`+sel+`').getAttribute('aria-pressed') === 'true'`)
	click(t, ctx, sel)
	waitFor(t, ctx, `document.querySelector('`+sel+`').getAttribute('aria-pressed') === 'false'`)
	assert.Empty(t, list(t, ctx))
}
