package dispatch

import (
	"strconv"

	"github.com/favorites-dev/favorites/internal/favorites"
)

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
