package examples

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"strings"
	"sync"
	"testing/fstest"

	"github.com/favorites-dev/favorites"
)

// site holds the demo's sources: each page's header lines and <main>, and
// the stylesheet; layout.html is what every page shares.
//
//go:embed site layout.html
var sources embed.FS

// Site is the demo news site as a page cache serves it to every reader:
// its pages rendered into the layout with no reader's state, for the
// script to draw, and its stylesheet. It is built once.
func Site() fs.FS { return renderSite() }

var renderSite = sync.OnceValue(func() fs.FS {
	site, err := render(sources)
	if err != nil {
		panic(err) // the sources are part of this package; its tests render them
	}
	return site
})

// demoSite is the parsed site, for pages rendered per request (Demo).
var demoSite = sync.OnceValue(func() *site {
	s, err := parseSite(sources)
	if err != nil {
		panic(err) // as above
	}
	return s
})

// pageData is what the layout needs of a page.
type pageData struct {
	Title       string // the document's title
	Description string
	Section     string // the nav entry marked current: front, harbour, town, …; "" for none
	Path        string // the page's URL path, to mark it in "Most read"
	// Favorites renders the buttons, the list and the count: with the
	// reader's list and forms (Demo), or for the script alone (Site).
	Favorites favorites.Markup
}

// A sitePage is one page of the site: its header, and the layout with its
// <main> as the template "main".
type sitePage struct {
	data pageData
	tmpl *template.Template
}

// A site is the demo's pages, by file name ("index.html",
// "articles/harbour-cup-rowing.html"), and its other files.
type site struct {
	pages  map[string]*sitePage
	assets fstest.MapFS
}

// parseSite reads src's site/ folder: every .html file is a few
// "key: value" header lines, a "---" line and the page's <main>, a template
// laid out by layout.html; other files are served as they are.
func parseSite(src fs.FS) (*site, error) {
	layout, err := template.ParseFS(src, "layout.html")
	if err != nil {
		return nil, err
	}
	s := &site{pages: map[string]*sitePage{}, assets: fstest.MapFS{}}
	err = fs.WalkDir(src, "site", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, name)
		if err != nil {
			return err
		}
		name = strings.TrimPrefix(name, "site/")
		if !strings.HasSuffix(name, ".html") {
			s.assets[name] = &fstest.MapFile{Data: data, Mode: 0o444}
			return nil
		}
		p, main, err := readPage(string(data))
		if err != nil {
			return &fs.PathError{Op: "render", Path: name, Err: err}
		}
		p.Path = "/" + name
		tmpl, err := template.Must(layout.Clone()).New("main").Parse(main)
		if err != nil {
			return &fs.PathError{Op: "render", Path: name, Err: err}
		}
		s.pages[name] = &sitePage{data: p, tmpl: tmpl.Lookup("layout.html")}
		return nil
	})
	return s, err
}

// render returns the page name laid out, with the buttons, the list and the
// count of fav.
func (s *site) render(name string, fav favorites.Markup) ([]byte, error) {
	p := s.pages[name]
	data := p.data
	data.Favorites = fav
	var b bytes.Buffer
	err := p.tmpl.Execute(&b, data)
	return b.Bytes(), err
}

// render renders every page of src for no reader in particular (see Site).
func render(src fs.FS) (fs.FS, error) {
	s, err := parseSite(src)
	if err != nil {
		return nil, err
	}
	out := fstest.MapFS{}
	for name, f := range s.assets {
		out[name] = f
	}
	for name := range s.pages {
		data, err := s.render(name, favorites.Markup{})
		if err != nil {
			return nil, err
		}
		out[name] = &fstest.MapFile{Data: data, Mode: 0o444}
	}
	return out, nil
}

// readPage reads a page source: its header lines up to "---", then its
// main.
func readPage(src string) (p pageData, main string, err error) {
	head, main, ok := strings.Cut(src, "\n---\n")
	if !ok {
		return p, "", errNoHeader
	}
	for _, line := range strings.Split(head, "\n") {
		key, value, _ := strings.Cut(line, ": ")
		switch key {
		case "title":
			p.Title = value
		case "description":
			p.Description = value
		case "section":
			p.Section = strings.TrimSpace(value)
		default:
			return p, "", errBadHeader
		}
	}
	if p.Title == "" {
		return p, "", errNoHeader
	}
	return p, strings.TrimSuffix(main, "\n"), nil
}

var (
	errNoHeader  = fsError("a page starts with title:, description: and section: lines, then ---")
	errBadHeader = fsError("unknown header line: a page has title:, description: and section:")
)

type fsError string

func (e fsError) Error() string { return string(e) }
