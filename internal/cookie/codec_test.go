package cookie

import (
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/favorites-dev/favorites/internal/favorites"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostile returns items whose ids, titles and urls hold every character the
// codec has to take care of.
func hostile() []favorites.Item {
	var printable, all strings.Builder
	for c := 0; c < 128; c++ {
		all.WriteByte(byte(c))
		if c >= 0x20 && c < 0x7f {
			printable.WriteByte(byte(c))
		}
	}
	var urlChars strings.Builder
	for c := 0x20; c < 0x7f; c++ {
		if c != '\\' {
			urlChars.WriteByte(byte(c))
		}
	}
	special := `;,"\%+_*$|~`
	items := []favorites.Item{
		{ID: printable.String(), Title: all.String(), URL: "/" + urlChars.String(), Added: 1},
		{ID: special, Title: special + special, URL: "/" + strings.ReplaceAll(special, `\`, ""), Added: 2},
		{ID: "~", Title: "~", URL: "/~", Added: 3},
		{ID: "*", Title: "*", URL: "/*", Added: 4},
		{ID: "$", Title: "$$", URL: "/$", Added: 5},
		{ID: "|", Title: "|", URL: "/|", Added: 6},
		{ID: "_", Title: "_ _", URL: "/_", Added: 7},
		{ID: "%41+%2B", Title: "100% + 50%", URL: "/?q=a+b%20c", Added: 8},
		{ID: " ", Title: " ", URL: "/ ", Added: 9},
		{ID: "emoji 🙂", Title: "👩‍👩‍👧 family 🙂 and 🇩🇪", URL: "https://example.com/🙂", Added: 10},
		{ID: "ar", Title: "مرحبا بالعالم، هذا عنوان", URL: "/ar/مقال", Added: 11},
		{ID: "he", Title: "שלום עולם, זו כותרת", URL: "/he/כתבה", Added: 12},
		{ID: "cjk", Title: "日本語のタイトル、中文标题，한국어 제목", URL: "/cjk/日本", Added: 13},
		{ID: "mixed-rtl", Title: "abc \u202eevil\u202c def \u200f", URL: "/x", Added: 14},
		{ID: "controls", Title: "nul\x00 tab\t nl\n cr\r del\x7f nel\u0085 us\x1f", URL: "/c", Added: 15},
		{ID: "ls", Title: "line\u2028sep\u2029", URL: "/", Added: 16},
		{ID: "long", Title: strings.Repeat("🙂", favorites.MaxTitleLen), URL: "/" + strings.Repeat("é", 300), Added: 17},
		{ID: strings.Repeat("日", favorites.MaxIDLen), Title: "", URL: "", Added: 18},
		{ID: "0", Title: "", URL: "", Added: 0},
		{ID: "max-added", Title: "t", URL: "HTTPS://Example.com/p", Added: 1<<36 - 1},
		{ID: "runs", Title: "é a é ab é abc é abcd é", URL: "/é/a/é", Added: 1795000000},
		{ID: "dollar-run", Title: "$é$ *é* ~é~ |é|", URL: "/$é$", Added: 20},
	}
	for c := 0; c < 0x20; c++ {
		items = append(items, favorites.Item{ID: "ctl" + string(rune('A'+c)), Title: string([]byte{'x', byte(c), 'y'}), URL: "/", Added: int64(c)})
	}
	return items
}

func TestRoundTripHostile(t *testing.T) {
	items := hostile()
	for _, it := range items {
		require.NoError(t, favorites.CheckID(it.ID), "%q", it.ID)
		require.NoError(t, favorites.CheckURL(it.URL), "%q", it.URL)
		require.Equal(t, it.Title, favorites.ShortenTitle(it.Title), "%q", it.Title)
	}
	// Each on its own, and all together.
	for _, it := range items {
		values, err := Encode("favorites", []favorites.Item{it})
		require.NoError(t, err)
		require.Len(t, values, 1)
		checkValues(t, "favorites", values)
		assert.Equal(t, []favorites.Item{it}, Decode(chunkArray(values)), "value %s", values[0])
	}
	values, err := Encode("favorites", items)
	require.NoError(t, err)
	checkValues(t, "favorites", values)
	assert.Equal(t, items, Decode(chunkArray(values)))
	// Through a Cookie header as the browser sends it.
	assert.Equal(t, items, Decode(ptr(Chunks(cookieHeader("favorites", values), "favorites"))))
}

func ptr(a [MaxCookies]string) *[MaxCookies]string { return &a }

func cookieHeader(base string, values []string) string {
	var pairs []string
	for i, v := range values {
		pairs = append(pairs, Name(base, i)+"="+v)
	}
	return strings.Join(pairs, "; ")
}

func TestEncodeEmpty(t *testing.T) {
	values, err := Encode("favorites", nil)
	require.NoError(t, err)
	assert.Empty(t, values)
	assert.Empty(t, Decode(&[MaxCookies]string{}))
}

func TestEncodeFormat(t *testing.T) {
	values, err := Encode("favorites", []favorites.Item{{ID: "42", Title: "A b", URL: "/x", Added: 64}})
	require.NoError(t, err)
	require.Len(t, values, 1)
	v := values[0]
	assert.Equal(t, "11", v[:2], "version and chunk count")
	assert.Equal(t, "AAAABA42|A_b|/x~", v[4:], "added, then the fields")
}

func TestChunking(t *testing.T) {
	for _, base := range []string{"favorites", strings.Repeat("n", 64)} {
		prev := 0
		full := 0
		for n := 1; n <= 200; n++ {
			items := typicalList(n)
			values, err := Encode(base, items)
			if err != nil {
				assert.Equal(t, favorites.Full, errCode(err))
				if full == 0 {
					full = n
				}
				continue
			}
			require.Zero(t, full, "%d items fit after %d did not", n, full)
			checkValues(t, base, values)
			require.GreaterOrEqual(t, len(values), prev, "%d items", n)
			prev = len(values)
			require.Equal(t, items, Decode(chunkArray(values)), "%d items", n)
			for i, v := range values {
				require.Equal(t, byte('0'+len(values)), v[1], "chunk %d count digit", i)
			}
			if n == 20 {
				assert.Len(t, values, 1, "20 typical items")
			}
			if n == 50 && base == "favorites" {
				assert.Len(t, values, 2, "50 typical items")
			}
			if n == 100 {
				assert.Greater(t, len(values), 2, "100 typical items")
			}
		}
		assert.Equal(t, MaxCookies, prev, "the largest list that fits uses every cookie")
		assert.Greater(t, full, 100, "the first list that does not fit")
		t.Logf("base %q: %d typical items do not fit in %d cookies", base[:min(len(base), 9)], full, MaxCookies)
	}
}

func TestItemTooLargeForAChunk(t *testing.T) {
	big := favorites.Item{
		ID:    strings.Repeat("🙂", favorites.MaxIDLen),
		Title: strings.Repeat("🙂", favorites.MaxTitleLen),
		URL:   "/" + strings.Repeat("é", (favorites.MaxURLLen-1)/2),
		Added: 1,
	}
	require.NoError(t, favorites.CheckURL(big.URL))
	_, err := Encode("favorites", []favorites.Item{big})
	assert.Equal(t, favorites.Full, errCode(err))
	_, err = Encode("favorites", append(typicalList(3), big))
	assert.Equal(t, favorites.Full, errCode(err))
	// An item that only just fits is fine.
	ok := favorites.Item{ID: "x", URL: "/" + strings.Repeat("a", 2047)}
	values, err := Encode("favorites", []favorites.Item{ok, ok, {ID: "y", URL: ok.URL}})
	require.NoError(t, err)
	checkValues(t, "favorites", values)
}

// A later chunk's name is two bytes longer ("_1"), so it has two bytes less
// room: an item that fits the first chunk alone does not fit a later one.
func TestItemTooLargeForALaterChunk(t *testing.T) {
	// Each "|" is escaped as "*|": the item's text is 3,987 bytes, and the
	// first chunk has room for 3,988.
	big := favorites.Item{ID: "y", URL: "/" + strings.Repeat("|", 1987), Added: 1}
	require.NoError(t, favorites.CheckURL(big.URL))
	values, err := Encode("favorites", []favorites.Item{big})
	require.NoError(t, err)
	checkValues(t, "favorites", values)
	assert.Len(t, "favorites="+values[0], MaxPairBytes-1)

	_, err = Encode("favorites", []favorites.Item{{ID: "x", Added: 1}, big})
	assert.Equal(t, favorites.Full, errCode(err), "in chunk 1 it would make a cookie of 4,001 bytes")
}

func TestCookieBytes(t *testing.T) {
	for _, n := range []int{20, 50} {
		items := typicalList(n)
		raw := 0
		for _, it := range items {
			raw += len(it.ID) + len(it.Title) + len(it.URL)
		}
		values, err := Encode("favorites", items)
		require.NoError(t, err)
		total := 0
		for i, v := range values {
			total += len(Name("favorites", i)) + 1 + len(v)
		}
		ratio := float64(total) / float64(raw)
		t.Logf("%d typical items: raw id+title+url %d bytes, cookies %d (name=value, %d chunks), ratio %.3f",
			n, raw, total, len(values), ratio)
		assert.LessOrEqual(t, ratio, 1.10)
	}
	it := typical(0)
	assert.Len(t, it.ID, 6)
	assert.Len(t, it.Title, 80)
	assert.Contains(t, it.Title, ",")
	assert.Contains(t, it.Title, " ")
	assert.Len(t, it.URL, 60)
	assert.True(t, strings.HasPrefix(it.URL, "/2026/11/26/"))
}

// TestNetHTTPReadsValuesUnchanged proves that Go's cookie parser, which
// drops or unquotes some bytes, hands a server exactly what was written.
func TestNetHTTPReadsValuesUnchanged(t *testing.T) {
	for _, items := range [][]favorites.Item{hostile(), typicalList(120)} {
		values, err := Encode("favorites", items)
		require.NoError(t, err)
		r, err := http.NewRequest("GET", "http://example.com/", nil)
		require.NoError(t, err)
		r.Header.Set("Cookie", "other=1; "+cookieHeader("favorites", values)+"; last=2")
		for i, v := range values {
			c, err := r.Cookie(Name("favorites", i))
			require.NoError(t, err)
			assert.Equal(t, v, c.Value, "chunk %d", i)
			assert.False(t, c.Quoted)
		}
		// A Set-Cookie header as SetString writes it parses to the same value.
		for i, v := range values {
			resp := http.Response{Header: http.Header{"Set-Cookie": {SetString(Name("favorites", i), v, Attributes{MaxAgeDays: 365})}}}
			cs := resp.Cookies()
			require.Len(t, cs, 1)
			assert.Equal(t, v, cs[0].Value)
			assert.Equal(t, "/", cs[0].Path)
			assert.Equal(t, 365*86400, cs[0].MaxAge)
			assert.Equal(t, http.SameSiteLaxMode, cs[0].SameSite)
		}
	}
}

func TestDecodeGarbage(t *testing.T) {
	for _, v := range []string{
		"", "1", "11", "10", "16", "1a", "x1", "11~", "11~~~", "11|||~", "11AAAAAAAA||~",
		"11**~", "11$$~", "11$~", "11*", "11$", "11*~~", "11AA", "\x00\xff", "11\xff\xfe~",
		strings.Repeat("~", 100), strings.Repeat("*", 100), strings.Repeat("$", 100),
		"11" + strings.Repeat("A", 5000) + "~",
	} {
		for i := 0; i < MaxCookies; i++ {
			var a [MaxCookies]string
			a[i] = v
			assert.Empty(t, Decode(&a), "%q in chunk %d", v, i)
		}
	}
}

func TestDecodeUnknownVersion(t *testing.T) {
	values, err := Encode("favorites", typicalList(3))
	require.NoError(t, err)
	for _, version := range []byte{'0', '2', '9', 'a', 'Z', '!'} {
		v := string(version) + values[0][1:]
		assert.Empty(t, Decode(chunkArray([]string{v})), "version %q", version)
	}
	assert.Len(t, Decode(chunkArray(values)), 3)
}

// itemEnds returns, for one chunk value, the offsets just after each item
// and the items in that chunk.
func itemEnds(t *testing.T, v string, all []favorites.Item) ([]int, []favorites.Item) {
	t.Helper()
	off := prefixLen
	var ends []int
	var items []favorites.Item
	for _, it := range all {
		one, err := Encode("favorites", []favorites.Item{it})
		require.NoError(t, err)
		body := one[0][prefixLen:]
		if strings.HasPrefix(v[off:], body) {
			off += len(body)
			ends = append(ends, off)
			items = append(items, it)
		}
		if off == len(v) {
			break
		}
	}
	require.Equal(t, len(v), off, "chunk is the concatenation of its items")
	return ends, items
}

func TestDecodeTruncated(t *testing.T) {
	for _, tc := range []struct {
		name  string
		items []favorites.Item
	}{
		{"hostile", hostile()},
		{"typical", typicalList(55)}, // 3 chunks
	} {
		t.Run(tc.name, func(t *testing.T) {
			values, err := Encode("favorites", tc.items)
			require.NoError(t, err)
			// Where each chunk's items end.
			var ends [][]int
			var per [][]favorites.Item
			rest := tc.items
			for _, v := range values {
				e, its := itemEnds(t, v, rest)
				rest = rest[len(its):]
				ends = append(ends, e)
				per = append(per, its)
			}
			require.Empty(t, rest)
			for c, v := range values {
				for k := 0; k < len(v); k++ {
					cut := append([]string(nil), values...)
					cut[c] = v[:k]
					var want []favorites.Item
					for d := range values {
						if d != c {
							want = append(want, per[d]...)
							continue
						}
						for i, e := range ends[d] {
							if e <= k {
								want = append(want, per[d][i])
							}
						}
					}
					// Each item exactly an original one, in order. The
					// comparison is plain Go: testify on every cut is slow.
					if got := Decode(chunkArray(cut)); !slices.Equal(want, got) {
						require.Equal(t, want, got, "chunk %d cut at %d", c, k)
					}
				}
			}
		})
	}
}

func TestDecodeRandomOctets(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var octets []byte
	for c := 0; c < 256; c++ {
		if cookieOctet(byte(c)) {
			octets = append(octets, byte(c))
		}
	}
	structural := []byte("~|*$_AQgw09-11" + "qpacsb")
	for round := 0; round < 300; round++ {
		var a [MaxCookies]string
		for i := range a {
			b := make([]byte, 4096)
			for j := range b {
				if round%2 == 0 {
					b[j] = octets[r.IntN(len(octets))]
				} else {
					b[j] = structural[r.IntN(len(structural))]
				}
			}
			if round%3 != 0 { // a valid header, so that the items are read
				b[0], b[1] = Version, '0'+MaxCookies
			}
			a[i] = string(b)
		}
		for _, it := range Decode(&a) {
			assert.NoError(t, favorites.CheckID(it.ID))
			assert.NoError(t, favorites.CheckURL(it.URL))
			assert.True(t, utf8.ValidString(it.Title))
		}
	}
}

func TestDecodeMissingMiddleChunk(t *testing.T) {
	items := typicalList(70)
	values, err := Encode("favorites", items)
	require.NoError(t, err)
	require.Len(t, values, 3)
	_, first := itemEnds(t, values[0], items)
	_, second := itemEnds(t, values[1], items[len(first):])
	cut := append([]string(nil), values...)
	cut[1] = ""
	got := Decode(chunkArray(cut))
	want := append(append([]favorites.Item(nil), first...), items[len(first)+len(second):]...)
	assert.Equal(t, want, got)
	assert.Less(t, len(got), len(items))

	// The first chunk missing: the others still count.
	cut = append([]string(nil), values...)
	cut[0] = ""
	assert.Equal(t, items[len(first):], Decode(chunkArray(cut)))
}

func TestDecodeStaleChunk(t *testing.T) {
	old, err := Encode("favorites", typicalList(70)) // 3 chunks
	require.NoError(t, err)
	require.Len(t, old, 3)
	now := typicalList(40)[20:] // 1 chunk, written later; old chunks not deleted
	cur, err := Encode("favorites", now)
	require.NoError(t, err)
	require.Len(t, cur, 1)
	assert.Equal(t, now, Decode(chunkArray([]string{cur[0], old[1], old[2]})))

	two, err := Encode("favorites", typicalList(45)[5:]) // 2 chunks
	require.NoError(t, err)
	require.Len(t, two, 2)
	assert.Equal(t, typicalList(45)[5:], Decode(chunkArray([]string{two[0], two[1], old[2]})))
	// A stale second chunk from a 3-chunk list next to a 2-chunk first one.
	got := Decode(chunkArray([]string{two[0], old[1]}))
	_, first := itemEnds(t, two[0], typicalList(45)[5:])
	assert.Equal(t, first, got)
}

func TestDecodeDuplicateIDs(t *testing.T) {
	a := favorites.Item{ID: "a", Title: "first", URL: "/1", Added: 1}
	b := favorites.Item{ID: "b", Title: "b", URL: "/b", Added: 2}
	a2 := favorites.Item{ID: "a", Title: "second", URL: "/2", Added: 3}
	values, err := Encode("favorites", []favorites.Item{a, b, a2, b})
	require.NoError(t, err)
	assert.Equal(t, []favorites.Item{a, b}, Decode(chunkArray(values)))

	// Across chunks too.
	items := append(typicalList(40), typicalList(40)...)
	values, err = Encode("favorites", items)
	require.NoError(t, err)
	require.Greater(t, len(values), 1)
	assert.Equal(t, typicalList(40), Decode(chunkArray(values)))
}

func TestDecodeTamperedItem(t *testing.T) {
	items := typicalList(20)
	values, err := Encode("favorites", items)
	require.NoError(t, err)
	require.Len(t, values, 1)
	v := values[0]
	ends, _ := itemEnds(t, v, items)

	// One changed letter in each item's title: that item alone is dropped.
	for i := range items {
		start := prefixLen
		if i > 0 {
			start = ends[i-1]
		}
		p := start + checkLen + addedLen + len(items[i].ID) + 1 + 5 // inside the title
		b := []byte(v)
		if b[p] == 'x' {
			b[p] = 'y'
		} else {
			b[p] = 'x'
		}
		want := append(append([]favorites.Item(nil), items[:i]...), items[i+1:]...)
		assert.Equal(t, want, Decode(chunkArray([]string{string(b)})), "item %d", i)
	}

	// Every byte of every item replaced by every other letter or digit: the
	// other items are always kept, the tampered one is almost always dropped
	// (the check has 12 bits) and never comes back half-read.
	accepted, total := 0, 0
	for i := range items {
		start := prefixLen
		if i > 0 {
			start = ends[i-1]
		}
		for p := start; p < ends[i]-1; p++ {
			for _, c := range []byte("aAzZ09-") {
				if v[p] == c {
					continue
				}
				b := []byte(v)
				b[p] = c
				got := Decode(chunkArray([]string{string(b)}))
				total++
				// Plain comparisons here, testify only on a failure: the
				// loop runs thousands of times.
				switch len(got) {
				case len(items) - 1:
					want := append(append([]favorites.Item(nil), items[:i]...), items[i+1:]...)
					if !slices.Equal(want, got) {
						require.Equal(t, want, got, "item %d byte %d → %q", i, p, c)
					}
				case len(items):
					accepted++
					for j := range items {
						if j != i && got[j] != items[j] {
							require.Equal(t, items[j], got[j], "item %d byte %d → %q", i, p, c)
						}
					}
					if err := favorites.CheckID(got[i].ID); err != nil {
						require.NoError(t, err, "item %d byte %d → %q", i, p, c)
					}
				default:
					t.Fatalf("item %d byte %d → %q: %d items", i, p, c, len(got))
				}
			}
		}
	}
	t.Logf("%d of %d single-byte tampers passed the check", accepted, total)
	assert.LessOrEqual(t, accepted*256, total, "the check lets through far more than 1/4096")
}

func TestDecodeDropsUnsafeURLs(t *testing.T) {
	good := typical(1)
	for _, u := range []string{
		"javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "\tjavascript:x",
		"java\nscript:x", "data:text/html,<b>", "vbscript:x", "//evil.example",
		"/\\evil.example", "/\t/evil.example", "relative", "ftp://x", "http://",
		"/" + strings.Repeat("a", favorites.MaxURLLen),
	} {
		bad := favorites.Item{ID: "bad", Title: "bad", URL: u, Added: 5}
		values, err := Encode("favorites", []favorites.Item{good, bad, typical(2)})
		require.NoError(t, err)
		assert.Equal(t, []favorites.Item{good, typical(2)}, Decode(chunkArray(values)), "%q", u)
	}
	for _, id := range []string{"", "a\nb", strings.Repeat("a", 101)} {
		values, err := Encode("favorites", []favorites.Item{{ID: id}, good})
		require.NoError(t, err)
		assert.Equal(t, []favorites.Item{good}, Decode(chunkArray(values)), "id %q", id)
	}
	// A title longer than the maximum was not written by this codec.
	values, err := Encode("favorites", []favorites.Item{{ID: "t", Title: strings.Repeat("a", 201)}, good})
	require.NoError(t, err)
	assert.Equal(t, []favorites.Item{good}, Decode(chunkArray(values)))
}

// A "$" run holds base64 digits alone, even the bytes that encoding/base64
// skips ("\r", "\n"): an item with another byte in a run was not written by
// this codec, though its check be recomputed over it.
func TestDecodeRunHoldsDigitsAlone(t *testing.T) {
	it := favorites.Item{ID: "r", Title: "Новости дня", Added: 5}
	values, err := Encode("favorites", []favorites.Item{it})
	require.NoError(t, err)
	require.Equal(t, []favorites.Item{it}, Decode(chunkArray(values)))
	v := values[0]
	at := strings.IndexByte(v, '$') + 3
	for _, c := range []string{"\n", "\r", "\r\n", "=", " ", "."} {
		body := v[prefixLen+checkLen:at] + c + v[at:len(v)-1]
		h := check([]byte(body))
		chunk := v[:prefixLen] + string([]byte{b64[h>>6], b64[h&63]}) + body + "~"
		chunks := [MaxCookies]string{chunk}
		assert.Empty(t, Decode(&chunks), "%q in a run", c)
		assert.Empty(t, referenceDecode(&chunks), "%q in a run", c)
	}
}
