package main

import (
	"encoding/json"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites/internal/cookie"
	"github.com/favorites-dev/favorites/internal/favorites"
)

// The JavaScript baseline must write and read the very cookies the Go codec
// does: these tests run it under Node against internal/cookie.

type jsItem struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
	Added int64  `json:"added"`
}

type nodeOut struct {
	Cookie  string            `json:"cookie"`
	Results []json.RawMessage `json:"results"`
}

func runBaseline(t *testing.T, cookieIn string, ops [][2]any) nodeOut {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node")
	}
	b, err := json.Marshal(ops)
	require.NoError(t, err)
	out, err := exec.Command(node, "testdata/node.js", "baseline/favorites.js", cookieIn, string(b)).Output()
	if ee, ok := err.(*exec.ExitError); ok {
		t.Fatalf("node: %v\n%s", err, ee.Stderr)
	}
	require.NoError(t, err)
	var res nodeOut
	require.NoError(t, json.Unmarshal(out, &res))
	return res
}

func cookieString(values []string) string {
	var parts []string
	for i, v := range values {
		parts = append(parts, cookie.Name("favorites", i)+"="+v)
	}
	return strings.Join(parts, "; ")
}

func chunksOf(t *testing.T, header string) *[cookie.MaxCookies]string {
	c := cookie.Chunks(header, "favorites")
	return &c
}

// tricky are items whose text uses every part of the format.
func tricky() []favorites.Item {
	return []favorites.Item{
		{ID: "123456", Title: "Plain English title with spaces", URL: "/news/123456", Added: 1700000000},
		{ID: "a_b*c$d|e~f", Title: `"quoted" 100% + more, with; back\slash`, URL: "https://example.com/?q=1&r=2#x", Added: 1700000001},
		{ID: "é", Title: "Ünïcödé tïtle — with ASCII between: ab 日本語 abc 日本 abcd 語", URL: "/ü/ß", Added: 1700000002},
		{ID: "emoji", Title: "🎉 party 🎉🎉 a\u0001b\tc\u007f", URL: "", Added: 1700000003},
		{ID: "long", Title: strings.Repeat("é", 199) + "…", URL: "/l", Added: 1},
		{ID: "7", Title: "", URL: "HTTP://Example.com", Added: 1 << 34},
	}
}

func TestBaselineReadsGoCookies(t *testing.T) {
	items := tricky()
	values, err := cookie.Encode("favorites", items)
	require.NoError(t, err)
	res := runBaseline(t, cookieString(values), [][2]any{{"list", nil}})
	var got []jsItem
	require.NoError(t, json.Unmarshal(res.Results[0], &got))
	require.Len(t, got, len(items))
	for i, it := range items {
		require.Equal(t, jsItem{it.ID, it.Title, it.URL, it.Added * 1000}, got[i])
	}
}

func TestBaselineWritesGoCookies(t *testing.T) {
	var ops [][2]any
	for _, it := range tricky() {
		ops = append(ops, [2]any{"add", map[string]string{"id": it.ID, "title": it.Title, "url": it.URL}})
	}
	ops = append(ops, [2]any{"add", map[string]string{"id": "over", "title": strings.Repeat("x", 250)}})
	res := runBaseline(t, "", ops)
	chunks := chunksOf(t, res.Cookie)
	items := cookie.Decode(chunks)
	require.Len(t, items, len(ops))
	require.Equal(t, strings.Repeat("x", 199)+"…", items[len(items)-1].Title)
	values, err := cookie.Encode("favorites", items)
	require.NoError(t, err)
	require.Equal(t, values, chunks[:len(values)], "the baseline's cookie is not the one Go writes")
}

// An item that fits the first chunk alone is too large for a later one,
// whose name is two bytes longer: Go and the baseline both answer full.
func TestBaselineLaterChunkRoom(t *testing.T) {
	big := map[string]string{"id": "y", "url": "/" + strings.Repeat("|", 1987)}
	res := runBaseline(t, "", [][2]any{{"add", map[string]string{"id": "x"}}, {"add", big}})
	require.Contains(t, string(res.Results[1]), "full")
	items := cookie.Decode(chunksOf(t, res.Cookie))
	require.Len(t, items, 1)
	_, err := cookie.Encode("favorites", append(items, favorites.Item{ID: "y", URL: big["url"], Added: 1}))
	require.Error(t, err)
	require.Equal(t, favorites.Full, err.(*favorites.Error).Code)
}

// Random items, many chunks, and damaged cookies: both sides keep the same
// items.
func TestBaselineRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pool := []rune("abc XYZ_*$|~\"%+,;\\/é日🎉\u0001\u007f\u00a0-.")
	text := func(n int) string {
		var b strings.Builder
		for range r.IntN(n) {
			b.WriteRune(pool[r.IntN(len(pool))])
		}
		return b.String()
	}
	for round := range 6 {
		var ops [][2]any
		for range 30 {
			id := text(8)
			if favorites.CheckID(id) != nil {
				id = "x" + string(rune('a'+r.IntN(26))) + text(3)
			}
			ops = append(ops, [2]any{"add", map[string]string{"id": id, "title": text(120), "url": "/" + text(40)}})
		}
		res := runBaseline(t, "", ops)
		chunks := chunksOf(t, res.Cookie)
		items := cookie.Decode(chunks)
		values, err := cookie.Encode("favorites", items)
		require.NoError(t, err)
		require.Equal(t, values, chunks[:len(values)], "round %d", round)

		// Damage one byte of one chunk: both keep the same items.
		v := []byte(chunks[0])
		v[2+r.IntN(len(v)-2)] ^= 1
		chunks[0] = string(v)
		if round%2 == 1 {
			chunks[0] = chunks[0][:len(chunks[0])*2/3] // and truncate
		}
		want := cookie.Decode(chunks)
		var vals []string
		for _, c := range chunks {
			if c != "" {
				vals = append(vals, c)
			}
		}
		res = runBaseline(t, cookieString(vals), [][2]any{{"list", nil}})
		var got []jsItem
		require.NoError(t, json.Unmarshal(res.Results[0], &got))
		require.Len(t, got, len(want), "round %d", round)
		for i, it := range want {
			require.Equal(t, jsItem{it.ID, it.Title, it.URL, it.Added * 1000}, got[i], "round %d", round)
		}
	}
}
