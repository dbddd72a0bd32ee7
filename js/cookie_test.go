package browser_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// assertOctets checks that a cookie value holds only RFC 6265 cookie-octets
// and neither "%" nor "+".
func assertOctets(t *testing.T, c *network.Cookie) {
	t.Helper()
	for i := 0; i < len(c.Value); i++ {
		b := c.Value[i]
		ok := b == 0x21 || (b >= 0x23 && b <= 0x2B) || (b >= 0x2D && b <= 0x3A) ||
			(b >= 0x3C && b <= 0x5B) || (b >= 0x5D && b <= 0x7E)
		if !ok || b == '%' || b == '+' {
			assert.Failf(t, "not a cookie-octet", "%s: byte %q at %d of %q", c.Name, b, i, c.Value)
			return
		}
	}
	assert.LessOrEqual(t, len(c.Name)+1+len(c.Value), 4000, "%s=… is too long", c.Name)
}

func days(d float64) float64 { return float64(time.Now().Unix()) + d*86400 }

func TestCookieAttributes(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/cookie")
	eval[any](t, ctx, `Favorites.add({id: "123456", title: "A title; with, \"all\" sorts \\ of % + _ * $ | ~ — ✓", url: "/news/123456"}).then(() => null)`)
	all := cookies(t, ctx)
	require.Len(t, all, 1)
	c := all[0]
	assert.Equal(t, "favorites", c.Name)
	assert.Equal(t, "/", c.Path)
	assert.Equal(t, network.CookieSameSiteLax, c.SameSite)
	assert.False(t, c.Secure, "Secure on http")
	assert.False(t, c.Session)
	assert.False(t, c.HTTPOnly)
	assert.InDelta(t, days(365), c.Expires, 86400, "expiry")
	// Host-only: the domain is the host itself with no leading dot, which is
	// what DevTools reports for a cookie set without Domain.
	assert.Equal(t, "127.0.0.1", c.Domain)
	assertOctets(t, c)
	assert.Equal(t, "1", c.Value[:1], "the format version comes first")
	// document.cookie shows the same value (no Domain attribute or other
	// cookies in the way).
	assert.Equal(t, "favorites="+c.Value, eval[string](t, ctx, `document.cookie`))
}

func TestCookieMaxAgeRenewed(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/max-age")
	assert.Nil(t, eval[any](t, ctx, `Favorites.configure({maxAgeDays: 10})`))
	eval[any](t, ctx, `Favorites.add({id: "1"}).then(() => null)`)
	assert.InDelta(t, days(10), cookieNamed(t, ctx, "favorites").Expires, 86400)

	assert.Nil(t, eval[any](t, ctx, `Favorites.configure({maxAgeDays: 3})`))
	eval[any](t, ctx, `Favorites.add({id: "2"}).then(() => null)`)
	assert.InDelta(t, days(3), cookieNamed(t, ctx, "favorites").Expires, 86400)

	assert.Nil(t, eval[any](t, ctx, `Favorites.configure({maxAgeDays: 30})`))
	eval[any](t, ctx, `Favorites.remove("1").then(() => null)`)
	assert.InDelta(t, days(30), cookieNamed(t, ctx, "favorites").Expires, 86400)

	assert.Nil(t, eval[any](t, ctx, `Favorites.configure({maxAgeDays: 365})`))
	eval[any](t, ctx, `Favorites.add({id: "3", title: "x"}).then(() => null)`)
	assert.InDelta(t, days(365), cookieNamed(t, ctx, "favorites").Expires, 86400)
}

// shortenExpiry makes every favorites cookie expire in a day, from outside.
func shortenExpiry(t *testing.T, ctx context.Context) {
	t.Helper()
	for _, c := range cookies(t, ctx) {
		if strings.HasPrefix(c.Name, "favorites") {
			_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{
				Name: c.Name, Value: c.Value, URL: server.URL + "/", Path: "/",
				SameSite: network.CookieSameSiteLax, Expires: cdp.TimeSinceEpoch(days(1)),
			})
			require.NoError(t, err)
			assert.InDelta(t, days(1), cookieNamed(t, ctx, c.Name).Expires, 3600)
		}
	}
}

