// Package recipes_test runs the README's recipes for other servers against
// the real servers: the PHP one under php -S, the nginx one under Debian's
// nginx, each started by the test on a free port of 127.0.0.1 and stopped
// with it. The renew endpoints must answer as the Go package's handler
// does, on the same requests; PHP's reader must read what the Go codec
// reads, on valid, tampered and truncated lists alike.
package recipes_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites"
	"github.com/favorites-dev/favorites/internal/cookie"
	ifav "github.com/favorites-dev/favorites/internal/favorites"
	"github.com/favorites-dev/favorites/js/testsite/proc"
)

func need(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed: install the Debian package %s (make test does)", name, pkg)
	}
	return p
}

// startPHP serves testdata/router.php, which routes /favorites/renew to the
// recipe's renew.php, under php -S.
func startPHP(t *testing.T) string {
	t.Helper()
	router, err := filepath.Abs("testdata/router.php")
	require.NoError(t, err)
	return proc.PHP(t, nil, router)
}

// startNginx serves the nginx recipe, included as the README says, under
// nginx in the foreground, with everything it writes in a temporary folder.
func startNginx(t *testing.T) string {
	t.Helper()
	nginx := need(t, "nginx", "nginx-light")
	dir := t.TempDir()
	recipe, err := filepath.Abs("nginx")
	require.NoError(t, err)
	addr, err := proc.FreeAddr()
	require.NoError(t, err)
	conf := fmt.Sprintf(`daemon off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log stderr notice;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    include %[2]s/favorites-maps.conf;
    server {
        listen %[3]s;
        include %[2]s/favorites-renew.conf;
        location / { return 200 "a page\n"; }
    }
}
`, dir, recipe, addr)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644))
	// "start worker processes" is logged once the listening socket is open.
	proc.Serve(t, exec.Command(nginx, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", "stderr"), "start worker processes", syscall.SIGTERM)
	return "http://" + addr
}

// startGo serves the Go package's handler, the reference.
func startGo(t *testing.T) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/favorites/", http.StripPrefix("/favorites", favorites.Options{}.Handler()))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// answer is what a renew answered, as the test compares it.
type answer struct {
	Code         int
	SetCookie    []string
	CacheControl string
	Allow        string
	FirstLine    string // of the body
}

func renew(t *testing.T, base, method, cookies string, header ...string) answer {
	t.Helper()
	r, err := http.NewRequest(method, base+"/favorites/renew", nil)
	require.NoError(t, err)
	if cookies != "" {
		r.Header.Set("Cookie", cookies)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(r)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, resp.Body.Close())
	require.NoError(t, err)
	first, _, _ := strings.Cut(string(body), "\n")
	a := answer{Code: resp.StatusCode, SetCookie: resp.Header.Values("Set-Cookie"), CacheControl: resp.Header.Get("Cache-Control"), Allow: resp.Header.Get("Allow")}
	if a.Code == http.StatusBadRequest {
		a.FirstLine = first // the others' bodies are each server's own
	}
	return a
}

// encoded returns the Cookie header of items as the codec writes them.
func encoded(t *testing.T, items []ifav.Item) string {
	t.Helper()
	values, err := cookie.Encode("favorites", items)
	require.NoError(t, err)
	var pairs []string
	for i, v := range values {
		pairs = append(pairs, cookie.Name("favorites", i)+"="+v)
	}
	return strings.Join(pairs, "; ")
}

// hardItems are items with every character that cookies, URL and form
// encodings or a byte-oriented reader treat specially, spanning chunks.
func hardItems() []ifav.Item {
	titles := []string{
		`semi;colon`, `com,ma`, `"double quotes"`, `back\slash`, `100% sure`, `1+1=2`, `%41%2B%3B`,
		`star * dollar $ pipe | tilde ~ under_score`, `emoji 😀👍🏽🇪🇺`, `שלום עולם`, "\u202eRLO\u202c",
		`Ünïcödé ß 中文 日本語`, "tab\there", "line\nbreak", `<b>html</b> &amp;`, ` spaces `, strings.Repeat("é", 200),
		"", "~~**$$||__", "\x00\x01\x7f\u0085",
	}
	var items []ifav.Item
	for i := 0; i < 60; i++ {
		id := "id;" + strconv.Itoa(i)
		if i%3 == 0 {
			id += "é~*"
		}
		url := "/news/" + strconv.Itoa(i) + "?q=a%20b&c=d+e;f"
		switch i % 4 {
		case 1:
			url = "https://news.example/" + strconv.Itoa(i)
		case 2:
			url = ""
		}
		items = append(items, ifav.Item{ID: id, Title: titles[i%len(titles)], URL: url, Added: 1795000000 + int64(i)*977})
	}
	return items
}

func typicalItems(n int) []ifav.Item {
	var items []ifav.Item
	for i := 0; i < n; i++ {
		items = append(items, ifav.Item{
			ID:    strconv.Itoa(100000 + i*7919%900000),
			Title: "The council approves the budget for city schools after a long debate, number " + strconv.Itoa(i),
			URL:   "/2026/11/26/the-council-approves-the-budget-" + strconv.Itoa(i),
			Added: 1795000000 + int64(i)*3600,
		})
	}
	return items
}

// The renew endpoints of PHP and nginx answer every request as the Go
// handler does.
func TestRenew(t *testing.T) {
	list := encoded(t, hardItems())
	require.Contains(t, list, "favorites_1=", "the list spans two cookies")
	cases := []struct {
		name, method, cookies string
		header                []string
		want                  int
	}{
		{"the list, among other cookies", "POST", "theme=dark; " + list + "; session=abc", []string{"Sec-Fetch-Site", "same-origin"}, http.StatusNoContent},
		{"one cookie", "POST", "favorites=11AAAAAAAx||~", []string{"Sec-Fetch-Site", "same-origin"}, http.StatusNoContent},
		{"octets the codec never writes, echoed as they came", "POST", "favorites=1x%41+%3B!#&'()", []string{"Sec-Fetch-Site", "same-origin"}, http.StatusNoContent},
		{"a name twice: the first", "POST", "favorites=first; favorites=second", nil, http.StatusNoContent},
		{"nothing to renew", "POST", "theme=dark", []string{"Sec-Fetch-Site", "same-origin"}, http.StatusNoContent},
		{"no cookies at all", "POST", "", nil, http.StatusNoContent},
		{"a space", "POST", "favorites=11a b", nil, http.StatusBadRequest},
		{"a double quote", "POST", `favorites="11ab"`, nil, http.StatusBadRequest},
		{"a comma", "POST", "favorites=11a,b", nil, http.StatusBadRequest},
		{"a backslash", "POST", `favorites=11a\b`, nil, http.StatusBadRequest},
		{"a byte past ASCII", "POST", "favorites=11caf\xc3\xa9", nil, http.StatusBadRequest},
		{"a later chunk", "POST", "favorites=11ok; favorites_3=x y", nil, http.StatusBadRequest},
		{"GET", "GET", list, nil, http.StatusMethodNotAllowed},
		{"PUT", "PUT", list, nil, http.StatusMethodNotAllowed},
		{"cross-site", "POST", list, []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}, http.StatusForbidden},
		{"same site, another origin", "POST", list, []string{"Sec-Fetch-Site", "same-site"}, http.StatusForbidden},
		{"another origin, an older browser", "POST", list, []string{"Origin", "https://evil.example"}, http.StatusForbidden},
		{"an opaque origin", "POST", list, []string{"Origin", "null"}, http.StatusForbidden},
		{"typed in the address bar", "POST", list, []string{"Sec-Fetch-Site", "none"}, http.StatusNoContent},
	}
	servers := map[string]string{"Go": startGo(t), "PHP": startPHP(t), "nginx": startNginx(t)}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := renew(t, servers["Go"], c.method, c.cookies, c.header...)
			require.Equal(t, c.want, want.Code, "the Go handler")
			require.Equal(t, "no-store", want.CacheControl)
			if c.want == http.StatusNoContent {
				for _, h := range want.SetCookie {
					assert.Regexp(t, `^favorites(_[1-4])?=[^;]+; Path=/; Max-Age=31536000; SameSite=Lax$`, h)
				}
			}
			for _, name := range []string{"PHP", "nginx"} {
				got := renew(t, servers[name], c.method, c.cookies, c.header...)
				assert.Equal(t, want, got, name)
			}
		})
	}
	// The list's cookies are exactly the request's.
	a := renew(t, servers["PHP"], "POST", "theme=dark; "+list, "Sec-Fetch-Site", "same-origin")
	var pairs []string
	for _, h := range a.SetCookie {
		pair, _, _ := strings.Cut(h, ";")
		pairs = append(pairs, pair)
	}
	assert.Equal(t, list, strings.Join(pairs, "; "))
	// Origin against Host, for a browser without Sec-Fetch-Site.
	for name, base := range servers {
		assert.Equal(t, http.StatusNoContent, renew(t, base, "POST", list, "Origin", base).Code, name)
	}
}

