package browser_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ev(action, id string, items ...string) Event {
	if items == nil {
		items = []string{}
	}
	e := Event{Action: action, Items: items}
	if id != "" {
		e.ID = &id
	}
	return e
}

func TestChangeEvents(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/events")
	recordEvents(t, ctx)
	eval[any](t, ctx, `(async () => {
		await Favorites.add({id: "a"})
		await Favorites.add({id: "b", title: "B"})
		await Favorites.remove("nothing")          // no change, no event
		await Favorites.toggle({id: "a"})          // remove
		await Favorites.toggle({id: 7})            // add, a number id
		await Favorites.add({id: "b", title: "B2"}) // a changed title
		await Favorites.has("b")
		await Favorites.list()
		await Favorites.configure({messages: {add: "+"}})
		await Favorites.add({id: ""}).catch(() => {}) // rejected, no event
		await Favorites.remove("b")
		await Favorites.clear()
		await Favorites.clear()                    // already empty
	})().then(() => null)`)
	got := events(t, ctx)
	want := []Event{
		ev("add", "a", "a"),
		ev("add", "b", "a", "b"),
		ev("remove", "a", "b"),
		ev("add", "7", "b", "7"),
		ev("add", "b", "b", "7"),
		ev("remove", "b", "7"),
		ev("clear", ""),
	}
	// A second clear of an empty list changes nothing; an event for it would
	// not break the contract, so it is allowed but must say clear.
	if len(got) == len(want)+1 {
		assert.Equal(t, ev("clear", ""), got[len(want)])
		got = got[:len(want)]
	}
	assert.Equal(t, want, got)

	// The detail carries the full items, as list() returns them, and is
	// dispatched on document after the list has changed.
	type detail struct {
		Action string `json:"action"`
		Items  []Item `json:"items"`
		Target bool   `json:"target"`
		Listed []Item `json:"listed"`
	}
	d := eval[detail](t, ctx, `new Promise(resolve => {
		document.addEventListener("favorites:change", e => Favorites.list().then(listed =>
			resolve({action: e.detail.action, items: e.detail.items, target: e.target === document, listed})), {once: true})
		Favorites.add({id: "full", title: "Full item", url: "/full"})
	})`)
	assert.Equal(t, "add", d.Action)
	assert.True(t, d.Target)
	require.Len(t, d.Items, 1)
	assert.Equal(t, Item{ID: "full", Title: "Full item", URL: "/full", Added: d.Items[0].Added}, d.Items[0])
	assert.Equal(t, d.Items, d.Listed)
	assert.Equal(t, "CustomEvent", eval[string](t, ctx, `new Promise(r => {
		document.addEventListener("favorites:change", e => r(e.constructor.name), {once: true})
		Favorites.remove("full")
	})`))
}

// A click on a button reports add, then remove.
func TestClickEvents(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/click-events")
	recordEvents(t, ctx)
	click(t, ctx, "#fav")
	waitState(t, ctx, "#fav", "on")
	click(t, ctx, "#fav")
	waitState(t, ctx, "#fav", "off")
	eval[any](t, ctx, `Favorites.add({id: "w"}).then(() => null)`)
	click(t, ctx, "#list [data-favorites-remove]")
	waitFor(t, ctx, `count.textContent === "0"`, 5*time.Second)
	assert.Equal(t, []Event{ev("add", "a1", "a1"), ev("remove", "a1"), ev("add", "w", "w"), ev("remove", "w")}, events(t, ctx))
}

// syncWithin is the contract's "noticed within 2 seconds", with a little
// room for a loaded test machine.
const syncWithin = 3 * time.Second

