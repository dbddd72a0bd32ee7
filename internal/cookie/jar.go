package cookie

import (
	"runtime"
	"strconv"
)

// Attributes are what every cookie of the list is written with.
type Attributes struct {
	MaxAgeDays int    // renewed on every write
	Domain     string // "" for a host-only cookie
	Secure     bool   // the page is served over https
}

// SetString returns the document.cookie assignment that stores value under
// name: Path=/ so every page of the site sees the list, SameSite=Lax so it
// travels with top-level navigations but not with cross-site subrequests
// (RFC 6265bis §5.4.7), Max-Age rather than Expires so the reader's clock
// does not matter.
func SetString(name, value string, a Attributes) string {
	var n [20]byte // the digits, converted without an allocation of their own
	return name + "=" + value + "; Path=/; Max-Age=" + string(strconv.AppendInt(n[:0], int64(a.MaxAgeDays)*86400, 10)) + tail(a)
}

// DeleteString returns the document.cookie assignment that removes name.
func DeleteString(name string, a Attributes) string {
	return name + "=; Path=/; Max-Age=0" + tail(a)
}

func tail(a Attributes) string {
	s := "; SameSite=Lax"
	if a.Domain != "" {
		s += "; Domain=" + a.Domain
	}
	if a.Secure {
		s += "; Secure"
	}
	return s
}

// Chunks picks the values of the list's chunks out of a Cookie header or a
// document.cookie string ("a=1; b=2"). Where a name appears twice (cookies
// of the same name for another path or domain) the first one counts: the
// browser lists the most specific path first.
func Chunks(header, base string) (chunks [MaxCookies]string) {
	eachPair(header, func(name, value string) {
		if n := chunkIndex(name, base); n >= 0 && chunks[n] == "" {
			chunks[n] = value
		}
	})
	return chunks
}

// EqualChunks reports *a == *b. Chunks are kilobytes long and compared
// after every write, and the wasm runtime compares strings a byte at a time
// (internal/bytealg/equal_wasm.s), so there they are compared 32 bytes at a
// time.
func EqualChunks(a, b *[MaxCookies]string) bool {
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
	}
	for i := range a {
		if !equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// equal is a == b for strings of the same length.
func equal(a, b string) bool {
	if runtime.GOARCH != "wasm" {
		return a == b // the runtime's vector compare is faster
	}
	return equalWords(a, b)
}

// equalWords is a == b for strings of the same length, read 32 bytes at a
// time.
func equalWords(a, b string) bool {
	i := 0
	for ; i+32 <= len(a); i += 32 {
		x, y := a[i:i+32], b[i:i+32]
		if (load64(x)^load64(y))|(load64(x[8:])^load64(y[8:]))|
			(load64(x[16:])^load64(y[16:]))|(load64(x[24:])^load64(y[24:])) != 0 {
			return false
		}
	}
	for ; i < len(a); i++ {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Lookup returns the value of the first cookie named name in header.
func Lookup(header, name string) (value string, ok bool) {
	eachPair(header, func(n, v string) {
		if !ok && n == name {
			value, ok = v, true
		}
	})
	return value, ok
}

// eachPair calls fn with the name and value of every "name=value" of a
// Cookie header or document.cookie string, in order.
func eachPair(header string, fn func(name, value string)) {
	for len(header) > 0 {
		var pair string
		if i := indexByte(header, ';'); i >= 0 {
			pair, header = header[:i], header[i+1:]
		} else {
			pair, header = header, ""
		}
		pair = trimSpace(pair)
		if eq := indexByte(pair, '='); eq >= 0 {
			fn(pair[:eq], pair[eq+1:])
		}
	}
}

// chunkIndex returns i when name is Name(base, i), or -1.
func chunkIndex(name, base string) int {
	if name == base {
		return 0
	}
	if len(name) == len(base)+2 && name[:len(base)] == base && name[len(base)] == '_' {
		if d := int(name[len(base)+1] - '0'); 1 <= d && d < MaxCookies {
			return d
		}
	}
	return -1
}

// ValidName reports whether name may name the list's cookies: 1 to 64
// letters, digits, "-" and "_". RFC 6265 allows more token characters, but
// PHP turns "." and " " in a cookie's name into "_" and URL-decodes "%" and
// "+" in it, so $_COOKIE would not find those names.
func ValidName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c == '-' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// ValidDomain reports whether d may be a cookie's Domain attribute: a host
// name, optionally with a leading dot (RFC 6265 §5.2.3 ignores it).
func ValidDomain(d string) bool {
	if d == "" || len(d) > 253 {
		return false
	}
	if d[0] == '.' {
		d = d[1:]
	}
	label := 0
	for i := 0; i < len(d); i++ {
		c := d[i]
		switch {
		case c == '.':
			if label == 0 {
				return false
			}
			label = 0
		case c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			label++
		default:
			return false
		}
	}
	return label > 0
}

// indexByte is strings.IndexByte, which would bring the strings package
// into the .wasm. Every chunk read back after a write is scanned for its
// ";", so it tests 32 bytes at a time: a byte of x is zero exactly when
// (x-0x01…01) &^ x has its high bit set, and x is a word xor c in every
// byte. On wasm a loop's every turn costs a dispatch, so the turns are few.
func indexByte(s string, c byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	pat := ones * uint64(c)
	i := 0
	for ; i+32 <= len(s); i += 32 {
		w := s[i : i+32]
		x0, x1, x2, x3 := load64(w)^pat, load64(w[8:])^pat, load64(w[16:])^pat, load64(w[24:])^pat
		if ((x0-ones)&^x0|(x1-ones)&^x1|(x2-ones)&^x2|(x3-ones)&^x3)&highs != 0 {
			break // c is among these 32 bytes
		}
	}
	for ; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// load64 returns the first eight bytes of s as a little-endian word, which
// the compiler reads with one load, also on wasm.
func load64(s string) uint64 {
	_ = s[7] // one bounds check
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}
