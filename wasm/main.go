//go:build js && wasm

// Command wasm is the browser entry point: it binds the core to
// document.cookie and hands the shim one function, core(op, …args), that
// answers with JSON text. One function and one string per call keep the
// crossings between JavaScript and Go to a minimum: a list crosses once, as
// JSON, instead of once per field.
package main

import (
	"syscall/js"
)

func main() {
	d := newDispatcher(documentJar{js.Global().Get("document")}, now)
	core := js.FuncOf(d.call)
	global := js.Global()
	init := global.Get(initName)
	if init.Type() != js.TypeFunction {
		core.Release()
		return // not started by the shim: nothing to serve
	}
	global.Delete(initName)
	init.Invoke(core, js.FuncOf(func(js.Value, []js.Value) any {
		close(d.stop)
		return nil
	}))
	<-d.stop
	core.Release()
}

// initName is the global through which the shim receives core; the shim
// deletes it again before the page can see it.
const initName = "__favoritesInit"

// documentJar is the page's cookie jar.
type documentJar struct{ doc js.Value }

func (j documentJar) Cookies() string { return j.doc.Get("cookie").String() }

func (j documentJar) SetCookie(s string) { j.doc.Set("cookie", s) }

var dateNow = js.Global().Get("Date").Get("now")

// now is the page's clock in Unix seconds: the same clock the page's
// JavaScript sees, not Go's runtime timer.
func now() int64 { return int64(dateNow.Invoke().Float()) / 1000 }
