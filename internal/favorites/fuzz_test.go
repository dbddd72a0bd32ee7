package favorites

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The seed corpora are in testdata/fuzz/<Name>/; the hostile cases of the
// table tests are there too.

func FuzzCheckURL(f *testing.F) {
	f.Fuzz(func(t *testing.T, u string) {
		if CheckURL(u) != nil {
			return
		}
		if u == "" {
			return // no link
		}
		if len(u) > MaxURLLen {
			t.Fatalf("accepted %d bytes", len(u))
		}
		if !utf8.ValidString(u) {
			t.Fatalf("accepted invalid UTF-8 %q", u)
		}
		for _, r := range u {
			if unicode.IsControl(r) || r == '\\' {
				t.Fatalf("accepted %q with control character or backslash %U", u, r)
			}
		}
		lower := strings.ToLower(u)
		switch {
		case strings.HasPrefix(u, "/"):
			if strings.HasPrefix(u, "//") {
				t.Fatalf("accepted protocol-relative %q", u)
			}
		case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"):
			rest := u[strings.Index(u, "//")+2:]
			if rest == "" || strings.ContainsRune("/?#@", rune(rest[0])) {
				t.Fatalf("accepted %q without a host", u)
			}
		default:
			t.Fatalf("accepted %q, neither a path nor http(s)", u)
		}
	})
}

func FuzzCheckID(f *testing.F) {
	f.Fuzz(func(t *testing.T, id string) {
		want := id != "" && utf8.ValidString(id) && utf8.RuneCountInString(id) <= MaxIDLen &&
			strings.IndexFunc(id, unicode.IsControl) < 0
		err := CheckID(id)
		if (err == nil) != want {
			t.Fatalf("CheckID(%q) = %v, want valid=%v", id, err, want)
		}
		if err != nil && code(err) != InvalidItem {
			t.Fatalf("CheckID(%q) code %q", id, code(err))
		}
	})
}

func FuzzShortenTitle(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		got := ShortenTitle(in)
		n := utf8.RuneCountInString(got)
		if n > MaxTitleLen {
			t.Fatalf("Title gave %d code points", n)
		}
		if utf8.ValidString(in) && !utf8.ValidString(got) {
			t.Fatalf("ShortenTitle(%q) = %q: invalid UTF-8 from valid input", in, got)
		}
		if utf8.RuneCountInString(in) <= MaxTitleLen {
			if got != in {
				t.Fatalf("ShortenTitle(%q) = %q: a short title changed", in, got)
			}
			return
		}
		kept, ok := strings.CutSuffix(got, "…")
		if !ok || n != MaxTitleLen || !strings.HasPrefix(in, kept) {
			t.Fatalf("ShortenTitle(%q) = %q: not a %d code point prefix ending in …", in, got, MaxTitleLen)
		}
		if ShortenTitle(got) != got {
			t.Fatalf("Title is not idempotent on %q", got)
		}
	})
}
