package favorites

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func at(sec int64) time.Time { return time.Unix(1795000000+sec, 0).UTC() }

func TestMergeDuplicates(t *testing.T) {
	account := []Item{
		{ID: "1", Title: "Old title", URL: "/old", Added: at(10)},
		{ID: "2", Title: "Two", URL: "/2", Added: at(20)},
	}
	browser := []Item{
		{ID: "3", Title: "Three", URL: "/3", Added: at(5)},
		{ID: "1", Title: "New title", URL: "", Added: at(30)},
		{ID: "2", Title: "", URL: "/two", Added: at(15)},
	}
	assert.Equal(t, []Item{
		{ID: "3", Title: "Three", URL: "/3", Added: at(5)},
		{ID: "1", Title: "New title", URL: "/old", Added: at(10)}, // the earliest Added, b's title, a's url (b has none)
		{ID: "2", Title: "Two", URL: "/two", Added: at(15)},
	}, Merge(account, browser, 0))
}

func TestMergeOneListTwice(t *testing.T) {
	l := []Item{{ID: "1", Title: "a", Added: at(2)}, {ID: "1", Title: "b", Added: at(1)}}
	assert.Equal(t, []Item{{ID: "1", Title: "b", Added: at(1)}}, Merge(l, nil, 0))
	assert.Equal(t, []Item{{ID: "1", Title: "b", Added: at(1)}}, Merge(nil, l, 0))
}

// Items of the same second keep their order, a's before b's.
func TestMergeOrder(t *testing.T) {
	a := []Item{{ID: "a1", Added: at(1)}, {ID: "a2", Added: at(1)}, {ID: "a3", Added: at(3)}}
	b := []Item{{ID: "b1", Added: at(1)}, {ID: "b2", Added: at(2)}}
	assert.Equal(t, []string{"a1", "a2", "b1", "b2", "a3"}, ids(Merge(a, b, 0)))
}

// Over the capacity, the oldest go.
func TestMergeCapacity(t *testing.T) {
	var a, b []Item
	for i := range 40 {
		a = append(a, Item{ID: "a" + strconv.Itoa(i), Added: at(int64(2 * i))})
		b = append(b, Item{ID: "b" + strconv.Itoa(i), Added: at(int64(2*i + 1))})
	}
	m := Merge(a, b, 0)
	assert.Len(t, m, 50, "0 is the default capacity")
	assert.Equal(t, "a15", m[0].ID, "the 30 oldest are dropped")
	assert.Equal(t, "b39", m[49].ID)

	m = Merge(a, b, 3)
	assert.Equal(t, []string{"b38", "a39", "b39"}, ids(m))
	assert.Len(t, Merge(a, b, 1000), 80)
	assert.Len(t, Merge(a, b, -1), 50)
}

func TestMergeEmpty(t *testing.T) {
	assert.Empty(t, Merge(nil, nil, 0))
	one := []Item{{ID: "1", Added: at(1)}}
	assert.Equal(t, one, Merge(one, nil, 0))
	assert.Equal(t, one, Merge(nil, one, 0))
}

func TestMergeLeavesItsArgumentsAlone(t *testing.T) {
	a := []Item{{ID: "1", Title: "a", Added: at(2)}}
	b := []Item{{ID: "1", Title: "b", Added: at(1)}}
	Merge(a, b, 0)
	assert.Equal(t, []Item{{ID: "1", Title: "a", Added: at(2)}}, a)
	assert.Equal(t, []Item{{ID: "1", Title: "b", Added: at(1)}}, b)
}
