package store

import (
	"sort"
	"strconv"
	"strings"
	"testing"
)

// fakeJar is a browser's cookie store seen from one page, as far as the
// store can tell: cookies are keyed by name, path and domain, Max-Age sets the
// expiry (0 or less deletes), the Path attribute decides which pages see a
// cookie, and Cookies lists the longer paths first, then the older cookies.
type fakeJar struct {
	t       testing.TB
	page    string // the page's path
	now     *int64 // Unix seconds
	cookies map[jarKey]*jarCookie
	serial  int
	writes  []string                     // every assignment, kept or not
	refuse  func(assignment string) bool // these writes are ignored
}

type jarKey struct{ name, path, domain string }

type jarCookie struct {
	value   string
	expires int64
	created int
	attrs   map[string]string
}

func newJar(t testing.TB, now *int64) *fakeJar {
	return &fakeJar{t: t, page: "/2026/11/26/a-story", now: now, cookies: map[jarKey]*jarCookie{}}
}

func (j *fakeJar) SetCookie(s string) {
	j.writes = append(j.writes, s)
	parts := strings.Split(s, ";")
	name, value, ok := strings.Cut(parts[0], "=")
	if !ok {
		j.t.Errorf("assignment without '=': %q", s)
		return
	}
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	attrs := map[string]string{}
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		attrs[strings.ToLower(k)] = v
	}
	path := attrs["path"]
	if path == "" || path[0] != '/' {
		path = j.page[:strings.LastIndex(j.page, "/")+1] // RFC 6265 §5.1.4 default-path
	}
	key := jarKey{name, path, strings.TrimPrefix(strings.ToLower(attrs["domain"]), ".")}
	if j.refuse != nil && j.refuse(s) {
		return
	}
	expires := int64(1 << 62) // a session cookie
	if ma, ok := attrs["max-age"]; ok {
		n, err := strconv.ParseInt(ma, 10, 64)
		if err != nil {
			j.t.Errorf("bad Max-Age in %q", s)
			return
		}
		if n <= 0 {
			delete(j.cookies, key)
			return
		}
		expires = *j.now + n
	}
	c := j.cookies[key]
	if c == nil {
		j.serial++
		c = &jarCookie{created: j.serial}
		j.cookies[key] = c
	}
	c.value, c.expires, c.attrs = value, expires, attrs
}

func (j *fakeJar) visible() []jarKey {
	var keys []jarKey
	for k, c := range j.cookies {
		if c.expires <= *j.now {
			delete(j.cookies, k)
			continue
		}
		if k.path == "/" || j.page == k.path || strings.HasPrefix(j.page, strings.TrimSuffix(k.path, "/")+"/") {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(a, b int) bool {
		if len(keys[a].path) != len(keys[b].path) {
			return len(keys[a].path) > len(keys[b].path)
		}
		return j.cookies[keys[a]].created < j.cookies[keys[b]].created
	})
	return keys
}

func (j *fakeJar) Cookies() string {
	var pairs []string
	for _, k := range j.visible() {
		pairs = append(pairs, k.name+"="+j.cookies[k].value)
	}
	return strings.Join(pairs, "; ")
}

// get returns the value of the visible cookie name, and whether there is one.
func (j *fakeJar) get(name string) (string, bool) {
	for _, k := range j.visible() {
		if k.name == name {
			return j.cookies[k].value, true
		}
	}
	return "", false
}

// names returns the names of the visible cookies, sorted.
func (j *fakeJar) names() []string {
	var n []string
	for _, k := range j.visible() {
		n = append(n, k.name)
	}
	sort.Strings(n)
	return n
}

// snapshot returns name → value of the visible cookies.
func (j *fakeJar) snapshot() map[string]string {
	m := map[string]string{}
	for _, k := range j.visible() {
		m[k.name] = j.cookies[k].value
	}
	return m
}

func TestFakeJar(t *testing.T) {
	now := int64(1000)
	j := newJar(t, &now)
	j.SetCookie("a=1; Path=/; Max-Age=10")
	j.SetCookie("b=2; Path=/2026/; Max-Age=100")
	j.SetCookie("c=3; Path=/other/; Max-Age=100")
	j.SetCookie("d=4") // default path /2026/11/26/, session
	j.SetCookie("a=5; Path=/2026/11; Max-Age=100")
	if got := j.Cookies(); got != "d=4; a=5; b=2; a=1" {
		t.Fatalf("Cookies() = %q", got)
	}
	now += 10
	j.SetCookie("b=; Path=/2026/; Max-Age=0")
	j.SetCookie("a=; Path=/2026/11; Max-Age=0")
	if got := j.Cookies(); got != "d=4" {
		t.Fatalf("Cookies() = %q", got)
	}
}
