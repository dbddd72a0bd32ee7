package cookie

import (
	"strconv"
	"strings"
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
	s := name + "=" + value + "; Path=/; Max-Age=" + strconv.Itoa(a.MaxAgeDays*86400) + "; SameSite=Lax"
	if a.Domain != "" {
		s += "; Domain=" + a.Domain
	}
	if a.Secure {
		s += "; Secure"
	}
	return s
}

// DeleteString returns the document.cookie assignment that removes name.
func DeleteString(name string, a Attributes) string {
	a.MaxAgeDays = 0
	return SetString(name, "", a)
}

// IsName reports whether name may name the list's cookies: 1 to 64
// letters, digits, "-" and "_". RFC 6265 allows more token characters, but
// PHP turns "." and " " in a cookie's name into "_" and URL-decodes "%" and
// "+" in it, so $_COOKIE would not find those names.
func IsName(name string) bool {
	ok := name != "" && len(name) <= 64
	for i := 0; ok && i < len(name); i++ {
		ok = name[i] == '-' || name[i] == '_' || isAlnum(name[i])
	}
	return ok
}

// IsDomain reports whether d may be a cookie's Domain attribute: a host
// name, optionally with a leading dot (RFC 6265 §5.2.3 ignores it).
func IsDomain(d string) bool {
	d = strings.TrimPrefix(d, ".")
	if d == "" || len(d) > 253 {
		return false
	}
	label := 0
	for i := 0; i < len(d); i++ {
		switch c := d[i]; {
		case c == '.' && label > 0:
			label = 0
		case c == '-' || isAlnum(c):
			label++
		default:
			return false
		}
	}
	return label > 0
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
