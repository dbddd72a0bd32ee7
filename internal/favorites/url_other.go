//go:build !js

package favorites

// hasControlOrBackslash reports whether u, valid UTF-8, holds a control
// character or a backslash. A look-up per byte, as a server checks every
// url of every request's list (url_js.go is the .wasm's, without the
// table): the C1 controls, U+0080 to U+009F, are the two bytes 0xC2 0x80 to
// 0xC2 0x9F.
func hasControlOrBackslash(u string) bool {
	for i := 0; i < len(u); i++ {
		if c := u[i]; urlStop[c] && (c != 0xc2 || u[i+1] < 0xa0) {
			return true
		}
	}
	return false
}

// urlStop marks the C0 controls, DEL, the backslash, and 0xC2, which
// starts the C1 controls.
var urlStop = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t[0x7f], t['\\'], t[0xc2] = true, true, true
	return
}()
