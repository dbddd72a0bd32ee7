package favorites

import "strconv"

// AppendJSON appends items as the JSON array the shim hands to pages:
// [{"id":…,"title":…,"url":…,"added":ms}]. It is written by hand so that
// encoding/json and reflect stay out of the .wasm.
func AppendJSON(dst []byte, items []Item) []byte {
	dst = append(dst, '[')
	for i := range items {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendItemJSON(dst, &items[i])
	}
	return append(dst, ']')
}

// AppendItemJSON appends one item as AppendJSON writes it.
func AppendItemJSON(dst []byte, it *Item) []byte {
	dst = append(dst, `{"id":`...)
	dst = AppendJSONString(dst, it.ID)
	dst = append(dst, `,"title":`...)
	dst = AppendJSONString(dst, it.Title)
	dst = append(dst, `,"url":`...)
	dst = AppendJSONString(dst, it.URL)
	dst = append(dst, `,"added":`...)
	dst = strconv.AppendInt(dst, it.Added*1000, 10)
	return append(dst, '}')
}

// AppendJSONString appends s as a JSON string (RFC 8259 §7). s is valid UTF-8:
// it came from JavaScript or passed the cookie decoder's check.
func AppendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
