// Package favorites is the server half of the favorites library: it reads,
// writes, renders and renews the reader's list of favourites, which the
// browser half (dist/favorites.js and its WebAssembly core) keeps in
// first-party cookies.
//
// Both halves share one codec and one set of rules (the module's internal
// packages), so a list written by either is read by the other, and what the
// browser refuses, Write refuses with the same error code.
//
// A server can:
//
//   - read the list a request carries, with [Read], to show the reader's
//     state in the page it renders ([Markup]);
//   - change it with [Write], for instance after merging a reader's list into
//     an account on sign-in ([Merge]);
//   - mount [Options.Handler], the endpoint that the markup's forms post to
//     when JavaScript is off, and that the script calls to renew the cookies
//     as server-set ones, which Safari keeps longer than script-written ones.
//
// The package holds no state: the cookie is the one source of truth.
package favorites

import (
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/favorites-dev/favorites/internal/cookie"
	ifav "github.com/favorites-dev/favorites/internal/favorites"
	"github.com/favorites-dev/favorites/internal/store"
)

// Item is one favourite.
type Item struct {
	ID    string // 1 to 100 characters, no control characters
	Title string // any text; one over 200 characters is shortened to 199 and "…"
	URL   string // "" (no link), an absolute http(s) URL, or a path starting with a single "/"
	// Added is when the item was first added. The cookie keeps whole
	// seconds; Read returns them in UTC.
	Added time.Time
}

// Options are the browser's options; the zero value means the defaults.
// They must be the options the page's script is given, or the server and
// the browser read different lists.
type Options struct {
	CookieName string        // the list's first cookie; "" means "favorites"
	MaxItems   int           // the capacity, 1 to 1000; 0 means 50
	MaxAge     time.Duration // the cookies' lifetime, whole days from 1 to 400; 0 means 365 days
	Domain     string        // the cookies' Domain; "" means host-only
}

const day = 24 * time.Hour

// resolve returns the store options that o stands for, with its defaults
// filled in, or an invalid-item error when o makes no sense.
func (o Options) resolve() (store.Options, error) {
	s := store.DefaultOptions()
	if o.CookieName != "" {
		s.CookieName = o.CookieName
	}
	if o.MaxItems != 0 {
		s.MaxItems = o.MaxItems
	}
	if o.MaxAge != 0 {
		// Max-Age is written in seconds, but the browser's option is in
		// days: a server and a page given the same setting write the same
		// attribute.
		if o.MaxAge%day != 0 || o.MaxAge < day || o.MaxAge > store.MaxAgeDaysLimit*day {
			return s, ifav.Invalid("MaxAge must be a whole number of days from 1 to 400")
		}
		s.Attributes.MaxAgeDays = int(o.MaxAge / day)
	}
	s.Attributes.Domain = o.Domain
	return s, s.Check()
}

// Code is an error code of the contract, the same string the browser's
// Error carries in its code property.
type Code string

// The codes Write and the handler return.
const (
	InvalidItem Code = "invalid-item" // an item or an option that makes no sense
	Full        Code = "full"         // more items than MaxItems, or more than the cookies hold
)

// Error is a refusal with the contract's code. errors.Is(err, ErrFull)
// asks for the code alone; errors.As gives the reason too.
type Error struct {
	Code   Code
	Reason string // a sentence for developers
}

func (e *Error) Error() string { return "favorites: " + string(e.Code) + ": " + e.Reason }

// Is reports whether target is an *Error with the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Targets for errors.Is.
var (
	ErrInvalidItem = &Error{Code: InvalidItem}
	ErrFull        = &Error{Code: Full}
)

// wrap turns the core's error into the package's own, with the same code.
func wrap(err error) error {
	var e *ifav.Error
	if errors.As(err, &e) {
		return &Error{Code: Code(e.Code), Reason: e.Reason}
	}
	return err
}

// cookieHeader returns the request's Cookie header. HTTP/2 lets a client
// split it into several fields (RFC 9113 §8.2.3); they are one list.
func cookieHeader(r *http.Request) string {
	lines := r.Header["Cookie"]
	switch len(lines) {
	case 0:
		return ""
	case 1:
		return lines[0]
	}
	return strings.Join(lines, "; ")
}

// Read is Options{}.Read.
func Read(r *http.Request) []Item { return Options{}.Read(r) }

