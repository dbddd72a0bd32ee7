package favorites

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func code(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestValidID(t *testing.T) {
	for _, tc := range []struct {
		name string
		id   string
		ok   bool
	}{
		{"empty", "", false},
		{"one char", "1", true},
		{"number", "123456", true},
		{"slug", "post-42_a.b", true},
		{"spaces inside", "a b", true},
		{"unicode", "مقال-٤٢", true},
		{"emoji", "🙂", true},
		{"100 ascii", strings.Repeat("a", 100), true},
		{"101 ascii", strings.Repeat("a", 101), false},
		{"100 multi-byte code points", strings.Repeat("é", 100), true},
		{"101 multi-byte code points", strings.Repeat("é", 101), false},
		{"100 four-byte code points", strings.Repeat("🙂", 100), true},
		{"101 four-byte code points", strings.Repeat("🙂", 101), false},
		{"U+0000", "a\x00b", false},
		{"U+001F", "a\x1fb", false},
		{"U+007F", "a\x7fb", false},
		{"U+0085", "a\u0085b", false},
		{"U+009F", "a\u009fb", false},
		{"U+00A0 is no control", "a\u00a0b", true},
		{"tab", "a\tb", false},
		{"newline", "a\nb", false},
		{"carriage return", "a\rb", false},
		{"leading newline", "\nabc", false},
		{"invalid UTF-8", "a\xffb", false},
		{"truncated UTF-8", "a\xc3", false},
		{"surrogate half as UTF-8", "\xed\xa0\x80", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckID(tc.id)
			if tc.ok {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, InvalidItem, code(err))
		})
	}
}

func TestValidURL(t *testing.T) {
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"", true}, // no link
		{"/", true},
		{"/a?b#c", true},
		{"/2026/11/26/some-slug/", true},
		{"/?q=//x", true},
		{"/a//b", true},
		{"http://x", true},
		{"https://x", true},
		{"HTTPS://Example.com/p", true},
		{"HtTp://example.com:8080/p?q#f", true},
		{"https://user:pw@example.com/", true},
		{"https://ex.com/ü?ä=ö", true},

		{"javascript:alert(1)", false},
		{"JAVASCRIPT:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{" javascript:alert(1)", false},
		{"\tjavascript:alert(1)", false},
		{"java\nscript:alert(1)", false},
		{"java\tscript:alert(1)", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"DATA:text/html;base64,PHNjcmlwdD4=", false},
		{"vbscript:msgbox(1)", false},
		{"//evil.example", false},
		{"//evil.example/path", false},
		{"/\\evil.example", false},
		{"/\t/evil.example", false},
		{"/\n/evil.example", false},
		{"/\r/evil.example", false},
		{"/a\x00b", false},
		{"/a\u0085b", false},
		{"/a\x7f", false},
		{"\\\\evil.example", false},
		{"https:\\\\evil.example", false},
		{"relative/path", false},
		{"./relative", false},
		{"../up", false},
		{"?q", false},
		{"#frag", false},
		{"ftp://x", false},
		{"file:///etc/passwd", false},
		{"mailto:a@b.c", false},
		{"http:///x", false},
		{"http://", false},
		{"https://", false},
		{"http://?q", false},
		{"http://#f", false},
		{"http://@evil", false},
		{"http:x", false},
		{"http:/x", false},
		{" /", false},
		{"/" + strings.Repeat("a", 2047), true},
		{"/" + strings.Repeat("a", 2048), false},
		{"https://example.com/" + strings.Repeat("a", 3000), false},
		{"/\xff", false},
	} {
		name := tc.url
		if len(name) > 40 {
			name = name[:40] + "…"
		}
		t.Run(name, func(t *testing.T) {
			err := CheckURL(tc.url)
			if tc.ok {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, InvalidItem, code(err))
		})
	}
}

func TestShortenTitle(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"short", "Hello, world", "Hello, world"},
		{"199", strings.Repeat("a", 199), strings.Repeat("a", 199)},
		{"200 kept", strings.Repeat("a", 200), strings.Repeat("a", 200)},
		{"201 shortened", strings.Repeat("a", 201), strings.Repeat("a", 199) + "…"},
		{"1000 shortened", strings.Repeat("a", 1000), strings.Repeat("a", 199) + "…"},
		{"200 multi-byte kept", strings.Repeat("ж", 200), strings.Repeat("ж", 200)},
		{"201 multi-byte shortened", strings.Repeat("ж", 201), strings.Repeat("ж", 199) + "…"},
		{"emoji shortened", strings.Repeat("🙂", 250), strings.Repeat("🙂", 199) + "…"},
		{"mixed", strings.Repeat("a", 198) + "日本語", strings.Repeat("a", 198) + "日…"},
		{"ends in an ellipsis already", strings.Repeat("a", 199) + "…", strings.Repeat("a", 199) + "…"},
		{"control characters are kept", "a\x00\tb", "a\x00\tb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ShortenTitle(tc.in)
			assert.Equal(t, tc.want, got)
			assert.LessOrEqual(t, utf8.RuneCountInString(got), MaxTitleLen)
			assert.True(t, utf8.ValidString(got))
		})
	}
}

func ptr(s string) *string { return &s }

// added fails t unless an add succeeded, and returns whether it changed l.
func added(t *testing.T, l *List, p Patch, now int64, max int) bool {
	t.Helper()
	changed, err := l.Add(p, now, max)
	require.NoError(t, err)
	return changed
}

