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
// and, when the operation's read of the cookie found that the list had
// changed outside this page since the page last saw it, the object also
// holds "sync":ITEMS, the list as found, before the operation's own change.
// The shim reports that as a "sync" event before the result: an outside
// change is never swallowed by the operation that noticed it, and noticing
// it costs no call and no read of its own. The operations and their VALUEs:
//
//	Configure(name, maxItems, maxAgeDays, domain, secure) → items
//	List()                → items
//	Has(id)               → true | false
//	Add(id, title, url)   → {"changed":bool,"on":true[,"splice":SPLICE]}
//	Remove(id)            → {"changed":bool,"on":false[,"splice":SPLICE]}
//	Toggle(id, title, url)→ {"changed":bool,"on":bool[,"splice":SPLICE]}
//	Clear()               → {"changed":bool,"on":false[,"splice":SPLICE]}
//	Sync()                → null (what it found is in "sync")
//	GC()                  → null, after a garbage collection (Favorites.stats)
//
// Arguments left undefined keep their current value (Configure) or the
// stored one (title, url).
//
// A change answers with the edit that turns the list the shim holds into
// the new one, not with the whole list: SPLICE is [start, deleteCount,
// item...], Array.prototype.splice's arguments. A change touches one place
// (an add at the end, an update in place, a remove) or empties the list, so
// the edit is one item or none, where the whole list would be parsed again
// on every click. The shim holds the list the answers have given it: that of
// Configure, each "sync", and each splice applied in order. The dispatcher
// keeps a copy of it (shown), computes each splice against it, and answers
// with a "sync" whenever the stored list moved in a way no answer told (a
// failed write that read the jar again).
package dispatch

import (
	"math"
	"runtime"
	"strconv"

	"github.com/favorites-dev/favorites/internal/favorites"
	"github.com/favorites-dev/favorites/internal/store"
)

// The operations, as the shim numbers them (js/shim.js, OP).
const (
	Configure = 1 + iota
	List
	Has
	Add
	Remove
	Toggle
	Clear
	Sync
	GC
)

// MaxArgs is the most arguments an operation takes (Configure's five).
const MaxArgs = 5

// Kind is the type of a JavaScript value, as far as the core tells types
// apart. The numbers are the shim's (js/core.js, kind).
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
	// Num is a Number's value, and 1 or 0 for a Boolean.
	Num float64
	// Text is a String's text (UTF-8; a lone surrogate arrives as U+FFFD),
	// and a Number's text as the page's String(n) prints it, so that an id
	// given as a number is the id the page would print: 1e21 is "1e+21",
	// 0.1+0.2 is "0.30000000000000004".
	Text string
}

// Dispatcher runs the operations on one store.
type Dispatcher struct {
	jar   store.Jar
	now   func() int64
	store *store.Store     // nil until the first operation
	out   []byte           // the answer, reused from call to call
	val   []byte           // the VALUE being built
	sync  []byte           // the list an outside change left, when this call found one
	shown []favorites.Item // the list as the shim holds it
}

// New returns a dispatcher over jar, whose clock is now (Unix seconds). Its
// store is made by the first operation: Configure with the page's options,
// or any other with the defaults.
func New(jar store.Jar, now func() int64) *Dispatcher {
	return &Dispatcher{jar: jar, now: now}
}

func (d *Dispatcher) newStore(o store.Options) {
	d.store = store.New(d.jar, o, d.now)
	d.store.OnOutsideChange(d.syncShown)
}

// syncShown gives the shim the stored list whole, as a "sync".
func (d *Dispatcher) syncShown() {
	d.sync = append(d.sync[:0], d.store.JSON()...)
	d.show()
}

// show notes that the shim now holds the stored list.
func (d *Dispatcher) show() { d.shown = append(d.shown[:0], d.store.Items()...) }

// Call runs operation op with args and returns the answer. The bytes are
// the dispatcher's until its next call.
func (d *Dispatcher) Call(op int, args []Value) []byte {
	arg := func(i int) Value {
		if i < len(args) {
			return args[i]
		}
		return Value{}
	}
	if d.store == nil && op != Configure {
		d.newStore(store.DefaultOptions())
	}
	d.sync = d.sync[:0]
	d.val = d.val[:0]
	var err error
	switch op {
	case Configure:
		if err = d.configure(args); err == nil {
			d.val = append(d.val, d.store.JSON()...)
			d.show()
		}
	case List:
		d.store.Sync()
		d.val = append(d.val, d.store.JSON()...)
	case Has:
		var id string
		if id, err = itemID(arg(0)); err == nil {
			d.val = appendBool(d.val, d.store.Has(id))
		}
	case Add, Toggle:
		var c favorites.Change
		if c, err = change(arg(0), arg(1), arg(2)); err == nil {
			on, changed := true, false
			if op == Add {
				changed, err = d.store.Add(c)
			} else {
				on, err = d.store.Toggle(c)
				changed = err == nil
			}
			if err == nil {
				d.mutation(changed, on)
			}
		}
	case Remove:
		var id string
		if id, err = itemID(arg(0)); err == nil {
			var changed bool
			if changed, err = d.store.Remove(id); err == nil {
				d.mutation(changed, false)
			}
		}
	case Clear:
		var changed bool
		if changed, err = d.store.Clear(); err == nil {
			d.mutation(changed, false)
		}
	case Sync:
		d.store.Sync()
		d.val = append(d.val, "null"...)
	case GC:
		runtime.GC()
		// The finalizers a collection queues run on a goroutine of their
		// own, which gets its turn only when this one yields.
		runtime.Gosched()
		d.val = append(d.val, "null"...)
	default:
		err = invalid("unknown operation")
	}
	if d.store != nil && !favorites.SameItems(d.shown, d.store.Items()) {
		d.syncShown()
	}
	d.out = append(d.out[:0], '{')
	if len(d.sync) > 0 {
		d.out = append(d.out, `"sync":`...)
		d.out = append(d.out, d.sync...)
		d.out = append(d.out, ',')
	}
	if err != nil {
		d.out = appendError(d.out, err)
	} else {
		d.out = append(d.out, `"result":`...)
		d.out = append(d.out, d.val...)
	}
	return append(d.out, '}')
}

