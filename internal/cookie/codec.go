// Package cookie is the codec between a list of favourites and the cookies
// that store it.
//
// A list is written as one or more cookies named NAME, NAME_1, NAME_2, …
// (chunks; PHP would turn a "." into "_", so "_" it is). Every chunk holds
// whole items and can be read without the others, so a lost chunk loses only
// its own items. A chunk's value is
//
//	chunk  = prefix *item
//	prefix = version count
//	version = "1"
//	count  = DIGIT             ; how many chunks the list was written as
//	item   = check added id "|" title "|" url "~"
//	check  = 2B64              ; 12 bits of FNV-1a over added…url, as written
//	added  = 6B64              ; Unix seconds, most significant digit first
//
// where B64 is a digit of the URL-safe base64 alphabet (RFC 4648 §5). The
// fields are text in which
//
//	"_"              stands for a space (titles are full of them)
//	"*" X            stands for one ASCII character that may not stand as
//	                 itself: *_ ** *$ *| *~ for _ * $ | ~, and *q *p *a *c *s *b
//	                 for " % + , ; \ (not cookie-octets, or read as escapes by
//	                 servers)
//	"$" 1*B64 "$"    stands for the bytes of that base64 text: the UTF-8 of
//	                 non-ASCII text and control characters
//	anything else    stands for itself
//
// so a value holds only RFC 6265 §4.1.1 cookie-octets and never "%" or "+":
// Go's net/http and PHP's $_COOKIE hand it to a server unchanged.
//
// Decoding keeps every item that reads whole — framed, with a matching check,
// valid UTF-8, a valid id and url — and drops the rest: a truncated, tampered
// or foreign cookie never yields an invented or half-read item.
package cookie

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/favorites-dev/favorites/internal/favorites"
)

const (
	// Version is the first byte of every chunk written by this codec.
	Version = '1'
	// MaxPairBytes bounds len(name)+1+len(value) of one cookie, under the
	// 4096 bytes that RFC 6265 §6.1 asks browsers to keep.
	MaxPairBytes = 4000
	// MaxCookies is the most chunks a list may span: every chunk travels in
	// every request, and many servers refuse headers over 8 KiB.
	MaxCookies = 5

	checkLen  = 2
	addedLen  = 6
	prefixLen = 2
)

const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// runs encodes the bytes of a "$" run: b64's alphabet, unpadded.
var runs = base64.RawURLEncoding

var (
	b64val    [256]byte // a byte's base64 digit value, or 0xff
	escapes   [128]byte // the code that follows "*" for an ASCII byte, or 0
	unescapes [128]byte // the inverse of escapes
	// text maps a byte of a field to what it stands for alone (itself, or a
	// space for "_"), or to 0.
	text [256]byte
)

func init() {
	for i := range b64val {
		b64val[i] = 0xff
	}
	for i := 0; i < len(b64); i++ {
		b64val[b64[i]] = byte(i)
	}
	for _, p := range [...]struct{ c, code byte }{
		{'_', '_'}, {'*', '*'}, {'$', '$'}, {'|', '|'}, {'~', '~'},
		{'"', 'q'}, {'%', 'p'}, {'+', 'a'}, {',', 'c'}, {';', 's'}, {'\\', 'b'},
	} {
		escapes[p.c], unescapes[p.code] = p.code, p.c
	}
	for c := 0x21; c < 0x7f; c++ {
		if escapes[c] == 0 {
			text[c] = byte(c)
		}
	}
	text['_'] = ' '
}

// plain reports the bytes that stand for themselves in a field.
func plain(c byte) bool { return c > ' ' && text[c] == c }

// inRun reports whether b is written inside a "$" run: bytes of non-ASCII
// text, control characters and DEL. Space is not: it is "_".
func inRun(b byte) bool { return b >= 0x7f || b < 0x20 }

// Encode returns the values of the chunks that store items under the
// cookie name name: none for no items, at most MaxCookies, each within
// MaxPairBytes with its name; more is an error with code full.
func Encode(name string, items []favorites.Item) ([]string, error) {
	if len(items) == 0 {
		return nil, nil
	}
	// Each body starts with a placeholder for the prefix, whose count is
	// known only at the end.
	var bodies [][]byte
	var body, text []byte
	for i := range items {
		text = appendItem(text[:0], &items[i])
		if len(body) > prefixLen && len(body)+len(text) > room(name, len(bodies)) {
			bodies = append(bodies, body)
			body = nil
		}
		if body == nil {
			body = append(make([]byte, 0, MaxPairBytes), Version, '0')
		}
		if len(body)+len(text) > room(name, len(bodies)) {
			return nil, &favorites.Error{Code: favorites.Full, Reason: "an item is too large for a cookie"}
		}
		body = append(body, text...)
	}
	bodies = append(bodies, body)
	if len(bodies) > MaxCookies {
		return nil, &favorites.Error{Code: favorites.Full, Reason: "the list is too large for its cookies"}
	}
	values := make([]string, len(bodies))
	for k, b := range bodies {
		b[1] = byte('0' + len(bodies))
		values[k] = string(b)
	}
	return values, nil
}

