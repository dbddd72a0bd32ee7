package favorites_test

import (
	"errors"
	"fmt"
	"html/template"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/favorites-dev/favorites"
)

// A request as a reader's browser sends it, with the list the script (or
// Write) stored.
func readerRequest(target string, items ...favorites.Item) *http.Request {
	w := httptest.NewRecorder()
	if err := favorites.Write(w, httptest.NewRequest("GET", "/", nil), items); err != nil {
		log.Fatal(err)
	}
	r := httptest.NewRequest("GET", target, nil)
	for _, c := range w.Result().Cookies() {
		r.AddCookie(c)
	}
	return r
}

var (
	bridge = favorites.Item{ID: "482913", Title: "Harbour bridge reopens, ahead of schedule", URL: "/2026/11/harbour-bridge", Added: time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC)}
	ferry  = favorites.Item{ID: "482950", Title: "Ferry timetable: fewer evening crossings", URL: "/2026/11/ferry", Added: time.Date(2026, 11, 27, 18, 5, 0, 0, time.UTC)}
)

func ExampleRead() {
	saved := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "private, no-cache") // the reader's own page
		for _, it := range favorites.Read(r) {
			if _, err := fmt.Fprintf(w, "%s %s (%s)\n", it.Added.Format(time.DateOnly), it.Title, it.URL); err != nil {
				return // the reader has gone
			}
		}
	}

	// What that handler writes for a reader with two favourites:
	w := httptest.NewRecorder()
	saved(w, readerRequest("/saved", bridge, ferry))
	fmt.Print(w.Body.String())
	// Output:
	// 2026-11-26 Harbour bridge reopens, ahead of schedule (/2026/11/harbour-bridge)
	// 2026-11-27 Ferry timetable: fewer evening crossings (/2026/11/ferry)
}

func ExampleWrite() {
	r := readerRequest("/", bridge)
	w := httptest.NewRecorder()
	items := append(favorites.Read(r), favorites.Item{ID: "1", Title: "Tide tables", URL: "/tides"})
	if err := favorites.Write(w, r, items); err != nil {
		log.Fatal(err)
	}
	for _, c := range w.Result().Cookies() {
		fmt.Println(c.Name, c.Path, c.MaxAge, c.SameSite == http.SameSiteLaxMode)
	}

	// What the browser refuses, Write refuses, with the browser's code.
	err := favorites.Write(w, r, []favorites.Item{{ID: "2", URL: "javascript:alert(1)"}})
	fmt.Println(errors.Is(err, favorites.ErrInvalidItem), err)
	// Output:
	// favorites / 31536000 true
	// true favorites: invalid-item: the url is neither http(s) nor a path starting with /
}

func ExampleOptions_Handler() {
	opts := favorites.Options{} // the script's options, here the defaults
	mux := http.NewServeMux()
	mux.Handle("/favorites/", http.StripPrefix("/favorites", opts.Handler()))

	// A form without JavaScript: add an article, and come back to it.
	form := url.Values{"id": {"482913"}, "title": {"Harbour bridge reopens"}, "url": {"/2026/11/harbour-bridge"}, "return": {"/2026/11/harbour-bridge"}}
	r := httptest.NewRequest("POST", "/favorites/add", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Header().Get("Location"), w.Header().Get("Cache-Control"))

	// The same post from another site.
	r = httptest.NewRequest("POST", "/favorites/add", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	w = httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	fmt.Println(w.Code)
	// Output:
	// 303 /2026/11/harbour-bridge no-store
	// 403
}

// On sign-in, a reader's favourites from the browser join those kept with
// the account, and the result goes back into both.
func ExampleMerge() {
	account := []favorites.Item{
		{ID: "482913", Title: "Bridge to reopen", URL: "/2026/11/harbour-bridge", Added: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)},
		{ID: "100", Title: "Tide tables", URL: "/tides", Added: time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)},
	}
	r := readerRequest("/signin", bridge, ferry) // the browser's list
	merged := favorites.Merge(account, favorites.Read(r), 0)
	for _, it := range merged {
		fmt.Println(it.Added.Format(time.DateOnly), it.ID, it.Title)
	}
	w := httptest.NewRecorder()
	if err := favorites.Write(w, r, merged); err != nil { // back into the browser
		log.Fatal(err)
	}
	// Output:
	// 2026-01-02 100 Tide tables
	// 2026-11-20 482913 Harbour bridge reopens, ahead of schedule
	// 2026-11-27 482950 Ferry timetable: fewer evening crossings
}

func ExampleMarkup() {
	page := template.Must(template.New("article").Parse(`<h1>{{.Title}}</h1>
{{.Favorites.Button "482950" .Title .Path}}
<h2>Your favorites ({{.Favorites.Count}})</h2>
{{.Favorites.List 5}}
`))
	r := readerRequest("/2026/11/ferry", bridge)
	m := favorites.Options{}.Markup(r, "/favorites")
	m.Messages.Warning = "Kept in this browser's cookies."
	err := page.Execute(os.Stdout, map[string]any{
		"Title":     "Ferry timetable: fewer evening crossings",
		"Path":      "/2026/11/ferry",
		"Favorites": m,
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// <h1>Ferry timetable: fewer evening crossings</h1>
	// <form class="favorites-form" method="post" action="/favorites/add"><input type="hidden" name="id" value="482950"><input type="hidden" name="title" value="Ferry timetable: fewer evening crossings"><input type="hidden" name="url" value="/2026/11/ferry"><input type="hidden" name="return" value="/2026/11/ferry"><button type="submit" data-favorite="482950" data-favorite-title="Ferry timetable: fewer evening crossings" data-favorite-url="/2026/11/ferry" aria-pressed="false" data-favorite-state="off">Add to favorites</button></form>
	// <h2>Your favorites (1)</h2>
	// <div data-favorites-list data-favorites-limit="5" class="favorites-list"><form class="favorites-list-form" method="post" action="/favorites/remove"><input type="hidden" name="return" value="/2026/11/ferry"><ul class="favorites-items"><li class="favorites-item"><a class="favorites-link" href="/2026/11/harbour-bridge">Harbour bridge reopens, ahead of schedule</a> <button type="submit" class="favorites-remove" name="id" value="482913" data-favorites-remove="482913" aria-label="Remove from favorites: Harbour bridge reopens, ahead of schedule">remove</button></li></ul><button type="submit" class="favorites-clear" data-favorites-clear formaction="/favorites/clear">Clear favorites</button></form><p class="favorites-warning">Kept in this browser&#39;s cookies.</p></div>
}
