//go:build js && wasm

// Command floor is the smallest Go program that serves JavaScript: one
// js.FuncOf, registered on a global, and a wait. make bench builds it with
// the library's toolchain and flags; what the library costs beyond it is
// what the library itself adds.
package main

import "syscall/js"

func main() {
	js.Global().Set("__floor", js.FuncOf(func(js.Value, []js.Value) any { return nil }))
	select {}
}
