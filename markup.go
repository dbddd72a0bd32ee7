package favorites

import (
	"html"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	ifav "github.com/favorites-dev/favorites/internal/favorites"
)

// Messages are the texts of the markup, the script's messages of the same
// names; a field left "" has the contract's default. Give the page's script
// the same ones (data-message-KEY), or the page changes its words when the
// script takes the markup over.
type Messages struct {
	Add     string // Add to favorites
	Remove  string // Remove from favorites
	Clear   string // Clear favorites
	Empty   string // Favorite list is empty.
	Warning string // Your favorite posts saved to your browsers cookies. …
	Rem     string // remove
}

var defaultMessages = Messages{
	Add:     "Add to favorites",
	Remove:  "Remove from favorites",
	Clear:   "Clear favorites",
	Empty:   "Favorite list is empty.",
	Warning: "Your favorite posts saved to your browsers cookies. If you clear cookies also favorite posts will be deleted.",
	Rem:     "remove",
}

// withDefaults returns m with the defaults in its "" fields.
func (m Messages) withDefaults() Messages {
	def := func(s *string, d string) {
		if *s == "" {
			*s = d
		}
	}
	def(&m.Add, defaultMessages.Add)
	def(&m.Remove, defaultMessages.Remove)
	def(&m.Clear, defaultMessages.Clear)
	def(&m.Empty, defaultMessages.Empty)
	def(&m.Warning, defaultMessages.Warning)
	def(&m.Rem, defaultMessages.Rem)
	return m
}

// Markup renders the contract's markup (its section "Markup") on the
// server, for use in an [html/template] page: {{.Favorites.Button …}},
// {{.Favorites.List 10}}, {{.Favorites.Count}}. It draws what the script
// draws, with the same elements, classes and data-favorite attributes, so
// the script can take it over; with an Endpoint every control is also a
// form that posts to [Options.Handler], and works without JavaScript.
//
// A page rendered with the reader's list belongs to that reader: serve it
// with Cache-Control: private or no-store, never from a shared cache.
type Markup struct {
	// Items is the reader's list, oldest first, as Read returns it.
	Items []Item
	// Endpoint is the path the Handler is mounted at, "/favorites": the
	// forms post to Endpoint+"/add" and so on. Without it the markup has
	// neither forms nor state, and leaves both to the script: the markup of
	// a page that one cache serves to every reader.
	Endpoint string
	// Return is the page's path and query: the forms come back to it, and a
	// button without a url of its own saves it, as the script's button
	// saves location.pathname + location.search.
	Return string
	// Title is the page's title: a button without a title of its own saves
	// it, as the script's button saves document.title.
	Title string
	// Messages are the texts; "" fields have the defaults.
	Messages Messages
}

// Markup returns the markup of the page that answers r, for the reader of
// r, with its forms posting to the handler mounted at endpoint. Set its
// Title to the page's title.
func (o Options) Markup(r *http.Request, endpoint string) Markup {
	return Markup{Items: o.Read(r), Endpoint: endpoint, Return: r.URL.RequestURI()}
}

// Has reports whether id is in the list.
func (m Markup) Has(id string) bool {
	for i := range m.Items {
		if m.Items[i].ID == id {
			return true
		}
	}
	return false
}

// Count is the number of favourites, for the contract's
// <span data-favorites-count>.
func (m Markup) Count() int { return len(m.Items) }

// Button renders the contract's button for the item id: a click toggles it.
// title and url are the item's; "" leaves the attribute out, and the item
// gets the page's (Title and Return here, document.title and the location's
// path in the script). With an Endpoint the button shows its true state
// (aria-pressed, data-favorite-state and the add or remove message) and is
// the submit button of a form that adds or removes the item. A form may
// not be inside a <p> (HTML ends the paragraph where it starts);
// favorites.css makes it flow as the button alone would.
func (m Markup) Button(id, title, url string) template.HTML {
	msgs := m.Messages.withDefaults()
	var b strings.Builder
	attrs := func() {
		attr(&b, "data-favorite", id)
		if title != "" {
			attr(&b, "data-favorite-title", title)
		}
		if url != "" {
			attr(&b, "data-favorite-url", url)
		}
	}
	if m.Endpoint == "" {
		b.WriteString(`<button type="button"`)
		attrs()
		b.WriteString(`>` + html.EscapeString(msgs.Add) + `</button>`)
		return template.HTML(b.String())
	}
	on := m.Has(id)
	op, label, pressed, state := "/add", msgs.Add, "false", "off"
	if on {
		op, label, pressed, state = "/remove", msgs.Remove, "true", "on"
	}
	b.WriteString(`<form class="favorites-form" method="post"`)
	attr(&b, "action", m.endpoint()+op)
	b.WriteString(`>`)
	hidden(&b, "id", id)
	if !on { // an add: the item's title and url, or the page's
		formTitle, formURL := title, url
		if formTitle == "" {
			formTitle = m.Title
		}
		if formURL == "" {
			formURL = m.Return
		}
		if formTitle != "" {
			hidden(&b, "title", formTitle)
		}
		if formURL != "" {
			hidden(&b, "url", formURL)
		}
	}
	m.hiddenReturn(&b)
	b.WriteString(`<button type="submit"`)
	attrs()
	b.WriteString(` aria-pressed="` + pressed + `" data-favorite-state="` + state + `">`)
	b.WriteString(html.EscapeString(label) + `</button></form>`)
	return template.HTML(b.String())
}

