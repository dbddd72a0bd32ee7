// Package store keeps a favourites list in a cookie jar (document.cookie, or
// a fake in tests): every change is a change of the list as last read, a write,
// and a read-back that proves the browser kept it.
package store

import (
	"github.com/favorites-dev/favorites/internal/cookie"
	"github.com/favorites-dev/favorites/internal/favorites"
)

// Jar is a cookie jar as a page sees document.cookie: Cookies returns
// "a=1; b=2", SetCookie applies one assignment such as "a=1; Path=/". Where
// document.cookie throws (a sandboxed frame, an opaque origin) the jar
// reads as "" and keeps nothing; what it refuses shows when read back.
type Jar interface {
	Cookies() string
	SetCookie(assignment string)
}

// Options are the settings of a store that a page may configure.
type Options struct {
	CookieName string // the first chunk's name; see cookie.Name
	MaxItems   int
	Attributes cookie.Attributes
}

// DefaultOptions are the contract's defaults.
func DefaultOptions() Options {
	return Options{
		CookieName: "favorites",
		MaxItems:   favorites.DefaultMaxItems,
		Attributes: cookie.Attributes{MaxAgeDays: 365},
	}
}

// MaxAgeDaysLimit is the longest Max-Age we write: browsers cap cookie
// lifetimes at 400 days (RFC 6265bis §5.5).
const MaxAgeDaysLimit = 400

// Check reports why o makes no sense, or nil.
func (o Options) Check() error {
	switch {
	case !cookie.IsName(o.CookieName):
		return favorites.Invalid("cookieName must be 1 to 64 letters, digits, - or _")
	case o.MaxItems < 1 || o.MaxItems > favorites.MaxMaxItems:
		return favorites.Invalid("maxItems must be a whole number from 1 to 1000")
	case o.Attributes.MaxAgeDays < 1 || o.Attributes.MaxAgeDays > MaxAgeDaysLimit:
		return favorites.Invalid("maxAgeDays must be a whole number from 1 to 400")
	case o.Attributes.Domain != "" && !cookie.IsDomain(o.Attributes.Domain):
		return favorites.Invalid("domain must be a host name")
	}
	return nil
}

var errDisabled = &favorites.Error{Code: favorites.CookiesDisabled, Reason: "the browser does not keep cookies"}

// Store is the list as this page last saw it in the jar. It reads the jar
// only in New and Sync: its caller syncs before every operation, so that a
// change made in another tab is never written over. A jar that fails keeps
// nothing: it reads as empty, and every change is cookies-disabled.
type Store struct {
	jar  Jar
	opts Options
	now  func() int64 // Unix seconds

	cookies string                    // the jar's cookies as last read
	chunks  [cookie.MaxCookies]string // the list's chunks as last read or written
	list    favorites.List            // decoded from chunks
}

// New returns a store over jar that has read the stored list. opts must
// pass Check.
func New(jar Jar, opts Options, now func() int64) *Store {
	s := &Store{jar: jar, opts: opts, now: now}
	s.Sync()
	return s
}

// Options returns the store's options.
func (s *Store) Options() Options { return s.opts }

// Sync reads the jar and reports whether the stored list changed since this
// store last read or wrote it.
func (s *Store) Sync() bool {
	cookies := s.jar.Cookies()
	if cookies == s.cookies {
		return false // the same cookies: no need to parse them again
	}
	s.cookies = cookies
	chunks := cookie.Chunks(cookies, s.opts.CookieName)
	if chunks == s.chunks {
		return false
	}
	s.chunks, s.list = chunks, favorites.List{Items: cookie.Decode(&chunks)}
	return true
}

// Items returns the list as last read or written, oldest first. A change
// makes a new slice rather than writing into this one.
func (s *Store) Items() []favorites.Item { return s.list.Items }

// Has reports whether id is in the list.
func (s *Store) Has(id string) bool { return s.list.Has(id) }

// Add stores p as favorites.List.Add does. It reports whether the stored
// list changed; on error it is unchanged.
func (s *Store) Add(p favorites.Patch) (bool, error) {
	return s.change(func(l *favorites.List) (bool, error) { return l.Add(p, s.now(), s.opts.MaxItems) })
}

// Remove takes id out of the stored list; an absent id is no error.
func (s *Store) Remove(id string) (bool, error) {
	return s.change(func(l *favorites.List) (bool, error) { return l.Remove(id), nil })
}

// Toggle removes the item with p's id when it is stored and adds p when not.
// It reports whether the item is stored afterwards.
func (s *Store) Toggle(p favorites.Patch) (on bool, err error) {
	_, err = s.change(func(l *favorites.List) (bool, error) {
		if l.Remove(p.ID) {
			return true, nil
		}
		on = true
		return l.Add(p, s.now(), s.opts.MaxItems)
	})
	return on && err == nil, err
}

// Clear deletes every chunk of the list.
func (s *Store) Clear() (bool, error) {
	return s.change(func(l *favorites.List) (bool, error) {
		changed := len(l.Items) > 0
		l.Items = nil
		return changed, nil
	})
}

// change applies every mutation to a copy of the list, and writes only when
// it changed something.
func (s *Store) change(apply func(*favorites.List) (bool, error)) (bool, error) {
	l := s.list.Clone()
	changed, err := apply(&l)
	switch {
	case err != nil:
		return false, err
	case !changed:
		return false, s.probe()
	}
	err = s.write(l)
	return err == nil, err
}

// probe returns cookies-disabled when the jar keeps no cookie, which a
// change that writes nothing (removing an absent id) would not find out. A
// jar that shows a chunk keeps cookies; otherwise it writes NAME_0, no chunk
// name, and deletes it at once.
func (s *Store) probe() error {
	if s.chunks != ([cookie.MaxCookies]string{}) {
		return nil
	}
	name := s.opts.CookieName + "_0"
	s.jar.SetCookie(cookie.SetString(name, "1", s.opts.Attributes))
	v, kept := cookie.Lookup(s.jar.Cookies(), name)
	s.jar.SetCookie(cookie.DeleteString(name, s.opts.Attributes))
	if !kept || v != "1" {
		return errDisabled
	}
	return nil
}

// write stores l: every chunk is rewritten (renewing Max-Age), chunks the
// list no longer needs are deleted, and the jar is read back. When the jar
// did not keep it all, the chunks seen before are put back and the store
// keeps its list: the error is cookies-disabled, and the next Sync reports
// whatever the jar holds then.
func (s *Store) write(l favorites.List) error {
	values, err := cookie.Encode(s.opts.CookieName, l.Items)
	if err != nil {
		return err
	}
	var want [cookie.MaxCookies]string
	copy(want[:], values)
	s.apply(want, s.chunks)
	cookies := s.jar.Cookies()
	if got := cookie.Chunks(cookies, s.opts.CookieName); got != want {
		if got != s.chunks {
			s.apply(s.chunks, got)
		}
		return errDisabled
	}
	s.cookies, s.chunks, s.list = cookies, want, l
	return nil
}

// apply makes the jar's chunks, now present, equal to chunks.
func (s *Store) apply(chunks, present [cookie.MaxCookies]string) {
	for i, v := range chunks {
		name := cookie.Name(s.opts.CookieName, i)
		if v != "" {
			s.jar.SetCookie(cookie.SetString(name, v, s.opts.Attributes))
		} else if present[i] != "" {
			s.jar.SetCookie(cookie.DeleteString(name, s.opts.Attributes))
		}
	}
}
