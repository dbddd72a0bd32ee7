package examples

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"strings"
	"sync"
	"testing/fstest"
)

// site holds the demo's sources: each page's header lines and <main>, and
// the stylesheet; layout.html is what every page shares.
//
//go:embed site layout.html
var sources embed.FS

// Site is the demo news site: its pages rendered into the layout, and its
// stylesheet. It is built once.
func Site() fs.FS { return renderSite() }

var renderSite = sync.OnceValue(func() fs.FS {
	site, err := render(sources)
	if err != nil {
		panic(err) // the sources are part of this package; its tests render them
	}
	return site
})

// pageData is what the layout needs of a page.
type pageData struct {
	Title       string // the document's title
	Description string
	Section     string        // the nav entry marked current: front, harbour, town, …; "" for none
	Path        string        // the page's URL path, to mark it in "Most read"
	Main        template.HTML // the page's own <main>, trusted: it is this package's source
}

// render turns src's site/ folder into the served site: every .html file is
// a few "key: value" header lines, a "---" line and the page's <main>, laid
// out by layout.html; other files are served as they are.
func render(src fs.FS) (fs.FS, error) {
	layout, err := template.ParseFS(src, "layout.html")
	if err != nil {
		return nil, err
	}
	out := fstest.MapFS{}
	err = fs.WalkDir(src, "site", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, name)
		if err != nil {
			return err
		}
		name = strings.TrimPrefix(name, "site/")
		if strings.HasSuffix(name, ".html") {
			p, err := readPage(string(data))
			if err != nil {
				return &fs.PathError{Op: "render", Path: name, Err: err}
			}
			p.Path = "/" + name
			var b bytes.Buffer
			if err := layout.Execute(&b, p); err != nil {
				return err
			}
			data = b.Bytes()
		}
		out[name] = &fstest.MapFile{Data: data, Mode: 0o444}
		return nil
	})
	return out, err
}

// readPage reads a page source: its header lines up to "---", then its main.
func readPage(src string) (pageData, error) {
	var p pageData
	head, main, ok := strings.Cut(src, "\n---\n")
	if !ok {
		return p, errNoHeader
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
			return p, errBadHeader
		}
	}
	if p.Title == "" {
		return p, errNoHeader
	}
	p.Main = template.HTML(strings.TrimSuffix(main, "\n"))
	return p, nil
}

var (
	errNoHeader  = fsError("a page starts with title:, description: and section: lines, then ---")
	errBadHeader = fsError("unknown header line: a page has title:, description: and section:")
)

type fsError string

func (e fsError) Error() string { return string(e) }
