// Package favorites is the list model of the library: what an item is, which
// items are valid, how the list changes, and the errors the public contract
// names. It knows nothing of cookies or of the browser.
package favorites

import "unicode/utf8"

// Limits of an item, as documented in the README.
const (
	MaxIDLen    = 100  // code points
	MaxTitleLen = 200  // code points; a longer title is shortened, never rejected
	MaxURLLen   = 2048 // bytes
	// DefaultMaxItems is the capacity of a list unless configured otherwise.
	DefaultMaxItems = 50
	// MaxMaxItems bounds the maxItems option: the cookie could not hold more
	// than this many even of the smallest items.
	MaxMaxItems = 1000
)

// Code is one of the error codes of the public contract.
type Code string

// The error codes the core returns. The shim adds "load-failed", which only
// it can see.
const (
	InvalidItem     Code = "invalid-item"
	Full            Code = "full"
	CookiesDisabled Code = "cookies-disabled"
)

// Error is a failure with a contract code and a sentence for developers.
type Error struct {
	Code   Code
	Reason string
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Reason }

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, &Error{Code: Full}) asks for the code alone.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Invalid returns an invalid-item error with reason.
func Invalid(reason string) *Error { return &Error{Code: InvalidItem, Reason: reason} }

// Item is one favourite. Added is in Unix seconds: the contract promises
// exactness to the second, and the cookie stores no more.
type Item struct {
	ID    string
	Title string
	URL   string
	Added int64
}

// CheckID reports why id is not a valid item id, or nil.
func CheckID(id string) error {
	if id == "" {
		return Invalid("the id is empty")
	}
	if !utf8.ValidString(id) {
		return Invalid("the id is not valid UTF-8")
	}
	n := 0
	for _, r := range id {
		if isControl(r) {
			return Invalid("the id holds a control character")
		}
		n++
	}
	if n > MaxIDLen {
		return Invalid("the id is longer than 100 characters")
	}
	return nil
}

// CheckURL reports why u is not a URL an item may link to, or nil. The
// empty string means "no link".
//
// The widget turns the URL into a link, so only an absolute http(s) URL with
// a host and a path that starts with a single "/" pass: never javascript:,
// data:, "//host" or a relative path. Control characters and backslashes are
// refused anywhere, as WHATWG URL parsing strips tabs and newlines and reads
// "\" as "/": "/\evil.example" would become "//evil.example".
func CheckURL(u string) error {
	if !utf8.ValidString(u) {
		return Invalid("the url is not valid UTF-8")
	}
	for i := 0; i < len(u); i++ {
		// The C1 controls, U+0080 to U+009F, are the two bytes 0xC2 0x80
		// to 0xC2 0x9F; u is valid UTF-8, so 0xC2 is never its last byte.
		if c := u[i]; c < 0x20 || c == 0x7f || c == '\\' || c == 0xc2 && u[i+1] < 0xa0 {
			return Invalid("the url holds a control character or a backslash")
		}
	}
	return CheckURLForm(u)
}

// CheckURLForm is CheckURL of a u whose bytes CheckURL has passed, or that
// holds only printable ASCII and spaces but no "\": its length and form.
func CheckURLForm(u string) error {
	if u == "" {
		return nil
	}
	if len(u) > MaxURLLen {
		return Invalid("the url is longer than 2048 bytes")
	}
	if u[0] == '/' {
		if len(u) > 1 && u[1] == '/' {
			return Invalid("the url is protocol-relative (//host)")
		}
		return nil
	}
	rest, ok := cutPrefixFold(u, "https://")
	if !ok {
		rest, ok = cutPrefixFold(u, "http://")
	}
	if !ok {
		return Invalid("the url is neither http(s) nor a path starting with /")
	}
	if rest == "" || rest[0] == '/' || rest[0] == '?' || rest[0] == '#' || rest[0] == '@' {
		return Invalid("the url has no host")
	}
	return nil
}

// ShortenTitle returns t, or when longer than MaxTitleLen code points its
// first MaxTitleLen-1 and "…".
func ShortenTitle(t string) string {
	n := 0
	for i := range t {
		if n == MaxTitleLen-1 {
			if utf8.RuneCountInString(t[i:]) <= 1 {
				return t
			}
			return t[:i] + "…"
		}
		n++
	}
	return t
}

// cutPrefixFold is strings.CutPrefix with ASCII case folding; prefix is lower case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) {
		return s, false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return s, false
		}
	}
	return s[len(prefix):], true
}

// isControl reports the Unicode control characters (category Cc), without
// pulling the unicode tables into the .wasm.
func isControl(r rune) bool { return r < 0x20 || (0x7f <= r && r < 0xa0) }
