// Package store keeps a favourites list in a cookie jar: every change is a
// read of the stored cookies, the change, a write, and a read-back that
// proves the browser kept it. The jar is an interface so that the same code
// runs against document.cookie in the browser and against a fake in tests.
package store

import (
	"github.com/favorites-dev/favorites/internal/cookie"
	"github.com/favorites-dev/favorites/internal/favorites"
)

// Jar is a cookie jar seen the way a page sees document.cookie.
type Jar interface {
	// Cookies returns the cookies visible to the page, as "a=1; b=2".
	Cookies() string
	// SetCookie applies one assignment such as "a=1; Path=/".
	SetCookie(assignment string)
}

// Options are the settings of a store that a page may configure.
type Options struct {
	Name       string // the first chunk's cookie name
	MaxItems   int
	Attributes cookie.Attributes
}

// DefaultOptions are the contract's defaults.
func DefaultOptions() Options {
	return Options{
		Name:       "favorites",
		MaxItems:   favorites.DefaultMaxItems,
		Attributes: cookie.Attributes{MaxAgeDays: 365},
	}
}

// MaxAgeDaysLimit is the longest Max-Age we write: browsers cap cookie
// lifetimes at 400 days (RFC 6265bis §5.5), so more would be a promise the
// browser does not keep.
const MaxAgeDaysLimit = 400

// Validate reports why o makes no sense, or nil.
func (o Options) Validate() error {
	switch {
	case !cookie.ValidName(o.Name):
		return invalid("cookieName must be 1 to 64 letters, digits, - or _")
	case o.MaxItems < 1 || o.MaxItems > favorites.MaxMaxItems:
		return invalid("maxItems must be a whole number from 1 to 1000")
	case o.Attributes.MaxAgeDays < 1 || o.Attributes.MaxAgeDays > MaxAgeDaysLimit:
		return invalid("maxAgeDays must be a whole number from 1 to 400")
	case o.Attributes.Domain != "" && !cookie.ValidDomain(o.Attributes.Domain):
		return invalid("domain must be a host name")
	}
	return nil
}

func invalid(reason string) error {
	return &favorites.Error{Code: favorites.InvalidItem, Reason: reason}
}

// Store is the list as this page last saw it in the jar.
type Store struct {
	jar  Jar
	opts Options
	now  func() int64 // Unix seconds

	header string                    // the jar's cookies as last read
	seen   [cookie.MaxCookies]string // the chunks last read or written
	list   favorites.List            // decoded from seen
	texts  cookie.Texts              // the items' texts, so a write encodes only changed ones
	json   []byte                    // favorites.AppendJSON of list, built on demand; nil when stale
	built  builtJSON                 // the JSON last built, whose items a rebuild copies

	onOutside func() // see OnOutsideChange
}

// OnOutsideChange makes fn run whenever a read of the jar finds that the
// list changed outside this store, after the store took the new list and
// before the operation that read it goes on. Every operation reads the jar
// once, first, so a caller learns of such a change without a read of its own.
func (s *Store) OnOutsideChange(fn func()) { s.onOutside = fn }

// New returns a store over jar that has read the stored list.
func New(jar Jar, opts Options, now func() int64) *Store {
	s := &Store{jar: jar, opts: opts, now: now}
	s.reload()
	return s
}

// Options returns the store's options.
func (s *Store) Options() Options { return s.opts }

// Configure replaces the options after validating them, and reads the list
// again: another cookie name is another list.
func (s *Store) Configure(o Options) error {
	if err := o.Validate(); err != nil {
		return err
	}
	s.opts = o
	s.reload()
	return nil
}

// Sync reads the jar and reports whether the stored list changed since this
// store last read or wrote it (another tab, an expiry, the reader clearing
// cookies).
func (s *Store) Sync() bool {
	header := s.jar.Cookies()
	if header == s.header {
		return false // the same cookies: no need to parse them again
	}
	s.header = header
	chunks := cookie.Chunks(header, s.opts.Name)
	if cookie.EqualChunks(&chunks, &s.seen) {
		return false
	}
	s.set(chunks)
	if s.onOutside != nil {
		s.onOutside()
	}
	return true
}

func (s *Store) reload() {
	s.header = s.jar.Cookies()
	s.set(cookie.Chunks(s.header, s.opts.Name))
}

func (s *Store) set(chunks [cookie.MaxCookies]string) {
	s.seen = chunks
	s.list = favorites.List{Items: s.texts.Decode(&chunks)}
	s.json = nil
}

// Items returns the list as last read or written, oldest first, without
// reading the jar again (Sync does). The slice is the store's.
func (s *Store) Items() []favorites.Item { return s.list.Items }

// JSON returns Items as favorites.AppendJSON writes them; the bytes are the
// store's until its next change.
func (s *Store) JSON() []byte {
	if s.json == nil {
		s.json = s.built.rebuild(s.list.Items)
	}
	return s.json
}

// builtJSON is the JSON of a list, with where each item's object lies in
// it, so that the JSON of the next list copies the objects of the items it
// still holds instead of writing them again. The next list's items are
// found by a walk alongside this list's, as cookie.Texts finds texts: no
// item is hashed.
type builtJSON struct {
	items []favorites.Item // the list, which the store never changes once made
	json  []byte
	ends  []int // item i's object is json[ends[i-1]+1 : ends[i]], json[1:ends[0]] for i = 0

	// The buffers json and ends replaced. The bytes of the JSON before last
	// are no longer the caller's, so the next build writes over them.
	spareJSON []byte
	spareEnds []int
}

