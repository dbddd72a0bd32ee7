package cookie

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/favorites-dev/favorites/internal/favorites"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// oddText returns a text of it that another writer might have used: the
// first byte of the id in a "$" run. It reads as it, but Encode would not
// write it, so a write that copies it shows that it was remembered.
func oddText(t testing.TB, it favorites.Item) string {
	b := []byte("ccAAAAAA")
	a := it.Added
	for i := addedLen - 1; i >= 0; i-- {
		b[checkLen+i] = b64[a&63]
		a >>= 6
	}
	b = append(b, '$')
	b = appendBase64(b, it.ID[:1])
	b = append(b, '$')
	b = appendField(b, it.ID[1:])
	b = append(b, '|')
	b = appendField(b, it.Title)
	b = append(b, '|')
	b = appendField(b, it.URL)
	h := check(b[checkLen:])
	b[0], b[1] = b64[h>>6], b64[h&63]
	if got, ok := decodeItem(string(b)); !ok || got != it {
		t.Fatalf("odd text %q of %+v reads as %+v, %v", b, it, got, ok)
	}
	return string(append(b, '~'))
}

// oddChunks returns items as one chunk of odd texts.
func oddChunks(t testing.TB, items []favorites.Item) *[MaxCookies]string {
	var b strings.Builder
	b.WriteString("11")
	for _, it := range items {
		b.WriteString(oddText(t, it))
	}
	return &[MaxCookies]string{b.String()}
}

func TestTextsRemembersWhatItRead(t *testing.T) {
	items := typicalList(5)
	read := oddChunks(t, items)
	var tx Texts
	require.Equal(t, items, tx.Decode(read))
	values, err := tx.Encode("favorites", items)
	require.NoError(t, err)
	assert.Equal(t, []string{read[0]}, values, "the texts as read")

	// A moved item keeps its text; a changed one is written anew.
	moved := append([]favorites.Item{items[4]}, items[:4]...)
	moved[2].Title = "Changed"
	values, err = tx.Encode("favorites", moved)
	require.NoError(t, err)
	want := "11" + oddText(t, items[4]) + oddText(t, items[0]) + string(appendItem(nil, &moved[2])) +
		oddText(t, items[2]) + oddText(t, items[3])
	assert.Equal(t, []string{want}, values)

	// An empty list is no chunk, and forgets nothing.
	values, err = tx.Encode("favorites", nil)
	require.NoError(t, err)
	assert.Empty(t, values)
	values, err = tx.Encode("favorites", items[:1])
	require.NoError(t, err)
	assert.Equal(t, []string{"11" + oddText(t, items[0])}, values)
}

func TestNilTextsRemembersNothing(t *testing.T) {
	items := typicalList(3)
	var tx *Texts
	require.Equal(t, items, tx.Decode(oddChunks(t, items)))
	values, err := tx.Encode("favorites", items)
	require.NoError(t, err)
	canonical, err := Encode("favorites", items)
	require.NoError(t, err)
	assert.Equal(t, canonical, values)
}

// mapTexts is Texts as it was, a map from item to text: the model that the
// walk must agree with.
type mapTexts map[favorites.Item]string

func (m *mapTexts) encode(base string, items []favorites.Item) ([]string, error) {
	if len(items) == 0 {
		return nil, nil
	}
	next := make(mapTexts, len(items))
	var chunks []string
	var buf []byte
	for i := range items {
		text, ok := (*m)[items[i]]
		if !ok {
			text = string(appendItem(nil, &items[i]))
		}
		room := MaxPairBytes - len(Name(base, len(chunks))) - 1 - headerLen
		if len(text) > room {
			return nil, &favorites.Error{Code: favorites.Full, Reason: "an item is too large for a cookie"}
		}
		if len(buf) > 0 && len(buf)+len(text) > room {
			chunks = append(chunks, string(buf))
			buf = buf[:0]
		}
		buf = append(buf, text...)
		next[items[i]] = text
	}
	chunks = append(chunks, string(buf))
	if len(chunks) > MaxCookies {
		return nil, &favorites.Error{Code: favorites.Full, Reason: "the list is too large for its cookies"}
	}
	for i, c := range chunks {
		chunks[i] = string([]byte{Version, byte('0' + len(chunks))}) + c
	}
	*m = next
	return chunks, nil
}

func (m *mapTexts) decode(chunks *[MaxCookies]string) {
	var items []favorites.Item
	var texts []string
	for _, c := range chunks {
		if len(c) > headerLen {
			items, texts = decodeChunk(items, texts, c[headerLen:])
		}
	}
	*m = make(mapTexts, len(items))
	for i := range items {
		(*m)[items[i]] = texts[i]
	}
}

// TestTextsAgreesWithMap makes random changes to a list — adds, removes,
// updates, moves, duplicates, clears, reads of odd texts, lists too large —
// and checks that every write is the one the map would have made.
func TestTextsAgreesWithMap(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var tx Texts
	var model mapTexts
	var items []favorites.Item
	fresh := 0
	for step := 0; step < 3000; step++ {
		switch op := rng.Intn(20); {
		case op < 7:
			for k := rng.Intn(3); k >= 0; k-- {
				items = append(items, typical(fresh))
				fresh++
			}
		case op < 11 && len(items) > 0:
			i := rng.Intn(len(items))
			items = append(items[:i:i], items[i+1:]...)
		case op < 14 && len(items) > 0:
			items = append([]favorites.Item(nil), items...)
			items[rng.Intn(len(items))].Title = words[rng.Intn(len(words))]
		case op < 15 && len(items) > 1:
			items = append([]favorites.Item(nil), items...)
			i, j := rng.Intn(len(items)), rng.Intn(len(items))
			items[i], items[j] = items[j], items[i]
		case op < 16 && len(items) > 0:
			items = append(items, items[rng.Intn(len(items))])
		case op < 17:
			items = nil
		case op < 19 && len(items) > 0 && len(items) < 20:
			read := oddChunks(t, items)
			require.Equal(t, Decode(read), tx.Decode(read))
			model.decode(read)
		default:
			if len(items) > 150 {
				items = items[len(items)-100:]
			}
		}
		got, gotErr := tx.Encode("favorites", items)
		want, wantErr := model.encode("favorites", items)
		require.Equal(t, wantErr, gotErr, "step %d", step)
		require.Equal(t, want, got, "step %d", step)
	}
}
