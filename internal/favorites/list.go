package favorites

// List is the ordered set of favourites: oldest first, one entry per id.
type List struct {
	Items []Item
}

// Index returns the position of id in the list, or -1.
func (l *List) Index(id string) int {
	for i := range l.Items {
		if l.Items[i].ID == id {
			return i
		}
	}
	return -1
}

// Same reports *a == *b with the cheap comparisons first: items that differ
// mostly differ in Added, and strings of unequal lengths need not be read.
// Strings that share their bytes, as a list's copies do, compare at once.
func Same(a, b *Item) bool {
	return a.Added == b.Added &&
		len(a.ID) == len(b.ID) && len(a.Title) == len(b.Title) && len(a.URL) == len(b.URL) &&
		a.ID == b.ID && a.URL == b.URL && a.Title == b.Title
}

// SameItems reports whether a and b hold the same items in the same order.
func SameItems(a, b []Item) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !Same(&a[i], &b[i]) {
			return false
		}
	}
	return true
}

// Find returns the index of an item of items equal to it, or -1. The search
// starts at from, where a walk of a changed list expects the item, and goes
// round the whole list, so an item that moved is found too. Caches kept in
// list order (the codec's texts, the store's JSON) use it to match a new list
// with the last one without hashing.
func Find(items []Item, it *Item, from int) int {
	n := len(items)
	for k := 0; k < n; k++ {
		j := from + k
		if j >= n {
			j -= n
		}
		if Same(&items[j], it) {
			return j
		}
	}
	return -1
}

// Has reports whether id is in the list.
func (l *List) Has(id string) bool { return l.Index(id) >= 0 }

// Change is what an add brings: the id always, the title and the url only
// where given (nil keeps what is stored).
type Change struct {
	ID    string
	Title *string
	URL   *string
}

// Add puts c in the list, or updates the entry with its id in place. now is
// the time in Unix seconds; max is the capacity. The list is unchanged when
// an error is returned.
func (l *List) Add(c Change, now int64, max int) error {
	if err := ValidID(c.ID); err != nil {
		return err
	}
	if c.URL != nil {
		if err := ValidURL(*c.URL); err != nil {
			return err
		}
	}
	if i := l.Index(c.ID); i >= 0 {
		it := &l.Items[i]
		if c.Title != nil {
			it.Title = Title(*c.Title)
		}
		if c.URL != nil {
			it.URL = *c.URL
		}
		return nil
	}
	if len(l.Items) >= max {
		return errorf(Full, "the list holds its maximum of items")
	}
	it := Item{ID: c.ID, Added: now}
	if c.Title != nil {
		it.Title = Title(*c.Title)
	}
	if c.URL != nil {
		it.URL = *c.URL
	}
	l.Items = append(l.Items, it)
	return nil
}

// Remove takes id out of the list and reports whether it was there.
func (l *List) Remove(id string) bool {
	i := l.Index(id)
	if i < 0 {
		return false
	}
	l.Items = append(l.Items[:i:i], l.Items[i+1:]...)
	return true
}

// Clone returns a copy that shares no backing array with l.
func (l *List) Clone() List {
	return List{Items: append([]Item(nil), l.Items...)}
}
