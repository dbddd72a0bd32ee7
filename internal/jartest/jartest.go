// Package jartest is a cookie jar for tests: document.cookie as a page sees
// it, reduced to what the core relies on. Cookies are name=value pairs in
// order of creation; an assignment with Max-Age=0 deletes; other attributes
// are ignored. (internal/store's tests keep a fuller jar, with paths,
// domains and expiry, for the store's own rules.)
package jartest

import "strings"

// Jar is the fake jar. Its zero value is not ready: use New.
type Jar struct {
	Names   []string          // the cookies' names, oldest first
	Values  map[string]string // by name
	Writes  []string          // every assignment, kept or not
	Reads   int               // how many times Cookies was called
	Blocked bool              // writes are ignored, as in a browser that keeps no cookie
}

// New returns an empty jar.
func New() *Jar { return &Jar{Values: map[string]string{}} }

// Cookies returns the jar as document.cookie would: "a=1; b=2".
func (j *Jar) Cookies() string {
	j.Reads++
	var pairs []string
	for _, n := range j.Names {
		pairs = append(pairs, n+"="+j.Values[n])
	}
	return strings.Join(pairs, "; ")
}

// SetCookie applies one assignment such as "a=1; Path=/".
func (j *Jar) SetCookie(s string) {
	j.Writes = append(j.Writes, s)
	if j.Blocked {
		return
	}
	pair, attrs, _ := strings.Cut(s, ";")
	name, value, _ := strings.Cut(pair, "=")
	if strings.Contains(attrs, "Max-Age=0") {
		delete(j.Values, name)
		for i, n := range j.Names {
			if n == name {
				j.Names = append(j.Names[:i], j.Names[i+1:]...)
				break
			}
		}
		return
	}
	if _, ok := j.Values[name]; !ok {
		j.Names = append(j.Names, name)
	}
	j.Values[name] = value
}