// Read returns the list that r carries, oldest first (the order of
// adding). Entries that cannot be read whole (a tampered, truncated or
// foreign cookie) are dropped, as the browser drops them; what is returned
// is valid: the ids are unique and pass the browser's checks, and every URL
// is "" or one the browser would link to. It never panics. With options
// that make no sense, or no list, it returns nil.
func (o Options) Read(r *http.Request) []Item {
	so, err := o.resolve()
	if r == nil || err != nil {
		return nil
	}
	return fromCore(readCore(r, so.CookieName))
}

// readCore decodes the list that r carries under the cookie name name.
func readCore(r *http.Request, name string) []ifav.Item {
	chunks := cookie.Chunks(cookieHeader(r), name)
	return cookie.Decode(&chunks)
}

func fromCore(in []ifav.Item) []Item {
	if len(in) == 0 {
		return nil
	}
	out := make([]Item, len(in))
	for i := range in {
		it := &in[i]
		out[i] = Item{ID: it.ID, Title: it.Title, URL: it.URL, Added: time.Unix(it.Added, 0).UTC()}
	}
	return out
}

// maxAdded bounds Added: the cookie stores it in 36 bits of seconds.
const maxAdded = 1<<36 - 1

// Write is Options{}.Write.
func Write(w http.ResponseWriter, r *http.Request, items []Item) error {
	return Options{}.Write(w, r, items)
}

// Write makes the reader's stored list items, with a Set-Cookie header for
// each cookie the list needs and one that deletes each cookie of the list
// that r carried and the new list no longer needs. An empty list clears:
// every cookie of the list that r carried is deleted.
//
// It stores what the browser would hold after adding items, in order, to an
// empty list: an item with an id already given updates that entry in place
// (its title and url, not its Added); a title over 200 characters is
// shortened; an item with an invalid id or url, a title that is not UTF-8,
// or an Added before 1970 fails with [InvalidItem], and more items than
// MaxItems, or than the cookies hold, with [Full]. A zero Added means now.
// On error it writes nothing.
//
// The cookies have the attributes the browser writes: Path=/, SameSite=Lax,
// Max-Age of MaxAge, Domain when set, and Secure when r came over TLS (r.TLS
// is set; behind a proxy that terminates TLS it is not). Write also sets
// Cache-Control: no-store, as a response that sets a reader's cookies must
// never be kept by a shared cache and served to another reader. Call it
// before the response's header is written.
func (o Options) Write(w http.ResponseWriter, r *http.Request, items []Item) error {
	so, err := o.resolve()
	if err != nil {
		return wrap(err)
	}
	var l ifav.List
	now := time.Now().Unix()
	for i := range items {
		it := &items[i]
		added := now
		if !it.Added.IsZero() {
			added = it.Added.Unix()
		}
		if added < 0 || added > maxAdded {
			return &Error{Code: InvalidItem, Reason: "added is before 1970 or after the year 4147"}
		}
		// The browser's strings are always UTF-8; a Go string need not be,
		// and the cookie would keep a title that no reader could read back.
		if !utf8.ValidString(it.Title) {
			return &Error{Code: InvalidItem, Reason: "the title is not valid UTF-8"}
		}
		if _, err := l.Add(ifav.Patch{ID: it.ID, Title: &it.Title, URL: &it.URL}, added, so.MaxItems); err != nil {
			return wrap(err)
		}
	}
	return wrap(writeCore(w, r, so, l.Items))
}

// writeCore sets the cookies that store items, and deletes the chunks of r
// that they no longer need; on error it writes nothing.
func writeCore(w http.ResponseWriter, r *http.Request, so store.Options, items []ifav.Item) error {
	values, err := cookie.Encode(so.CookieName, items)
	if err != nil {
		return err
	}
	var old [cookie.MaxCookies]string
	if r != nil {
		old = cookie.Chunks(cookieHeader(r), so.CookieName)
		so.Attributes.Secure = r.TLS != nil
	}
	h := w.Header()
	for i := range cookie.MaxCookies {
		name := cookie.Name(so.CookieName, i)
		switch {
		case i < len(values):
			h.Add("Set-Cookie", cookie.SetString(name, values[i], so.Attributes))
		case old[i] != "":
			h.Add("Set-Cookie", cookie.DeleteString(name, so.Attributes))
		default:
			continue
		}
		h.Set("Cache-Control", "no-store")
	}
	return nil
}
