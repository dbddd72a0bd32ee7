package browser_test

// Hostile input: cookies tampered with outside the library, items built to
// inject markup or script, and lists pushed past their capacity. Every case
// checks that the stored list is exactly what it should be — read through the
// library and, byte for byte, through DevTools.

import (
	"context"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites/internal/cookie"
	"github.com/favorites-dev/favorites/internal/favorites"
)

// consoleWatch records everything a tab writes to its console from the
// moment it is made: console calls, uncaught exceptions, unhandled
// rejections and browser log entries (CSP violations, failed requests).
type consoleWatch struct {
	mu      sync.Mutex
	msgs    []chromedp.ConsoleMessage
	marks   map[string]chan struct{} // settle's messages, by text
	settles int
}

// settleMark starts the messages settle writes; they are not recorded.
const settleMark = "favorites-test: settled "

func watchConsole(t *testing.T, ctx context.Context) *consoleWatch {
	t.Helper()
	w := &consoleWatch{marks: map[string]chan struct{}{}}
	lctx, cancel := context.WithCancel(ctx)
	msgs := chromedp.Console(lctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range msgs {
			if err != nil {
				return
			}
			w.mu.Lock()
			if ch, ok := w.marks[m.Text]; ok && m.Type == chromedp.ConsoleDebug {
				delete(w.marks, m.Text)
				close(ch)
			} else {
				w.msgs = append(w.msgs, m)
			}
			w.mu.Unlock()
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return w
}

// settle waits until the messages the page has written so far have arrived:
// it writes one more and waits for it, since the console keeps the order of
// its messages.
func (w *consoleWatch) settle(t *testing.T, ctx context.Context) {
	t.Helper()
	w.mu.Lock()
	w.settles++
	text := settleMark + strconv.Itoa(w.settles)
	arrived := make(chan struct{})
	w.marks[text] = arrived
	w.mu.Unlock()
	eval[any](t, ctx, `console.debug(`+js(text)+`), null`)
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		require.FailNow(t, "console", "the page's console.debug(%q) never arrived", text)
	}
}

// matching returns the messages for which keep is true, as text.
func (w *consoleWatch) matching(keep func(chromedp.ConsoleMessage) bool) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, m := range w.msgs {
		if keep(m) {
			out = append(out, m.String()+" ("+m.Source+" "+m.URL+")")
		}
	}
	return out
}

// exceptions are the uncaught exceptions and unhandled rejections.
func (w *consoleWatch) exceptions() []string {
	return w.matching(func(m chromedp.ConsoleMessage) bool { return m.IsException() })
}

// errors are the exceptions and every message of level error, except a
// browser's own request for /favicon.ico.
func (w *consoleWatch) errors() []string {
	return w.matching(func(m chromedp.ConsoleMessage) bool {
		if strings.HasSuffix(m.URL, "/favicon.ico") {
			return false
		}
		return m.IsException() || m.Type == chromedp.ConsoleError
	})
}

// setCookie stores a cookie for the test server through DevTools, the way a
// server response or another script could, bypassing the library.
func setCookie(t *testing.T, ctx context.Context, name, value string) {
	t.Helper()
	_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{
		Name: name, Value: value, URL: server.URL + "/", Path: "/",
	})
	require.NoError(t, err, "setting cookie %s (%d bytes)", name, len(value))
}

// jar returns the test server's cookies whose names start with "favorites",
// name → value, read through DevTools.
func jar(t *testing.T, ctx context.Context) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, c := range cookies(t, ctx) {
		if strings.HasPrefix(c.Name, "favorites") {
			out[c.Name] = c.Value
		}
	}
	return out
}

// coreItems converts the page's items to the core's (added in seconds).
func coreItems(items []Item) []favorites.Item {
	out := make([]favorites.Item, len(items))
	for i, it := range items {
		out[i] = favorites.Item{ID: it.ID, Title: it.Title, URL: it.URL, Added: int64(it.Added) / 1000}
	}
	return out
}

