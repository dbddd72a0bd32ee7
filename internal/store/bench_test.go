package store

import (
	"strconv"
	"strings"
	"testing"

	"github.com/favorites-dev/favorites/internal/favorites"
)

// pageJar is document.cookie as the wasm build sees it, at the least cost
// to the benchmark: a name's cookie is replaced in place, and Cookies
// returns the same string until a write changes it, as wasm/main.go's jar
// does.
type pageJar struct {
	names, values []string
	text          string
	dirty         bool
}

func (j *pageJar) SetCookie(a string) {
	pair, attrs, _ := strings.Cut(a, ";")
	name, value, _ := strings.Cut(pair, "=")
	del := strings.Contains(attrs, " Max-Age=0;")
	j.dirty = true
	for i, n := range j.names {
		if n != name {
			continue
		}
		if del {
			j.names = append(j.names[:i], j.names[i+1:]...)
			j.values = append(j.values[:i], j.values[i+1:]...)
		} else {
			j.values[i] = value
		}
		return
	}
	if !del {
		j.names = append(j.names, name)
		j.values = append(j.values, value)
	}
}

func (j *pageJar) Cookies() string {
	if j.dirty {
		n := 0
		for i := range j.names {
			n += len(j.names[i]) + 1 + len(j.values[i]) + 2
		}
		var b strings.Builder
		b.Grow(n)
		for i := range j.names {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(j.names[i])
			b.WriteByte('=')
			b.WriteString(j.values[i])
		}
		j.text, j.dirty = b.String(), false
	}
	return j.text
}

// typical returns the n-th of a news site's typical items: a 6-digit id,
// an 80-character title, a 60-character path.
func typical(n int) favorites.Change {
	id := strconv.Itoa(100000 + n*7919%900000)
	title := ("Council approves the budget for schools after long debate, story " + id + " of today's news")[:80]
	url := ("/2026/11/26/council-approves-the-budget-for-schools-" + id + "-story")[:60]
	return favorites.Change{ID: id, Title: &title, URL: &url}
}

// BenchmarkWrite is the Go work of two writes to a list of 20 items, as a
// page does them: an add at the end and a remove at the front, each
// followed by the JSON the shim hands back.
func BenchmarkWrite(b *testing.B) {
	const held, pool = 20, 64
	var changes [pool]favorites.Change
	for i := range changes {
		changes[i] = typical(i)
	}
	jar := &pageJar{names: []string{"_ga", "theme"}, values: []string{"GA1.2.1234567890.1795000000", "dark"}, dirty: true}
	now := int64(1795000000)
	s := New(jar, DefaultOptions(), func() int64 { return now })
	for i := 0; i < held; i++ {
		if _, err := s.Add(changes[i]); err != nil {
			b.Fatal(err)
		}
		now++
	}
	s.JSON()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Add(changes[(i+held)%pool]); err != nil {
			b.Fatal(err)
		}
		s.JSON()
		if _, err := s.Remove(changes[i%pool].ID); err != nil {
			b.Fatal(err)
		}
		s.JSON()
		now++
	}
	b.StopTimer()
	if n := len(s.Items()); n != held {
		b.Fatalf("%d items held, want %d", n, held)
	}
}