// room is the most bytes the value of chunk i may take: after chunk 0, a
// name is longer by its "_N".
func room(name string, i int) int {
	if i == 0 {
		return MaxPairBytes - len(name) - 1
	}
	return MaxPairBytes - len(name) - 3
}

func appendItem(dst []byte, it *favorites.Item) []byte {
	start := len(dst)
	dst = append(dst, "cc"...) // the check, filled in below
	dst = append(dst, "AAAAAA"...)
	a := it.Added
	for i := addedLen - 1; i >= 0; i-- {
		dst[start+checkLen+i] = b64[a&63]
		a >>= 6
	}
	dst = appendField(dst, it.ID)
	dst = append(dst, '|')
	dst = appendField(dst, it.Title)
	dst = append(dst, '|')
	dst = appendField(dst, it.URL)
	h := check(dst[start+checkLen:])
	dst[start] = b64[h>>6]
	dst[start+1] = b64[h&63]
	return append(dst, '~')
}

// appendField appends the text form of s. Runs of bytes that stand for
// themselves, most of any text, are copied whole.
func appendField(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && plain(s[j]) {
			j++
		}
		dst = append(dst, s[i:j]...)
		if j == len(s) {
			break
		}
		switch c := s[j]; {
		case c == ' ':
			dst = append(dst, '_')
			i = j + 1
		case inRun(c):
			i = runEnd(s, j)
			dst = append(dst, '$')
			dst = runs.AppendEncode(dst, []byte(s[j:i]))
			dst = append(dst, '$')
		default:
			dst = append(dst, '*', escapes[c])
			i = j + 1
		}
	}
	return dst
}

// runEnd returns where the "$" run that starts at s[i] should end. A run
// also takes up to three ASCII bytes that lie between bytes it must hold:
// inside a run they cost 4/3 of a byte each, while closing and reopening it
// costs two "$" and a partial base64 group. Non-English text with spaces
// thus stays one run.
func runEnd(s string, i int) int {
	for {
		for i < len(s) && inRun(s[i]) {
			i++
		}
		k := i
		for k < len(s) && k < i+3 && !inRun(s[k]) {
			k++
		}
		if k == len(s) || !inRun(s[k]) {
			return i
		}
		i = k
	}
}

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// check is 12 bits of 32-bit FNV-1a over b, folded.
func check(b []byte) uint32 {
	h := uint32(fnvOffset)
	for _, c := range b {
		h = (h ^ uint32(c)) * fnvPrime
	}
	return fold(h)
}

func fold(h uint32) uint32 { return (h ^ h>>12 ^ h>>24) & 0xfff }

// Decode returns the items stored in chunks, where chunks[i] is the value of
// the cookie Name(name, i) or "" when there is none. Items keep the order in
// which they were written; a second item with an id already read is dropped.
func Decode(chunks *[MaxCookies]string) []favorites.Item {
	count := 0
	for i := 0; count == 0 && i < MaxCookies; i++ {
		count = prefix(chunks[i])
	}
	// Room for the chunks' text, decoded, in one allocation: no field is
	// longer decoded than encoded. The items' fields are strings over buf
	// (see str), which is written only past them. One "~" ends each item.
	bytes, items := 0, 0
	for i := 0; i < count; i++ {
		bytes += len(chunks[i])
		items += strings.Count(chunks[i], "~")
	}
	d := decoder{items: make([]favorites.Item, 0, items), buf: make([]byte, 0, bytes)}
	for i := 0; i < count; i++ {
		if prefix(chunks[i]) != count {
			continue
		}
		// An item ends at the first "~" that an even number of "*"
		// precede (of a run of "*", each odd one escapes the next). A last
		// item without one was truncated, and is never half-read.
		s := chunks[i][prefixLen:]
		for from := 0; ; {
			end := strings.IndexByte(s[from:], '~')
			if end < 0 {
				break
			}
			end += from
			stars := end
			for stars > 0 && s[stars-1] == '*' {
				stars--
			}
			if from = end + 1; (end-stars)%2 == 0 {
				d.item(s[:end])
				s, from = s[from:], 0
			}
		}
	}
	return d.items
}

// A decoder gathers the items of a list's chunks.
type decoder struct {
	items []favorites.Item
	buf   []byte // the items' text
	ids   idSet
}

// prefix returns the chunk count a value declares, or 0.
func prefix(v string) int {
	if len(v) < prefixLen || v[0] != Version || v[1] < '1' || v[1] > '0'+MaxCookies {
		return 0
	}
	return int(v[1] - '0')
}