// mutation writes the result of a change, and its splice when it changed
// the list.
func (d *Dispatcher) mutation(changed, on bool) {
	d.val = append(d.val, `{"changed":`...)
	d.val = appendBool(d.val, changed)
	d.val = append(d.val, `,"on":`...)
	d.val = appendBool(d.val, on)
	if changed {
		d.val = append(d.val, `,"splice":`...)
		d.val = appendSplice(d.val, d.shown, d.store.Items())
		d.show()
	}
	d.val = append(d.val, '}')
}

// appendSplice appends [start,deleteCount,item...], the splice that turns
// from into to: what lies between their common head and their common tail.
func appendSplice(dst []byte, from, to []favorites.Item) []byte {
	head := 0
	for head < len(from) && head < len(to) && favorites.Same(&from[head], &to[head]) {
		head++
	}
	tail := 0
	for tail < len(from)-head && tail < len(to)-head &&
		favorites.Same(&from[len(from)-1-tail], &to[len(to)-1-tail]) {
		tail++
	}
	dst = append(dst, '[')
	dst = strconv.AppendInt(dst, int64(head), 10)
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, int64(len(from)-head-tail), 10)
	for i := head; i < len(to)-tail; i++ {
		dst = append(dst, ',')
		dst = favorites.AppendItemJSON(dst, &to[i])
	}
	return append(dst, ']')
}

func (d *Dispatcher) configure(args []Value) error {
	o := store.DefaultOptions()
	if d.store != nil {
		o = d.store.Options()
	}
	arg := func(i int) Value {
		if i < len(args) {
			return args[i]
		}
		return Value{}
	}
	if v := arg(0); given(v) {
		if v.Kind != String {
			return invalid("cookieName must be a string")
		}
		o.Name = v.Text
	}
	var err error
	if v := arg(1); given(v) {
		if o.MaxItems, err = whole(v, "maxItems"); err != nil {
			return err
		}
	}
	if v := arg(2); given(v) {
		if o.Attributes.MaxAgeDays, err = whole(v, "maxAgeDays"); err != nil {
			return err
		}
	}
	switch v := arg(3); v.Kind {
	case Undefined:
	case Null:
		o.Attributes.Domain = ""
	case String:
		o.Attributes.Domain = v.Text
	default:
		return invalid("domain must be a string")
	}
	if v := arg(4); v.Kind == Boolean {
		o.Attributes.Secure = v.Num != 0
	}
	if d.store == nil {
		if err := o.Validate(); err != nil {
			return err
		}
		d.newStore(o)
		return nil
	}
	d.store.Sync() // an outside change under the old options is reported as such
	return d.store.Configure(o)
}

func given(v Value) bool { return v.Kind != Undefined && v.Kind != Null }

func whole(v Value, name string) (int, error) {
	if v.Kind != Number {
		return 0, invalid(name + " must be a number")
	}
	f := v.Num
	if f != math.Trunc(f) || f < 1 || f > math.MaxInt32 {
		return 0, invalid(name + " must be a whole number")
	}
	return int(f), nil
}

// itemID converts an id as the contract takes it: a string, or a finite
// number taken as its decimal string.
func itemID(v Value) (string, error) {
	switch v.Kind {
	case String:
	case Number:
		if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) {
			return "", invalid("the id is not a finite number")
		}
	default:
		return "", invalid("the id must be a string or a number")
	}
	return v.Text, favorites.ValidID(v.Text)
}

func change(id, title, url Value) (favorites.Change, error) {
	var c favorites.Change
	var err error
	if c.ID, err = itemID(id); err != nil {
		return c, err
	}
	if c.Title, err = optionalString(title, "title"); err != nil {
		return c, err
	}
	c.URL, err = optionalString(url, "url")
	return c, err
}

func optionalString(v Value, name string) (*string, error) {
	switch v.Kind {
	case Undefined, Null:
		return nil, nil
	case String:
		s := v.Text
		return &s, nil
	}
	return nil, invalid("the " + name + " must be a string")
}

func invalid(reason string) error {
	return &favorites.Error{Code: favorites.InvalidItem, Reason: reason}
}

func appendBool(dst []byte, b bool) []byte {
	if b {
		return append(dst, "true"...)
	}
	return append(dst, "false"...)
}

func appendError(dst []byte, err error) []byte {
	code, msg := favorites.Code("invalid-item"), err.Error()
	if e, ok := err.(*favorites.Error); ok {
		code, msg = e.Code, e.Reason
	}
	dst = append(dst, `"error":`...)
	dst = favorites.AppendJSONString(dst, string(code))
	dst = append(dst, `,"message":`...)
	return favorites.AppendJSONString(dst, msg)
}
