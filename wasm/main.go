//go:build js && wasm

// Command wasm is the browser entry point: it binds the core
// (internal/dispatch) to document.cookie and to the shim. The shim calls Go
// through the module's exports (go:wasmexport), and Go reaches the cookie
// through the shim's imports (go:wasmimport, module "favorites"; js/core.js
// is their other half). Arguments and answers travel as bytes in the
// module's memory: a call makes no js.Value, switches no goroutine and
// leaves no finalizer behind.
package main

import (
	_ "syscall/js" // Go's event handler, through which the runtime's timers resume it
	"unsafe"

	"github.com/favorites-dev/favorites/internal/dispatch"
)

func main() {
	select {} // the exports serve the shim from here on
}

var core = dispatch.New(&jar, now)

// slots is where the shim leaves a call's arguments and finds its answer,
// as float64s:
//
//	[0]          the number of arguments (at most dispatch.MaxArgs)
//	[1+3i]       argument i's kind (dispatch.Kind)
//	[2+3i]       its number (a Number's value, a Boolean's 1 or 0)
//	[3+3i]       the length of its text, next in the input buffer
//
// and after the call [0] is the answer's address.
var slots [1 + 3*dispatch.MaxArgs]float64

var (
	input []byte                           // the arguments' texts
	args  [dispatch.MaxArgs]dispatch.Value // reused: no allocation per call
)

//lint:ignore U1000 exported to the shim by go:wasmexport, which staticcheck does not see
//go:wasmexport favorites_slots
func exportSlots() unsafe.Pointer { return unsafe.Pointer(&slots) }

// exportInput returns the address of an input buffer of at least n bytes,
// which holds until the next call of exportInput.
//
//lint:ignore U1000 exported to the shim by go:wasmexport, which staticcheck does not see
//go:wasmexport favorites_input
func exportInput(n int32) unsafe.Pointer {
	if int(n) > cap(input) {
		input = make([]byte, n)
	}
	return unsafe.Pointer(unsafe.SliceData(input[:cap(input)]))
}

// exportCall runs operation op on the arguments in slots and the input
// buffer, and returns the answer's length; slots[0] is its address until
// the next call.
//
//lint:ignore U1000 exported to the shim by go:wasmexport, which staticcheck does not see
//go:wasmexport favorites_call
func exportCall(op int32) int32 {
	n := min(max(int(slots[0]), 0), dispatch.MaxArgs)
	text := input[:cap(input)]
	for i := range n {
		l := min(max(int(slots[3+3*i]), 0), len(text))
		args[i] = dispatch.Value{
			Kind: dispatch.Kind(slots[1+3*i]),
			Num:  slots[2+3*i],
			Text: string(text[:l]),
		}
		text = text[l:]
	}
	answer := core.Call(int(op), args[:n])
	clear(args[:n]) // no text outlives its call here
	slots[0] = float64(uintptr(unsafe.Pointer(unsafe.SliceData(answer))))
	return int32(len(answer))
}

// The page's cookie jar and clock. The imports catch what document.cookie
// throws (cookie_read answers threw): no exception unwinds through Go.
//
//go:wasmimport favorites cookie_read
func cookieRead() int32

//go:wasmimport favorites cookie_copy
func cookieCopy(p unsafe.Pointer, n int32) int32

//go:wasmimport favorites cookie_write
func cookieWrite(assignment string)

//go:wasmimport favorites now
func nowMillis() float64

const threw = -2 // cookie_read's answer where document.cookie threw

// documentJar is document.cookie.
type documentJar struct{ buf []byte }

var jar documentJar

// Cookies reads document.cookie: cookie_read gives its length in UTF-16
// code units, and cookie_copy writes its UTF-8, at most 3 bytes a unit.
func (j *documentJar) Cookies() string {
	n := int(cookieRead())
	if n == threw {
		return ""
	}
	if 3*n > len(j.buf) {
		j.buf = make([]byte, 3*n)
	}
	w := int(cookieCopy(unsafe.Pointer(unsafe.SliceData(j.buf)), int32(len(j.buf))))
	return string(j.buf[:min(max(w, 0), len(j.buf))])
}

// SetCookie writes document.cookie; where it threw, the read-back shows
// that nothing was kept.
func (j *documentJar) SetCookie(assignment string) { cookieWrite(assignment) }

// now is the page's clock (Date.now) in Unix seconds.
func now() int64 { return int64(nowMillis()) / 1000 }
