// Package dispatch is the core as the shim calls it: numbered operations
// whose arguments are JavaScript values as the page passed them, and whose
// answer is one JSON text. It is plain Go, tested natively; wasm/ only moves
// the arguments in and the answer out through the module's memory.
//
// Every answer is one object:
//
//	{"result":VALUE}                          on success
//	{"error":CODE,"message":TEXT}             on failure
//
// and, when the operation found the list changed outside this page
// (another tab, an expiry, the reader clearing cookies), also "sync":ITEMS,
// the list as found before the operation's own change, which the shim
// reports before the result. The operations and their VALUEs:
//
//	Configure(cookieName, maxItems, maxAgeDays, domain, secure) → ITEMS
//	Has(id)                → true | false
//	Add(id, title, url)    → CHANGE
//	Remove(id)             → CHANGE
//	Toggle(id, title, url) → CHANGE
//	Clear()                → CHANGE
//	Sync()                 → null (what it found is in "sync")
//
// where CHANGE is {"changed":BOOL,"on":BOOL,"items":ITEMS}: whether the
// stored list changed, whether the id is a favourite afterwards, and the
// whole list after. ITEMS is [{"id":…,"title":…,"url":…,"added":MS}, …],
// oldest first. Arguments left undefined keep their current value
// (Configure) or the stored one (title, url).
package dispatch

import (
	"math"
	"strconv"

	"github.com/favorites-dev/favorites/internal/favorites"
	"github.com/favorites-dev/favorites/internal/store"
)

// The operations, numbered as js/core.js's OP (a test holds the two
// together).
const (
	Configure = 1 + iota
	Has
	Add
	Remove
	Toggle
	Clear
	Sync
)

// MaxArgs is the most arguments an operation takes (Configure's five).
const MaxArgs = 5

// Kind is the type of a JavaScript value as far as the core tells types
// apart, numbered as js/core.js's KIND.
type Kind uint8

const (
	Undefined Kind = iota
	Null
	String
	Number
	Boolean
	Object // anything else: an object, array, function, symbol or bigint
)

// Value is one argument as the page passed it.
type Value struct {
	Kind Kind
	Num  float64 // a Number's value, and 1 or 0 for a Boolean
	// Text is a String's text (UTF-8; a lone surrogate arrives as U+FFFD),
	// and a Number's as the page's String(n) prints it, so that a number
	// id is the id the page would print: 1e21 is "1e+21".
	Text string
}

// Dispatcher runs the operations on one store.
type Dispatcher struct {
	jar   store.Jar
	now   func() int64
	store *store.Store // nil until the first operation
	out   []byte       // the answer, reused from call to call
}

// New returns a dispatcher over jar, whose clock is now (Unix seconds). The
// first operation makes its store: Configure's options, or the defaults.
func New(jar store.Jar, now func() int64) *Dispatcher {
	return &Dispatcher{jar: jar, now: now}
}

// Call runs operation op with args and returns the answer. The bytes are
// the dispatcher's until its next call.
func (d *Dispatcher) Call(op int, args []Value) []byte {
	var a [MaxArgs]Value // undefined where not given
	copy(a[:], args)
	d.out = append(d.out[:0], '{')
	if op == Configure {
		return d.answer(d.configure(a))
	}
	if d.store == nil {
		d.store = store.New(d.jar, store.DefaultOptions(), d.now)
	}
	d.sync()
	var err error
	switch op {
	case Has:
		var id string
		if id, err = itemID(a[0]); err == nil {
			d.out = strconv.AppendBool(append(d.out, `"result":`...), d.store.Has(id))
		}
	case Add, Toggle:
		var p favorites.Patch
		if p, err = patch(a[0], a[1], a[2]); err == nil {
			if op == Add {
				err = d.change(true)(d.store.Add(p))
			} else {
				on, terr := d.store.Toggle(p)
				err = d.change(on)(terr == nil, terr)
			}
		}
	case Remove:
		var id string
		if id, err = itemID(a[0]); err == nil {
			err = d.change(false)(d.store.Remove(id))
		}
	case Clear:
		err = d.change(false)(d.store.Clear())
	case Sync:
		d.out = append(d.out, `"result":null`...)
	default:
		err = favorites.Invalid("unknown operation")
	}
	if err != nil {
		// A failed write put back what it could: what the jar holds now is
		// the list, and the shim hears of it.
		d.sync()
	}
	return d.answer(err)
}

// sync reads the jar and, when the list changed outside this page, writes
// it as the answer's "sync" after the opening "{", in place of an earlier
// one. No result is written yet.
func (d *Dispatcher) sync() {
	if d.store.Sync() {
		d.out = appendItems(append(d.out[:1], `"sync":`...), d.store.Items())
		d.out = append(d.out, ',')
	}
}

