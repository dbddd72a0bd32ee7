package favorites

import (
	"encoding/xml"
	"html/template"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// node is an element of rendered markup: its name, attributes, the text
// directly in it, and its depth.
type node struct {
	name  string
	attrs map[string]string
	text  string
	depth int
}

// parse reads markup with the HTML entities and void elements, failing on
// any element left open or closed by another's end tag.
func parse(t *testing.T, h template.HTML) []*node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(h)))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var nodes, open []*node
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "%s", h)
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attrs: map[string]string{}, depth: len(open)}
			for _, a := range tok.Attr {
				if a.Value == a.Name.Local {
					a.Value = "" // how the decoder reads an attribute without a value
				}
				n.attrs[a.Name.Local] = a.Value
			}
			nodes = append(nodes, n)
			open = append(open, n)
		case xml.EndElement:
			require.NotEmpty(t, open, "%s", h)
			require.Equal(t, open[len(open)-1].name, tok.Name.Local, "%s", h)
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) > 0 {
				open[len(open)-1].text += string(tok)
			}
		}
	}
	require.Empty(t, open, "%s", h)
	return nodes
}

// find returns the nodes named name.
func find(nodes []*node, name string) []*node {
	var out []*node
	for _, n := range nodes {
		if n.name == name {
			out = append(out, n)
		}
	}
	return out
}

// fields returns the hidden fields of nodes, by name.
func fields(nodes []*node) map[string]string {
	out := map[string]string{}
	for _, n := range find(nodes, "input") {
		if n.attrs["type"] == "hidden" {
			out[n.attrs["name"]] = n.attrs["value"]
		}
	}
	return out
}

var page = Markup{
	Items: []Item{
		{ID: "1", Title: "One", URL: "/one", Added: at(1)},
		{ID: "482913", Title: "Harbour bridge reopens", URL: "/2026/11/bridge", Added: at(2)},
		{ID: "3", Title: "", URL: "", Added: at(3)},
	},
	Endpoint: "/favorites",
	Return:   "/2026/11/bridge?ref=rss",
	Title:    "The page's own title",
}

func TestMarkupButtonOff(t *testing.T) {
	assert.Equal(t, template.HTML(`<form class="favorites-form" method="post" action="/favorites/add">`+
		`<input type="hidden" name="id" value="9">`+
		`<input type="hidden" name="title" value="Nine">`+
		`<input type="hidden" name="url" value="/nine">`+
		`<input type="hidden" name="return" value="/2026/11/bridge?ref=rss">`+
		`<button type="submit" data-favorite="9" data-favorite-title="Nine" data-favorite-url="/nine" aria-pressed="false" data-favorite-state="off">Add to favorites</button></form>`),
		page.Button("9", "Nine", "/nine"))
}

// A button on a favourite removes it: its form sends the id alone.
func TestMarkupButtonOn(t *testing.T) {
	assert.Equal(t, template.HTML(`<form class="favorites-form" method="post" action="/favorites/remove">`+
		`<input type="hidden" name="id" value="482913">`+
		`<input type="hidden" name="return" value="/2026/11/bridge?ref=rss">`+
		`<button type="submit" data-favorite="482913" data-favorite-title="Bridge" data-favorite-url="/b" aria-pressed="true" data-favorite-state="on">Remove from favorites</button></form>`),
		page.Button("482913", "Bridge", "/b"))
}

// Without a title or url of its own, the button leaves the attributes out
// (the script takes the page's), and the form sends the page's.
func TestMarkupButtonDefaults(t *testing.T) {
	nodes := parse(t, page.Button("9", "", ""))
	b := find(nodes, "button")[0]
	assert.NotContains(t, b.attrs, "data-favorite-title")
	assert.NotContains(t, b.attrs, "data-favorite-url")
	assert.Equal(t, map[string]string{"id": "9", "title": "The page's own title", "url": "/2026/11/bridge?ref=rss", "return": "/2026/11/bridge?ref=rss"}, fields(nodes))

	bare := Markup{Endpoint: "/favorites"}
	assert.Equal(t, map[string]string{"id": "9"}, fields(parse(t, bare.Button("9", "", ""))), "nothing to send but the id")
}

