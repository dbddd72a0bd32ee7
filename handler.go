package favorites

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/favorites-dev/favorites/internal/cookie"
	ifav "github.com/favorites-dev/favorites/internal/favorites"
	"github.com/favorites-dev/favorites/internal/store"
)

// maxFormBytes bounds a form post: the largest valid one, an id, a title, a
// url and a return path of the longest kinds, percent-encoded, is under a
// quarter of it.
const maxFormBytes = 64 << 10

// Handler returns the endpoint that the markup's forms post to and that the
// script's data-endpoint names. Mount it under a path of your choice with
// [http.StripPrefix]:
//
//	mux.Handle("/favorites/", http.StripPrefix("/favorites", favorites.Options{}.Handler()))
//
// It serves five operations below that path, each a POST (any other method
// is 405, with Allow: POST); a cross-origin request is 403, as
// [http.CrossOriginProtection] decides; every response has Cache-Control:
// no-store, so no cache keeps a reader's cookies.
//
//   - /renew sets again, with Set-Cookie, each cookie of the list exactly as
//     the request carried it, with a fresh Max-Age, and answers 204. Browsers
//     that shorten the life of cookies written by script (Safari) keep ones a
//     server set. A value that holds anything but RFC 6265 cookie-octets is
//     not the library's, and is refused with 400 and the code invalid-item:
//     echoed back it could carry attributes of its own.
//   - /add, /remove, /toggle and /clear change the list the request carried,
//     as the script's add, remove, toggle and clear do, with the form fields
//     id, title and url (a field left out keeps what is stored), and answer
//     303 See Other to the form field return: a path on this site ("/x", not
//     "//x" nor "/\x"), else "/".
//
// Bad input (a missing or invalid id, an invalid url, an add past the
// capacity) is 400 with the contract's code on the body's first line, and
// changes nothing. Handler panics when o makes no sense, as a mux does with
// a bad pattern: a mistake better found at start.
func (o Options) Handler() http.Handler {
	so, err := o.resolve()
	if err != nil {
		panic(wrap(err).Error())
	}
	return &handler{opts: so, cop: http.NewCrossOriginProtection(), now: time.Now}
}

type handler struct {
	opts store.Options
	cop  *http.CrossOriginProtection
	now  func() time.Time
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	// With http.StripPrefix("/favorites/", …) the path has lost its slash.
	op := strings.TrimPrefix(r.URL.Path, "/")
	switch op {
	case "renew", "add", "remove", "toggle", "clear":
	default:
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "405 method not allowed: POST only", http.StatusMethodNotAllowed)
		return
	}
	if err := h.cop.Check(r); err != nil {
		http.Error(w, "403 forbidden: a cross-origin request", http.StatusForbidden)
		return
	}
	if op == "renew" {
		h.renew(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		fail(w, ifav.Invalid("the form cannot be read: "+err.Error()))
		return
	}
	if err := h.change(w, r, op, r.PostForm); err != nil {
		fail(w, err)
		return
	}
	http.Redirect(w, r, returnPath(r.PostForm.Get("return")), http.StatusSeeOther)
}

// change applies op to the list that r carries and writes the result; on
// error it writes nothing.
func (h *handler) change(w http.ResponseWriter, r *http.Request, op string, form url.Values) error {
	l := ifav.List{Items: readCore(r, h.opts.CookieName)}
	id := form.Get("id")
	if op != "clear" {
		if err := ifav.CheckID(id); err != nil {
			return err
		}
	}
	p := ifav.Patch{ID: id}
	if form.Has("title") {
		t := form.Get("title")
		p.Title = &t
	}
	if form.Has("url") {
		u := form.Get("url")
		p.URL = &u
	}
	var err error
	switch op {
	case "add":
		_, err = l.Add(p, h.now().Unix(), h.opts.MaxItems)
	case "remove":
		l.Remove(id)
	case "toggle":
		if !l.Remove(id) {
			_, err = l.Add(p, h.now().Unix(), h.opts.MaxItems)
		}
	case "clear":
		l.Items = nil
	}
	if err != nil {
		return err
	}
	// Written even when nothing changed: the write renews the cookies as
	// server-set ones, and drops what could not be read.
	return writeCore(w, r, h.opts, l.Items)
}

// fail answers 400 with the error's contract code on the first line.
func fail(w http.ResponseWriter, err error) {
	e, ok := wrap(err).(*Error)
	if !ok {
		e = &Error{Code: InvalidItem, Reason: err.Error()}
	}
	http.Error(w, string(e.Code)+"\n"+e.Reason, http.StatusBadRequest)
}

// returnPath returns s when it is a path on this site, else "/". A path is
// what the browser takes for one: it starts with a single "/", and holds no
// backslash or control character, which URL parsing in browsers turns into
// "/" or drops, making "/\evil.example" or "/\t/evil.example" another host.
func returnPath(s string) string {
	if s != "" && s[0] == '/' && ifav.CheckURL(s) == nil {
		return s
	}
	return "/"
}

// renew sets the list's cookies again as r carried them.
func (h *handler) renew(w http.ResponseWriter, r *http.Request) {
	chunks := cookie.Chunks(cookieHeader(r), h.opts.CookieName)
	for _, v := range chunks {
		for i := 0; i < len(v); i++ {
			if !cookie.IsOctet(v[i]) {
				fail(w, ifav.Invalid("a cookie of the list holds a byte that is not a cookie-octet"))
				return
			}
		}
	}
	a := h.opts.Attributes
	a.Secure = r.TLS != nil
	for i, v := range chunks {
		if v != "" {
			w.Header().Add("Set-Cookie", cookie.SetString(cookie.Name(h.opts.CookieName, i), v, a))
		}
	}
	w.WriteHeader(http.StatusNoContent)
}
