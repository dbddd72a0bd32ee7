package store

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/favorites-dev/favorites/internal/cookie"
	"github.com/favorites-dev/favorites/internal/favorites"
	"github.com/favorites-dev/favorites/internal/jartest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const day = 86400

func code(err error) favorites.Code {
	var e *favorites.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func sp(s string) *string { return &s }

// ok fails t unless a change succeeded: ok(t)(s.Add(c)).
func ok(t *testing.T) func(bool, error) {
	return func(_ bool, err error) {
		t.Helper()
		require.NoError(t, err)
	}
}

func errOf(_ bool, err error) error { return err }

// item is a typical item of a news site, about 160 bytes in the cookie.
func item(n int) favorites.Patch {
	id := strconv.Itoa(100000 + n)
	return favorites.Patch{
		ID:    id,
		Title: sp("Council approves the budget for schools, item " + id + " of the long list of news today"),
		URL:   sp("/2026/11/26/council-approves-the-budget-for-schools-" + id),
	}
}

type env struct {
	t   *testing.T
	jar *jartest.Jar
	now int64 // the stores' clock, Unix seconds
}

func newEnv(t *testing.T) *env {
	return &env{t: t, jar: jartest.New(), now: 1795000000}
}

func (e *env) store(o Options) *Store {
	require.NoError(e.t, o.Check())
	return New(e.jar, o, func() int64 { return e.now })
}

// set writes to the jar from outside the store, as another page or the
// reader would.
func (e *env) set(assignment string) {
	e.jar.SetCookie(assignment)
}

func ids(items []favorites.Item) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

// fill adds n typical items, from first on.
func fill(t *testing.T, s *Store, first, n int) {
	t.Helper()
	for i := first; i < first+n; i++ {
		ok(t)(s.Add(item(i)))
	}
}

func TestAddRemoveToggleClearHas(t *testing.T) {
	e := newEnv(t)
	s := e.store(DefaultOptions())
	assert.Empty(t, s.Items())

	ok(t)(s.Add(favorites.Patch{ID: "a", Title: sp("A title"), URL: sp("/a")}))
	e.now += 10
	ok(t)(s.Add(favorites.Patch{ID: "b"}))
	assert.Equal(t, []favorites.Item{
		{ID: "a", Title: "A title", URL: "/a", Added: 1795000000},
		{ID: "b", Added: 1795000010},
	}, s.Items())
	assert.True(t, s.Has("a"))
	assert.False(t, s.Has("c"))

	// Adding again updates in place and keeps Added.
	e.now += 10
	ok(t)(s.Add(favorites.Patch{ID: "a", Title: sp("New")}))
	assert.Equal(t, favorites.Item{ID: "a", Title: "New", URL: "/a", Added: 1795000000}, s.Items()[0])

	// The cookie holds it: a new store on the same jar reads the same list.
	assert.Equal(t, s.Items(), e.store(DefaultOptions()).Items())

	ok(t)(s.Remove("a"))
	assert.Equal(t, []string{"b"}, ids(s.Items()))
	writes := len(e.jar.Writes)
	ok(t)(s.Remove("absent"))
	assert.Len(t, e.jar.Writes, writes, "removing an absent id writes nothing")

	on, err := s.Toggle(favorites.Patch{ID: "c", URL: sp("/c")})
	require.NoError(t, err)
	assert.True(t, on)
	on, err = s.Toggle(favorites.Patch{ID: "b"})
	require.NoError(t, err)
	assert.False(t, on)
	assert.Equal(t, []string{"c"}, ids(s.Items()))
	_, err = s.Toggle(favorites.Patch{ID: ""})
	assert.Equal(t, favorites.InvalidItem, code(err))
	_, err = s.Toggle(favorites.Patch{ID: "d", URL: sp("javascript:alert(1)")})
	assert.Equal(t, favorites.InvalidItem, code(err))
	assert.Equal(t, []string{"c"}, ids(s.Items()))

	ok(t)(s.Clear())
	assert.Empty(t, s.Items())
	assert.Empty(t, e.jar.Names())
	ok(t)(s.Clear()) // clearing an empty list
}

func TestInvalidAndFullLeaveTheCookieAlone(t *testing.T) {
	e := newEnv(t)
	o := DefaultOptions()
	o.MaxItems = 3
	s := e.store(o)
	fill(t, s, 0, 3)
	before := e.jar.Snapshot()
	writes := len(e.jar.Writes)

	_, err := s.Add(item(3))
	assert.Equal(t, favorites.Full, code(err))
	_, err = s.Toggle(item(3))
	assert.Equal(t, favorites.Full, code(err))
	_, err = s.Add(favorites.Patch{ID: "x\ny"})
	assert.Equal(t, favorites.InvalidItem, code(err))
	_, err = s.Add(favorites.Patch{ID: item(0).ID, URL: sp("//evil.example")})
	assert.Equal(t, favorites.InvalidItem, code(err))

	assert.Len(t, e.jar.Writes, writes)
	assert.Equal(t, before, e.jar.Snapshot())
	assert.Len(t, s.Items(), 3)
	ok(t)(s.Add(favorites.Patch{ID: item(1).ID, Title: sp("updated")})) // an update is fine when full
}

func TestFullByCookieSize(t *testing.T) {
	e := newEnv(t)
	o := DefaultOptions()
	o.MaxItems = favorites.MaxMaxItems
	s := e.store(o)
	var err error
	n := 0
	for ; n < 1000; n++ {
		if _, err = s.Add(item(n)); err != nil {
			break
		}
	}
	assert.Equal(t, favorites.Full, code(err))
	assert.Greater(t, n, 100)
	assert.Len(t, s.Items(), n)
	assert.Len(t, e.jar.Names(), cookie.MaxCookies)
	for name, v := range e.jar.Snapshot() {
		assert.LessOrEqual(t, len(name)+1+len(v), cookie.MaxPairBytes)
	}
	t.Logf("%d typical items fill %d cookies", n, cookie.MaxCookies)
}

func TestDefaultCapacity(t *testing.T) {
	e := newEnv(t)
	s := e.store(DefaultOptions())
	fill(t, s, 0, favorites.DefaultMaxItems)
	assert.Equal(t, favorites.Full, code(errOf(s.Add(item(999)))))
	assert.Len(t, e.store(DefaultOptions()).Items(), favorites.DefaultMaxItems)
}

func TestSync(t *testing.T) {
	e := newEnv(t)
	a := e.store(DefaultOptions())
	b := e.store(DefaultOptions())
	assert.False(t, a.Sync(), "nothing changed")

	ok(t)(b.Add(favorites.Patch{ID: "1"}))
	assert.True(t, a.Sync(), "another tab added")
	assert.Equal(t, []string{"1"}, ids(a.Items()))
	assert.False(t, a.Sync())

	// A change after a Sync starts from the stored list, not from what
	// this store saw before.
	ok(t)(b.Add(favorites.Patch{ID: "2"}))
	assert.True(t, a.Sync())
	ok(t)(a.Add(favorites.Patch{ID: "3"}))
	assert.Equal(t, []string{"1", "2", "3"}, ids(a.Items()))
	assert.True(t, b.Sync())
	assert.Equal(t, []string{"1", "2", "3"}, ids(b.Items()))

	// The reader deletes the cookie.
	e.set("favorites=; Path=/; Max-Age=0")
	assert.True(t, a.Sync(), "cookie deleted")
	assert.Empty(t, a.Items())
	assert.False(t, a.Sync())

	// A change of one chunk of several.
	fill(t, a, 0, 40)
	require.Len(t, e.jar.Names(), 2)
	assert.True(t, b.Sync())
	v, _ := e.jar.Get("favorites_1")
	e.set("favorites_1=" + v[:len(v)-1] + "; Path=/; Max-Age=100")
	assert.True(t, b.Sync())
	assert.Len(t, b.Items(), 39, "the cut item is dropped, the rest kept")
	assert.True(t, a.Sync())
	ok(t)(a.Clear())
	assert.True(t, b.Has(item(1).ID), "b has not synced yet")
	assert.True(t, b.Sync())
	assert.False(t, b.Has(item(1).ID))
}

func TestCookiesDisabled(t *testing.T) {
	e := newEnv(t)
	e.jar.Refuse = func(string) bool { return true }
	s := e.store(DefaultOptions())
	_, err := s.Add(favorites.Patch{ID: "1"})
	assert.Equal(t, favorites.CookiesDisabled, code(err))
	assert.Empty(t, s.Items())
	_, err = s.Toggle(favorites.Patch{ID: "1"})
	assert.Equal(t, favorites.CookiesDisabled, code(err))
	assert.Empty(t, e.jar.Names())
	assert.False(t, s.Sync())
}

func TestCookiesDisabledAfterSomeWrites(t *testing.T) {
	e := newEnv(t)
	s := e.store(DefaultOptions())
	fill(t, s, 0, 3)
	e.jar.Refuse = func(string) bool { return true }
	before, items := e.jar.Snapshot(), append([]favorites.Item(nil), s.Items()...)
	for _, f := range []func() error{
		func() error { return errOf(s.Add(item(10))) },
		func() error { return errOf(s.Remove(item(0).ID)) },
		func() error { _, err := s.Toggle(item(1)); return err },
		func() error { return errOf(s.Clear()) },
	} {
		assert.Equal(t, favorites.CookiesDisabled, code(f()))
		assert.Equal(t, items, s.Items())
		assert.Equal(t, before, e.jar.Snapshot())
	}
}

// A jar that keeps the first chunk but not the second makes a partial
// write: the store must put the first chunk back.
func TestPartialWriteRestoresChunks(t *testing.T) {
	e := newEnv(t)
	s := e.store(DefaultOptions())
	fill(t, s, 0, 20)
	require.Equal(t, []string{"favorites"}, e.jar.Names())
	e.jar.Refuse = func(a string) bool { return strings.HasPrefix(a, "favorites_1=") }

	var err error
	var before map[string]string
	var items []favorites.Item
	n := 20
	for ; n < 50; n++ {
		before, items = e.jar.Snapshot(), append([]favorites.Item(nil), s.Items()...)
		if _, err = s.Add(item(n)); err != nil {
			break
		}
	}
	require.Equal(t, favorites.CookiesDisabled, code(err), "the add that needs a second chunk")
	assert.Greater(t, n, 20)
	assert.Equal(t, before, e.jar.Snapshot(), "the first chunk is as before the failed add")
	assert.Equal(t, items, s.Items())
	assert.Equal(t, items, e.store(DefaultOptions()).Items())
	assert.False(t, s.Has(item(n).ID))
}

// A jar that does not delete the second chunk: the list shrinks to one
// chunk, whose write must be undone.
func TestPartialDeleteRestoresChunks(t *testing.T) {
	e := newEnv(t)
	s := e.store(DefaultOptions())
	n := 0
	for ; len(e.jar.Names()) < 2; n++ {
		ok(t)(s.Add(item(n)))
	}
	e.jar.Refuse = func(a string) bool { return strings.HasPrefix(a, "favorites_1=;") }
	before, items := e.jar.Snapshot(), append([]favorites.Item(nil), s.Items()...)
	_, err := s.Remove(item(n - 1).ID)
	assert.Equal(t, favorites.CookiesDisabled, code(err))
	assert.Equal(t, before, e.jar.Snapshot())
	assert.Equal(t, items, s.Items())
	assert.Equal(t, favorites.CookiesDisabled, code(errOf(s.Clear())))
	assert.Equal(t, before, e.jar.Snapshot())
	assert.Equal(t, items, s.Items())
	assert.False(t, s.Sync())
}

func TestClearLeavesNoChunk(t *testing.T) {
	e := newEnv(t)
	o := DefaultOptions()
	o.MaxItems = 200
	s := e.store(o)
	fill(t, s, 0, 70)
	require.Len(t, e.jar.Names(), 3)
	// A stale chunk left by some older write, and other cookies.
	e.set("favorites_4=11AAAAAAAA||~; Path=/; Max-Age=1000")
	e.set("session=abc; Path=/")
	e.set("favoritesX=1; Path=/")
	assert.True(t, s.Sync())
	ok(t)(s.Clear())
	assert.Equal(t, []string{"favoritesX", "session"}, e.jar.Names())
	assert.Empty(t, s.Items())
	assert.Empty(t, e.store(o).Items())
}

func TestShrinkingDeletesStaleChunks(t *testing.T) {
	e := newEnv(t)
	o := DefaultOptions()
	o.MaxItems = 200
	s := e.store(o)
	fill(t, s, 0, 70)
	require.Len(t, e.jar.Names(), 3)
	for i := 0; i < 60; i++ {
		ok(t)(s.Remove(item(i).ID))
	}
	assert.Equal(t, []string{"favorites"}, e.jar.Names())
	assert.Len(t, e.store(o).Items(), 10)
}

func TestMaxAgeRenewedOnEveryWrite(t *testing.T) {
	e := newEnv(t)
	o := DefaultOptions()
	o.Attributes.MaxAgeDays = 30
	s := e.store(o)
	fill(t, s, 0, 30) // two chunks
	require.Len(t, e.jar.Names(), 2)
	for step := 0; step < 3; step++ {
		e.now += 20 * day
		first := len(e.jar.Writes)
		switch step {
		case 0:
			ok(t)(s.Add(item(100))) // lands in the last chunk
		case 1:
			ok(t)(s.Add(favorites.Patch{ID: item(0).ID, Title: sp("renamed")})) // an update of the first chunk
		case 2:
			ok(t)(s.Remove(item(100).ID))
		}
		var written []string
		for _, w := range e.jar.Writes[first:] {
			assert.Contains(t, w, "; Max-Age=2592000;")
			written = append(written, w[:strings.Index(w, "=")])
		}
		assert.ElementsMatch(t, e.jar.Names(), written, "step %d: every chunk written again", step)
	}
	assert.Len(t, e.store(o).Items(), 30)
}

func TestAttributesWritten(t *testing.T) {
	e := newEnv(t)
	o := DefaultOptions()
	o.Attributes = cookie.Attributes{MaxAgeDays: 7, Domain: "example.com", Secure: true}
	s := e.store(o)
	ok(t)(s.Add(favorites.Patch{ID: "1"}))
	ok(t)(s.Clear())
	require.Len(t, e.jar.Writes, 2)
	assert.Regexp(t, `^favorites=11[A-Za-z0-9_-]{8}1\|\|~; Path=/; Max-Age=604800; SameSite=Lax; Domain=example.com; Secure$`, e.jar.Writes[0])
	assert.Equal(t, "favorites=; Path=/; Max-Age=0; SameSite=Lax; Domain=example.com; Secure", e.jar.Writes[1])
}

func TestOptionsCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Options)
		ok   bool
	}{
		{"defaults", func(*Options) {}, true},
		{"name other", func(o *Options) { o.CookieName = "my_favs" }, true},
		{"name empty", func(o *Options) { o.CookieName = "" }, false},
		{"name with space", func(o *Options) { o.CookieName = "my favs" }, false},
		{"name with =", func(o *Options) { o.CookieName = "a=b" }, false},
		{"name with ;", func(o *Options) { o.CookieName = "a;b" }, false},
		{"name 64", func(o *Options) { o.CookieName = strings.Repeat("n", 64) }, true},
		{"name 65", func(o *Options) { o.CookieName = strings.Repeat("n", 65) }, false},
		{"name non-ASCII", func(o *Options) { o.CookieName = "favorités" }, false},
		{"maxItems 0", func(o *Options) { o.MaxItems = 0 }, false},
		{"maxItems -1", func(o *Options) { o.MaxItems = -1 }, false},
		{"maxItems 1", func(o *Options) { o.MaxItems = 1 }, true},
		{"maxItems 1000", func(o *Options) { o.MaxItems = 1000 }, true},
		{"maxItems 1001", func(o *Options) { o.MaxItems = 1001 }, false},
		{"maxAgeDays 0", func(o *Options) { o.Attributes.MaxAgeDays = 0 }, false},
		{"maxAgeDays 1", func(o *Options) { o.Attributes.MaxAgeDays = 1 }, true},
		{"maxAgeDays 400", func(o *Options) { o.Attributes.MaxAgeDays = 400 }, true},
		{"maxAgeDays 401", func(o *Options) { o.Attributes.MaxAgeDays = 401 }, false},
		{"domain", func(o *Options) { o.Attributes.Domain = "example.com" }, true},
		{"domain with dot", func(o *Options) { o.Attributes.Domain = ".example.com" }, true},
		{"domain with attribute", func(o *Options) { o.Attributes.Domain = "example.com; Secure" }, false},
		{"domain with port", func(o *Options) { o.Attributes.Domain = "example.com:80" }, false},
		{"domain empty", func(o *Options) { o.Attributes.Domain = "" }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := DefaultOptions()
			tc.edit(&o)
			err := o.Check()
			if tc.ok {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, favorites.InvalidItem, code(err))
		})
	}
	assert.Equal(t, Options{CookieName: "favorites", MaxItems: 50, Attributes: cookie.Attributes{MaxAgeDays: 365}}, DefaultOptions())
}