// item reads the item s and adds it, unless it cannot be read whole or its
// id was read already. Its one pass over s computes the check as it
// decodes: the check's multiplications wait on each other, and the decoding
// runs in their shadow.
func (d *decoder) item(s string) {
	if len(s) < checkLen+addedLen+2 {
		return
	}
	var added int64
	h := uint32(fnvOffset)
	for i := checkLen; i < checkLen+addedLen; i++ {
		c := s[i]
		h = (h ^ uint32(c)) * fnvPrime
		v := b64val[c]
		if v == 0xff {
			return
		}
		added = added<<6 | int64(v)
	}
	// The fields are decoded into the room past d.buf (enough; see Decode),
	// which takes them in only when the item is added. The loop does not
	// call append, whose calls would keep its variables out of registers.
	out := d.buf[:cap(d.buf)]
	n := len(d.buf)
	ends := [4]int{n} // where each field starts and the last ends, in out
	f := 1
	ascii := true // no "$" run or "\": every byte is printable ASCII or a space
	for i := checkLen + addedLen; i < len(s); i++ {
		// Most bytes stand for one byte each: this loop takes them, up to
		// the first that does not.
		rest := s[i:]
		dst := out[n:][:len(rest)]
		k := 0
		for k < len(rest) && text[rest[k]] != 0 {
			h = (h ^ uint32(rest[k])) * fnvPrime
			dst[k] = text[rest[k]]
			k++
		}
		if n, i = n+k, i+k; i == len(s) {
			break
		}
		c := s[i]
		h = (h ^ uint32(c)) * fnvPrime
		var t byte
		switch c {
		case '|':
			if f == 3 {
				return
			}
			ends[f] = n
			f++
			continue
		case '*':
			if i++; i == len(s) || s[i] >= 128 || unescapes[s[i]] == 0 {
				return
			}
			h = (h ^ uint32(s[i])) * fnvPrime
			if t = unescapes[s[i]]; t == '\\' {
				ascii = false // for surelyValid's url
			}
		case '$':
			ascii = false
			j := i + 1
			for j < len(s) && b64val[s[j]] != 0xff {
				h = (h ^ uint32(s[j])) * fnvPrime
				j++
			}
			// A run is base64 digits up to its "$", nothing else:
			// encoding/base64 would skip a "\r" or "\n" among them.
			if j == len(s) || s[j] != '$' || j == i+1 {
				return
			}
			h = (h ^ '$') * fnvPrime
			run, err := runs.AppendDecode(out[:n], []byte(s[i+1:j]))
			if err != nil {
				return
			}
			n = len(run)
			i = j
			continue
		case '%', '+': // never written, and standing for themselves
			t = c
		default: // not a cookie-octet
			return
		}
		out[n] = t
		n++
	}
	ends[3] = n
	if f != 3 || uint32(b64val[s[0]])<<6|uint32(b64val[s[1]]) != fold(h) {
		return
	}
	id, title, url := str(out[ends[0]:ends[1]]), str(out[ends[1]:ends[2]]), str(out[ends[2]:n])
	if !surelyValid(id, title, url, ascii) && (favorites.CheckID(id) != nil || favorites.CheckURL(url) != nil ||
		!utf8.ValidString(title) || favorites.ShortenTitle(title) != title) || d.ids.has(id, d.items) {
		return
	}
	d.buf = out[:n]
	d.items = append(d.items, favorites.Item{ID: id, Title: title, URL: url, Added: added})
}

// surelyValid reports that an item's fields pass the core's checks without
// running them whole: when every byte is printable ASCII or a space and
// none is "\" (ascii), a byte is a character and the checks come down to
// lengths and the url's form. When it reports false, the checks decide.
func surelyValid(id, title, url string, ascii bool) bool {
	return ascii && id != "" && len(id) <= favorites.MaxIDLen && len(title) <= favorites.MaxTitleLen && favorites.CheckURLForm(url) == nil
}

// An idSet notes ids as bit hash(id)%1024: an id whose bit is clear is
// new, and only the others are looked for in items.
type idSet [16]uint64

// has reports whether id is in items, and notes it.
func (s *idSet) has(id string, items []favorites.Item) bool {
	h := uint64(len(id))
	for i := 0; i < len(id); i++ {
		h = h*31 + uint64(id[i])
	}
	h *= 0x9e3779b97f4a7c15 // Fibonacci hashing: the top bits depend on every bit
	w, bit := h>>60, uint64(1)<<(h>>54&63)
	if s[w]&bit != 0 && (&favorites.List{Items: items}).Has(id) {
		return true
	}
	s[w] |= bit
	return false
}

// str returns the bytes of b as a string without copying them. The caller
// never writes b[:len(b)] again.
func str(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// IsOctet reports an RFC 6265 cookie-octet: %x21 / %x23-2B / %x2D-3A /
// %x3C-5B / %x5D-7E.
func IsOctet(c byte) bool {
	return 0x21 <= c && c <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\'
}
