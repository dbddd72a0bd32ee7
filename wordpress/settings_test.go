package wordpress_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// login signs in to wp-admin through its form.
func login(t *testing.T, ctx context.Context, user, password string) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(tctx,
		chromedp.Navigate(wp.base+"/wp-login.php"),
		chromedp.SetValue(chromedp.CSS("#user_login"), user),
		chromedp.SetValue(chromedp.CSS("#user_pass"), password),
		chromedp.Click(chromedp.CSS("#wp-submit")),
		chromedp.WaitVisible(chromedp.CSS("#wpadminbar")),
	))
}

const settingsPage = "/wp-admin/options-general.php?page=favorites-wordpress"

// saveSettings fills the settings form (field id → value), saves it and
// waits for the notice of the answer: "Settings saved." unless said.
func saveSettings(t *testing.T, ctx context.Context, fields map[string]string, notice ...string) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(wp.base+settingsPage)))
	for id, v := range fields {
		eval[any](t, ctx, `(document.getElementById(`+js(id)+`).value = `+js(v)+`, null)`)
	}
	wait := "#setting-error-settings_updated"
	if len(notice) > 0 {
		wait = notice[0]
	}
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(tctx, chromedp.Click(chromedp.CSS("#submit")), chromedp.WaitVisible(chromedp.CSS(wait))))
}

// The settings page: an administrator changes a message and the capacity,
// which the front end's script tag and buttons take; what is typed is
// stored as text and shown escaped; a cookie name the library would refuse
// is refused; a subscriber may not open the page.
func TestSettingsPage(t *testing.T) {
	admin := reader(t)
	login(t, admin, "admin", "admin-password")
	hostile := `Keep "this" <b>story</b> '><img src=x onerror=alert(1)>`
	saveSettings(t, admin, map[string]string{"favorites_wp_message_add": hostile, "favorites_wp_max_items": "20"})
	t.Cleanup(func() {
		saveSettings(t, admin, map[string]string{"favorites_wp_message_add": "", "favorites_wp_max_items": ""})
	})
	stored := eval[string](t, admin, `document.getElementById('favorites_wp_message_add').value`)
	assert.Equal(t, `Keep "this" story '>`, stored, "stored as text")
	assert.Zero(t, eval[int](t, admin, `document.querySelectorAll('form img, form b').length`))
	assert.Equal(t, "20", eval[string](t, admin, `document.getElementById('favorites_wp_max_items').value`))

	saveSettings(t, admin, map[string]string{"favorites_wp_cookie_name": "bad name;"}, "#setting-error-cookie_name")
	assert.Equal(t, "", eval[string](t, admin, `document.getElementById('favorites_wp_cookie_name').value`))
	assert.Contains(t, eval[string](t, admin, `document.querySelector('#setting-error-cookie_name').textContent`), "cookie name")

	ctx := reader(t)
	one := wp.pages["one"]
	visit(t, ctx, one.URL)
	tag := `document.querySelector('script[src*="favorites.js"]')`
	assert.Equal(t, stored, eval[string](t, ctx, tag+`.dataset.messageAdd`))
	assert.Equal(t, "20", eval[string](t, ctx, tag+`.dataset.maxItems`))
	assert.Equal(t, stored, eval[string](t, ctx, `document.querySelector('button[data-favorite="`+one.ID+`"]').textContent`))
	assert.Equal(t, "Unsave", eval[string](t, ctx, tag+`.dataset.messageRemove`), "wpfp's text where the setting is empty")

	// Another cookie name: the script writes it, the renew route renews it.
	saveSettings(t, admin, map[string]string{"favorites_wp_cookie_name": "saved_list"})
	t.Cleanup(func() { saveSettings(t, admin, map[string]string{"favorites_wp_cookie_name": ""}) })
	other := reader(t)
	visit(t, other, one.URL)
	assert.Equal(t, "saved_list", eval[string](t, other, tag+`.dataset.cookieName`))
	click(t, other, `button[data-favorite="`+one.ID+`"]`)
	waitFor(t, other, `Favorites.list().then(l => l.length === 1)`)
	jar := cookies(t, other)
	require.Contains(t, jar, "saved_list")
	assert.NotContains(t, jar, "favorites")
	r := post(t, "/wp-json/favorites/v1/renew", "saved_list="+jar["saved_list"].Value, "Sec-Fetch-Site", "same-origin")
	assert.Equal(t, []string{"saved_list=" + jar["saved_list"].Value + "; Path=/; Max-Age=31536000; SameSite=Lax"}, r.Header.Values("Set-Cookie"))

	// The block editor knows the block, from its script without a build.
	require.NoError(t, chromedp.Do(admin, chromedp.Navigate(wp.base+"/wp-admin/post-new.php")))
	waitFor(t, admin, `!!(window.wp && wp.blocks && wp.blocks.getBlockType('favorites/list'))`)
	assert.Equal(t, "Favorites list", eval[string](t, admin, `wp.blocks.getBlockType('favorites/list').title`))
	assert.Equal(t, map[string]any{"limit": float64(0)}, eval[map[string]any](t, admin, `(() => { const b = wp.blocks.createBlock('favorites/list'); return b.attributes; })()`))

	sub := reader(t)
	login(t, sub, "subscriber", "subscriber-password")
	require.NoError(t, chromedp.Do(sub, chromedp.Navigate(wp.base+settingsPage)))
	assert.Zero(t, eval[int](t, sub, `document.querySelectorAll('#favorites_wp_message_add').length`))
	assert.Contains(t, eval[string](t, sub, `document.body.textContent`), "not allowed")
}
