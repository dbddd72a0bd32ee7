// Package jartest is document.cookie for tests: net/http/cookiejar seen from
// one page deep in an https site. Cookies come back in the order a browser
// lists them, longer paths first, then older cookies (RFC 6265 §5.4).
package jartest

import (
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
)

// Page is the page the jar is seen from.
var Page = &url.URL{Scheme: "https", Host: "news.example.com", Path: "/2026/11/26/a-story"}

// Jar is the jar. Use New.
type Jar struct {
	Writes []string // every assignment, kept or not
	Reads  int      // how many times Cookies was called
	// Refuse makes the jar ignore the assignments it returns true for, as a
	// browser that keeps no cookie, or not this one, does.
	Refuse func(assignment string) bool
	// Throw makes the jar read as "" and keep nothing, as the store sees a
	// document.cookie that throws (a sandboxed frame).
	Throw bool

	jar *cookiejar.Jar
}

// New returns an empty jar.
func New() *Jar {
	j, _ := cookiejar.New(nil) // it fails only for a public suffix list
	return &Jar{jar: j}
}

// SetCookie applies one assignment such as "a=1; Path=/", as a browser does.
func (j *Jar) SetCookie(assignment string) {
	if j.Throw {
		return
	}
	j.Writes = append(j.Writes, assignment)
	if j.Refuse != nil && j.Refuse(assignment) {
		return
	}
	if c, err := http.ParseSetCookie(assignment); err == nil {
		j.jar.SetCookies(Page, []*http.Cookie{c})
	}
}

// Cookies returns the jar as document.cookie would: "a=1; b=2".
func (j *Jar) Cookies() string {
	if j.Throw {
		return ""
	}
	j.Reads++
	var pairs []string
	for _, c := range j.jar.Cookies(Page) {
		pairs = append(pairs, c.Name+"="+c.Value)
	}
	return strings.Join(pairs, "; ")
}

// Get returns the value of the first visible cookie name.
func (j *Jar) Get(name string) (string, bool) {
	v, ok := j.Snapshot()[name]
	return v, ok
}

// Names returns the names of the visible cookies, sorted.
func (j *Jar) Names() []string { return slices.Sorted(maps.Keys(j.Snapshot())) }

// Snapshot returns name → value of the visible cookies, the first of each
// name.
func (j *Jar) Snapshot() map[string]string {
	m := map[string]string{}
	for _, c := range j.jar.Cookies(Page) {
		if _, ok := m[c.Name]; !ok {
			m[c.Name] = c.Value
		}
	}
	return m
}