func TestSyncFromOtherTab(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/tab-one")
	other := newTab(t, ctx)
	open(t, other, "/t/tab-two")
	recordEvents(t, ctx)

	eval[any](t, other, `Favorites.add({id: "a1", title: "From the other tab", url: "/t/tab-two"}).then(() => null)`)
	awaitEvents(t, ctx, 1, syncWithin)
	assert.Equal(t, []Event{ev("sync", "", "a1")}, events(t, ctx))
	// The widgets redraw.
	waitFor(t, ctx, `count.textContent === "1" && fav.getAttribute("data-favorite-state") === "on"`, time.Second)
	assert.Equal(t, []entry{{"From the other tab", "/t/tab-two", "A"}}, widget(t, ctx, "#list"))
	assert.Equal(t, []string{"a1"}, ids(list(t, ctx)))

	eval[any](t, other, `Favorites.clear()`)
	awaitEvents(t, ctx, 2, syncWithin)
	assert.Equal(t, []Event{ev("sync", "", "a1"), ev("sync", "")}, events(t, ctx))
	waitFor(t, ctx, `count.textContent === "0" && fav.getAttribute("data-favorite-state") === "off"`, time.Second)

	// No sync for the page's own change, in either tab, however often they
	// check the cookie afterwards.
	recordEvents(t, ctx)
	recordEvents(t, other)
	eval[any](t, ctx, `Favorites.add({id: "mine"}).then(() => null)`)
	awaitEvents(t, other, 1, syncWithin)
	countPolls(t, ctx)
	countPolls(t, other)
	waitFor(t, ctx, `__polls >= 2`, syncWithin)
	waitFor(t, other, `__polls >= 2`, syncWithin)
	assert.Equal(t, []Event{ev("add", "mine", "mine")}, events(t, ctx))
	assert.Equal(t, []Event{ev("sync", "", "mine")}, events(t, other))
}

// The cookie deleted from outside the page (by the reader, an expiry) is a
// sync too.
func TestSyncCookieDeleted(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/deleted")
	eval[any](t, ctx, `Favorites.add({id: "a1"}).then(() => Favorites.add({id: "b"})).then(() => null)`)
	waitFor(t, ctx, `count.textContent === "2"`, time.Second)
	recordEvents(t, ctx)
	deleteCookie(t, ctx, "favorites")
	awaitEvents(t, ctx, 1, syncWithin)
	assert.Equal(t, []Event{ev("sync", "")}, events(t, ctx))
	waitFor(t, ctx, `count.textContent === "0" && fav.getAttribute("data-favorite-state") === "off"`, time.Second)
	assert.Contains(t, text(t, ctx, "#list"), "Favorite list is empty.")
	assert.Equal(t, []Item{}, list(t, ctx))

	// And a cookie written from outside (a server response) is read.
	eval[any](t, ctx, `Favorites.add({id: "c"}).then(() => null)`)
	value := cookieNamed(t, ctx, "favorites").Value
	eval[any](t, ctx, `Favorites.clear()`)
	recordEvents(t, ctx)
	setCookie(t, ctx, "favorites", value)
	awaitEvents(t, ctx, 1, syncWithin)
	assert.Equal(t, []Event{ev("sync", "", "c")}, events(t, ctx))
	waitFor(t, ctx, `count.textContent === "1"`, time.Second)
}

// A change made outside the page is reported as sync even when a call of
// the page reads the cookie first (list, has, a change that changes
// nothing, one that fails): the widgets must not stay stale.
func TestSyncNotSwallowedByCalls(t *testing.T) {
	ctx := newContext(t)
	open(t, ctx, "/t/swallow")
	eval[any](t, ctx, `Favorites.add({id: "a1"}).then(() => Favorites.add({id: "b"})).then(() => null)`)
	value := cookieNamed(t, ctx, "favorites").Value
	for _, call := range []string{
		`Favorites.list()`,
		`Favorites.has("a1")`,
		`Favorites.remove("absent")`,
		`Favorites.configure({})`,
	} {
		setCookie(t, ctx, "favorites", value)
		reload(t, ctx)
		waitFor(t, ctx, `count.textContent === "2" && fav.getAttribute("data-favorite-state") === "on"`, syncWithin)
		recordEvents(t, ctx)
		// The cookie deleted (as by another script or an expiry) and the
		// call made in the same turn, before any poll can run.
		eval[any](t, ctx, `document.cookie = "favorites=; Max-Age=0; Path=/", `+call+`.then(() => null)`)
		awaitEvents(t, ctx, 1, syncWithin)
		assert.Equal(t, []Event{ev("sync", "")}, events(t, ctx), call)
		waitFor(t, ctx, `count.textContent === "0" && fav.getAttribute("data-favorite-state") === "off"`, syncWithin)
	}

	// A change made after an outside change: the page hears of both.
	setCookie(t, ctx, "favorites", value)
	reload(t, ctx)
	recordEvents(t, ctx)
	eval[any](t, ctx, `document.cookie = "favorites=; Max-Age=0; Path=/", Favorites.add({id: "c"}).then(() => null)`)
	got := events(t, ctx)
	require.NotEmpty(t, got)
	assert.Equal(t, ev("add", "c", "c"), got[len(got)-1])
	waitFor(t, ctx, `count.textContent === "1"`, syncWithin)
}
