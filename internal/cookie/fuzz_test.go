package cookie

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/favorites-dev/favorites/internal/favorites"
)

// The seed corpora are in testdata/fuzz/<Name>/.

// FuzzDecode reads arbitrary chunk values: Decode never panics, and every
// item it returns is one the codec could have written.
func FuzzDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, c0, c1, c2, c3, c4 string) {
		chunks := [MaxCookies]string{c0, c1, c2, c3, c4}
		items := Decode(&chunks)
		if want := referenceDecode(&chunks); !slices.Equal(items, want) {
			t.Fatalf("Decode reads %+v where the reference reads %+v", items, want)
		}
		seen := map[string]bool{}
		for _, it := range items {
			if err := favorites.CheckID(it.ID); err != nil {
				t.Fatalf("decoded id %q: %v", it.ID, err)
			}
			if err := favorites.CheckURL(it.URL); err != nil {
				t.Fatalf("decoded url %q: %v", it.URL, err)
			}
			if !utf8.ValidString(it.Title) || favorites.ShortenTitle(it.Title) != it.Title {
				t.Fatalf("decoded title %q", it.Title)
			}
			if it.Added < 0 || it.Added >= 1<<36 {
				t.Fatalf("decoded added %d", it.Added)
			}
			if seen[it.ID] {
				t.Fatalf("id %q decoded twice", it.ID)
			}
			seen[it.ID] = true
			values, err := Encode("favorites", []favorites.Item{it})
			if err != nil {
				if errCode(err) != favorites.Full {
					t.Fatalf("re-encoding %+v: %v", it, err)
				}
				continue // read from a chunk longer than a cookie may be
			}
			checkValues(t, "favorites", values)
			again := Decode(chunkArray(values))
			if len(again) != 1 || again[0] != it {
				t.Fatalf("%+v re-encoded as %q decodes to %+v", it, values, again)
			}
		}
		if values, err := Encode("favorites", items); err == nil {
			checkValues(t, "favorites", values)
			again := Decode(chunkArray(values))
			if len(again) != len(items) {
				t.Fatalf("%d items re-encode to %d", len(items), len(again))
			}
			for i := range items {
				if again[i] != items[i] {
					t.Fatalf("item %d: %+v re-encodes to %+v", i, items[i], again[i])
				}
			}
		}
	})
}

// FuzzRoundTrip builds a valid list from the fuzzer's strings (one id, title
// and url per "\x1e"-separated record; invalid ones are made valid or
// skipped) plus n typical items, and checks decode(encode(list)) == list
// whenever Encode succeeds.
func FuzzRoundTrip(f *testing.F) {
	f.Fuzz(func(t *testing.T, ids, titles, urls string, added int64, n uint8) {
		const sep = "\x1e"
		titleList := strings.Split(titles, sep)
		urlList := strings.Split(urls, sep)
		var items []favorites.Item
		seen := map[string]bool{}
		for i, id := range strings.Split(ids, sep) {
			if favorites.CheckID(id) != nil || seen[id] {
				continue
			}
			seen[id] = true
			title := favorites.ShortenTitle(strings.ToValidUTF8(titleList[i%len(titleList)], "\uFFFD"))
			url := urlList[i%len(urlList)]
			if favorites.CheckURL(url) != nil {
				url = ""
			}
			a := (added + int64(i)*977) & (1<<36 - 1)
			items = append(items, favorites.Item{ID: id, Title: title, URL: url, Added: a})
		}
		for k := 0; k < int(n%140); k++ {
			it := typical(k)
			it.ID = strconv.Itoa(k) + "~" + it.ID
			if seen[it.ID] {
				continue
			}
			seen[it.ID] = true
			items = append(items, it)
		}
		values, err := Encode("favorites", items)
		if err != nil {
			if errCode(err) != favorites.Full || len(items) == 0 {
				t.Fatalf("Encode: %v", err)
			}
			return
		}
		if len(items) == 0 && len(values) != 0 {
			t.Fatalf("an empty list encodes to %q", values)
		}
		checkValues(t, "favorites", values)
		got := Decode(chunkArray(values))
		if len(got) != len(items) {
			t.Fatalf("%d items decode to %d: %q", len(items), len(got), values)
		}
		for i := range items {
			if got[i] != items[i] {
				t.Fatalf("item %d: %+v decodes to %+v", i, items[i], got[i])
			}
		}
		// As a server or the page reads it back.
		if again := Decode(ptr(Chunks(cookieHeader("favorites", values), "favorites"))); len(again) != len(items) {
			t.Fatalf("through a Cookie header: %d items of %d", len(again), len(items))
		}
	})
}
