package dispatch

import (
	"strconv"
	"strings"
	"testing"
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

// typical returns the arguments of the n-th of a news site's typical
// items: a 6-digit id, an 80-character title, a 60-character path.
func typical(n int) [3]Value {
	id := strconv.Itoa(100000 + n*7919%900000)
	title := ("Council approves the budget for schools after long debate, story " + id + " of today's news")[:80]
	url := ("/2026/11/26/council-approves-the-budget-for-schools-" + id + "-story")[:60]
	return [3]Value{{Kind: String, Text: id}, {Kind: String, Text: title}, {Kind: String, Text: url}}
}

// BenchmarkWrite is the Go work of two changes to a list of 20 items, as a
// page makes them: an add at the end and a remove at the front, each
// answered with the whole list.
func BenchmarkWrite(b *testing.B) {
	const held, pool = 20, 64
	var items [pool][3]Value
	for i := range items {
		items[i] = typical(i)
	}
	jar := &pageJar{names: []string{"_ga", "theme"}, values: []string{"GA1.2.1234567890.1795000000", "dark"}, dirty: true}
	now := int64(1795000000)
	d := New(jar, func() int64 { return now })
	for i := 0; i < held; i++ {
		d.Call(Add, items[i][:])
		now++
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.Call(Add, items[(i+held)%pool][:])
		d.Call(Remove, items[i%pool][:1])
		now++
	}
	b.StopTimer()
	if n := len(d.store.Items()); n != held {
		b.Fatalf("%d items held, want %d", n, held)
	}
}
