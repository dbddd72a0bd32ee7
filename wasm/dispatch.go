//go:build js && wasm

package main

import (
	"math"
	"runtime"
	"syscall/js"

	"github.com/favorites-dev/favorites/internal/favorites"
	"github.com/favorites-dev/favorites/internal/store"
)

// The operations, as the shim numbers them (js/shim.js, OP): a number
// crosses into Go as it is, where a string would need a copy and a
// finalizer.
const (
	opConfigure = 1 + iota
	opList
	opHas
	opAdd
	opRemove
	opToggle
	opClear
	opSync
	opGC
)

// dispatcher turns the shim's calls into store operations and their results
// into JSON text. Every answer is one object:
//
//	{"result":VALUE}                          on success
//	{"error":CODE,"message":TEXT}             on failure
//
// and, when the operation's read of the cookie found that the list had
// changed outside this page since the page last saw it, the object also
// holds "sync":ITEMS, the list as found, before the operation's own change.
// The shim reports that as a "sync" event before the result: an outside
// change is never swallowed by the operation that noticed it, and noticing
// it costs no call and no read of its own. The VALUEs:
//
//	configure(name, maxItems, maxAgeDays, domain, secure) → items
//	list()                → items
//	has(id)               → true | false
//	add(id, title, url)   → {"changed":bool,"on":true,"items":items}
//	remove(id)            → {"changed":bool,"on":false,"items":items}
//	toggle(id, title, url)→ {"changed":bool,"on":bool,"items":items}
//	clear()               → {"changed":bool,"on":false,"items":[]}
//	sync()                → null (what it found is in "sync")
//	gc()                  → null, after a garbage collection (Favorites.stats:
//	                        the JavaScript values Go holds are released by
//	                        finalizers, which run before the call returns)
//
// Arguments left undefined keep their current value (configure) or the
// stored one (title, url).
type dispatcher struct {
	jar   store.Jar
	now   func() int64
	store *store.Store // nil until configure
	stop  chan struct{}
	out   []byte // the answer, reused from call to call
	val   []byte // the VALUE being built
	sync  []byte // the list an outside change left, when this call found one
}

func newDispatcher(jar store.Jar, now func() int64) *dispatcher {
	return &dispatcher{jar: jar, now: now, stop: make(chan struct{})}
}

// newStore makes the dispatcher's store; its outside changes land in d.sync.
func (d *dispatcher) newStore(o store.Options) {
	d.store = store.New(d.jar, o, d.now)
	d.store.OnOutsideChange(func() {
		d.sync = append(d.sync[:0], d.store.JSON()...)
	})
}

func (d *dispatcher) call(_ js.Value, args []js.Value) any {
	arg := func(i int) js.Value {
		if i < len(args) {
			return args[i]
		}
		return js.Undefined()
	}
	op := 0
	if v := arg(0); v.Type() == js.TypeNumber && v.Float() == math.Trunc(v.Float()) {
		op = v.Int()
	}
	if d.store == nil && op != opConfigure {
		d.newStore(store.DefaultOptions())
	}
	d.sync = d.sync[:0]
	d.val = d.val[:0]
	var err error
	switch op {
	case opConfigure:
		if err = d.configure(args[1:]); err == nil {
			d.val = append(d.val, d.store.JSON()...)
		}
	case opList:
		d.store.Sync()
		d.val = append(d.val, d.store.JSON()...)
	case opHas:
		var id string
		if id, err = itemID(arg(1)); err == nil {
			d.val = appendBool(d.val, d.store.Has(id))
		}
	case opAdd, opToggle:
		var c favorites.Change
		if c, err = change(arg(1), arg(2), arg(3)); err == nil {
			on, changed := true, false
			if op == opAdd {
				changed, err = d.store.Add(c)
			} else {
				on, err = d.store.Toggle(c)
				changed = err == nil
			}
			if err == nil {
				d.mutation(changed, on)
			}
		}
	case opRemove:
		var id string
		if id, err = itemID(arg(1)); err == nil {
			var changed bool
			if changed, err = d.store.Remove(id); err == nil {
				d.mutation(changed, false)
			}
		}
	case opClear:
		var changed bool
		if changed, err = d.store.Clear(); err == nil {
			d.mutation(changed, false)
		}
	case opSync:
		d.store.Sync()
		d.val = append(d.val, "null"...)
	case opGC:
		runtime.GC()
		d.val = append(d.val, "null"...)
	default:
		err = &favorites.Error{Code: favorites.InvalidItem, Reason: "unknown operation"}
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
	d.out = append(d.out, '}')
	return string(d.out)
}

// mutation writes the result of a change.
func (d *dispatcher) mutation(changed, on bool) {
	d.val = append(d.val, `{"changed":`...)
	d.val = appendBool(d.val, changed)
	d.val = append(d.val, `,"on":`...)
	d.val = appendBool(d.val, on)
	d.val = append(d.val, `,"items":`...)
	d.val = append(d.val, d.store.JSON()...)
	d.val = append(d.val, '}')
}

func (d *dispatcher) configure(args []js.Value) error {
	o := store.DefaultOptions()
	if d.store != nil {
		o = d.store.Options()
	}
	arg := func(i int) js.Value {
		if i < len(args) {
			return args[i]
		}
		return js.Undefined()
	}
	if v := arg(0); given(v) {
		if v.Type() != js.TypeString {
			return invalid("cookieName must be a string")
		}
		o.Name = v.String()
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
	if v := arg(3); v.Type() != js.TypeUndefined {
		switch v.Type() {
		case js.TypeNull:
			o.Attributes.Domain = ""
		case js.TypeString:
			o.Attributes.Domain = v.String()
		default:
			return invalid("domain must be a string")
		}
	}
	if v := arg(4); v.Type() == js.TypeBoolean {
		o.Attributes.Secure = v.Bool()
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

func given(v js.Value) bool { return !v.IsUndefined() && !v.IsNull() }

func whole(v js.Value, name string) (int, error) {
	if v.Type() != js.TypeNumber {
		return 0, invalid(name + " must be a number")
	}
	f := v.Float()
	if f != math.Trunc(f) || f < 1 || f > math.MaxInt32 {
		return 0, invalid(name + " must be a whole number")
	}
	return int(f), nil
}

// itemID converts an id as the contract takes it: a string, or a number
// taken as its decimal string (JavaScript's String(n), so 1e21 reads as the
// page would print it).
func itemID(v js.Value) (string, error) {
	var id string
	switch v.Type() {
	case js.TypeString:
		id = v.String()
	case js.TypeNumber:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			return "", invalid("the id is not a finite number")
		}
		id = js.Global().Call("String", v).String()
	default:
		return "", invalid("the id must be a string or a number")
	}
	return id, favorites.ValidID(id)
}

func change(id, title, url js.Value) (favorites.Change, error) {
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

func optionalString(v js.Value, name string) (*string, error) {
	switch v.Type() {
	case js.TypeUndefined, js.TypeNull:
		return nil, nil
	case js.TypeString:
		s := v.String()
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
