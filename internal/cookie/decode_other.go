//go:build !js

package cookie

import (
	"strings"

	"github.com/favorites-dev/favorites/internal/favorites"
)

// The server's half of what the decoder does differently in the .wasm
// (decode_js.go): here the fast code, as a server reads every request's
// list; there the short code, as every byte of the .wasm is downloaded.
// Both give the same answers.

// index is strings.IndexByte, which looks at many bytes at a time.
func index(s string, c byte) int { return strings.IndexByte(s, c) }

// itemRoom is how many items to make room for in advance: as many as there
// are "~" in chunks, as one ends each item.
func itemRoom(chunks []string) int {
	n := 0
	for _, c := range chunks {
		n += strings.Count(c, "~")
	}
	return n
}

// surelyValid reports that an item's fields pass the core's checks,
// without running them whole, when ascii says that every byte of the
// fields is printable ASCII or a space: valid UTF-8 without control
// characters, a character a byte, for which the checks come down to
// lengths and the url's form. When it reports false, the checks decide.
func surelyValid(id, title, url string, ascii bool) bool {
	return ascii && id != "" && len(id) <= favorites.MaxIDLen && len(title) <= favorites.MaxTitleLen && favorites.CheckURL(url) == nil
}

// An idSet finds ids among the items read: bit hash(id)%1024 is set for
// each id noted, so an id whose bit is clear is new, and only the others
// are looked for in items, one by one.
type idSet [16]uint64

// has reports whether id is in items, and notes it.
func (s *idSet) has(id string, items []favorites.Item) bool {
	h := uint64(len(id))
	for i := 0; i < len(id); i++ {
		h = h*31 + uint64(id[i])
	}
	h *= 0x9e3779b97f4a7c15 // Fibonacci hashing: the top bits depend on every bit
	w, bit := h>>60, uint64(1)<<(h>>54&63)
	if s[w]&bit != 0 && (&favorites.List{Items: items}).Has(id) {
		return true
	}
	s[w] |= bit
	return false
}