// typicalItem is the contract's typical item: a 6-digit id, an 80-character
// title and a 60-character path.
func typicalItem(i int) Item {
	id := fmt.Sprintf("%06d", 100000+i*7919%900000)
	title := fmt.Sprintf("Story %02d: what the council decided about the new harbour, and why it matters", i)
	title = (title + strings.Repeat(".", 80))[:80]
	path := fmt.Sprintf("/news/2024/05/%s-council-decides-on-the-harbour-plan-", id)
	path = (path + strings.Repeat("x", 60))[:60]
	return Item{ID: id, Title: title, URL: path}
}

func TestCookieCapacity(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/capacity")
	var want []Item
	for i := range 50 {
		want = append(want, typicalItem(i))
	}
	require.Len(t, want[0].Title, 80)
	require.Len(t, want[0].URL, 60)
	got := eval[[]Item](t, ctx, `(async () => {
		let l
		for (const it of `+js(want)+`) l = await Favorites.add({id: it.id, title: it.title, url: it.url})
		return l
	})()`)
	require.Len(t, got, 50)
	strip := func(items []Item) []Item {
		out := make([]Item, len(items))
		for i, it := range items {
			out[i] = Item{ID: it.ID, Title: it.Title, URL: it.URL}
		}
		return out
	}
	assert.Equal(t, want, strip(got))

	names := map[string]bool{}
	for _, c := range cookies(t, ctx) {
		names[c.Name] = true
		assert.True(t, c.Name == "favorites" || strings.HasPrefix(c.Name, "favorites_"), c.Name)
		assertOctets(t, c)
		assert.Equal(t, "/", c.Path)
		assert.Equal(t, network.CookieSameSiteLax, c.SameSite)
		assert.InDelta(t, days(365), c.Expires, 86400, "expiry of %s", c.Name)
	}
	assert.True(t, names["favorites"] && names["favorites_1"], "the list spans favorites and favorites_1: %v", names)

	reload(t, ctx)
	assert.Equal(t, got, list(t, ctx))
	assert.Equal(t, "50", text(t, ctx, "#count"))

	// Every write renews the Max-Age of every chunk, also of one whose
	// value stays the same.
	shortenExpiry(t, ctx)
	eval[any](t, ctx, `Favorites.add({id: `+js(want[0].ID)+`, title: "Renamed"}).then(() => null)`)
	for _, c := range cookies(t, ctx) {
		assert.InDelta(t, days(365), c.Expires, 86400, "expiry of %s after a write", c.Name)
	}
	got[0].Title = "Renamed"
	want[0].Title = "Renamed"

	extra := typicalItem(50)
	assert.Equal(t, "full", rejection(t, ctx, `Favorites.add(`+js(extra)+`)`))
	assert.Equal(t, got, list(t, ctx))

	// Shrinking the list drops the chunks no longer needed.
	eval[any](t, ctx, `(async () => { for (const it of `+js(want[1:])+`) await Favorites.remove(it.id) })().then(() => null)`)
	all := cookies(t, ctx)
	require.Len(t, all, 1)
	assert.Equal(t, "favorites", all[0].Name)
}

// Every page of the site reads the same list, and it survives a reload.
func TestPersistence(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/first")
	eval[any](t, ctx, `Favorites.add({id: "1", title: "One", url: "/news/1"}).then(() => Favorites.add({id: "2", title: "Two", url: "/news/2"})).then(() => null)`)
	want := list(t, ctx)
	reload(t, ctx)
	assert.Equal(t, want, list(t, ctx))
	assert.Equal(t, "2", text(t, ctx, "#count"))
	open(t, ctx, "/t/second")
	assert.Equal(t, want, list(t, ctx))
	waitState(t, ctx, "#fav", "off")
	open(t, ctx, "/site/")
	assert.Equal(t, want, list(t, ctx))
	waitFor(t, ctx, `document.querySelector("[data-favorites-count]").textContent === "2"`, 5*time.Second)
	assert.Equal(t, 2, eval[int](t, ctx, `document.querySelectorAll("[data-favorites-list] a[href]").length`))
}

