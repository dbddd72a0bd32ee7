package favorites

import (
	"slices"

	ifav "github.com/favorites-dev/favorites/internal/favorites"
)

// Merge returns one list of the items of a and b, for a reader who signs in
// with favourites in the browser (b) and others kept with the account (a):
//
//   - One item per id. Where a and b (or one list twice) have the same id,
//     the item keeps the earliest Added, when the reader first saved it,
//     and the Title and URL of its last copy, b's over a's, where that copy
//     has them (not ""): the browser's copy is the one the reader saved
//     last.
//   - Oldest first, by Added, as Read returns a list; items added in the
//     same second keep their order, a's before b's.
//   - At most max items, the newest: when the lists hold more, the oldest
//     are dropped. max is the capacity, Options.MaxItems; 0 or less means
//     the default, 50.
//
// Merge checks no item; [Write] does, and may still find the merged list
// [Full] when its items are long: the cookies hold 50 typical items, not 50
// of any size.
func Merge(a, b []Item, max int) []Item {
	if max <= 0 {
		max = ifav.DefaultMaxItems
	}
	out := make([]Item, 0, len(a)+len(b))
	at := make(map[string]int, len(a)+len(b)) // id → index in out
	for _, list := range [2][]Item{a, b} {
		for _, it := range list {
			i, seen := at[it.ID]
			if !seen {
				at[it.ID] = len(out)
				out = append(out, it)
				continue
			}
			m := &out[i]
			if it.Added.Before(m.Added) {
				m.Added = it.Added
			}
			if it.Title != "" {
				m.Title = it.Title
			}
			if it.URL != "" {
				m.URL = it.URL
			}
		}
	}
	slices.SortStableFunc(out, func(x, y Item) int { return x.Added.Compare(y.Added) })
	if len(out) > max {
		out = out[len(out)-max:]
	}
	return out
}
