//go:build js

package cookie

import "github.com/favorites-dev/favorites/internal/favorites"

// The .wasm's half of what the decoder does differently on a server
// (decode_other.go): here the short code, as every byte of it is
// downloaded; there the fast code, as a server reads every request's list.
// Both give the same answers.

// index is strings.IndexByte, which would bring io, iter and unicode into
// the .wasm.
func index(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// itemRoom is how many items to make room for in advance: none, append
// finds room as it goes.
func itemRoom([]string) int { return 0 }

// surelyValid reports that an item's fields pass the core's checks without
// them: never, here.
func surelyValid(_, _, _ string, _ bool) bool { return false }

// An idSet finds ids among the items read, one by one.
type idSet struct{}

// has reports whether id is in items, and notes it.
func (idSet) has(id string, items []favorites.Item) bool {
	return (&favorites.List{Items: items}).Has(id)
}