// PHP's favorites_read, through a real Cookie header, reads what Go reads.
func TestPHPRead(t *testing.T) {
	base := startPHP(t)
	for name, items := range map[string][]ifav.Item{"hard": hardItems(), "typical": typicalItems(50), "none": nil} {
		t.Run(name, func(t *testing.T) {
			header := "theme=dark; " + encoded(t, items) + "; session=a%3Bb"
			if len(items) == 0 {
				header = "theme=dark"
			}
			r, err := http.NewRequest(http.MethodGet, base+"/read", nil)
			require.NoError(t, err)
			r.Header.Set("Cookie", header)
			resp, err := http.DefaultClient.Do(r)
			require.NoError(t, err)
			var got []struct {
				ID, Title, URL string
				Added          int64
			}
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
			require.NoError(t, resp.Body.Close())
			gr := httptest.NewRequest(http.MethodGet, "/", nil)
			gr.Header.Set("Cookie", header)
			want := favorites.Read(gr)
			require.Len(t, got, len(want))
			for i := range want {
				assert.Equal(t, want[i].ID, got[i].ID)
				assert.Equal(t, want[i].Title, got[i].Title)
				assert.Equal(t, want[i].URL, got[i].URL)
				assert.Equal(t, want[i].Added.Unix(), got[i].Added)
			}
		})
	}
}

