package cookie

import (
	"strconv"

	"github.com/favorites-dev/favorites/internal/favorites"
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
	return name + "=" + value + "; Path=/; Max-Age=" + strconv.Itoa(a.MaxAgeDays*86400) + a.tail()
}

// DeleteString returns the document.cookie assignment that removes name.
func DeleteString(name string, a Attributes) string {
	return name + "=; Path=/; Max-Age=0" + a.tail()
}

func (a Attributes) tail() string {
	s := "; SameSite=Lax"
	if a.Domain != "" {
		s += "; Domain=" + a.Domain
	}
	if a.Secure {
		s += "; Secure"
	}
	return s
}

// CheckName reports why name may not name the list's cookies, or nil. A
// name is 1 to 64 letters, digits, "-" and "_": RFC 6265 allows more token
// characters, but PHP turns "." and " " in a cookie's name into "_" and
// URL-decodes "%" and "+" in it, so $_COOKIE would not find those names.
func CheckName(name string) error {
	if name == "" || len(name) > 64 {
		return favorites.Invalid("cookieName must be 1 to 64 letters, digits, - or _")
	}
	for i := 0; i < len(name); i++ {
		if !isNameByte(name[i]) {
			return favorites.Invalid("cookieName must be 1 to 64 letters, digits, - or _")
		}
	}
	return nil
}

// CheckDomain reports why d may not be a cookie's Domain attribute, or nil:
// it must be a host name, optionally with a leading dot (RFC 6265 §5.2.3
// ignores it).
func CheckDomain(d string) error {
	d, _ = cutDot(d)
	if d == "" || len(d) > 253 {
		return favorites.Invalid("domain must be a host name")
	}
	label := 0
	for i := 0; i < len(d); i++ {
		switch c := d[i]; {
		case c == '.' && label > 0:
			label = 0
		case c == '-' || isAlnum(c):
			label++
		default:
			return favorites.Invalid("domain must be a host name")
		}
	}
	if label == 0 {
		return favorites.Invalid("domain must be a host name")
	}
	return nil
}

func cutDot(d string) (string, bool) {
	if d != "" && d[0] == '.' {
		return d[1:], true
	}
	return d, false
}

func isNameByte(c byte) bool { return c == '-' || c == '_' || isAlnum(c) }

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
