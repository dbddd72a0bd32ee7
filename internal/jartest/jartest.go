// Package jartest is a cookie jar for tests: a browser's cookie store seen
// from one page through document.cookie, as far as the core can tell.
// Cookies are keyed by name, path and domain; Max-Age sets the expiry (0 or
// less deletes); the Path attribute decides which pages see a cookie; and
// Cookies lists the longer paths first, then the older cookies (RFC 6265
// §5.4).
package jartest

import (
	"errors"
	"sort"
	"strconv"
	"strings"
)

// Jar is the fake jar. Use New.
type Jar struct {
	Page   string   // the page's path
	Now    int64    // Unix seconds, for Max-Age
	Writes []string // every assignment, kept or not
	Reads  int      // how many times Cookies was called
	// Refuse makes the jar ignore the assignments it returns true for, as a
	// browser that keeps no cookie, or not this one, does.
	Refuse func(assignment string) bool
	// Throw makes every call fail, as document.cookie throws in a sandboxed
	// frame.
	Throw bool

	cookies map[key]*entry
	serial  int
}

type key struct{ name, path, domain string }

type entry struct {
	value   string
	expires int64
	created int
}

// ErrThrown is what a jar with Throw set returns.
var ErrThrown = errors.New("jartest: document.cookie threw")

// New returns an empty jar for a page deep in a site, at a fixed time.
func New() *Jar {
	return &Jar{Page: "/2026/11/26/a-story", Now: 1795000000, cookies: map[key]*entry{}}
}

// SetCookie applies one assignment such as "a=1; Path=/".
func (j *Jar) SetCookie(s string) error {
	if j.Throw {
		return ErrThrown
	}
	j.Writes = append(j.Writes, s)
	parts := strings.Split(s, ";")
	name, value, ok := strings.Cut(parts[0], "=")
	if !ok {
		return nil // a browser ignores it
	}
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	attrs := map[string]string{}
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		attrs[strings.ToLower(k)] = v
	}
	path := attrs["path"]
	if path == "" || path[0] != '/' {
		path = j.Page[:strings.LastIndex(j.Page, "/")+1] // RFC 6265 §5.1.4 default-path
	}
	k := key{name, path, strings.TrimPrefix(strings.ToLower(attrs["domain"]), ".")}
	if j.Refuse != nil && j.Refuse(s) {
		return nil
	}
	expires := int64(1 << 62) // a session cookie
	if ma, ok := attrs["max-age"]; ok {
		n, err := strconv.ParseInt(ma, 10, 64)
		if err != nil {
			return nil // a browser ignores the attribute; no test writes one
		}
		if n <= 0 {
			delete(j.cookies, k)
			return nil
		}
		expires = j.Now + n
	}
	c := j.cookies[k]
	if c == nil {
		j.serial++
		c = &entry{created: j.serial}
		j.cookies[k] = c
	}
	c.value, c.expires = value, expires
	return nil
}

// Cookies returns the jar as document.cookie would: "a=1; b=2".
func (j *Jar) Cookies() (string, error) {
	if j.Throw {
		return "", ErrThrown
	}
	j.Reads++
	var pairs []string
	for _, k := range j.visible() {
		pairs = append(pairs, k.name+"="+j.cookies[k].value)
	}
	return strings.Join(pairs, "; "), nil
}

func (j *Jar) visible() []key {
	var keys []key
	for k, c := range j.cookies {
		if c.expires <= j.Now {
			delete(j.cookies, k)
			continue
		}
		if k.path == "/" || j.Page == k.path || strings.HasPrefix(j.Page, strings.TrimSuffix(k.path, "/")+"/") {
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

// Get returns the value of the visible cookie name, and whether there is one.
func (j *Jar) Get(name string) (string, bool) {
	for _, k := range j.visible() {
		if k.name == name {
			return j.cookies[k].value, true
		}
	}
	return "", false
}

// Names returns the names of the visible cookies, sorted.
func (j *Jar) Names() []string {
	var n []string
	for _, k := range j.visible() {
		n = append(n, k.name)
	}
	sort.Strings(n)
	return n
}

// Snapshot returns name → value of the visible cookies.
func (j *Jar) Snapshot() map[string]string {
	m := map[string]string{}
	for _, k := range j.visible() {
		m[k.name] = j.cookies[k].value
	}
	return m
}

// Expiry returns when the visible cookie name expires, in Unix seconds.
func (j *Jar) Expiry(name string) (int64, bool) {
	for _, k := range j.visible() {
		if k.name == name {
			return j.cookies[k].expires, true
		}
	}
	return 0, false
}