// rebuild returns the JSON of items and remembers it.
func (b *builtJSON) rebuild(items []favorites.Item) []byte {
	size := 2 + len(items)
	if n := len(b.items); n > 0 {
		size += (b.ends[n-1] - 1) / n * len(items) // about the same items again
	}
	out := append(b.spareJSON[:0], '[')
	if cap(out) < size {
		out = append(make([]byte, 0, size), '[')
	}
	ends := b.spareEnds[:0]
	next := 0 // where the walk expects the next item among b's
	for i := range items {
		if i > 0 {
			out = append(out, ',')
		}
		if j := favorites.Find(b.items, &items[i], next); j >= 0 {
			start := 1
			if j > 0 {
				start = b.ends[j-1] + 1
			}
			out = append(out, b.json[start:b.ends[j]]...)
			next = j + 1
		} else {
			out = favorites.AppendItemJSON(out, &items[i])
		}
		ends = append(ends, len(out))
	}
	out = append(out, ']')
	b.spareJSON, b.spareEnds = b.json, b.ends
	b.items, b.json, b.ends = items, out, ends
	return out
}

// Has reports whether id is stored.
func (s *Store) Has(id string) bool {
	s.Sync()
	return s.list.Has(id)
}

// Add stores c: a new item at the end, or the given title and url on the
// item with its id. It reports whether the stored list changed; on error it
// is unchanged.
func (s *Store) Add(c favorites.Change) (bool, error) {
	return s.change(func(l *favorites.List) error { return l.Add(c, s.now(), s.opts.MaxItems) })
}

// Remove takes id out of the stored list; an absent id is no error.
func (s *Store) Remove(id string) (bool, error) {
	return s.change(func(l *favorites.List) error { l.Remove(id); return nil })
}

// Toggle removes the item with c's id when it is stored and adds c when not.
// It reports whether the item is stored afterwards.
func (s *Store) Toggle(c favorites.Change) (on bool, err error) {
	if err := favorites.ValidID(c.ID); err != nil {
		return false, err
	}
	_, err = s.change(func(l *favorites.List) error {
		if l.Remove(c.ID) {
			return nil
		}
		on = true
		return l.Add(c, s.now(), s.opts.MaxItems)
	})
	return on, err
}

// Clear deletes every chunk of the list.
func (s *Store) Clear() (bool, error) {
	return s.change(func(l *favorites.List) error { l.Items = nil; return nil })
}

// change is every mutation: one read of the jar, the change applied to a
// copy, and a write only when the list differs.
func (s *Store) change(apply func(*favorites.List) error) (bool, error) {
	s.Sync()
	// A copy, so that the list a caller was given stays as it was; with
	// room for the item an add appends.
	l := favorites.List{Items: make([]favorites.Item, len(s.list.Items), len(s.list.Items)+1)}
	copy(l.Items, s.list.Items)
	if err := apply(&l); err != nil {
		return false, err
	}
	if favorites.SameItems(l.Items, s.list.Items) {
		return false, s.probe()
	}
	return true, s.write(l)
}

// probe returns cookies-disabled when the jar keeps no cookie. A change that
// writes nothing — removing an absent id, clearing an empty list — would
// otherwise succeed in a browser that stores nothing. It writes only when no
// chunk is stored: a jar that shows one keeps cookies. The probe cookie,
// NAME_0, is no chunk name, and is deleted at once.
func (s *Store) probe() error {
	if s.seen != ([cookie.MaxCookies]string{}) {
		return nil
	}
	name := s.opts.Name + "_0"
	s.jar.SetCookie(cookie.SetString(name, "1", s.opts.Attributes))
	v, kept := cookie.Lookup(s.jar.Cookies(), name)
	kept = kept && v == "1"
	s.jar.SetCookie(cookie.DeleteString(name, s.opts.Attributes))
	if !kept {
		return &favorites.Error{Code: favorites.CookiesDisabled, Reason: "the browser does not keep cookies"}
	}
	return nil
}

// write stores l: every chunk is rewritten (renewing Max-Age), chunks the
// list no longer needs are deleted, and the jar is read back. When the jar
// did not keep what was written, the chunks seen before are put back and the
// error is cookies-disabled.
func (s *Store) write(l favorites.List) error {
	values, err := s.texts.Encode(s.opts.Name, l.Items)
	if err != nil {
		return err
	}
	var want [cookie.MaxCookies]string
	copy(want[:], values)
	s.apply(want, s.seen)
	s.header = s.jar.Cookies()
	got := cookie.Chunks(s.header, s.opts.Name)
	if !cookie.EqualChunks(&got, &want) {
		if !cookie.EqualChunks(&got, &s.seen) {
			s.apply(s.seen, got)
		}
		s.reload()
		return &favorites.Error{Code: favorites.CookiesDisabled, Reason: "the browser did not keep the cookie"}
	}
	s.seen = want
	s.list = l
	s.json = nil
	return nil
}

// apply makes the jar's chunks, now present, equal to chunks: it sets the
// ones with a value and deletes the ones that are "" but present.
func (s *Store) apply(chunks, present [cookie.MaxCookies]string) {
	for i, v := range chunks {
		name := cookie.Name(s.opts.Name, i)
		switch {
		case v != "":
			s.jar.SetCookie(cookie.SetString(name, v, s.opts.Attributes))
		case present[i] != "":
			s.jar.SetCookie(cookie.DeleteString(name, s.opts.Attributes))
		}
	}
}