// A store under other options (dispatch's Configure makes one) reads the
// list those options name.
func TestOtherOptions(t *testing.T) {
	e := newEnv(t)
	s := e.store(DefaultOptions())
	ok(t)(s.Add(favorites.Patch{ID: "default-list"}))

	o := DefaultOptions()
	o.CookieName = "other"
	s = e.store(o)
	assert.Empty(t, s.Items(), "another name is another list")
	ok(t)(s.Add(favorites.Patch{ID: "other-list"}))
	assert.Equal(t, []string{"favorites", "other"}, e.jar.Names())
	assert.Equal(t, o, s.Options())

	s = e.store(DefaultOptions())
	assert.Equal(t, []string{"default-list"}, ids(s.Items()))

	// A smaller maxItems keeps what is stored but takes no more.
	fill(t, s, 0, 4)
	small := DefaultOptions()
	small.MaxItems = 2
	s = e.store(small)
	assert.Len(t, s.Items(), 5)
	assert.Equal(t, favorites.Full, code(errOf(s.Add(item(50)))))
	ok(t)(s.Remove(item(0).ID))
	assert.Len(t, s.Items(), 4)
}

func TestUnreadableEntriesDroppedAtNextWrite(t *testing.T) {
	e := newEnv(t)
	s := e.store(DefaultOptions())
	fill(t, s, 0, 3)
	v, _ := e.jar.Get("favorites")
	// Break the second item's check.
	b := []byte(v)
	i := strings.Index(v, "~") + 1
	b[i] ^= 1
	e.set("favorites=" + string(b) + "; Path=/; Max-Age=100")
	s2 := e.store(DefaultOptions())
	assert.Equal(t, []string{item(0).ID, item(2).ID}, ids(s2.Items()))
	ok(t)(s2.Add(favorites.Patch{ID: "new"}))
	assert.Equal(t, []string{item(0).ID, item(2).ID, "new"}, ids(e.store(DefaultOptions()).Items()))
	v2, _ := e.jar.Get("favorites")
	assert.NotContains(t, v2, string(b[i:strings.Index(v[i:], "~")+i]))
}

