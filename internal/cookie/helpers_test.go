package cookie

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/favorites-dev/favorites/internal/favorites"
)

// cookieOctet is RFC 6265 §4.1.1 cookie-octet, written out independently of
// the codec's IsOctet.
func cookieOctet(c byte) bool {
	return c == 0x21 || (0x23 <= c && c <= 0x2B) || (0x2D <= c && c <= 0x3A) ||
		(0x3C <= c && c <= 0x5B) || (0x5D <= c && c <= 0x7E)
}

// checkValues fails t unless every value is made of cookie-octets other
// than % and +, and every name=value pair fits MaxPairBytes.
func checkValues(t testing.TB, base string, values []string) {
	t.Helper()
	if len(values) > MaxCookies {
		t.Fatalf("%d chunks, more than %d", len(values), MaxCookies)
	}
	for i, v := range values {
		for j := 0; j < len(v); j++ {
			if c := v[j]; !cookieOctet(c) || c == '%' || c == '+' {
				t.Fatalf("chunk %d byte %d is %q: not a cookie-octet or %% or +", i, j, c)
			}
		}
		if n := len(Name(base, i)) + 1 + len(v); n > MaxPairBytes {
			t.Fatalf("chunk %d: name=value is %d bytes", i, n)
		}
	}
}

func chunkArray(values []string) *[MaxCookies]string {
	var a [MaxCookies]string
	copy(a[:], values)
	return &a
}

func errCode(err error) favorites.Code {
	var e *favorites.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

var words = strings.Fields(`the council approves new budget for city schools after
long debate over teacher pay and building repairs while residents ask questions
about taxes parks roads river bridge festival winter storm warning issued across
region`)

// typical returns the n-th typical item of a news site: a 6-digit id, an
// 80-character English title with spaces and a comma, a 60-character path.
func typical(n int) favorites.Item {
	id := strconv.Itoa(100000 + n*7919%900000)
	var b strings.Builder
	for k := n; b.Len() < 90; k++ {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[k*31%len(words)])
	}
	title := b.String()[:80]
	title = strings.ToUpper(title[:1]) + title[1:39] + "," + title[40:79] + "s"
	slug := strings.ReplaceAll(strings.TrimSpace(title[:60]), " ", "-")
	slug = strings.ReplaceAll(slug, ",", "")
	url := "/2026/11/26/" + strings.ToLower(slug)
	url = (url + strings.Repeat("x", 60))[:60]
	return favorites.Item{ID: id, Title: title, URL: url, Added: 1795000000 + int64(n)*3600}
}

func typicalList(n int) []favorites.Item {
	items := make([]favorites.Item, n)
	for i := range items {
		items[i] = typical(i)
	}
	return items
}