func TestListAdd(t *testing.T) {
	var l List
	assert.True(t, added(t, &l, Patch{ID: "1", Title: ptr("One"), URL: ptr("/one")}, 100, 3))
	assert.True(t, added(t, &l, Patch{ID: "2", Title: ptr("Two"), URL: ptr("https://example.com/two")}, 200, 3))
	assert.True(t, added(t, &l, Patch{ID: "3"}, 300, 3))
	assert.Equal(t, []Item{
		{ID: "1", Title: "One", URL: "/one", Added: 100},
		{ID: "2", Title: "Two", URL: "https://example.com/two", Added: 200},
		{ID: "3", Added: 300},
	}, l.Items)

	// An update keeps the place and Added; nil title or url keep what is
	// stored; an update that sets what is stored changes nothing.
	assert.True(t, added(t, &l, Patch{ID: "1", Title: ptr("One, again")}, 999, 3))
	assert.True(t, added(t, &l, Patch{ID: "2", URL: ptr("/two")}, 999, 3))
	assert.False(t, added(t, &l, Patch{ID: "3"}, 999, 3))
	assert.False(t, added(t, &l, Patch{ID: "2", Title: ptr("Two"), URL: ptr("/two")}, 999, 3))
	assert.Equal(t, []Item{
		{ID: "1", Title: "One, again", URL: "/one", Added: 100},
		{ID: "2", Title: "Two", URL: "/two", Added: 200},
		{ID: "3", Added: 300},
	}, l.Items)

	// An empty title or url is given, not absent: it replaces.
	assert.True(t, added(t, &l, Patch{ID: "1", Title: ptr(""), URL: ptr("")}, 999, 3))
	assert.Equal(t, Item{ID: "1", Added: 100}, l.Items[0])

	// Full at max; an update of a present id is still fine when full.
	before := l.Clone()
	changed, err := l.Add(Patch{ID: "4"}, 400, 3)
	require.Error(t, err)
	assert.False(t, changed)
	assert.Equal(t, Full, code(err))
	assert.True(t, errors.Is(err, &Error{Code: Full}))
	assert.False(t, errors.Is(err, &Error{Code: InvalidItem}))
	assert.Equal(t, before.Items, l.Items)
	assert.True(t, added(t, &l, Patch{ID: "3", Title: ptr("Three")}, 400, 3))
	assert.Equal(t, "Three", l.Items[2].Title)

	// A long title is shortened on add and on update.
	assert.True(t, added(t, &l, Patch{ID: "2", Title: ptr(strings.Repeat("x", 300))}, 0, 3))
	assert.Equal(t, strings.Repeat("x", 199)+"…", l.Items[1].Title)
}

func TestListAddInvalidLeavesListUnchanged(t *testing.T) {
	base := List{Items: []Item{{ID: "1", Title: "One", URL: "/one", Added: 1}}}
	for _, tc := range []struct {
		name string
		p    Patch
	}{
		{"empty id", Patch{ID: "", Title: ptr("x")}},
		{"long id", Patch{ID: strings.Repeat("a", 101)}},
		{"control id", Patch{ID: "a\nb"}},
		{"bad url new", Patch{ID: "2", URL: ptr("javascript:alert(1)")}},
		{"bad url update", Patch{ID: "1", Title: ptr("changed"), URL: ptr("//evil.example")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := base.Clone()
			_, err := l.Add(tc.p, 5, 10)
			require.Error(t, err)
			assert.Equal(t, InvalidItem, code(err))
			assert.Equal(t, base.Items, l.Items)
		})
	}
}

func TestListRemoveHasIndex(t *testing.T) {
	l := List{Items: []Item{{ID: "a"}, {ID: "b"}, {ID: "c"}}}
	assert.Equal(t, 1, l.Index("b"))
	assert.Equal(t, -1, l.Index("z"))
	assert.True(t, l.Has("c"))
	assert.False(t, l.Has("z"))

	assert.False(t, l.Remove("z"))
	assert.Len(t, l.Items, 3)
	assert.True(t, l.Remove("b"))
	assert.Equal(t, []Item{{ID: "a"}, {ID: "c"}}, l.Items)
	assert.False(t, l.Has("b"))
	assert.True(t, l.Remove("a"))
	assert.True(t, l.Remove("c"))
	assert.Empty(t, l.Items)
	assert.False(t, l.Remove("c"))
}

func TestListRemoveDoesNotDisturbClones(t *testing.T) {
	l := List{Items: []Item{{ID: "a"}, {ID: "b"}, {ID: "c"}}}
	c := l.Clone()
	require.True(t, c.Remove("a"))
	assert.Equal(t, []Item{{ID: "a"}, {ID: "b"}, {ID: "c"}}, l.Items)
	assert.Equal(t, []Item{{ID: "b"}, {ID: "c"}}, c.Items)
}

func TestListClone(t *testing.T) {
	l := List{Items: make([]Item, 0, 10)}
	l.Items = append(l.Items, Item{ID: "a", Title: "A"}, Item{ID: "b"})
	c := l.Clone()
	c.Items[0].Title = "changed"
	added(t, &c, Patch{ID: "z"}, 1, 10)
	assert.Equal(t, "A", l.Items[0].Title)
	assert.Len(t, l.Items, 2)
	// Appending to the original does not reach the clone either.
	l.Items = append(l.Items, Item{ID: "y"})
	assert.Equal(t, "z", c.Items[2].ID)

	var empty List
	assert.Empty(t, empty.Clone().Items)
}

func TestErrorString(t *testing.T) {
	err := CheckID("")
	assert.True(t, strings.HasPrefix(err.Error(), "invalid-item: "))
}
