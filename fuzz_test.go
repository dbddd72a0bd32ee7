package favorites

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ifav "github.com/favorites-dev/favorites/internal/favorites"
)

// FuzzRead reads arbitrary Cookie headers: Read never panics and never
// returns an item the browser would refuse, what it returns survives a
// Write and a Read, and the renew endpoint echoes cookie-octets or refuses.
func FuzzRead(f *testing.F) {
	var cs []ifav.Item
	for _, it := range typicalList(50) {
		cs = append(cs, core(it))
	}
	list := encoded(f, "favorites", cs...)
	f.Add(list)
	f.Add("theme=dark; " + list + "; favorites=11AAAAAAAx||~")
	f.Add(strings.Replace(list, "~", "*~", 3))
	f.Add("favorites=11" + strings.Repeat("~", 5))
	f.Add("favorites=12AAAAAAAx|y|/z~; favorites_1=12AAAAAAAx|y|/z~")
	f.Add(`favorites="11a b"; favorites_4=1`)
	f.Add("favorites=11\xff\xfe; ;;; =; favorites")
	// Pairs split at ";" alone: the stale first chunk is its own cookie.
	f.Add("theme=dark;favorites=x; " + list[strings.Index(list, "favorites_1="):])
	f.Fuzz(func(t *testing.T, header string) {
		r := httptest.NewRequest(http.MethodPost, "/renew", nil)
		r.Header["Cookie"] = []string{header}
		items := Read(r)
		seen := map[string]bool{}
		for _, it := range items {
			if err := ifav.CheckID(it.ID); err != nil {
				t.Fatalf("read id %q: %v", it.ID, err)
			}
			if err := ifav.CheckURL(it.URL); err != nil {
				t.Fatalf("read url %q: %v", it.URL, err)
			}
			if !utf8.ValidString(it.Title) || ifav.ShortenTitle(it.Title) != it.Title {
				t.Fatalf("read title %q", it.Title)
			}
			if a := it.Added.Unix(); a < 0 || a > maxAdded || it.Added.Location() != time.UTC {
				t.Fatalf("read added %v", it.Added)
			}
			if seen[it.ID] {
				t.Fatalf("id %q read twice", it.ID)
			}
			seen[it.ID] = true
		}

		w := httptest.NewRecorder()
		err := Options{MaxItems: 1000}.Write(w, r, items)
		switch {
		case errors.Is(err, ErrFull): // more than the cookies hold
		case err != nil:
			t.Fatalf("writing what was read: %v", err)
		default:
			again := Options{MaxItems: 1000}.Read(request("GET", "/", stored(t, header, w)))
			if len(again) != len(items) {
				t.Fatalf("%d items read back as %d", len(items), len(again))
			}
			for i := range items {
				if again[i] != items[i] {
					t.Fatalf("item %d: %+v read back as %+v", i, items[i], again[i])
				}
			}
		}

		w = httptest.NewRecorder()
		Options{}.Handler().ServeHTTP(w, r)
		switch w.Code {
		case http.StatusNoContent:
			for _, h := range setCookies(w) {
				pair, _, _ := strings.Cut(h, ";")
				for i := 0; i < len(pair); i++ {
					if c := pair[i]; c <= ' ' || c >= 0x7f || c == '"' || c == ',' || c == '\\' {
						t.Fatalf("renew set %q", h)
					}
				}
			}
		case http.StatusBadRequest:
			if len(setCookies(w)) != 0 {
				t.Fatalf("a refused renew set %q", setCookies(w))
			}
		default:
			t.Fatalf("renew answered %d", w.Code)
		}
	})
}

// FuzzWriteRead writes the fuzzer's item among n typical ones: Write
// refuses it exactly when the browser would, and otherwise Read returns
// what the browser would hold.
func FuzzWriteRead(f *testing.F) {
	f.Add("482913", "Harbour bridge reopens", "/2026/11/bridge", int64(1795000000), uint8(3))
	f.Add("1", strings.Repeat("é", 201), "https://news.example/a?b=c", int64(0), uint8(0))
	f.Add("a;b", `"quoted", 100% + \ | ~ * $ _`, "/x?y=%20", int64(1), uint8(49))
	f.Add("", "", "", int64(-1), uint8(50))
	f.Add("x\ny", "t", "javascript:alert(1)", int64(1<<36), uint8(2))
	f.Add("100002", "Same id as a typical item", "//evil.example", int64(5), uint8(10))
	f.Add("\u0085", "\xff", "/\\x", int64(7), uint8(1))
	f.Fuzz(func(t *testing.T, id, title, url string, added int64, n uint8) {
		items := typicalList(int(n % 60))
		mine := Item{ID: id, Title: title, URL: url}
		if added != 0 {
			mine.Added = time.Unix(added, 0)
		}
		at := len(items) / 2
		items = append(items[:at], append([]Item{mine}, items[at:]...)...)

		// What the browser would hold, or why it would refuse.
		var want ifav.List
		var refused error
		for _, it := range items {
			if it.Added.IsZero() {
				continue // now: checked below
			}
			if a := it.Added.Unix(); a < 0 || a > maxAdded {
				refused = ErrInvalidItem
				break
			}
			if !utf8.ValidString(it.Title) {
				refused = ErrInvalidItem
				break
			}
			t, u := it.Title, it.URL
			if _, err := want.Add(ifav.Patch{ID: it.ID, Title: &t, URL: &u}, it.Added.Unix(), 50); err != nil {
				refused = wrap(err)
				break
			}
		}

		w := httptest.NewRecorder()
		before := time.Now().Truncate(time.Second)
		err := Write(w, request("GET", "/", ""), items)
		after := time.Now()
		if mine.Added.IsZero() {
			// Added is now: only the checks of the other fields apply.
			refused = nil
			want = ifav.List{}
			for _, it := range items {
				if !utf8.ValidString(it.Title) {
					refused = ErrInvalidItem
					break
				}
				t, u := it.Title, it.URL
				a := it.Added.Unix()
				if it.Added.IsZero() {
					a = 0 // compared apart
				}
				if _, err := want.Add(ifav.Patch{ID: it.ID, Title: &t, URL: &u}, a, 50); err != nil {
					refused = wrap(err)
					break
				}
			}
		}
		if refused != nil {
			if !errors.Is(err, refused) && !errors.Is(err, ErrFull) {
				t.Fatalf("Write: %v, where the browser refuses with %v", err, refused)
			}
			if len(w.Header()) != 0 {
				t.Fatalf("a refused Write wrote %v", w.Header())
			}
			return
		}
		if errors.Is(err, ErrFull) {
			return // the items fit the capacity, not the cookies
		}
		if err != nil {
			t.Fatalf("Write: %v, where the browser takes the list", err)
		}
		got := Read(request("GET", "/", stored(t, "", w)))
		if len(got) != len(want.Items) {
			t.Fatalf("%d items read as %d", len(want.Items), len(got))
		}
		for i, g := range got {
			e := want.Items[i]
			if g.ID != e.ID || g.Title != e.Title || g.URL != e.URL {
				t.Fatalf("item %d: %+v read as %+v", i, e, g)
			}
			if e.Added == 0 && mine.Added.IsZero() && e.ID == mine.ID {
				if g.Added.Before(before) || g.Added.After(after) {
					t.Fatalf("a zero Added read as %v, not now", g.Added)
				}
			} else if g.Added.Unix() != e.Added {
				t.Fatalf("item %d added %d read as %v", i, e.Added, g.Added)
			}
		}
	})
}