func TestTitlesSurviveReload(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/unicode")
	titles := []string{
		`semi;colon, comma "quote" back\slash 100% a+b under_score star* dollar$ pipe| tilde~`,
		`😀 emoji 👩‍👩‍👧 and flags 🇪🇺`,
		`مرحبا بالعالم — العربية`,
		`שלום עולם עברית`,
		`中文标题 日本語のタイトル 한국어 제목`,
		`mixed: Ünïcödé, ß, ø, ñ; “curly” ‘quotes’ – dash … ellipsis`,
		"tab\tand \u200b zero width \u00a0 nbsp",
		`  leading and trailing spaces  `,
		`$base64$ *q *_ ~ | looks like the codec`,
		`=;=, Path=/; Max-Age=0`,
	}
	for i, title := range titles {
		eval[any](t, ctx, fmt.Sprintf(`Favorites.add({id: "u%d", title: %s, url: %s}).then(() => null)`, i, js(title), js(fmt.Sprintf("/news/%d?q=a+b%%20c&x=;", i))))
	}
	before := list(t, ctx)
	for _, c := range cookies(t, ctx) {
		assertOctets(t, c)
	}
	reload(t, ctx)
	after := list(t, ctx)
	require.Len(t, after, len(titles))
	for i, title := range titles {
		assert.Equal(t, title, after[i].Title)
		assert.Equal(t, fmt.Sprintf("/news/%d?q=a+b%%20c&x=;", i), after[i].URL)
	}
	assert.Equal(t, before, after)
	// The widget shows them as they are.
	texts := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#list a[href]"), a => a.textContent)`)
	for i, title := range titles {
		assert.Equal(t, title, texts[len(titles)-1-i])
	}
}

// A cookie that cannot be read whole keeps what reads and never fails ready.
func TestUnreadableCookie(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/unreadable")
	eval[any](t, ctx, `Favorites.add({id: "1", title: "One"}).then(() => Favorites.add({id: "2", title: "Two"})).then(() => null)`)
	value := cookieNamed(t, ctx, "favorites").Value
	setCookie(t, ctx, "favorites", value[:len(value)-4]) // the second item cut
	reload(t, ctx)
	assert.Equal(t, []string{"1"}, ids(list(t, ctx)))
	eval[any](t, ctx, `Favorites.add({id: "3"}).then(() => null)`)
	assert.Equal(t, []string{"1", "3"}, ids(list(t, ctx)))
	reload(t, ctx)
	assert.Equal(t, []string{"1", "3"}, ids(list(t, ctx)))

	for _, foreign := range []string{"hello", "", "1", "2abc", "1z$$$~~~||", strings.Repeat("A", 3900)} {
		setCookie(t, ctx, "favorites", foreign)
		reload(t, ctx)
		assert.Equal(t, []Item{}, list(t, ctx), "value %q", foreign)
		assert.Equal(t, []string{"x"}, ids(eval[[]Item](t, ctx, `Favorites.add({id: "x"})`)), "value %q", foreign)
	}
}

// The domain option: a cookie for the site and its subdomains, read by a
// page on another subdomain; without it the cookie is host-only.
func TestCookieDomain(t *testing.T) {
	ctx := newContext(t)
	www, news := siteURL("www.favorites.test"), siteURL("news.favorites.test")
	getCookies := func(u string) []*network.Cookie {
		res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{u + "/"}})
		require.NoError(t, err)
		return res.Cookies
	}
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(www+"/t/domain")))
	eval[any](t, ctx, `Favorites.ready.then(() => Favorites.add({id: "host-only"})).then(() => null)`)
	all := getCookies(www)
	require.Len(t, all, 1)
	assert.Equal(t, "www.favorites.test", all[0].Domain, "no Domain attribute: host-only")
	assert.Empty(t, getCookies(news))

	// With domain set, from an empty jar. (A host-only cookie left from
	// before domain was set comes first in document.cookie and hides the
	// new one: that is reported, not tested here.)
	assert.Nil(t, eval[any](t, ctx, `Favorites.clear()`))
	assert.Nil(t, eval[any](t, ctx, `Favorites.configure({domain: "favorites.test"})`))
	assert.Equal(t, []string{"shared"}, ids(eval[[]Item](t, ctx, `Favorites.add({id: "shared"})`)))
	var domains []string
	for _, c := range getCookies(news) {
		domains = append(domains, c.Name+" "+c.Domain)
	}
	assert.Equal(t, []string{"favorites .favorites.test"}, domains)

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(news+"/t/domain")))
	eval[any](t, ctx, `Favorites.ready.then(() => null)`)
	assert.Equal(t, []string{"shared"}, ids(list(t, ctx)))
	all = getCookies(www)
	require.Len(t, all, 1)
	assert.Equal(t, ".favorites.test", all[0].Domain)
}
