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
	d := newDispatcher(&documentJar{doc: js.Global().Get("document")}, now)
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
type documentJar struct {
	doc js.Value
	// last is the document.cookie string last read, and text its copy in
	// Go. wasm_exec.js hands Go one reference per distinct JavaScript
	// string while a reference to it lives, so an unchanged cookie string
	// comes back as the same reference: comparing references spares the
	// copy into Go (two crossings and two allocations) on every read that
	// finds nothing new — most of them.
	last js.Value
	text string
}

func (j *documentJar) Cookies() string {
	v := j.doc.Get("cookie")
	if !v.Equal(j.last) {
		j.last, j.text = v, v.String()
	}
	return j.text
}

func (j *documentJar) SetCookie(s string) { j.doc.Set("cookie", s) }

var dateNow = js.Global().Get("Date").Get("now")

// now is the page's clock in Unix seconds: the same clock the page's
// JavaScript sees, not Go's runtime timer.
func now() int64 { return int64(dateNow.Invoke().Float()) / 1000 }