// assertCleanCookie checks that the stored cookies are exactly the encoding
// of want: every chunk decodes whole, and no other favorites* cookie (a
// stale chunk, a foreign value) is left.
func assertCleanCookie(t *testing.T, ctx context.Context, want []Item) {
	t.Helper()
	values, err := cookie.Encode("favorites", coreItems(want))
	require.NoError(t, err)
	expect := map[string]string{}
	for i, v := range values {
		expect[cookie.Name("favorites", i)] = v
	}
	got := jar(t, ctx)
	assert.Equal(t, expect, got, "the cookies after a write")
	var chunks [cookie.MaxCookies]string
	for i := range chunks {
		chunks[i] = got[cookie.Name("favorites", i)]
	}
	decoded := cookie.Decode(&chunks)
	if len(want) == 0 {
		assert.Empty(t, decoded)
	} else {
		assert.Equal(t, coreItems(want), decoded, "the cookies decode whole")
	}
	for name, v := range got {
		assert.LessOrEqual(t, len(name)+1+len(v), cookie.MaxPairBytes, "cookie %s", name)
	}
}

// addAll adds items in order, awaiting each, and returns the list after.
func addAll(t *testing.T, ctx context.Context, items []map[string]string) []Item {
	t.Helper()
	return eval[[]Item](t, ctx, `(async items => { let l; for (const it of items) l = await Favorites.add(it); return l; })(`+js(items)+`)`)
}

func TestHostileTamperedCookies(t *testing.T) {
	// The originals: a short list, and a long one that spans two chunks.
	src := newContext(t)
	open(t, src, "/t/source")
	short := addAll(t, src, []map[string]string{
		{"id": "101", "title": "First story of the day", "url": "/news/101"},
		{"id": "102", "title": "Second story, with more words in it", "url": "/news/102"},
		{"id": "103", "title": "Third story", "url": "https://example.com/news/103"},
	})
	require.Len(t, short, 3)
	shortValue := jar(t, src)["favorites"]
	require.NotEmpty(t, shortValue)
	require.Equal(t, "11", shortValue[:2], "version 1, one chunk")

	eval[any](t, src, `Favorites.clear().then(() => null)`)
	var long []map[string]string
	for i := range 30 {
		long = append(long, map[string]string{
			"id":    "2" + strings.Repeat("0", 3) + string(rune('a'+i%26)) + string(rune('a'+i/26)),
			"title": "A rather long headline about the news of the day " + strings.Repeat("and more words ", 6) + string(rune('A'+i%26)),
			"url":   "/news/2024/05/" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "/a-long-slug-for-the-story",
		})
	}
	longItems := addAll(t, src, long)
	require.Len(t, longItems, 30)
	longJar := jar(t, src)
	require.Len(t, longJar, 2, "the long list spans two chunks: %v", longJar)
	chunk0, chunk1 := longJar["favorites"], longJar["favorites_1"]
	require.Equal(t, "12", chunk0[:2])
	require.Equal(t, "12", chunk1[:2])
	// The titles hold no "~", so each "~" ends one item.
	inChunk0 := strings.Count(chunk0, "~")
	require.Equal(t, 30, inChunk0+strings.Count(chunk1, "~"))

	// where the second item of the short list starts and ends
	end1 := strings.Index(shortValue, "~") + 1
	end2 := end1 + strings.Index(shortValue[end1:], "~") + 1

	rng := rand.New(rand.NewPCG(2024, 5))
	octets := func(n int) string {
		const cookieOctets = "!#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"
		b := make([]byte, n)
		for i := range b {
			b[i] = cookieOctets[rng.IntN(len(cookieOctets))]
		}
		return string(b)
	}
	// A one-letter change inside the second item's title: its check no
	// longer matches.
	flipAt := end1 + strings.Index(shortValue[end1:], "Second") + 2
	flipped := shortValue[:flipAt] + "X" + shortValue[flipAt+1:]
	require.NotEqual(t, shortValue, flipped)

	cases := []struct {
		name    string
		cookies map[string]string
		want    []Item
	}{
		{"garbage", map[string]string{"favorites": "not-a-list!@#(){}[]"}, nil},
		{"truncated in the second item", map[string]string{"favorites": shortValue[:(end1+end2)/2]}, short[:1]},
		{"truncated after the second item", map[string]string{"favorites": shortValue[:end2]}, short[:2]},
		{"one character changed", map[string]string{"favorites": flipped}, []Item{short[0], short[2]}},
		{"unknown version", map[string]string{"favorites": "9" + shortValue[1:]}, nil},
		{"4 KB of random octets", map[string]string{"favorites": octets(4096 - len("favorites="))}, nil},
		{"random octets after the list", map[string]string{"favorites": shortValue + octets(2000)}, short},
		{"second chunk deleted", map[string]string{"favorites": chunk0}, longItems[:inChunk0]},
		{"first chunk garbage", map[string]string{"favorites": "garbage", "favorites_1": chunk1}, longItems[inChunk0:]},
		{"a foreign extra chunk", map[string]string{"favorites": shortValue, "favorites_3": "13" + shortValue[2:]}, short},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := newContext(t)
			con := watchConsole(t, ctx)
			for name, v := range c.cookies {
				setCookie(t, ctx, name, v)
			}
			require.Equal(t, c.cookies, jar(t, ctx), "DevTools stored the tampered cookies")
			open(t, ctx, "/t/tampered")
			got := list(t, ctx)
			if len(c.want) == 0 {
				assert.Empty(t, got)
			} else {
				assert.Equal(t, c.want, got, "exactly the entries that were stored whole")
			}
			assert.Equal(t, float64(len(c.want)), eval[float64](t, ctx, `Number(document.querySelector("#count").textContent)`))

			// The next change writes a clean cookie: what was read, plus the change.
			after := eval[[]Item](t, ctx, `Favorites.add({id: "new-1", title: "After the tampering", url: "/news/new-1"})`)
			require.Len(t, after, len(c.want)+1)
			if len(c.want) > 0 {
				assert.Equal(t, c.want, after[:len(c.want)])
			}
			assert.Equal(t, "new-1", after[len(after)-1].ID)
			assertCleanCookie(t, ctx, after)

			con.settle(t, ctx)
			assert.Empty(t, con.errors(), "console errors and exceptions")
		})
	}
}

