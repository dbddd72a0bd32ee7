// Command demo serves the example news site with the built library:
//
//	make demo            # http://127.0.0.1:8080
//	make demo PORT=9000
package main

import (
	"flag"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/favorites-dev/favorites/examples"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	dist := flag.String("dist", "dist", "folder with the built library (make build)")
	flag.Parse()
	if _, err := os.Stat(*dist + "/favorites.wasm"); err != nil {
		log.Fatalf("no %s/favorites.wasm: run make build first", *dist)
	}
	srv := &http.Server{
		Addr:              *addr,
		Handler:           examples.Demo(*dist),
		ReadHeaderTimeout: 10 * time.Second,
	}
	log.Printf("serving the demo at http://%s/", *addr)
	log.Fatal(srv.ListenAndServe())
}
