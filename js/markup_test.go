package browser_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buttonState is what a reader (and assistive technology) sees of a button.
type buttonState struct {
	State   string `json:"state"`
	Pressed string `json:"pressed"`
	Text    string `json:"text"`
}

func button(t *testing.T, ctx context.Context, sel string) buttonState {
	t.Helper()
	return eval[buttonState](t, ctx, `(b => ({state: b.getAttribute("data-favorite-state"),
		pressed: b.getAttribute("aria-pressed"), text: b.textContent.trim()}))(document.querySelector(`+js(sel)+`))`)
}

// waitState waits until the button sel shows state (on or off) and is idle.
func waitState(t *testing.T, ctx context.Context, sel, state string) {
	t.Helper()
	waitFor(t, ctx, `document.querySelector(`+js(sel)+`).getAttribute("data-favorite-state") === `+js(state), 5*time.Second)
}

var (
	off = buttonState{State: "off", Pressed: "false", Text: "Add to favorites"}
	on  = buttonState{State: "on", Pressed: "true", Text: "Remove from favorites"}
)

func TestButtonClickToggles(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/click")
	assert.Equal(t, off, button(t, ctx, "#fav"))

	click(t, ctx, "#fav")
	waitState(t, ctx, "#fav", "on")
	assert.Equal(t, on, button(t, ctx, "#fav"))
	items := list(t, ctx)
	require.Len(t, items, 1)
	assert.Equal(t, Item{ID: "a1", Title: "Article one", URL: "/news/a1", Added: items[0].Added}, items[0])
	assert.Equal(t, "1", text(t, ctx, "#count"))

	click(t, ctx, "#fav")
	waitState(t, ctx, "#fav", "off")
	assert.Equal(t, off, button(t, ctx, "#fav"))
	assert.Equal(t, []Item{}, list(t, ctx))
	assert.Equal(t, "0", text(t, ctx, "#count"))

	// The button follows changes made through the API too.
	eval[any](t, ctx, `Favorites.add({id: "a1"}).then(() => null)`)
	assert.Equal(t, on, button(t, ctx, "#fav"))
	reload(t, ctx)
	waitState(t, ctx, "#fav", "on")
	assert.Equal(t, on, button(t, ctx, "#fav"))
}

// Before the .wasm runs the button says so; then it shows the stored state.
func TestButtonLoading(t *testing.T) {
	skipBaseline(t)
	ctx := newContext(t)
	open(t, ctx, "/t/loading")
	eval[any](t, ctx, `Favorites.add({id: "a1"}).then(() => null)`)

	wasm := slowWasm(t)
	navigate(t, ctx, "/t/loading?wasm="+queryEscape(wasm.url))
	waitFor(t, ctx, `fav.getAttribute("data-favorite-state") === "loading"`, 5*time.Second)
	assert.Equal(t, "Loading", text(t, ctx, "#fav"))
	click(t, ctx, "#fav") // a click while loading changes nothing
	wasm.release()
	eval[any](t, ctx, `Favorites.ready.then(() => null)`)
	waitState(t, ctx, "#fav", "on")
	assert.Equal(t, on, button(t, ctx, "#fav"))
	assert.Equal(t, []string{"a1"}, ids(list(t, ctx)))

	// With nothing stored there is nothing to load: off at once, and the
	// core is not asked for (js/lazy_test.go has more).
	deleteCookie(t, ctx, "favorites")
	wasm = slowWasm(t)
	navigate(t, ctx, "/t/loading?wasm="+queryEscape(wasm.url))
	eval[any](t, ctx, `Favorites.ready.then(() => null)`)
	assert.Equal(t, off, button(t, ctx, "#fav"))
	select {
	case <-wasm.Requested():
		assert.Fail(t, "a reader without a stored list asked for the .wasm")
	default:
	}
}