func TestCookieForAnotherPathShadows(t *testing.T) {
	// A favourites cookie with a longer path (written by something else)
	// comes first in document.cookie: the store reads it, and a write that
	// the page cannot see back is reported, not silently lost.
	e := newEnv(t)
	s := e.store(DefaultOptions())
	ok(t)(s.Add(favorites.Patch{ID: "1"}))
	e.set("favorites=; Path=/2026/; Max-Age=100")
	e.set("favorites=garbage; Path=/2026/; Max-Age=100")
	assert.True(t, s.Sync())
	assert.Empty(t, s.Items())
	assert.Equal(t, favorites.CookiesDisabled, code(errOf(s.Add(favorites.Patch{ID: "2"}))))
	assert.Empty(t, s.Items())
}

func TestChangedFlags(t *testing.T) {
	e := newEnv(t)
	s := e.store(DefaultOptions())
	changed, err := s.Add(favorites.Patch{ID: "a", Title: sp("A")})
	require.NoError(t, err)
	assert.True(t, changed, "a new item")

	writes := len(e.jar.Writes)
	changed, err = s.Add(favorites.Patch{ID: "a", Title: sp("A")})
	require.NoError(t, err)
	assert.False(t, changed, "the same title again")
	changed, err = s.Add(favorites.Patch{ID: "a"})
	require.NoError(t, err)
	assert.False(t, changed, "nothing given")
	changed, err = s.Remove("absent")
	require.NoError(t, err)
	assert.False(t, changed, "an absent id")
	assert.Len(t, e.jar.Writes, writes, "no-op changes of a stored list write nothing")

	changed, err = s.Add(favorites.Patch{ID: "a", URL: sp("/a")})
	require.NoError(t, err)
	assert.True(t, changed, "a new url")
	changed, err = s.Remove("a")
	require.NoError(t, err)
	assert.True(t, changed)
	changed, err = s.Clear()
	require.NoError(t, err)
	assert.False(t, changed, "clearing an empty list")
	assert.Empty(t, e.jar.Names(), "the probe cookie is gone again")

	require.NoError(t, errOf(s.Add(favorites.Patch{ID: "b"})))
	changed, err = s.Clear()
	require.NoError(t, err)
	assert.True(t, changed)
}