// List renders the contract's list widget, newest first, at most limit
// entries (0 or less for all): each entry a link to its url showing its
// title, with a remove control; a clear control; the warning; the empty
// message when there is nothing. Titles are text, never HTML, and a url the
// browser would not link to is shown without a link. With an Endpoint the
// controls are submit buttons of a form that posts to the endpoint; without
// one the widget is empty, for the script to fill.
func (m Markup) List(limit int) template.HTML {
	msgs := m.Messages.withDefaults()
	var b strings.Builder
	b.WriteString(`<div data-favorites-list`)
	if limit > 0 {
		attr(&b, "data-favorites-limit", strconv.Itoa(limit))
	}
	if m.Endpoint == "" {
		b.WriteString(`></div>`)
		return template.HTML(b.String())
	}
	b.WriteString(` class="favorites-list">`)
	n := len(m.Items)
	if limit > 0 && n > limit {
		n = limit
	}
	if n == 0 {
		b.WriteString(`<p class="favorites-empty">` + html.EscapeString(msgs.Empty) + `</p>`)
	} else {
		b.WriteString(`<form class="favorites-list-form" method="post"`)
		attr(&b, "action", m.endpoint()+"/remove")
		b.WriteString(`>`)
		m.hiddenReturn(&b)
		b.WriteString(`<ul class="favorites-items">`)
		for k := range n {
			it := &m.Items[len(m.Items)-1-k]
			text := it.Title
			if text == "" {
				text = it.URL
			}
			if text == "" {
				text = it.ID
			}
			b.WriteString(`<li class="favorites-item">`)
			if it.URL != "" && ifav.CheckURL(it.URL) == nil {
				b.WriteString(`<a class="favorites-link"`)
				attr(&b, "href", it.URL)
				b.WriteString(`>` + html.EscapeString(text) + `</a>`)
			} else {
				b.WriteString(`<span class="favorites-link">` + html.EscapeString(text) + `</span>`)
			}
			label := it.Title
			if label == "" {
				label = it.ID
			}
			b.WriteString(` <button type="submit" class="favorites-remove" name="id"`)
			attr(&b, "value", it.ID)
			attr(&b, "data-favorites-remove", it.ID)
			attr(&b, "aria-label", msgs.Remove+": "+label)
			b.WriteString(`>` + html.EscapeString(msgs.Rem) + `</button></li>`)
		}
		b.WriteString(`</ul><button type="submit" class="favorites-clear" data-favorites-clear`)
		attr(&b, "formaction", m.endpoint()+"/clear")
		b.WriteString(`>` + html.EscapeString(msgs.Clear) + `</button></form>`)
	}
	b.WriteString(`<p class="favorites-warning">` + html.EscapeString(msgs.Warning) + `</p></div>`)
	return template.HTML(b.String())
}

func (m Markup) endpoint() string { return strings.TrimSuffix(m.Endpoint, "/") }

func (m Markup) hiddenReturn(b *strings.Builder) {
	if m.Return != "" {
		hidden(b, "return", m.Return)
	}
}

// attr writes ` name="value"`, value escaped for a quoted attribute.
func attr(b *strings.Builder, name, value string) {
	b.WriteString(` ` + name + `="` + html.EscapeString(value) + `"`)
}

func hidden(b *strings.Builder, name, value string) {
	b.WriteString(`<input type="hidden"`)
	attr(b, "name", name)
	attr(b, "value", value)
	b.WriteString(`>`)
}