func TestMarkupList(t *testing.T) {
	nodes := parse(t, page.List(2))
	div := nodes[0]
	assert.Equal(t, "div", div.name)
	assert.Equal(t, map[string]string{"data-favorites-list": "", "data-favorites-limit": "2", "class": "favorites-list"}, div.attrs)
	f := find(nodes, "form")
	require.Len(t, f, 1)
	assert.Equal(t, "/favorites/remove", f[0].attrs["action"])
	assert.Equal(t, "post", f[0].attrs["method"])
	assert.Equal(t, map[string]string{"return": "/2026/11/bridge?ref=rss"}, fields(nodes))

	// Newest first, at most the limit: the third item, then the second.
	li := find(nodes, "li")
	require.Len(t, li, 2)
	span := find(nodes, "span")
	require.Len(t, span, 1, "an item without a url is no link")
	assert.Equal(t, "3", span[0].text, "an item without a title shows its id")
	assert.Equal(t, "favorites-link", span[0].attrs["class"])
	a := find(nodes, "a")
	require.Len(t, a, 1)
	assert.Equal(t, map[string]string{"class": "favorites-link", "href": "/2026/11/bridge"}, a[0].attrs)
	assert.Equal(t, "Harbour bridge reopens", a[0].text)
	buttons := find(nodes, "button")
	require.Len(t, buttons, 3)
	assert.Equal(t, map[string]string{"type": "submit", "class": "favorites-remove", "name": "id", "value": "3",
		"data-favorites-remove": "3", "aria-label": "Remove from favorites: 3"}, buttons[0].attrs)
	assert.Equal(t, "remove", buttons[0].text)
	assert.Equal(t, "Remove from favorites: Harbour bridge reopens", buttons[1].attrs["aria-label"])
	assert.Equal(t, map[string]string{"type": "submit", "class": "favorites-clear", "data-favorites-clear": "",
		"formaction": "/favorites/clear"}, buttons[2].attrs)
	assert.Equal(t, "Clear favorites", buttons[2].text)
	p := find(nodes, "p")
	require.Len(t, p, 1)
	assert.Equal(t, "favorites-warning", p[0].attrs["class"])
	assert.Equal(t, defaultMessages.Warning, p[0].text)
	assert.Equal(t, 0, p[0].depth-1, "the warning is the widget's own child, after the form")

	assert.Len(t, find(parse(t, page.List(0)), "li"), 3, "no limit")
	assert.Equal(t, 3, page.Count())
	assert.True(t, page.Has("1"))
	assert.False(t, page.Has("9"))
}

// The markup is what the script draws (js/markup.js): the same elements in
// the same order, with a form around the controls.
func TestMarkupListIsTheScripts(t *testing.T) {
	var shape []string
	for _, n := range parse(t, page.List(10)) {
		if n.name == "form" || n.name == "input" {
			continue
		}
		shape = append(shape, n.name+"."+n.attrs["class"])
	}
	assert.Equal(t, []string{
		"div.favorites-list", "ul.favorites-items",
		"li.favorites-item", "span.favorites-link", "button.favorites-remove",
		"li.favorites-item", "a.favorites-link", "button.favorites-remove",
		"li.favorites-item", "a.favorites-link", "button.favorites-remove",
		"button.favorites-clear", "p.favorites-warning",
	}, shape)
	assert.Contains(t, string(page.List(10)), `</a> <button`, "a space between the link and its control, as the script puts")
}

func TestMarkupEmptyList(t *testing.T) {
	m := Markup{Endpoint: "/favorites/"}
	assert.Equal(t, template.HTML(`<div data-favorites-list data-favorites-limit="5" class="favorites-list">`+
		`<p class="favorites-empty">Favorite list is empty.</p>`+
		`<p class="favorites-warning">`+defaultMessages.Warning+`</p></div>`), m.List(5))
	assert.Equal(t, 0, m.Count())
}