func TestHostileItems(t *testing.T) {
	ctx := newContext(t)
	con := watchConsole(t, ctx)
	open(t, ctx, "/t/hostile")
	eval[any](t, ctx, `(window.__events = [], document.addEventListener("favorites:change", e => __events.push(JSON.parse(JSON.stringify(e.detail)))), null)`)

	t.Run("markup in titles is text", func(t *testing.T) {
		titles := []string{`<img src=x onerror=window.pwned=1>`, `<script>window.pwned=1</script>`, `"><svg onload=window.pwned=1>`}
		for i, title := range titles {
			items := eval[[]Item](t, ctx, `Favorites.add(`+js(map[string]string{"id": "h" + string(rune('1'+i)), "title": title, "url": "/news/h"})+`)`)
			assert.Equal(t, title, items[len(items)-1].Title)
		}
		ev := eval[[]struct {
			Action string `json:"action"`
			ID     string `json:"id"`
			Items  []Item `json:"items"`
		}](t, ctx, `__events`)
		require.Len(t, ev, len(titles))
		for i, title := range titles {
			assert.Equal(t, "add", ev[i].Action)
			assert.Equal(t, title, ev[i].Items[i].Title, "the event carries the title as text")
		}
		// An image error handler has had its turn (the titles' images
		// have src x).
		loadImage(t, ctx, "x")
		assert.Equal(t, "undefined", eval[string](t, ctx, `typeof window.pwned`))
		assert.Equal(t, 0, eval[int](t, ctx, `document.querySelectorAll("#list img, #list script, #list svg, #list iframe").length`))
		shown := eval[[]string](t, ctx, `[...document.querySelectorAll("#list .favorites-link")].map(a => a.textContent)`)
		assert.ElementsMatch(t, titles, shown, "the widget shows each title as text")
	})

	before := list(t, ctx)
	beforeJar := jar(t, ctx)
	require.NotEmpty(t, beforeJar)
	unchanged := func(t *testing.T, what string) {
		t.Helper()
		assert.Equal(t, before, list(t, ctx), "list() after %s", what)
		assert.Equal(t, beforeJar, jar(t, ctx), "the raw cookies after %s", what)
	}

	t.Run("urls", func(t *testing.T) {
		for _, u := range []string{
			"javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "\tjavascript:alert(1)",
			"java\x00script:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>",
			"vbscript:msgbox(1)", "//evil.example/x", "/\\evil.example", "\\\\evil.example", "/\t/evil.example",
			"relative/path", "ftp://x/", "http://", "https:///evil", "http:evil.example", " /news/1", "/news/1\n",
		} {
			for _, op := range []string{"add", "toggle"} {
				expr := `Favorites.` + op + `({id: "u1", title: "t", url: ` + js(u) + `})`
				assert.Equal(t, "invalid-item", rejection(t, ctx, expr), "%s", expr)
				unchanged(t, expr)
			}
		}
	})

	t.Run("ids", func(t *testing.T) {
		for _, id := range []string{
			`""`, js(strings.Repeat("x", 101)), js(strings.Repeat("é", 101)), `"a\nb"`, `"a\u0000"`, `"\u0085x"`,
			`null`, `{}`, `[]`, `["h1"]`, `true`, `undefined`, `NaN`, `Infinity`, `Symbol.iterator.description && {toString() { return "h1" }}`,
		} {
			for _, expr := range []string{
				`Favorites.add({id: ` + id + `, title: "t", url: "/news/x"})`,
				`Favorites.toggle({id: ` + id + `, title: "t", url: "/news/x"})`,
			} {
				assert.Equal(t, "invalid-item", rejection(t, ctx, expr), "%s", expr)
				unchanged(t, expr)
			}
		}
		for _, expr := range []string{`Favorites.add()`, `Favorites.add(null)`, `Favorites.toggle()`,
			`Favorites.add({id: "ok", title: 5})`, `Favorites.add({id: "ok", url: {}})`} {
			assert.Equal(t, "invalid-item", rejection(t, ctx, expr), "%s", expr)
			unchanged(t, expr)
		}
	})

	t.Run("a button with a javascript: url", func(t *testing.T) {
		eval[any](t, ctx, `(() => { const b = document.createElement("button");
			b.id = "evil"; b.setAttribute("data-favorite", "evil-1"); b.setAttribute("data-favorite-title", "Evil");
			b.setAttribute("data-favorite-url", "javascript:window.pwned=1"); document.body.append(b); return null })()`)
		waitFor(t, ctx, `document.querySelector("#evil").getAttribute("data-favorite-state") === "off"`, 5*time.Second)
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#evil"))))
		waitFor(t, ctx, `document.querySelector("#evil").getAttribute("data-favorite-state") === "error"`, 5*time.Second)
		assert.Equal(t, "invalid-item", eval[string](t, ctx, `document.querySelector("#evil").getAttribute("data-favorite-error")`))
		unchanged(t, "the click")
		assert.Equal(t, 0, eval[int](t, ctx, `[...document.querySelectorAll("a[href]")].filter(a => !/^(https?:|\/[^\/\\])/i.test(a.getAttribute("href"))).length`))
		assert.Equal(t, "undefined", eval[string](t, ctx, `typeof window.pwned`))
	})

	t.Run("the valid forms still pass", func(t *testing.T) {
		// The other side of the rejections: the same calls with valid input succeed.
		for _, it := range []map[string]any{
			{"id": "ok-1", "url": "/news/ok"},
			{"id": "ok-2", "url": "https://example.com/x?a=1#b"},
			{"id": "ok-3", "url": "HTTP://EXAMPLE.COM/"},
			{"id": strings.Repeat("x", 100), "url": "/x"},
			{"id": 42},
		} {
			items := eval[[]Item](t, ctx, `Favorites.add(`+js(it)+`)`)
			assert.Equal(t, it["url"] != nil, items[len(items)-1].URL != "")
		}
		assert.Len(t, list(t, ctx), len(before)+5)
	})

	con.settle(t, ctx)
	assert.Empty(t, con.exceptions())
	assert.Equal(t, "undefined", eval[string](t, ctx, `typeof window.pwned`))
}