func TestKeyboard(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/keyboard")
	recordEvents(t, ctx)
	tabTo(t, ctx, "#fav")
	press(t, ctx, kb.Enter)
	waitState(t, ctx, "#fav", "on")
	assert.Equal(t, []string{"a1"}, ids(list(t, ctx)))
	press(t, ctx, " ")
	waitState(t, ctx, "#fav", "off")
	assert.Equal(t, []Item{}, list(t, ctx))

	// A span made into a button: focusable with Tab, Enter and Space toggle.
	eval[any](t, ctx, `document.querySelector("article").insertAdjacentHTML("beforeend",
		'<span id="sp" data-favorite="s1" data-favorite-title="Span">star</span>'), null`)
	waitFor(t, ctx, `sp.getAttribute("data-favorite-state") === "off"`, 5*time.Second)
	assert.Equal(t, "button", attr(t, ctx, "#sp", "role"))
	assert.Equal(t, "0", attr(t, ctx, "#sp", "tabindex"))
	assert.Equal(t, "false", attr(t, ctx, "#sp", "aria-pressed"))
	tabTo(t, ctx, "#sp")
	press(t, ctx, kb.Enter)
	waitState(t, ctx, "#sp", "on")
	assert.Equal(t, "true", attr(t, ctx, "#sp", "aria-pressed"))
	assert.Equal(t, []string{"s1"}, ids(list(t, ctx)))
	assert.Equal(t, "Span", list(t, ctx)[0].Title)
	press(t, ctx, " ")
	waitState(t, ctx, "#sp", "off")
	assert.Equal(t, []Item{}, list(t, ctx))
	assert.Equal(t, "0", eval[string](t, ctx, `String(window.scrollY)`), "Space scrolled the page")

	// Clicking the span works as well.
	click(t, ctx, "#sp")
	waitState(t, ctx, "#sp", "on")

	// A link made into a button: Enter toggles once and does not follow it.
	eval[any](t, ctx, `document.querySelector("article").insertAdjacentHTML("beforeend",
		'<a id="ln" href="/t/elsewhere" data-favorite="l1" data-favorite-title="Link">save</a>'), null`)
	waitState(t, ctx, "#ln", "off")
	tabTo(t, ctx, "#ln")
	press(t, ctx, kb.Enter)
	waitState(t, ctx, "#ln", "on")
	click(t, ctx, "#ln")
	waitState(t, ctx, "#ln", "off")
	assert.Equal(t, "/t/keyboard", eval[string](t, ctx, `location.pathname`))

	// Each key press and click was one toggle.
	var actions []string
	for _, e := range events(t, ctx) {
		actions = append(actions, e.Action+" "+*e.ID)
	}
	assert.Equal(t, []string{"add a1", "remove a1", "add s1", "remove s1", "add s1", "add l1", "remove l1"}, actions)
}

// Without data-favorite-title and -url a button saves the page's title and path.
func TestButtonDefaults(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/Default-page")
	eval[any](t, ctx, `document.body.insertAdjacentHTML("beforeend", '<button id="d" data-favorite="d1">x</button>'), null`)
	waitState(t, ctx, "#d", "off")
	click(t, ctx, "#d")
	waitState(t, ctx, "#d", "on")
	items := list(t, ctx)
	require.Len(t, items, 1)
	assert.Equal(t, "d1", items[0].ID)
	assert.Equal(t, "Default-page", items[0].Title)
	assert.Equal(t, "/t/Default-page", items[0].URL)
}

type entry struct {
	Text string `json:"text"`
	Href string `json:"href"`
	Tag  string `json:"tag"`
}

// widget returns the entries of the list widget sel.
func widget(t *testing.T, ctx context.Context, sel string) []entry {
	t.Helper()
	return eval[[]entry](t, ctx, `Array.from(document.querySelectorAll(`+js(sel)+` + " a[href]")).map(a => ({text: a.textContent, href: a.getAttribute("href"), tag: a.tagName}))`)
}

func TestListWidget(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/widget")
	warning := "Your favorite posts saved to your browsers cookies. If you clear cookies also favorite posts will be deleted."
	assert.Contains(t, text(t, ctx, "#list"), "Favorite list is empty.")
	assert.Contains(t, text(t, ctx, "#list"), warning)
	assert.Equal(t, "0", text(t, ctx, "#count"))
	assert.Empty(t, widget(t, ctx, "#list"))

	eval[any](t, ctx, `(async () => {
		await Favorites.add({id: "1", title: "First", url: "/news/1"})
		await Favorites.add({id: "2", title: "Second", url: "https://example.com/2"})
		await Favorites.add({id: "3", title: "Third", url: "/news/3?x=1"})
	})().then(() => null)`)
	assert.Equal(t, []entry{
		{"Third", "/news/3?x=1", "A"}, {"Second", "https://example.com/2", "A"}, {"First", "/news/1", "A"},
	}, widget(t, ctx, "#list"))
	assert.Equal(t, "3", text(t, ctx, "#count"))
	assert.NotContains(t, text(t, ctx, "#list"), "Favorite list is empty.")
	assert.Contains(t, text(t, ctx, "#list"), warning)
	assert.Equal(t, 3, eval[int](t, ctx, `document.querySelectorAll("#list [data-favorites-remove]").length`))
	assert.Equal(t, "Clear favorites", text(t, ctx, "#list [data-favorites-clear]"))

	// A limited widget, added after load, shows the newest ones.
	eval[any](t, ctx, `document.body.insertAdjacentHTML("beforeend", '<div id="top" data-favorites-list data-favorites-limit="2"></div>'), null`)
	waitFor(t, ctx, `document.querySelectorAll("#top a[href]").length === 2`, 5*time.Second)
	assert.Equal(t, []entry{{"Third", "/news/3?x=1", "A"}, {"Second", "https://example.com/2", "A"}}, widget(t, ctx, "#top"))

	// Each entry's remove control removes that item, everywhere.
	click(t, ctx, `#list li:nth-child(2) [data-favorites-remove]`)
	waitFor(t, ctx, `count.textContent === "2"`, 5*time.Second)
	assert.Equal(t, []string{"1", "3"}, ids(list(t, ctx)))
	assert.Equal(t, []entry{{"Third", "/news/3?x=1", "A"}, {"First", "/news/1", "A"}}, widget(t, ctx, "#list"))
	assert.Equal(t, []entry{{"Third", "/news/3?x=1", "A"}, {"First", "/news/1", "A"}}, widget(t, ctx, "#top"))

	// The clear control clears.
	click(t, ctx, "#list [data-favorites-clear]")
	waitFor(t, ctx, `count.textContent === "0"`, 5*time.Second)
	assert.Equal(t, []Item{}, list(t, ctx))
	assert.Empty(t, widget(t, ctx, "#list"))
	assert.Contains(t, text(t, ctx, "#list"), "Favorite list is empty.")
	assert.Contains(t, text(t, ctx, "#list"), warning)
	assert.Contains(t, text(t, ctx, "#top"), "Favorite list is empty.")
	assert.Nil(t, cookieNamed(t, ctx, "favorites"))

	// A click on an entry's link follows it.
	eval[any](t, ctx, `Favorites.add({id: "n", title: "Next page", url: "/t/next-page"}).then(() => null)`)
	click(t, ctx, `#list a[href="/t/next-page"]`)
	waitFor(t, ctx, `location.pathname === "/t/next-page" && document.title === "next-page"`, 5*time.Second)
}

