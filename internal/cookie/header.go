package cookie

import "strings"

// Name returns the name of chunk i of the list stored under the cookie name
// name: name itself, then name_1 … name_4.
func Name(name string, i int) string {
	if i == 0 {
		return name
	}
	return name + "_" + string(rune('0'+i))
}

// Chunks picks the values of the list's chunks out of a Cookie header or a
// document.cookie string ("a=1; b=2"). Where a name appears twice (cookies
// of the same name for another path or domain) the first one counts: the
// browser lists the most specific path first (RFC 6265 §5.4).
func Chunks(header, name string) (chunks [MaxCookies]string) {
	eachPair(header, func(n, v string) {
		if i := chunkIndex(n, name); i >= 0 && chunks[i] == "" {
			chunks[i] = v
		}
	})
	return chunks
}

// Lookup returns the value of the first cookie named name in header.
func Lookup(header, name string) (value string, ok bool) {
	eachPair(header, func(n, v string) {
		if !ok && n == name {
			value, ok = v, true
		}
	})
	return value, ok
}

// eachPair calls fn with the name and value of every "name=value" of a
// Cookie header or document.cookie string, in order.
func eachPair(header string, fn func(name, value string)) {
	for header != "" {
		pair := header
		header = ""
		if i := strings.IndexByte(pair, ';'); i >= 0 {
			pair, header = pair[:i], pair[i+1:]
		}
		for pair != "" && (pair[0] == ' ' || pair[0] == '\t') {
			pair = pair[1:]
		}
		for pair != "" && (pair[len(pair)-1] == ' ' || pair[len(pair)-1] == '\t') {
			pair = pair[:len(pair)-1]
		}
		if eq := strings.IndexByte(pair, '='); eq >= 0 {
			fn(pair[:eq], pair[eq+1:])
		}
	}
}

// chunkIndex returns i when n is Name(name, i), or -1.
func chunkIndex(n, name string) int {
	if n == name {
		return 0
	}
	if len(n) == len(name)+2 && n[:len(name)] == name && n[len(name)] == '_' {
		if d := int(n[len(name)+1] - '0'); 1 <= d && d < MaxCookies {
			return d
		}
	}
	return -1
}
