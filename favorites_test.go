package favorites

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ifav "github.com/favorites-dev/favorites/internal/favorites"
)

// core returns it as the codec holds it.
func core(it Item) ifav.Item {
	return ifav.Item{ID: it.ID, Title: it.Title, URL: it.URL, Added: it.Added.Unix()}
}

func TestReadNothing(t *testing.T) {
	assert.Nil(t, Read(request("GET", "/", "")))
	assert.Nil(t, Read(request("GET", "/", "session=abc; theme=dark")))
	assert.Nil(t, Read(request("GET", "/", "favorites=; favorites_1=")))
	assert.Nil(t, Read(request("GET", "/", "favorites=not a list")))
	assert.Nil(t, Read(nil))
}

func TestReadWhatTheCodecWrote(t *testing.T) {
	items := typicalList(50)
	var want []ifav.Item
	for _, it := range items {
		want = append(want, core(it))
	}
	header := "_ga=GA1.2.3; " + encoded(t, "favorites", want...) + "; theme=dark"
	require.Contains(t, header, "favorites_1=", "the list spans two cookies")
	got := Read(request("GET", "/", header))
	require.Equal(t, items, got)
	for _, it := range got {
		assert.Equal(t, time.UTC, it.Added.Location())
	}
}

func TestReadOptions(t *testing.T) {
	it := typical(1)
	header := encoded(t, "reading-list", core(it))
	assert.Nil(t, Read(request("GET", "/", header)), "another cookie name is another list")
	assert.Equal(t, []Item{it}, Options{CookieName: "reading-list"}.Read(request("GET", "/", header)))
	assert.Nil(t, Options{CookieName: "reading.list"}.Read(request("GET", "/", header)), "options that make no sense read nothing")
}

// HTTP/2 lets a client send the cookies in several header fields.
func TestReadSplitHeader(t *testing.T) {
	items := typicalList(50)
	var cs []ifav.Item
	for _, it := range items {
		cs = append(cs, core(it))
	}
	r := request("GET", "/", "")
	for _, pair := range strings.Split(encoded(t, "favorites", cs...), "; ") {
		r.Header.Add("Cookie", pair)
	}
	require.Len(t, r.Header.Values("Cookie"), 2)
	assert.Equal(t, items, Read(r))
}

// A tampered item is dropped, the others are read; where a cookie name
// comes twice (another path's), the first counts, as in the browser.
func TestReadDropsWhatItCannotRead(t *testing.T) {
	a, b := typical(1), typical(2)
	header := encoded(t, "favorites", core(a), core(b))
	tampered := strings.Replace(header, "schools", "schoolz", 1)
	require.NotEqual(t, header, tampered, "the test changes a title")
	assert.Equal(t, []Item{b}, Read(request("GET", "/", tampered)))

	other := encoded(t, "favorites", core(typical(3)))
	assert.Equal(t, []Item{a, b}, Read(request("GET", "/", header+"; "+other)))
}

func TestWriteRoundTrip(t *testing.T) {
	items := typicalList(50)
	items[3].Title = `Café "quoted", 100% ; semi + plus \ back — ✓ 😀`
	items[4].URL = "https://news.example/a?b=c&d=%20e"
	items[5].URL = ""
	items[6].Title = ""
	r := request("GET", "/", "")
	w := httptest.NewRecorder()
	require.NoError(t, Write(w, r, items))
	got := Read(request("GET", "/", stored(t, "", w)))
	assert.Equal(t, items, got)
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
}

// The cookies are the browser's: the same values its codec writes for the
// same items, with its attributes.
func TestWriteIsTheBrowsersCookie(t *testing.T) {
	items := typicalList(50)
	var cs []ifav.Item
	for _, it := range items {
		cs = append(cs, core(it))
	}
	w := httptest.NewRecorder()
	require.NoError(t, Write(w, request("GET", "/", ""), items))
	assert.Equal(t, encoded(t, "favorites", cs...), stored(t, "", w))
	for _, c := range w.Result().Cookies() {
		assert.Equal(t, "/", c.Path)
		assert.Equal(t, 365*86400, c.MaxAge)
		assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
		assert.Empty(t, c.Domain)
		assert.False(t, c.Secure, "http")
		assert.False(t, c.HttpOnly, "the script must read it")
		assert.True(t, c.Expires.IsZero(), "Max-Age, not the server's clock")
	}
	for _, h := range setCookies(w) {
		assert.Regexp(t, `^favorites(_1)?=[^;]+; Path=/; Max-Age=31536000; SameSite=Lax$`, h)
	}
}

func TestWriteAttributes(t *testing.T) {
	w := httptest.NewRecorder()
	o := Options{CookieName: "reading-list", MaxAge: 30 * 24 * time.Hour, Domain: "news.example"}
	require.NoError(t, o.Write(w, request("POST", "https://www.news.example/x", ""), []Item{typical(1)}))
	assert.Equal(t, []string{"reading-list=" + strings.TrimPrefix(encoded(t, "reading-list", core(typical(1))), "reading-list=") +
		"; Path=/; Max-Age=2592000; SameSite=Lax; Domain=news.example; Secure"}, setCookies(w))
}

func TestWriteReplacesChunks(t *testing.T) {
	var cs []ifav.Item
	for _, it := range typicalList(50) {
		cs = append(cs, core(it))
	}
	before := "theme=dark; " + encoded(t, "favorites", cs...)
	w := httptest.NewRecorder()
	require.NoError(t, Write(w, request("GET", "/", before), typicalList(3)))
	h := setCookies(w)
	require.Len(t, h, 2, "the list's cookie, and the deletion of the chunk it no longer needs")
	assert.True(t, strings.HasPrefix(h[1], "favorites_1=; Path=/; Max-Age=0; SameSite=Lax"), h[1])
	after := stored(t, before, w)
	assert.Equal(t, typicalList(3), Read(request("GET", "/", after)))
	assert.Contains(t, after, "theme=dark")
	assert.NotContains(t, after, "favorites_1")
}

