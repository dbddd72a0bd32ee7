# favorites — see README.md. Everything a fresh machine needs is installed here.
# Outputs are written to a .tmp file and renamed, so a build never leaves a
# half-written file in dist/ for a server or a test that reads it meanwhile.
SHELL := /bin/bash
GO ?= go
GOROOT := $(shell $(GO) env GOROOT)
PORT ?= 8080
# fuzz-short's budget is a count of inputs, not a duration: with a duration,
# go1.26's fuzzing coordinator can report "context deadline exceeded" as a
# failure when the time runs out under load (golang/go#75804, fixed in 1.27).
FUZZTIME ?= 3000x
LONGFUZZ ?= 2m
WASMFLAGS := -trimpath -ldflags='-s -w'
FUZZ_TARGETS := internal/cookie:FuzzDecode internal/cookie:FuzzRoundTrip internal/favorites:FuzzValidURL internal/favorites:FuzzValidID internal/favorites:FuzzTitle

.PHONY: build demo test vet unit fuzz-short fuzz wasm-test browser-test baseline-test engine-test size bench clean deps-build deps-test

build: dist/favorites.js dist/favorites.wasm dist/favorites.css dist/favorites.wasm.gz dist/favorites.wasm.br

dist/favorites.wasm: go.mod $(shell find internal wasm -name '*.go' -not -name '*_test.go')
	@mkdir -p dist
	GOOS=js GOARCH=wasm $(GO) build $(WASMFLAGS) -o $@.tmp ./wasm && mv $@.tmp $@

# One classic script: the Go runtime glue of the Go that built the .wasm, then
# the two halves of the shim, in one function scope (js/head.js explains why).
dist/favorites.js: js/head.js $(GOROOT)/lib/wasm/wasm_exec.js js/core.js js/shim.js js/tail.js
	@mkdir -p dist
	cat $^ > $@.tmp && mv $@.tmp $@

dist/favorites.css: js/favorites.css
	@mkdir -p dist
	cp $< $@.tmp && mv $@.tmp $@

dist/favorites.wasm.gz: dist/favorites.wasm
	gzip -9 -n -c $< > $@.tmp && mv $@.tmp $@

dist/favorites.wasm.br: dist/favorites.wasm | deps-build
	brotli -q 11 -f -o $@.tmp $< && mv $@.tmp $@

demo: build
	$(GO) run ./examples/demo -addr 127.0.0.1:$(PORT) -dist dist

test: deps-test build vet unit fuzz-short wasm-test browser-test baseline-test engine-test

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm
	@test -z "$$(gofmt -l . | tee /dev/stderr)" || { echo "gofmt: the files above need formatting" >&2; exit 1; }

unit:
	$(GO) test -count=1 ./internal/...

# Each fuzz target briefly, from its committed seed corpus (testdata/fuzz).
fuzz-short:
	@for t in $(FUZZ_TARGETS); do \
	  $(GO) test -run='^$$' -fuzz="^$${t#*:}$$" -fuzztime=$(FUZZTIME) ./$${t%%:*} || exit 1; \
	done

fuzz:
	@for t in $(FUZZ_TARGETS); do \
	  $(GO) test -run='^$$' -fuzz="^$${t#*:}$$" -fuzztime=$(LONGFUZZ) -fuzzminimizetime=5s ./$${t%%:*} || exit 1; \
	done

# The wasm entry point's own tests, under Node with Go's go_js_wasm_exec; the
# preload gives the module the imports the shim gives it in the browser
# (js/core.js).
wasm-test:
	NODE_OPTIONS="--require $(CURDIR)/wasm/testdata/node_imports.js" \
		GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm

browser-test: build
	$(GO) test -count=1 -timeout 15m ./js/...

# The same browser tests against the pure-JavaScript baseline of make bench,
# and the baseline's cookies against the Go codec (under Node).
baseline-test: build
	$(GO) test -count=1 ./bench/
	FAVORITES_IMPL=baseline $(GO) test -count=1 -timeout 15m ./js/...

# The behaviours of the contract in Chromium, Firefox and WebKit, from Node
# (js/engines): one engine after another, each browser started once, on the
# pages of js/testsite, which the suite serves with this build of its command.
ENGINE_SITE := js/engines/.bin/testsite
engine-test: build js/engines/node_modules/.package-lock.json
	$(GO) build -o $(ENGINE_SITE) ./js/testsite/cmd/testsite
	cd js/engines && FAVORITES_TESTSITE=$(CURDIR)/$(ENGINE_SITE) node --test --test-concurrency=1 --test-timeout=600000 test/

js/engines/node_modules/.package-lock.json: js/engines/package-lock.json js/engines/package.json | deps-test
	cd js/engines && npm ci --no-audit --no-fund
	touch $@

size: dist/favorites.wasm dist/favorites.wasm.gz dist/favorites.wasm.br
	@printf '%-24s %10s %10s %10s\n' file raw gzip brotli
	@printf '%-24s %10d %10d %10d\n' dist/favorites.wasm $$(stat -c %s dist/favorites.wasm) $$(stat -c %s dist/favorites.wasm.gz) $$(stat -c %s dist/favorites.wasm.br)

bench: deps-test build
	$(GO) run ./bench -out docs/benchmarks.md

clean:
	rm -rf dist bench/out js/engines/.bin

# Debian packages, installed when missing and we are root; otherwise one clear line.
define need
	@command -v $(1) >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian package $(2)"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null) || exit 1; \
	  else echo "missing $(1): install the Debian package $(2) (sudo apt-get install $(2))" >&2; exit 1; fi; }
endef

deps-build:
	$(call need,brotli,brotli)

deps-test: deps-build
	$(call need,chromium,chromium)
	$(call need,php,php-cli)
	$(call need,node,nodejs)
	$(call need,npm,npm)
	$(call need,firefox-esr,firefox-esr)
	$(call need,WebKitWebDriver,webkit2gtk-driver)
	$(call need,Xvfb,xvfb)
