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

// Has reports whether id is in the list.
func (l *List) Has(id string) bool { return l.Index(id) >= 0 }

// Patch is what an add brings: the id always, the title and the url only
// where given (nil keeps what is stored).
type Patch struct {
	ID    string
	Title *string
	URL   *string
}

// Add puts p in the list, or updates the entry with its id in place, and
// reports whether the list changed. now is the time in Unix seconds; max is
// the capacity. The id and the url are checked here, once for every path
// that adds; on error the list is unchanged.
func (l *List) Add(p Patch, now int64, max int) (bool, error) {
	if err := CheckID(p.ID); err != nil {
		return false, err
	}
	if p.URL != nil {
		if err := CheckURL(*p.URL); err != nil {
			return false, err
		}
	}
	var title string
	if p.Title != nil {
		title = ShortenTitle(*p.Title)
	}
	if i := l.Index(p.ID); i >= 0 {
		it := &l.Items[i]
		before := *it
		if p.Title != nil {
			it.Title = title
		}
		if p.URL != nil {
			it.URL = *p.URL
		}
		return *it != before, nil
	}
	if len(l.Items) >= max {
		return false, &Error{Code: Full, Reason: "the list holds its maximum of items"}
	}
	it := Item{ID: p.ID, Title: title, Added: now}
	if p.URL != nil {
		it.URL = *p.URL
	}
	l.Items = append(l.Items, it)
	return true, nil
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