// typical is an item of the contract's capacity promise: a 6-digit id, an
// 80-character title and a 60-character path.
func typical(i int) map[string]string {
	id := 100000 + i*7919
	title := "Headline number " + strings.Repeat("x", 0)
	title += strings.Repeat("news ", 13)
	title = (title + strings.Repeat("y", 80))[:80]
	path := "/news/2024/05/" + itoa(id) + "/"
	path += strings.Repeat("s", 60-len(path))
	return map[string]string{"id": itoa(id), "title": title, "url": path}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestHostileCapacity(t *testing.T) {
	t.Run("50 typical items", func(t *testing.T) {
		ctx := newContext(t)
		open(t, ctx, "/t/capacity")
		var items []map[string]string
		for i := range 50 {
			it := typical(i)
			require.Len(t, it["id"], 6)
			require.Len(t, it["title"], 80)
			require.Len(t, it["url"], 60)
			items = append(items, it)
		}
		stored := addAll(t, ctx, items)
		require.Len(t, stored, 50)
		beforeJar := jar(t, ctx)

		assert.Equal(t, "full", rejection(t, ctx, `Favorites.add(`+js(typical(50))+`)`))
		assert.Equal(t, "full", rejection(t, ctx, `Favorites.toggle(`+js(typical(51))+`)`))
		assert.Equal(t, stored, list(t, ctx))
		assert.Equal(t, beforeJar, jar(t, ctx))
		// An item already present is an update, not a 51st.
		assert.Len(t, eval[[]Item](t, ctx, `Favorites.add(`+js(typical(3))+`)`), 50)

		open(t, ctx, "/t/capacity-reloaded")
		assert.Equal(t, stored, list(t, ctx), "the 50 items survive a reload")
		assertCleanCookie(t, ctx, stored)
	})

	fill := func(t *testing.T, ctx context.Context, item string) (n int, code string, maxPair float64) {
		t.Helper()
		// item is a JavaScript function of i returning the item to add.
		r := eval[struct {
			N       int     `json:"n"`
			Code    string  `json:"code"`
			MaxPair float64 `json:"maxPair"`
			Same    bool    `json:"same"`
			SameJar bool    `json:"sameJar"`
		}](t, ctx, `(async () => {
			const make = `+item+`;
			let maxPair = 0;
			const pairs = () => { for (const p of document.cookie.split("; ")) maxPair = Math.max(maxPair, p.length); };
			for (let i = 0; i < 1000; i++) {
				const before = JSON.stringify(await Favorites.list()), jar = document.cookie;
				try { await Favorites.add(make(i)); } catch (e) {
					return {n: i, code: e.code, maxPair,
						same: JSON.stringify(await Favorites.list()) === before, sameJar: document.cookie === jar};
				}
				pairs();
			}
			return {n: 1000, code: "", maxPair};
		})()`)
		assert.True(t, r.Same, "the failed add left list() unchanged")
		assert.True(t, r.SameJar, "the failed add left document.cookie unchanged")
		for name, v := range jar(t, ctx) {
			assert.LessOrEqual(t, len(name)+1+len(v), 4000, "cookie %s", name)
		}
		return r.N, r.Code, r.MaxPair
	}

	for _, c := range []struct{ name, item string }{
		{"big ASCII items", `i => ({id: "big-" + i, title: "T".repeat(200), url: "/" + "p".repeat(300) + i})`},
		{"big non-ASCII items", `i => ({id: "é" + i, title: "😀 خبر ".repeat(40), url: "/ü/" + "ß".repeat(200) + i})`},
		{"big escaped items", `i => ({id: ";" + i, title: ";,\"\\%+".repeat(30), url: "/%;+" + i})`},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := newContext(t)
			open(t, ctx, "/t/capacity")
			eval[any](t, ctx, `Favorites.configure({maxItems: 1000}).then(() => null)`)
			n, code, maxPair := fill(t, ctx, c.item)
			assert.Equal(t, "full", code, "after %d items", n)
			assert.Greater(t, n, 0)
			assert.LessOrEqual(t, maxPair, float64(4000))
			stored := list(t, ctx)
			assert.Len(t, stored, n)
			assert.Len(t, jar(t, ctx), cookie.MaxCookies, "full means every chunk is used")
			assertCleanCookie(t, ctx, stored)
			t.Logf("%s: %d items fit, the longest cookie name=value was %v bytes", c.name, n, maxPair)
		})
	}

	t.Run("one huge item", func(t *testing.T) {
		ctx := newContext(t)
		open(t, ctx, "/t/capacity")
		addAll(t, ctx, []map[string]string{typical(0)})
		before, beforeJar := list(t, ctx), jar(t, ctx)
		// A url of 2000 non-ASCII characters is 4000 bytes of UTF-8: past
		// the url limit of 2048 bytes, so not an item at all.
		u := "/" + strings.Repeat("é", 2000)
		assert.Equal(t, "invalid-item", rejection(t, ctx, `Favorites.add({id: "huge", url: `+js(u)+`})`))
		// At the limits of every field (100-character id, 200-character
		// title, 2048-byte url), all four-byte characters: valid, but no
		// cookie holds it.
		id := strings.Repeat("😀", 100)
		title := strings.Repeat("😀", 200)
		u = "/" + strings.Repeat("😀", 511) + "abc"
		require.Len(t, u, favorites.MaxURLLen)
		assert.Equal(t, "full", rejection(t, ctx, `Favorites.add({id: `+js(id)+`, title: `+js(title)+`, url: `+js(u)+`})`))
		assert.Equal(t, before, list(t, ctx))
		assert.Equal(t, beforeJar, jar(t, ctx))
	})
}