// Without an endpoint the markup is a page's for every reader: no state,
// no forms, for the script to draw.
func TestMarkupWithoutEndpoint(t *testing.T) {
	m := page
	m.Endpoint = ""
	assert.Equal(t, template.HTML(`<button type="button" data-favorite="1" data-favorite-title="One" data-favorite-url="/one">Add to favorites</button>`),
		m.Button("1", "One", "/one"))
	assert.Equal(t, template.HTML(`<button type="button" data-favorite="1">Add to favorites</button>`), m.Button("1", "", ""))
	assert.Equal(t, template.HTML(`<div data-favorites-list data-favorites-limit="10"></div>`), m.List(10))
	assert.Equal(t, template.HTML(`<div data-favorites-list></div>`), m.List(0))
}

// Whatever an item holds, it stays text and attribute values: no element,
// no attribute, no link the browser would not follow.
func TestMarkupEscapes(t *testing.T) {
	evil := `"><script>alert(1)</script><b a='`
	m := Markup{
		Items: []Item{
			{ID: evil, Title: evil + " & <i>", URL: `/a?b="c"&d=<e>`, Added: at(1)},
			{ID: "js", Title: "js", URL: "javascript:alert(1)", Added: at(2)}, // not from Read, which refuses it
		},
		Endpoint: `/fav"orites`,
		Return:   `/p?q="<x>"`,
		Title:    evil,
	}
	for _, h := range []template.HTML{m.Button(evil, evil, `/u?"<>`), m.Button("new", "", ""), m.List(0)} {
		assert.NotContains(t, string(h), "<script")
		assert.NotContains(t, string(h), "<b ")
		assert.NotContains(t, string(h), "<i>")
		nodes := parse(t, h)
		for _, n := range nodes {
			assert.Contains(t, []string{"form", "input", "button", "div", "ul", "li", "a", "span", "p"}, n.name)
			if href, ok := n.attrs["href"]; ok {
				assert.Equal(t, `/a?b="c"&d=<e>`, href)
			}
		}
	}
	nodes := parse(t, m.Button(evil, evil, `/u?"<>`))
	b := find(nodes, "button")[0]
	assert.Equal(t, evil, b.attrs["data-favorite"])
	assert.Equal(t, evil, b.attrs["data-favorite-title"])
	assert.Equal(t, `/u?"<>`, b.attrs["data-favorite-url"])
	assert.Equal(t, `/fav"orites/remove`, find(nodes, "form")[0].attrs["action"])
	assert.Equal(t, `/p?q="<x>"`, fields(nodes)["return"])

	list := parse(t, m.List(0))
	assert.Equal(t, "js", find(list, "span")[0].text, "a url the browser would not link to is no link")
	assert.Equal(t, evil+" & <i>", find(list, "a")[0].text)
}

func TestMarkupMessages(t *testing.T) {
	m := page
	m.Messages = Messages{Add: "Save", Remove: "Saved ✓", Clear: "Forget all", Empty: "Nothing saved", Warning: "Kept in a cookie.", Rem: "×"}
	assert.Contains(t, string(m.Button("9", "", "")), ">Save</button>")
	assert.Contains(t, string(m.Button("1", "", "")), ">Saved ✓</button>")
	l := string(m.List(0))
	assert.Contains(t, l, ">×</button>")
	assert.Contains(t, l, `aria-label="Saved ✓: One"`)
	assert.Contains(t, l, ">Forget all</button>")
	assert.Contains(t, l, ">Kept in a cookie.</p>")
	assert.Contains(t, string(Markup{Endpoint: "/f", Messages: m.Messages}.List(0)), ">Nothing saved</p>")
	partial := Markup{Endpoint: "/f", Messages: Messages{Add: "Save"}}
	assert.Contains(t, string(partial.List(0)), ">"+defaultMessages.Empty+"</p>", "an empty field has the default")
}

func TestOptionsMarkup(t *testing.T) {
	header := encoded(t, "favorites", core(typical(1)), core(typical(2)))
	m := Options{}.Markup(request("GET", "/news/a?x=1", header), "/favorites")
	assert.Equal(t, []Item{typical(1), typical(2)}, m.Items)
	assert.Equal(t, "/favorites", m.Endpoint)
	assert.Equal(t, "/news/a?x=1", m.Return)
	assert.True(t, m.Has(typical(2).ID))
}
