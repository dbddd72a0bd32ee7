package favorites

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites/internal/cookie"
	ifav "github.com/favorites-dev/favorites/internal/favorites"
)

var words = strings.Fields(`the council approves new budget for city schools after
long debate over teacher pay and building repairs while residents ask questions
about taxes parks roads river bridge festival winter storm warning issued across
region`)

// typical returns the n-th typical item of a news site, the contract's
// measure of capacity: a 6-digit id, an 80-character title, a 60-character
// path.
func typical(n int) Item {
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
	slug := strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(title[:60]), " ", "-"), ",", "")
	url := ("/2026/11/26/" + strings.ToLower(slug) + strings.Repeat("x", 60))[:60]
	return Item{ID: id, Title: title, URL: url, Added: time.Unix(1795000000+int64(n)*3600, 0).UTC()}
}

func typicalList(n int) []Item {
	items := make([]Item, n)
	for i := range items {
		items[i] = typical(i)
	}
	return items
}

// request returns a request to target that carries the cookies of header
// ("a=1; b=2").
func request(method, target, header string) *http.Request {
	r := httptest.NewRequest(method, target, nil)
	if header != "" {
		r.Header.Set("Cookie", header)
	}
	return r
}

// stored returns the Cookie header a browser would send after it kept the
// Set-Cookie headers of w over the cookies of before: names set with a
// Max-Age over 0 are kept or replaced, names with Max-Age=0 deleted. It is
// a jar of our own (not net/http/cookiejar) so the test sees exactly the
// headers written, with no jar's policy between.
func stored(t testing.TB, before string, w *httptest.ResponseRecorder) string {
	t.Helper()
	jar := map[string]string{}
	var order []string
	// The pairs of a Cookie header are split as cookie.Chunks splits them
	// (RFC 6265 §5.4 joins them with "; "; a server splits at ";" alone).
	for _, pair := range strings.Split(before, ";") {
		if name, value, ok := strings.Cut(strings.Trim(pair, " \t"), "="); ok {
			if _, dup := jar[name]; !dup {
				order = append(order, name)
			}
			jar[name] = value
		}
	}
	for _, c := range w.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(jar, c.Name)
			continue
		}
		require.Positive(t, c.MaxAge, "%s is set without a Max-Age", c.Name)
		if _, dup := jar[c.Name]; !dup {
			order = append(order, c.Name)
		}
		jar[c.Name] = c.Value
	}
	var out []string
	for _, name := range order {
		if v, ok := jar[name]; ok {
			out = append(out, name+"="+v)
		}
	}
	return strings.Join(out, "; ")
}

// encoded returns the Cookie header of items as the codec writes them
// under name.
func encoded(t testing.TB, name string, items ...ifav.Item) string {
	t.Helper()
	values, err := cookie.Encode(name, items)
	require.NoError(t, err)
	var pairs []string
	for i, v := range values {
		pairs = append(pairs, cookie.Name(name, i)+"="+v)
	}
	return strings.Join(pairs, "; ")
}

// setCookies returns the Set-Cookie headers of w.
func setCookies(w *httptest.ResponseRecorder) []string { return w.Result().Header.Values("Set-Cookie") }