func TestNoOpChangeInABlockedJar(t *testing.T) {
	e := newEnv(t)
	e.jar.Refuse = func(string) bool { return true }
	s := e.store(DefaultOptions())
	for name, f := range map[string]func() (bool, error){
		"remove": func() (bool, error) { return s.Remove("x") },
		"clear":  s.Clear,
	} {
		changed, err := f()
		assert.False(t, changed, name)
		assert.Equal(t, favorites.CookiesDisabled, code(err), name)
	}
	assert.Empty(t, e.jar.Names())
}

// A jar that throws, as document.cookie does in a sandboxed frame: the list
// reads as empty and every change, no-op or not, is cookies-disabled.
func TestJarThrows(t *testing.T) {
	e := newEnv(t)
	fill(t, e.store(DefaultOptions()), 0, 2)
	e.jar.Throw = true
	s := e.store(DefaultOptions())
	assert.Empty(t, s.Items())
	assert.False(t, s.Sync())
	for name, f := range map[string]func() (bool, error){
		"add":    func() (bool, error) { return s.Add(item(5)) },
		"remove": func() (bool, error) { return s.Remove("x") },
		"toggle": func() (bool, error) { return s.Toggle(item(6)) },
		"clear":  s.Clear,
	} {
		changed, err := f()
		assert.False(t, changed, name)
		assert.Equal(t, favorites.CookiesDisabled, code(err), name)
	}
	// A jar that reads but throws on writes.
	e.jar.Throw = false
	assert.True(t, s.Sync())
	assert.Len(t, s.Items(), 2)
	s.jar = throwOnWrite{e.jar}
	assert.Equal(t, favorites.CookiesDisabled, code(errOf(s.Add(item(7)))))
	assert.Len(t, s.Items(), 2)
}

type throwOnWrite struct{ *jartest.Jar }

func (throwOnWrite) SetCookie(string) {}
