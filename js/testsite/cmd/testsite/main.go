// Command testsite serves the test site of package testsite for browser
// tests that run outside Go (js/engines). It prints its base URL, one line
// on standard output, once it accepts connections, and exits when its
// standard input closes, so that it never outlives the suite that started
// it. It holds gates (testsite.Gates) that the suite makes and opens
// through /gates/.
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
	"time"

	"github.com/favorites-dev/favorites/js/testsite"
)

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
	srv := &http.Server{
		// The handler also answers requests in absolute form
		// (GET http://host/path), so a browser may use this server as its
		// HTTP proxy to reach it under any host name.
		Handler:           testsite.Handler(*dist, testsite.Options{Gates: &testsite.Gates{}}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		_, _ = io.Copy(io.Discard, bufio.NewReader(os.Stdin)) // until the parent closes stdin, or its read fails: either way, stop
		os.Exit(0)
	}()
	fmt.Printf("http://%s\n", ln.Addr())
	log.Fatal(srv.Serve(ln))
}
