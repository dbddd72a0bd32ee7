//go:build js

package favorites

// hasControlOrBackslash reports whether u, valid UTF-8, holds a control
// character or a backslash. Byte by byte: the C1 controls, U+0080 to
// U+009F, are the two bytes 0xC2 0x80 to 0xC2 0x9F. (url_other.go is the
// server's, with a table; here the short code, as the .wasm is downloaded.)
func hasControlOrBackslash(u string) bool {
	for i := 0; i < len(u); i++ {
		if c := u[i]; c < 0x20 || c == 0x7f || c == '\\' || c == 0xc2 && u[i+1] < 0xa0 {
			return true
		}
	}
	return false
}
