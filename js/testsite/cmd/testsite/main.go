// Command testsite serves the test site of package testsite for browser
// tests that run outside Go (js/engines). It prints its base URL, one line
// on standard output, once it accepts connections, and exits when its
// standard input closes, so that it never outlives the suite that started
// it.
//
// Beside the site it serves the control of testsite's gates, which the
// chromedp tests reach in their own process, so that a suite elsewhere can
// hold a page's .wasm back too:
//
//	POST /testsite/gate/TOKEN            hold /slow/TOKEN.wasm
//	GET  /testsite/gate/TOKEN/requested  answers 200 once a page has asked
//	                                     for it, 504 if none has in time
//	POST /testsite/gate/TOKEN/release    let it through
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/favorites-dev/favorites/js/testsite"
)

// requestWait bounds how long GET …/requested waits for a page that never
// asks: the suite then fails with a message rather than hanging.
const requestWait = 10 * time.Second

// gateControl serves the control of gates over HTTP.
type gateControl struct {
	gates *testsite.Gates
	mu    sync.Mutex
	held  map[string]*testsite.Gate
}

func (c *gateControl) get(w http.ResponseWriter, r *http.Request) *testsite.Gate {
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.held[r.PathValue("token")]
	if g == nil {
		http.Error(w, "no gate "+r.PathValue("token"), http.StatusNotFound)
	}
	return g
}

func (c *gateControl) register(mux *http.ServeMux) {
	mux.HandleFunc("POST /testsite/gate/{token}", func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.held[r.PathValue("token")] = c.gates.Hold(r.PathValue("token"))
	})
	mux.HandleFunc("GET /testsite/gate/{token}/requested", func(w http.ResponseWriter, r *http.Request) {
		g := c.get(w, r)
		if g == nil {
			return
		}
		select {
		case <-g.Requested():
		case <-time.After(requestWait):
			http.Error(w, "no page asked for the .wasm", http.StatusGatewayTimeout)
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("POST /testsite/gate/{token}/release", func(w http.ResponseWriter, r *http.Request) {
		if g := c.get(w, r); g != nil {
			g.Release()
		}
	})
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on (port 0: any free port)")
	dist := flag.String("dist", "dist", "the library's build (make build)")
	flag.Parse()
	if _, err := os.Stat(*dist + "/favorites.wasm"); err != nil {
		log.Fatalf("no %s/favorites.wasm: run make build", *dist)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	control := &gateControl{gates: &testsite.Gates{}, held: map[string]*testsite.Gate{}}
	mux := http.NewServeMux()
	control.register(mux)
	mux.Handle("/", testsite.Handler(*dist, testsite.Options{Gates: control.gates}))
	srv := &http.Server{
		// The handler also answers requests in absolute form
		// (GET http://host/path), so a browser may use this server as its
		// HTTP proxy to reach it under any host name.
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		_, _ = io.Copy(io.Discard, bufio.NewReader(os.Stdin)) // until the parent closes stdin, or its read fails: either way, stop
		os.Exit(0)
	}()
	fmt.Printf("http://%s\n", ln.Addr())
	log.Fatal(srv.Serve(ln))
}