// PHP's favorites_decode reads, of every list, valid or not, exactly the
// items Go's decoder reads: the seeds of the codec's fuzz test, valid lists,
// and thousands of mutations of them.
func TestPHPDecodeAgreesWithGo(t *testing.T) {
	var cases [][cookie.MaxCookies]string
	seeds, err := filepath.Glob("../internal/cookie/testdata/fuzz/FuzzDecode/*")
	require.NoError(t, err)
	require.NotEmpty(t, seeds)
	for _, name := range seeds {
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		require.Len(t, lines, 1+cookie.MaxCookies, name)
		var c [cookie.MaxCookies]string
		for i, line := range lines[1:] {
			v, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(line, "string("), ")"))
			require.NoError(t, err, name)
			c[i] = v
		}
		cases = append(cases, c)
	}
	r := rand.New(rand.NewPCG(5, 6))
	structural := "~|*$_%+;\" \\\x00\xff\xc3AQgw09-_qpacsb"
	for _, items := range [][]ifav.Item{hardItems(), typicalItems(60)} {
		values, err := cookie.Encode("favorites", items)
		require.NoError(t, err)
		var valid [cookie.MaxCookies]string
		copy(valid[:], values)
		cases = append(cases, valid)
		for range 1500 {
			c := valid
			k := r.IntN(len(values))
			b := []byte(c[k])
			for n := 1 + r.IntN(3); n > 0 && len(b) > 0; n-- {
				switch i := r.IntN(len(b)); r.IntN(4) {
				case 0:
					b[i] = structural[r.IntN(len(structural))]
				case 1:
					b = append(b[:i], b[i+1:]...)
				case 2:
					b = append(b[:i], append([]byte{structural[r.IntN(len(structural))]}, b[i:]...)...)
				case 3:
					b = b[:i]
				}
			}
			c[k] = string(b)
			cases = append(cases, c)
		}
	}

	// In batches, each well under PHP's post_max_size.
	base := startPHP(t)
	var out [][][4]any
	for from := 0; from < len(cases); from += 250 {
		var in [][]string
		for _, c := range cases[from:min(from+250, len(cases))] {
			var enc []string
			for _, v := range c {
				enc = append(enc, base64.StdEncoding.EncodeToString([]byte(v)))
			}
			in = append(in, enc)
		}
		body, err := json.Marshal(in)
		require.NoError(t, err)
		resp, err := http.Post(base+"/decode", "application/json", bytes.NewReader(body))
		require.NoError(t, err)
		var batch [][][4]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&batch), "batch at %d", from)
		require.NoError(t, resp.Body.Close())
		require.Len(t, batch, len(in))
		out = append(out, batch...)
	}
	require.Len(t, out, len(cases))

	unb64 := func(v any) string {
		b, err := base64.StdEncoding.DecodeString(v.(string))
		require.NoError(t, err)
		return string(b)
	}
	var items int
	for i, c := range cases {
		want := cookie.Decode(&c)
		if len(want) == 0 {
			want = nil // as got, for the comparison
		}
		var got []ifav.Item
		for _, it := range out[i] {
			got = append(got, ifav.Item{ID: unb64(it[0]), Title: unb64(it[1]), URL: unb64(it[2]), Added: int64(it[3].(float64))})
		}
		if !assert.Equal(t, want, got, "case %d: %q", i, c) {
			break
		}
		items += len(want)
	}
	t.Logf("%d lists, %d items read alike", len(cases), items)
}
