package cookie

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestChunks(t *testing.T) {
	for _, tc := range []struct {
		name, header, base string
		want               [MaxCookies]string
	}{
		{"empty", "", "favorites", [MaxCookies]string{}},
		{"alone", "favorites=11x", "favorites", [MaxCookies]string{"11x"}},
		{"among others", "a=1; favorites=12x; b=2; favorites_1=12y; c=3", "favorites",
			[MaxCookies]string{"12x", "12y"}},
		{"no spaces", "a=1;favorites=11x;b=2", "favorites", [MaxCookies]string{"11x"}},
		{"extra spaces and tabs", "  favorites=11x  ;\tfavorites_2=13z ;  ", "favorites",
			[MaxCookies]string{"11x", "", "13z"}},
		{"all chunks out of order", "favorites_4=e; favorites_3=d; favorites_2=c; favorites_1=b; favorites=a", "favorites",
			[MaxCookies]string{"a", "b", "c", "d", "e"}},
		{"duplicates: the first counts", "favorites=first; favorites=second; favorites_1=x; favorites_1=y", "favorites",
			[MaxCookies]string{"first", "x"}},
		{"an empty first does not hide a later one", "favorites=; favorites=later", "favorites",
			[MaxCookies]string{"later"}},
		{"chunks past the maximum ignored", "favorites_5=a; favorites_9=b; favorites_0=c; favorites_10=d", "favorites",
			[MaxCookies]string{}},
		{"similar names ignored", "favoritesX=a; favorites1=b; favorites_=c; xfavorites=d; Favorites=e; favorites_a=f; favorites-1=g", "favorites",
			[MaxCookies]string{}},
		{"other base", "favorites=a; mine=b; mine_1=c", "mine", [MaxCookies]string{"b", "c"}},
		{"base that is a prefix of another cookie", "fav_1=x; fav=y", "fav", [MaxCookies]string{"y", "x"}},
		{"no equals sign", "favorites; favorites_1=y", "favorites", [MaxCookies]string{"", "y"}},
		{"equals in value", "favorites=a=b", "favorites", [MaxCookies]string{"a=b"}},
		{"spaces around equals are part of the name", "favorites =x", "favorites", [MaxCookies]string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Chunks(tc.header, tc.base))
		})
	}
}

func TestName(t *testing.T) {
	assert.Equal(t, "favorites", Name("favorites", 0))
	assert.Equal(t, "favorites_1", Name("favorites", 1))
	assert.Equal(t, "favorites_4", Name("favorites", MaxCookies-1))
	for i := 0; i < MaxCookies; i++ {
		var want [MaxCookies]string
		want[i] = "v"
		assert.Equal(t, want, Chunks("x=1; "+Name("b", i)+"=v", "b"))
	}
}

func TestSetString(t *testing.T) {
	assert.Equal(t, "favorites=11abc; Path=/; Max-Age=31536000; SameSite=Lax",
		SetString("favorites", "11abc", Attributes{MaxAgeDays: 365}))
	assert.Equal(t, "favorites_1=12x; Path=/; Max-Age=86400; SameSite=Lax; Domain=.example.com; Secure",
		SetString("favorites_1", "12x", Attributes{MaxAgeDays: 1, Domain: ".example.com", Secure: true}))
	assert.Equal(t, "f=v; Path=/; Max-Age=34560000; SameSite=Lax; Secure",
		SetString("f", "v", Attributes{MaxAgeDays: 400, Secure: true}))
	assert.Equal(t, "f=v; Path=/; Max-Age=864000; SameSite=Lax; Domain=news.example",
		SetString("f", "v", Attributes{MaxAgeDays: 10, Domain: "news.example"}))
}

func TestDeleteString(t *testing.T) {
	assert.Equal(t, "favorites=; Path=/; Max-Age=0; SameSite=Lax",
		DeleteString("favorites", Attributes{MaxAgeDays: 365}))
	assert.Equal(t, "favorites_2=; Path=/; Max-Age=0; SameSite=Lax; Domain=example.com; Secure",
		DeleteString("favorites_2", Attributes{MaxAgeDays: 365, Domain: "example.com", Secure: true}))
}

func TestIsName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"favorites", true},
		{"f", true},
		{"my_favs", true},
		{"my-favs-v2", true},
		{"my-favs.v2", false}, // PHP reads it as my-favs_v2
		{"a%41", false},       // PHP URL-decodes names
		{"a+b", false},
		{"a!#$&'*^`|~", false},
		{strings.Repeat("n", 64), true},
		{strings.Repeat("n", 65), false},
		{"", false},
		{"a b", false},
		{"a\tb", false},
		{"a=b", false},
		{"a;b", false},
		{"a,b", false},
		{`a"b`, false},
		{`a\b`, false},
		{"a/b", false},
		{"a:b", false},
		{"a@b", false},
		{"(a)", false},
		{"<a>", false},
		{"[a]", false},
		{"{a}", false},
		{"a?", false},
		{"a\x00", false},
		{"a\x7f", false},
		{"é", false},
	} {
		assert.Equal(t, tc.ok, IsName(tc.name), "%q", tc.name)
	}
}

func TestIsDomain(t *testing.T) {
	for _, tc := range []struct {
		domain string
		ok     bool
	}{
		{"example.com", true},
		{".example.com", true},
		{"news.example.co.uk", true},
		{"localhost", true},
		{"xn--bcher-kva.example", true},
		{"a-b.example", true},
		{"EXAMPLE.COM", true},
		{"127.0.0.1", true},
		{strings.Repeat("a", 63) + "." + strings.Repeat("b", 63), true},
		{"", false},
		{".", false},
		{"..example.com", false},
		{"example..com", false},
		{"example.com.", false},
		{"exa mple.com", false},
		{"example.com;", false},
		{"example.com; Secure", false},
		{"example.com/path", false},
		{"example.com:8080", false},
		{"exa_mple.com", false},
		{"bücher.example", false},
		{"[::1]", false},
		{strings.Repeat("a.", 127) + "a", false}, // 255 bytes
	} {
		assert.Equal(t, tc.ok, IsDomain(tc.domain), "%q", tc.domain)
	}
}

func TestLookup(t *testing.T) {
	for _, tc := range []struct {
		header, name, value string
		ok                  bool
	}{
		{"a=1; favorites_0=1; b=2", "favorites_0", "1", true},
		{"favorites_0=2;favorites_0=1", "favorites_0", "2", true}, // the first one counts
		{" x = 1 ;y=", "y", "", true},
		{"favorites_0x=1; xfavorites_0=1", "favorites_0", "", false},
		{"novalue; favorites_0", "favorites_0", "", false},
		{"", "a", "", false},
	} {
		v, ok := Lookup(tc.header, tc.name)
		assert.Equal(t, tc.ok, ok, "%q in %q", tc.name, tc.header)
		assert.Equal(t, tc.value, v, "%q in %q", tc.name, tc.header)
	}
}
