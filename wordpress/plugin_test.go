package wordpress_test

import (
	"regexp"
	"strings"
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
	// The script: deferred, in the footer, once, with its options.
	_, html := get(t, strings.TrimPrefix(one.URL, wp.base), "")
	tags := regexp.MustCompile(`<script[^>]*favorites\.js[^>]*>`).FindAllString(html, -1)
	require.Len(t, tags, 1)
	assert.Equal(t, 1, strings.Count(tags[0], " defer"), tags[0])
	assert.True(t, eval[bool](t, ctx, `(s => s.defer && s.parentElement === document.body)(document.querySelector('script[src*="favorites.js"]'))`))
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

// The list follows the reader from page to page: what is added on two
// posts shows on the Saved page, in the block (the newest two) and in the
// wpfp shortcode (all), as links to the posts with their titles as text;
// what is removed there is gone from the post's button.
func TestAcrossPages(t *testing.T) {
	ctx := reader(t)
	one, two, three := wp.pages["one"], wp.pages["two"], wp.pages["three"]
	for _, p := range []page{one, two, three} {
		visit(t, ctx, p.URL)
		sel := `button[data-favorite="` + p.ID + `"]`
		click(t, ctx, sel)
		waitFor(t, ctx, `document.querySelector('`+sel+`').getAttribute('aria-pressed') === 'true'`)
	}
	// The title as WordPress renders it, texturized, as text.
	twoTitle := "Rain & wind — it’s back tonight"

	visit(t, ctx, wp.pages["saved"].URL)
	block, shortcode := ".wp-block-favorites-list", ".wpfp-list"
	assert.Equal(t, "2", eval[string](t, ctx, `document.querySelector('`+block+`').dataset.favoritesLimit`))
	waitFor(t, ctx, `document.querySelectorAll('`+shortcode+` .favorites-link').length === 3`)
	assert.Equal(t, []entry{{"Third story", three.URL}, {twoTitle, two.URL}}, shown(t, ctx, block))
	assert.Equal(t, []entry{{"Third story", three.URL}, {twoTitle, two.URL}, {"Council approves the budget", one.URL}}, shown(t, ctx, shortcode))
	assert.Equal(t, []entry{{"Third story", three.URL}}, shown(t, ctx, "#newest"), "the plugin's own shortcode, limit 1")
	assert.False(t, eval[bool](t, ctx, `Array.from(document.querySelectorAll('.favorites-link')).some(a => a.children.length)`), "titles are text, never markup")
	assert.Equal(t, "drop", eval[string](t, ctx, `document.querySelector('`+shortcode+` [data-favorites-remove]').textContent`), "wpfp's rem text")

	click(t, ctx, shortcode+` [data-favorites-remove="`+three.ID+`"]`)
	waitFor(t, ctx, `document.querySelectorAll('`+shortcode+` .favorites-link').length === 2`)
	assert.Equal(t, []entry{{twoTitle, two.URL}, {"Council approves the budget", one.URL}}, shown(t, ctx, block))

	visit(t, ctx, three.URL)
	waitFor(t, ctx, `document.querySelector('button[data-favorite="`+three.ID+`"]').getAttribute('aria-pressed') === 'false'`)
	visit(t, ctx, two.URL)
	waitFor(t, ctx, `document.querySelector('button[data-favorite="`+two.ID+`"]').getAttribute('aria-pressed') === 'true'`)
}

// A theme written for wpfp renders the plugin's markup through wpfp's
// template tags (the test theme calls wpfp_link, wpfp_remove_favorite_link,
// wpfp_list_favorite_posts, wpfp_clear_list_link, wpfp_cookie_warning,
// wpfp_get_users_favorites and wpfp_list_most_favorited) and the classic
// widget in its widget area; the texts are the site's wpfp texts.
func TestWpfpTheme(t *testing.T) {
	ctx := reader(t)
	one, two := wp.pages["one"], wp.pages["two"]
	visit(t, ctx, two.URL+"?theme=wpfp-test")
	sel := `#post-` + two.ID + ` .wpfp-span > button.wpfp-link[data-favorite="` + two.ID + `"]`
	assert.Equal(t, 1, eval[int](t, ctx, `document.querySelectorAll('[data-favorite]').length`), "the theme's button, none added to the content")
	assert.Equal(t, "Rain & wind — it’s back tonight", eval[string](t, ctx, `document.querySelector('`+sel+`').dataset.favoriteTitle`))
	assert.Equal(t, "Saved in your browser's cookies.", eval[string](t, ctx, `document.querySelector('#wpfp > .favorites-warning').textContent`))
	assert.Equal(t, "Clear all", eval[string](t, ctx, `document.querySelector('#wpfp button[data-favorites-clear]').textContent`))
	assert.Equal(t, "Saved stories", eval[string](t, ctx, `document.querySelector('#widgets .widget-title').textContent`))
	waitFor(t, ctx, `document.querySelector('#wpfp .wpfp-list .favorites-empty').textContent === 'Nothing saved yet.'`)

	assert.Equal(t, "", eval[string](t, ctx, `document.getElementById('server-ids').textContent`))
	assert.Equal(t, []string{"Council approves the budget (7)", "Third story (2)"},
		eval[[]string](t, ctx, `Array.from(document.querySelectorAll('.wpfp-most-favorited li'), li => li.textContent)`), "wpfp's counts")
	click(t, ctx, sel)
	waitFor(t, ctx, `document.querySelectorAll('#wpfp .favorites-link').length === 1`)
	visit(t, ctx, two.URL+"?theme=wpfp-test")
	assert.Equal(t, two.ID, eval[string](t, ctx, `document.getElementById('server-ids').textContent`), "wpfp_get_users_favorites reads the cookie")
	waitFor(t, ctx, `document.querySelectorAll('#wpfp .favorites-link').length === 1`)
	assert.Equal(t, []entry{{"Rain & wind — it’s back tonight", two.URL}}, shown(t, ctx, "#wpfp"))
	assert.Equal(t, []entry{{"Rain & wind — it’s back tonight", two.URL}}, shown(t, ctx, "#widgets"))

	click(t, ctx, `#post-`+two.ID+` > button[data-favorites-remove="`+two.ID+`"]`) // wpfp_remove_favorite_link's
	waitFor(t, ctx, `document.querySelectorAll('#wpfp .favorites-link').length === 0`)
	click(t, ctx, sel)
	waitFor(t, ctx, `document.querySelectorAll('#wpfp .favorites-link').length === 1`)

	visit(t, ctx, one.URL+"?theme=wpfp-test")
	click(t, ctx, `button[data-favorite="`+one.ID+`"]`)
	waitFor(t, ctx, `document.querySelectorAll('#widgets .favorites-link').length === 2`)
	assert.Equal(t, []entry{{"Council approves the budget", one.URL}, {"Rain & wind — it’s back tonight", two.URL}}, shown(t, ctx, "#widgets"))

	click(t, ctx, `#wpfp > p > button[data-favorites-clear]`) // wpfp_clear_list_link's
	waitFor(t, ctx, `document.querySelectorAll('.favorites-link').length === 0`)
	assert.Empty(t, list(t, ctx))
	assert.Equal(t, "Nothing saved yet.", eval[string](t, ctx, `document.querySelector('#widgets .favorites-empty').textContent`))
	assert.Equal(t, "Save this story", eval[string](t, ctx, `document.querySelector('button[data-favorite="`+one.ID+`"]').textContent`))
}
