package examples

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadPage(t *testing.T) {
	p, main, err := readPage("title: Café — “quoted” & more\ndescription: A <page>\nsection: sport\n---\n<main>x</main>\n")
	require.NoError(t, err)
	assert.Equal(t, "Café — “quoted” & more", p.Title)
	assert.Equal(t, "A <page>", p.Description)
	assert.Equal(t, "sport", p.Section)
	assert.Equal(t, "<main>x</main>", main)

	for _, src := range []string{
		"<main>no header</main>",
		"title: T\nauthor: someone\n---\n<main></main>",
		"description: no title\n---\n<main></main>",
	} {
		_, _, err := readPage(src)
		assert.Error(t, err, "%q", src)
	}
}

// The layout escapes what a page's header gives it: a title is text, and
// the section and path mark the right links.
func TestRender(t *testing.T) {
	layout, err := fs.ReadFile(sources, "layout.html")
	require.NoError(t, err)
	site, err := render(fstest.MapFS{
		"layout.html":              {Data: layout},
		"site/articles/story.html": {Data: []byte("title: <b>bold</b> & \"quoted\"\ndescription: a \"note\"\nsection: sport\n---\n<main id=\"main\">Story</main>\n")},
		"site/site.css":            {Data: []byte("body{}")},
	})
	require.NoError(t, err)
	out, err := fs.ReadFile(site, "articles/story.html")
	require.NoError(t, err)
	html := string(out)
	assert.Contains(t, html, "<title>&lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34;</title>")
	assert.Contains(t, html, `<meta name="description" content="a &#34;note&#34;">`)
	assert.Contains(t, html, `<a href="/#sport" aria-current="true">Sport</a>`)
	assert.Equal(t, 1, strings.Count(html, "aria-current"), "only the page's section is current")
	assert.Contains(t, html, "<main id=\"main\">Story</main>\n  <aside")
	css, err := fs.ReadFile(site, "site.css")
	require.NoError(t, err)
	assert.Equal(t, "body{}", string(css))

	_, err = render(fstest.MapFS{"layout.html": {Data: layout}, "site/bad.html": {Data: []byte("<main></main>")}})
	assert.Error(t, err, "a page without its header lines")
}
