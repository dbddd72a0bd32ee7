package favorites

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// The figures of these benchmarks, and what they decided, are in
// docs/benchmarks.md ("Notes: measurements behind the code").

// benchRequest returns a request that carries n typical items beside a
// site's other cookies, as a news site's reader sends it.
func benchRequest(b *testing.B, n int) *http.Request {
	b.Helper()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	w := httptest.NewRecorder()
	if err := Write(w, r, typicalList(n)); err != nil {
		b.Fatal(err)
	}
	header := "_ga=GA1.2.1234567890.1795000000; session=3f9a1c0e7b2d4e6f"
	for _, c := range w.Result().Cookies() {
		header += "; " + c.Name + "=" + c.Value
	}
	r.Header.Set("Cookie", header)
	if got := Read(r); len(got) != n {
		b.Fatalf("read %d items of %d", len(got), n)
	}
	b.SetBytes(int64(len(header)))
	return r
}

// BenchmarkRead is Read of a 50-item list.
func BenchmarkRead(b *testing.B) {
	r := benchRequest(b, 50)
	b.ReportAllocs()
	defer cpuTime(b)()
	for b.Loop() {
		if len(Read(r)) != 50 {
			b.Fatal("lost items")
		}
	}
}

// BenchmarkCookieHeader is net/http's own parsing of the same Cookie
// header: the least a server pays to look at the list at all.
func BenchmarkCookieHeader(b *testing.B) {
	r := benchRequest(b, 50)
	b.ReportAllocs()
	defer cpuTime(b)()
	for b.Loop() {
		if len(r.Cookies()) < 2 {
			b.Fatal("no cookies")
		}
	}
}

// BenchmarkWrite is Write of a 50-item list, over a request that carries
// it: every chunk set again.
func BenchmarkWrite(b *testing.B) {
	r := benchRequest(b, 50)
	items := Read(r)
	w := httptest.NewRecorder()
	b.ReportAllocs()
	defer cpuTime(b)()
	for b.Loop() {
		clear(w.Header())
		if err := Write(w, r, items); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSetCookie is net/http's http.SetCookie of the same cookies,
// values already encoded, with the same attributes.
func BenchmarkSetCookie(b *testing.B) {
	r := benchRequest(b, 50)
	rec := httptest.NewRecorder()
	if err := Write(rec, r, Read(r)); err != nil {
		b.Fatal(err)
	}
	cookies := rec.Result().Cookies()
	w := httptest.NewRecorder()
	b.ReportAllocs()
	defer cpuTime(b)()
	for b.Loop() {
		clear(w.Header())
		for _, c := range cookies {
			http.SetCookie(w, c)
		}
	}
}