// Buttons, lists and counts added after load are wired and drawn.
func TestLateElements(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/late")
	eval[any](t, ctx, `Favorites.add({id: "x", title: "Ex", url: "/x"}).then(() => null)`)
	eval[any](t, ctx, `(() => {
		const d = document.createElement("div")
		d.innerHTML = '<button id="bx" data-favorite="x">?</button><button id="by" data-favorite="y" data-favorite-title="Why">?</button>' +
			'<div id="l2" data-favorites-list></div><p>count <span id="c2" data-favorites-count></span></p>'
		document.body.appendChild(d)
	})(), null`)
	waitFor(t, ctx, `c2.textContent === "1" && bx.getAttribute("data-favorite-state") === "on" && by.getAttribute("data-favorite-state") === "off"`, 5*time.Second)
	assert.Equal(t, on, button(t, ctx, "#bx"))
	assert.Equal(t, off, button(t, ctx, "#by"))
	assert.Equal(t, []entry{{"Ex", "/x", "A"}}, widget(t, ctx, "#l2"))

	click(t, ctx, "#by")
	waitState(t, ctx, "#by", "on")
	waitFor(t, ctx, `c2.textContent === "2" && count.textContent === "2"`, 5*time.Second)
	assert.Equal(t, []entry{{"Why", "/t/late", "A"}, {"Ex", "/x", "A"}}, widget(t, ctx, "#l2"))

	// A button whose id changes is not part of the contract; one replaced
	// by a new element is.
	eval[any](t, ctx, `bx.replaceWith(Object.assign(document.createElement("button"), {id: "bz"})), bz.setAttribute("data-favorite", "z"), document.body.appendChild(bz), null`)
	waitState(t, ctx, "#bz", "off")
	click(t, ctx, "#bz")
	waitState(t, ctx, "#bz", "on")
	assert.Equal(t, []string{"x", "y", "z"}, ids(list(t, ctx)))
}

// Titles are shown as text, never read as HTML.
func TestTitlesAreText(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/text")
	title := `<b>bold</b> <img src=x onerror="window.__xss=1"> & &amp; <script>window.__xss=2</script>`
	eval[any](t, ctx, `Favorites.add({id: "h", title: `+js(title)+`, url: "/h"}).then(() => null)`)
	assert.Equal(t, []entry{{title, "/h", "A"}}, widget(t, ctx, "#list"))
	assert.Equal(t, 0, eval[int](t, ctx, `document.querySelectorAll("#list b, #list img, #list script").length`))
	loadImage(t, ctx, "x") // the title's image handler has had its turn
	assert.Equal(t, "undefined", eval[string](t, ctx, `typeof window.__xss`))
	// Through a button's title attribute as well.
	eval[any](t, ctx, `document.body.insertAdjacentHTML("beforeend", '<button id="hb" data-favorite="hb" data-favorite-title="&lt;i&gt;it&lt;/i&gt;">?</button>'), null`)
	waitState(t, ctx, "#hb", "off")
	click(t, ctx, "#hb")
	waitFor(t, ctx, `count.textContent === "2"`, 5*time.Second)
	assert.Equal(t, "<i>it</i>", widget(t, ctx, "#list")[0].Text)
	assert.Equal(t, 0, eval[int](t, ctx, `document.querySelectorAll("#list i").length`))
}

// A click whose change is refused shows the error state, and the next
// drawing shows the stored state again.
func TestButtonErrorState(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/error-state?attrs="+queryEscape(`data-max-items="1"`))
	eval[any](t, ctx, `Favorites.add({id: "other"}).then(() => null)`)
	click(t, ctx, "#fav")
	waitState(t, ctx, "#fav", "error")
	assert.Equal(t, "false", attr(t, ctx, "#fav", "aria-pressed"))
	assert.Equal(t, []string{"other"}, ids(list(t, ctx)))
	eval[any](t, ctx, `Favorites.remove("other").then(() => null)`)
	waitState(t, ctx, "#fav", "off")
	click(t, ctx, "#fav")
	waitState(t, ctx, "#fav", "on")
	assert.Equal(t, on, button(t, ctx, "#fav"))
}