// change returns a function that writes a change's result, for a call
// such as d.change(on)(d.store.Add(p)).
func (d *Dispatcher) change(on bool) func(bool, error) error {
	return func(changed bool, err error) error {
		if err != nil {
			return err
		}
		d.out = strconv.AppendBool(append(d.out, `"result":{"changed":`...), changed)
		d.out = strconv.AppendBool(append(d.out, `,"on":`...), on)
		d.out = appendItems(append(d.out, `,"items":`...), d.store.Items())
		d.out = append(d.out, '}')
		return nil
	}
}

// answer closes the answer with err, or with the result already written.
func (d *Dispatcher) answer(err error) []byte {
	if err != nil {
		d.out = appendError(d.out, err)
	}
	return append(d.out, '}')
}

// configure applies Configure's arguments over the options in force and
// writes the list under the new options.
func (d *Dispatcher) configure(a [MaxArgs]Value) error {
	o := store.DefaultOptions()
	if d.store != nil {
		o = d.store.Options()
	}
	if v := a[0]; given(v) {
		if v.Kind != String {
			return favorites.Invalid("cookieName must be a string")
		}
		o.CookieName = v.Text
	}
	var err error
	if v := a[1]; given(v) {
		if o.MaxItems, err = whole(v, "maxItems"); err != nil {
			return err
		}
	}
	if v := a[2]; given(v) {
		if o.Attributes.MaxAgeDays, err = whole(v, "maxAgeDays"); err != nil {
			return err
		}
	}
	switch v := a[3]; v.Kind {
	case Undefined:
	case Null:
		o.Attributes.Domain = ""
	case String:
		o.Attributes.Domain = v.Text
	default:
		return favorites.Invalid("domain must be a string")
	}
	if v := a[4]; v.Kind == Boolean {
		o.Attributes.Secure = v.Num != 0
	}
	if err := o.Check(); err != nil {
		return err
	}
	if d.store != nil {
		d.sync() // an outside change under the old options is reported as such
	}
	// Another cookie name is another list: a new store reads it.
	d.store = store.New(d.jar, o, d.now)
	d.out = appendItems(append(d.out, `"result":`...), d.store.Items())
	return nil
}

func given(v Value) bool { return v.Kind != Undefined && v.Kind != Null }

func whole(v Value, name string) (int, error) {
	if v.Kind != Number {
		return 0, favorites.Invalid(name + " must be a number")
	}
	f := v.Num
	if f != math.Trunc(f) || f < 1 || f > math.MaxInt32 {
		return 0, favorites.Invalid(name + " must be a whole number")
	}
	return int(f), nil
}

// idText converts an id: a string, or a finite number as its text.
func idText(v Value) (string, error) {
	switch v.Kind {
	case String:
	case Number:
		if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) {
			return "", favorites.Invalid("the id is not a finite number")
		}
	default:
		return "", favorites.Invalid("the id must be a string or a number")
	}
	return v.Text, nil
}

// itemID is idText, checked: Has and Remove take no invalid id (an add's
// id is checked by favorites.List.Add).
func itemID(v Value) (string, error) {
	id, err := idText(v)
	if err != nil {
		return "", err
	}
	return id, favorites.CheckID(id)
}

// patch converts an add's arguments.
func patch(id, title, url Value) (p favorites.Patch, err error) {
	if p.ID, err = idText(id); err != nil {
		return p, err
	}
	if p.Title, err = optionalString(title, "title"); err != nil {
		return p, err
	}
	p.URL, err = optionalString(url, "url")
	return p, err
}

func optionalString(v Value, name string) (*string, error) {
	switch v.Kind {
	case Undefined, Null:
		return nil, nil
	case String:
		s := v.Text
		return &s, nil
	}
	return nil, favorites.Invalid("the " + name + " must be a string")
}

// The JSON of the answers is written by hand so that encoding/json and
// reflect stay out of the .wasm.

// appendItems appends items as ITEMS: [{"id":…,"title":…,"url":…,"added":ms}].
func appendItems(dst []byte, items []favorites.Item) []byte {
	dst = append(dst, '[')
	for i := range items {
		if i > 0 {
			dst = append(dst, ',')
		}
		it := &items[i]
		dst = appendString(append(dst, `{"id":`...), it.ID)
		dst = appendString(append(dst, `,"title":`...), it.Title)
		dst = appendString(append(dst, `,"url":`...), it.URL)
		dst = strconv.AppendInt(append(dst, `,"added":`...), it.Added*1000, 10)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// appendString appends s as a JSON string (RFC 8259 §7). s is valid UTF-8:
// it came from JavaScript or passed the cookie decoder's check.
func appendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		if c == '"' || c == '\\' {
			dst = append(dst, '\\', c)
		} else { // a control character
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendError appends the members of a failure.
func appendError(dst []byte, err error) []byte {
	code, msg := favorites.InvalidItem, err.Error()
	if e, ok := err.(*favorites.Error); ok {
		code, msg = e.Code, e.Reason
	}
	dst = appendString(append(dst, `"error":`...), string(code))
	return appendString(append(dst, `,"message":`...), msg)
}
