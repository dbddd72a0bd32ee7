package cookie

// The decoder as it was, kept as a test oracle (see TestDecodeAgreesWithReference).

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites/internal/favorites"
)

// referenceDecode is Decode as issue 10 left it, one allocation per field,
// before a server's reading made speed matter: the oracle that Decode must
// agree with on every input.
func referenceDecode(chunks *[MaxCookies]string) []favorites.Item {
	count := 0
	for _, c := range chunks {
		if n, ok := refPrefix(c); ok {
			count = n
			break
		}
	}
	var items []favorites.Item
	for i := 0; i < count; i++ {
		if n, ok := refPrefix(chunks[i]); ok && n == count {
			items = refDecodeChunk(items, chunks[i][prefixLen:])
		}
	}
	return items
}

// prefix returns the chunk count a value declares.
func refPrefix(v string) (int, bool) {
	if len(v) < prefixLen || v[0] != Version || v[1] < '1' || v[1] > '0'+MaxCookies {
		return 0, false
	}
	return int(v[1] - '0'), true
}

// decodeChunk appends the items of a chunk's body to items.
func refDecodeChunk(items []favorites.Item, s string) []favorites.Item {
	for len(s) > 0 {
		end := 0
		for end < len(s) && s[end] != '~' {
			if s[end] == '*' {
				end++ // an escaped "~" does not end the item
			}
			end++
		}
		if end >= len(s) {
			return items // no "~": a truncated item, never half-read
		}
		if it, ok := refDecodeItem(s[:end]); ok && !(&favorites.List{Items: items}).Has(it.ID) {
			items = append(items, it)
		}
		s = s[end+1:]
	}
	return items
}

func refDecodeItem(s string) (favorites.Item, bool) {
	var it favorites.Item
	if len(s) < checkLen+addedLen+2 {
		return it, false
	}
	c0, c1 := b64val[s[0]], b64val[s[1]]
	if c0 == 0xff || c1 == 0xff || uint32(c0)<<6|uint32(c1) != check([]byte(s[checkLen:])) {
		return it, false
	}
	for i := checkLen; i < checkLen+addedLen; i++ {
		d := b64val[s[i]]
		if d == 0xff {
			return it, false
		}
		it.Added = it.Added<<6 | int64(d)
	}
	rest := s[checkLen+addedLen:]
	var fields [3]string
	for f := range fields {
		v, n, ok := refDecodeField(rest)
		if !ok {
			return it, false
		}
		fields[f] = v
		rest = rest[n:]
		if f < 2 {
			if rest == "" || rest[0] != '|' {
				return it, false
			}
			rest = rest[1:]
		}
	}
	if rest != "" {
		return it, false
	}
	it.ID, it.Title, it.URL = fields[0], fields[1], fields[2]
	if favorites.CheckID(it.ID) != nil || favorites.CheckURL(it.URL) != nil ||
		!utf8.ValidString(it.Title) || favorites.ShortenTitle(it.Title) != it.Title {
		return it, false
	}
	return it, true
}

// decodeField reads one field up to an unescaped "|" or the end of s, and
// returns its text and how many bytes of s it used.
func refDecodeField(s string) (string, int, bool) {
	var out []byte
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == '|':
			return string(out), i, true
		case c == '_':
			out = append(out, ' ')
			i++
		case c == '*':
			if i+1 >= len(s) || s[i+1] >= 128 || unescapes[s[i+1]] == 0 {
				return "", 0, false
			}
			out = append(out, unescapes[s[i+1]])
			i += 2
		case c == '$':
			j := i + 1
			for j < len(s) && s[j] != '$' {
				j++
			}
			if j >= len(s) || j == i+1 {
				return "", 0, false
			}
			var ok bool
			if out, ok = refAppendUnbase64(out, s[i+1:j]); !ok {
				return "", 0, false
			}
			i = j + 1
		case c == '~' || !refIsOctet(c):
			return "", 0, false
		default:
			out = append(out, c)
			i++
		}
	}
	return string(out), i, true
}

func refAppendUnbase64(dst []byte, s string) ([]byte, bool) {
	if len(s)%4 == 1 {
		return dst, false
	}
	var v uint
	n := 0
	for i := 0; i < len(s); i++ {
		d := b64val[s[i]]
		if d == 0xff {
			return dst, false
		}
		v = v<<6 | uint(d)
		n += 6
		if n >= 8 {
			n -= 8
			dst = append(dst, byte(v>>n))
		}
	}
	return dst, true
}

// isOctet reports an RFC 6265 cookie-octet: %x21 / %x23-2B / %x2D-3A /
// %x3C-5B / %x5D-7E.
func refIsOctet(c byte) bool {
	return 0x21 <= c && c <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\'
}

// TestDecodeAgreesWithReference reads, with Decode and with the reference,
// every seed of FuzzDecode, and thousands of mutations of valid lists: the
// same items, or none, in the same order. (FuzzDecode compares them too,
// on whatever the fuzzer finds.)
func TestDecodeAgreesWithReference(t *testing.T) {
	agree := func(t *testing.T, chunks [MaxCookies]string) {
		t.Helper()
		if got, want := Decode(&chunks), referenceDecode(&chunks); !slices.Equal(got, want) {
			t.Fatalf("%q: Decode reads %+v, the reference %+v", chunks, got, want)
		}
	}
	t.Run("seeds", func(t *testing.T) {
		dir := filepath.Join("testdata", "fuzz", "FuzzDecode")
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		require.NotEmpty(t, entries)
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			require.NoError(t, err)
			var chunks [MaxCookies]string
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			require.Len(t, lines, 1+MaxCookies, e.Name())
			for i, line := range lines[1:] {
				v, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(line, "string("), ")"))
				require.NoError(t, err, "%s line %d", e.Name(), i+2)
				chunks[i] = v
			}
			agree(t, chunks)
		}
	})
	t.Run("mutations", func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 4))
		structural := "~|*$_%+;\" \\\x00\xff\xc3AQgw09-_qpacsb"
		for _, items := range [][]favorites.Item{hostile(), typicalList(60), escapes2()} {
			values, err := Encode("favorites", items)
			require.NoError(t, err)
			for round := 0; round < 2000; round++ {
				var chunks [MaxCookies]string
				copy(chunks[:], values)
				c := r.IntN(len(values))
				b := []byte(chunks[c])
				for k := 1 + r.IntN(3); k > 0; k-- {
					switch i := r.IntN(len(b)); r.IntN(4) {
					case 0: // a byte changed
						b[i] = structural[r.IntN(len(structural))]
					case 1: // a byte dropped
						b = append(b[:i], b[i+1:]...)
					case 2: // a byte added
						b = slices.Insert(b, i, structural[r.IntN(len(structural))])
					case 3: // cut
						b = b[:i]
					}
					if len(b) == 0 {
						break
					}
				}
				chunks[c] = string(b)
				agree(t, chunks)
			}
		}
	})
}

// escapes2 are items whose fields end in runs of "*" and "~", where an
// item's end is read by counting the "*" before each "~".
func escapes2() []favorites.Item {
	var items []favorites.Item
	for i, f := range []string{"~", "*", "**", "*~", "~*", "**~", "~~", "*~*~", "***", "a*", "*a~"} {
		items = append(items, favorites.Item{ID: "e" + strconv.Itoa(i) + f, Title: f + " t " + f, URL: "/" + f, Added: int64(1795000000 + i)})
	}
	return items
}