func TestWriteNilClears(t *testing.T) {
	var cs []ifav.Item
	for _, it := range typicalList(50) {
		cs = append(cs, core(it))
	}
	before := encoded(t, "favorites", cs...) + "; theme=dark"
	w := httptest.NewRecorder()
	require.NoError(t, Write(w, request("GET", "/", before), nil))
	assert.Len(t, setCookies(w), 2)
	assert.Equal(t, "theme=dark", stored(t, before, w))

	w = httptest.NewRecorder()
	require.NoError(t, Write(w, request("GET", "/", "theme=dark"), []Item{}))
	assert.Empty(t, setCookies(w), "nothing to clear: nothing written")
	assert.Empty(t, w.Header().Get("Cache-Control"))
}

// Write keeps what the browser keeps after adding the items in order.
func TestWriteAsTheBrowserAdds(t *testing.T) {
	long := strings.Repeat("é", 250)
	first := time.Unix(1795000000, 0).UTC()
	items := []Item{
		{ID: "1", Title: "One", URL: "/1", Added: first},
		{ID: "2", Title: long, URL: "/2", Added: first.Add(time.Hour)},
		{ID: "1", Title: "One, again", URL: "/one", Added: first.Add(2 * time.Hour)},
		{ID: "3", Added: first.Add(1500 * time.Millisecond)},
	}
	w := httptest.NewRecorder()
	require.NoError(t, Write(w, request("GET", "/", ""), items))
	got := Read(request("GET", "/", stored(t, "", w)))
	assert.Equal(t, []Item{
		{ID: "1", Title: "One, again", URL: "/one", Added: first},
		{ID: "2", Title: strings.Repeat("é", 199) + "…", URL: "/2", Added: first.Add(time.Hour)},
		{ID: "3", Added: first.Add(time.Second)},
	}, got)

	before := time.Now().Truncate(time.Second)
	w = httptest.NewRecorder()
	require.NoError(t, Write(w, request("GET", "/", ""), []Item{{ID: "now"}}))
	got = Read(request("GET", "/", stored(t, "", w)))
	require.Len(t, got, 1)
	assert.False(t, got[0].Added.Before(before), "a zero Added is now")
	assert.False(t, got[0].Added.After(time.Now()))
}

func TestWriteRefuses(t *testing.T) {
	full := typicalList(50)
	huge := make([]Item, 60)
	for i := range huge {
		huge[i] = Item{ID: strconv.Itoa(i), Title: strings.Repeat("x", 200), URL: "/" + strings.Repeat("y", 200)}
	}
	for _, c := range []struct {
		name  string
		opts  Options
		items []Item
		code  Code
	}{
		{"empty id", Options{}, []Item{{ID: ""}}, InvalidItem},
		{"control in id", Options{}, []Item{{ID: "a\nb"}}, InvalidItem},
		{"long id", Options{}, []Item{{ID: strings.Repeat("1", 101)}}, InvalidItem},
		{"javascript url", Options{}, []Item{{ID: "1", URL: "javascript:alert(1)"}}, InvalidItem},
		{"protocol-relative url", Options{}, []Item{{ID: "1", URL: "//evil.example/"}}, InvalidItem},
		{"backslash url", Options{}, []Item{{ID: "1", URL: "/\\evil.example/"}}, InvalidItem},
		{"title not UTF-8", Options{}, []Item{{ID: "1", Title: "caf\xe9"}}, InvalidItem},
		{"added before 1970", Options{}, []Item{{ID: "1", Added: time.Unix(-1, 0)}}, InvalidItem},
		{"past MaxItems", Options{}, append(full, Item{ID: "51"}), Full},
		{"past a small MaxItems", Options{MaxItems: 2}, full[:3], Full},
		{"past the cookies", Options{MaxItems: 1000}, huge, Full},
		{"a cookie name PHP would change", Options{CookieName: "my.favorites"}, full[:1], InvalidItem},
		{"MaxAge not in days", Options{MaxAge: 36 * time.Hour}, full[:1], InvalidItem},
		{"MaxAge over 400 days", Options{MaxAge: 401 * 24 * time.Hour}, full[:1], InvalidItem},
		{"negative MaxAge", Options{MaxAge: -24 * time.Hour}, full[:1], InvalidItem},
		{"MaxItems over 1000", Options{MaxItems: 1001}, full[:1], InvalidItem},
		{"a Domain that is no host", Options{Domain: "news.example; Secure"}, full[:1], InvalidItem},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			err := c.opts.Write(w, request("GET", "/", "favorites="+strings.Repeat("x", 10)), c.items)
			require.Error(t, err)
			var e *Error
			require.True(t, errors.As(err, &e), "%T", err)
			assert.Equal(t, c.code, e.Code)
			assert.NotEmpty(t, e.Reason)
			assert.True(t, errors.Is(err, &Error{Code: c.code}))
			assert.Equal(t, c.code == Full, errors.Is(err, ErrFull))
			assert.Equal(t, c.code == InvalidItem, errors.Is(err, ErrInvalidItem))
			assert.True(t, strings.HasPrefix(err.Error(), "favorites: "+string(c.code)+": "), err.Error())
			assert.Empty(t, w.Header(), "on error nothing is written")
		})
	}
}
