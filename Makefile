# favorites — see README.md. Everything a fresh machine needs is installed here.
# Outputs are written to a .tmp file and renamed, so a build never leaves a
# half-written file in dist/ for a server or a test that reads it meanwhile.
SHELL := /bin/bash
GO ?= go
GOROOT := $(shell $(GO) env GOROOT)
GOVERSION := $(shell $(GO) env GOVERSION)
PORT ?= 8080
# fuzz-short's budget is a count of inputs, not a duration: with a duration,
# go1.26's fuzzing coordinator can report "context deadline exceeded" as a
# failure when the time runs out under load (golang/go#75804, fixed in 1.27).
FUZZTIME ?= 3000x
LONGFUZZ ?= 2m
WASMFLAGS := -trimpath -ldflags='-s -w'
# The linters, pinned. make lint builds each with go install the first time
# (a few minutes), into a directory of GOPATH named for its version and the
# Go that built it, so that every clone on the machine shares them and a new
# version of either builds it anew.
STATICCHECK_VERSION := v0.8.2
GOLANGCI_LINT_VERSION := v2.15.0
TOOLS := $(shell $(GO) env GOPATH)/favorites-tools/$(GOVERSION)
STATICCHECK := $(TOOLS)/staticcheck-$(STATICCHECK_VERSION)/staticcheck
GOLANGCI_LINT := $(TOOLS)/golangci-lint-$(GOLANGCI_LINT_VERSION)/golangci-lint
# The packages the .wasm builds compile (the library's and make bench's
# floor), linted a second time as GOOS=js GOARCH=wasm sees them: that is
# where wasm/ and syscall/js are.
WASM_PKGS := ./internal/... ./wasm ./bench/floor
FUZZ_TARGETS := .:FuzzRead .:FuzzWriteRead internal/cookie:FuzzDecode internal/cookie:FuzzRoundTrip internal/favorites:FuzzCheckURL internal/favorites:FuzzCheckID internal/favorites:FuzzShortenTitle

.PHONY: build npm demo test vet lint unit fuzz-short fuzz wasm-test browser-test npm-test baseline-test engine-test wordpress-test size bench clean deps-build deps-test

build: dist/favorites.js dist/favorites.wasm dist/favorites.css dist/favorites.wasm.gz dist/favorites.wasm.br npm dist/favorites-wordpress.zip

dist/favorites.wasm: go.mod $(shell find internal wasm -name '*.go' -not -name '*_test.go')
	@mkdir -p dist
	GOOS=js GOARCH=wasm $(GO) build $(WASMFLAGS) -o $@.tmp ./wasm && mv $@.tmp $@

# One classic script: the Go runtime glue of the Go that built the .wasm and
# the shim's files, in one strict function scope (js/globals.js says why). A
# second copy of the script on a page does nothing.
#
# The script names the .wasm by a copy whose name carries the first 16 hex
# digits of its SHA-256, favorites.HASH.wasm (with its .br and .gz), so a
# site may cache that file forever and a script never meets another build's
# .wasm; js/load.js's WASM_FILE line is where the name goes. The copies of
# earlier builds are removed.
SHIM := js/globals.js $(GOROOT)/lib/wasm/wasm_exec.js js/core.js js/load.js js/api.js js/lease.js js/consent.js js/markup.js js/main.js
dist/favorites.js: $(SHIM) js/classic.js dist/favorites.wasm dist/favorites.wasm.gz dist/favorites.wasm.br
	@mkdir -p dist
	name=favorites.$$(sha256sum dist/favorites.wasm | cut -c1-16).wasm && \
	for ext in '' .gz .br; do cp dist/favorites.wasm$$ext dist/$$name$$ext.tmp && mv dist/$$name$$ext.tmp dist/$$name$$ext || exit 1; done && \
	find dist -name 'favorites.????????????????.wasm*' ! -name "$$name*" -delete && \
	{ echo "(function () { 'use strict'; if (window.Favorites) return;"; \
	  cat $(SHIM) js/classic.js | sed "s/^var WASM_FILE = 'favorites\.wasm';$$/var WASM_FILE = '$$name';/"; echo '})();'; } > $@.tmp && \
	test "$$(grep -c "^var WASM_FILE = '$$name';$$" $@.tmp)" = 1 && mv $@.tmp $@

# The npm package, dist/npm, and its tarball, dist/favorites-npm.tgz
# (README: npm). It holds the classic script as built above, the .wasm under
# the hashed name that script fetches, the CSS, the types, and an ES module
# built from the same files: js/module.js in place of js/classic.js, inside
# a function that a second copy on the page (of the script or the module)
# does not run, nor a server that imports the module (js/server.js runs
# there), and whose .wasm is found beside the module with the
# new URL(…, import.meta.url) that bundlers recognize.
NPM_SRC := $(wildcard js/npm/package/*)
npm: dist/favorites-npm.tgz
dist/favorites-npm.tgz: $(SHIM) js/module.js js/server.js $(NPM_SRC) README.md dist/favorites.js dist/favorites.css | deps-build
	rm -rf dist/npm.tmp && mkdir -p dist/npm.tmp && \
	name=favorites.$$(sha256sum dist/favorites.wasm | cut -c1-16).wasm && \
	cp dist/favorites.js dist/favorites.css dist/$$name js/npm/package/favorites.d.ts README.md dist/npm.tmp/ && \
	sed "s/favorites\.HASH\.wasm/$$name/g" js/npm/package/package.json > dist/npm.tmp/package.json && \
	{ echo "// favorites: the ES module. See README.md."; \
	  echo "const instance = typeof document === 'undefined' ? (function () {"; cat js/server.js; \
	  echo "})() : window.Favorites ? { Favorites: window.Favorites, setup: function () {} } : (function () {"; \
	  cat $(SHIM) js/module.js | sed "s/^var WASM_FILE = 'favorites\.wasm';$$/var WASM_FILE = '$$name';/; s|new URL('./favorites\.wasm', import\.meta\.url)|new URL('./$$name', import.meta.url)|"; \
	  echo '})();'; \
	  echo 'export const Favorites = instance.Favorites;'; \
	  echo 'export const setup = instance.setup;'; \
	  echo 'export default Favorites;'; } > dist/npm.tmp/favorites.mjs && \
	test "$$(grep -c "new URL('./$$name', import.meta.url)" dist/npm.tmp/favorites.mjs)" = 1 && \
	rm -rf dist/npm && mv dist/npm.tmp dist/npm && \
	tgz=$$(cd dist/npm && npm pack --pack-destination .. 2>/dev/null | tail -1) && \
	mv dist/$$tgz $@.tmp && mv $@.tmp $@

dist/favorites.css: js/favorites.css
	@mkdir -p dist
	cp $< $@.tmp && mv $@.tmp $@

# The WordPress plugin (wordpress/, README "WordPress"), installable as it
# is: the plugin's files, the library's script, styles and hashed .wasm in
# assets/, and the PHP recipe, which its renew route includes, in lib/.
WP_FILES := $(shell find wordpress -type f -not -name '*_test.go' -not -path 'wordpress/testdata/*')
dist/favorites-wordpress.zip: $(WP_FILES) recipes/php/favorites.php dist/favorites.js dist/favorites.css | deps-build
	rm -rf dist/wordpress.tmp && mkdir -p dist/wordpress.tmp/favorites-wordpress/lib
	cp -R wordpress/favorites-wordpress.php wordpress/uninstall.php wordpress/includes wordpress/block wordpress/assets dist/wordpress.tmp/favorites-wordpress/
	cp recipes/php/favorites.php dist/wordpress.tmp/favorites-wordpress/lib/
	cp dist/favorites.js dist/favorites.css $$(sed -n "s/^var WASM_FILE = '\(.*\)';$$/dist\/\1/p" dist/favorites.js) dist/wordpress.tmp/favorites-wordpress/assets/
	cd dist/wordpress.tmp && zip -q -r -X ../favorites-wordpress.zip.tmp favorites-wordpress
	mv dist/favorites-wordpress.zip.tmp $@ && rm -rf dist/wordpress.tmp

dist/favorites.wasm.gz: dist/favorites.wasm
	gzip -9 -n -c $< > $@.tmp && mv $@.tmp $@

dist/favorites.wasm.br: dist/favorites.wasm | deps-build
	brotli -q 11 -f -n -o $@.tmp $< && mv $@.tmp $@

demo: build
	$(GO) run ./examples/demo -addr 127.0.0.1:$(PORT) -dist dist

test: deps-test build vet lint unit fuzz-short wasm-test browser-test baseline-test engine-test wordpress-test

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm
	@test -z "$$(gofmt -l . | tee /dev/stderr)" || { echo "gofmt: the files above need formatting" >&2; exit 1; }

# staticcheck with its default checks, golangci-lint with its default
# linters (errcheck, govet, ineffassign, staticcheck, unused), and every
# finding shown, not the first three of a kind.
lint: $(STATICCHECK) $(GOLANGCI_LINT)
	$(STATICCHECK) ./...
	GOOS=js GOARCH=wasm $(STATICCHECK) $(WASM_PKGS)
	$(GOLANGCI_LINT) run --max-issues-per-linter=0 --max-same-issues=0 ./...
	GOOS=js GOARCH=wasm $(GOLANGCI_LINT) run --max-issues-per-linter=0 --max-same-issues=0 $(WASM_PKGS)

$(STATICCHECK):
	GOBIN=$(@D) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

$(GOLANGCI_LINT):
	GOBIN=$(@D) $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)

# The Go packages; recipes/ runs the README's PHP and nginx recipes under
# php -S and nginx, which it starts and stops.
unit:
	$(GO) test -count=1 ./internal/... . ./examples/... ./recipes/...

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
# (js/core.js). internal/ has no build tags: its native tests are its tests.
wasm-test:
	NODE_OPTIONS="--require $(CURDIR)/wasm/testdata/node_imports.js" \
		GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm

browser-test: build js/npm/node_modules/.package-lock.json
	$(GO) test -count=1 -timeout 15m ./js/...

# The npm package alone (part of browser-test): the tarball installed
# offline, tsc on its types, Vite's and esbuild's builds of small apps and
# the consent gate with vanilla-cookieconsent, in Chromium (js/npm).
npm-test: build js/npm/node_modules/.package-lock.json
	$(GO) test -count=1 ./js/npm/

js/npm/node_modules/.package-lock.json: js/npm/package-lock.json js/npm/package.json | deps-test
	cd js/npm && npm ci --no-audit --no-fund
	touch $@

# The WordPress plugin, installed from dist/favorites-wordpress.zip into a
# real WordPress (Debian's) that the tests bring up with a private MariaDB
# and php -S, in Chromium.
wordpress-test: build
	$(GO) test -count=1 -timeout 15m ./wordpress/

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
	rm -rf dist bench/out js/engines/.bin js/npm/.work

# Debian packages, installed when missing and we are root; otherwise one clear line.
define need
	@command -v $(1) >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian package $(2)"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null) || exit 1; \
	  else echo "missing $(1): install the Debian package $(2) (sudo apt-get install $(2))" >&2; exit 1; fi; }
endef

# need_lib is need for packages that put no command on the PATH: $(2) is a
# command that succeeds when they are there (js/engines/itp-browser.py's
# WebKitGTK bindings).
define need_lib
	@$(2) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian packages $(1)"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null) || exit 1; \
	  else echo "missing $(1): install the Debian packages (sudo apt-get install $(1))" >&2; exit 1; fi; }
endef

deps-build:
	$(call need,brotli,brotli)
	$(call need,npm,npm)
	$(call need,zip,zip)

# What make wordpress-test runs: Debian's WordPress, a theme, MariaDB and
# PHP's extensions for them.
WORDPRESS_PKGS := wordpress wordpress-theme-twentytwentythree mariadb-server php-mysql php-xml php-mbstring

deps-test: deps-build
	$(call need,chromium,chromium)
	$(call need,php,php-cli)
	$(call need,nginx,nginx-light)
	$(call need,node,nodejs)
	$(call need,npm,npm)
	$(call need,firefox-esr,firefox-esr)
	$(call need,WebKitWebDriver,webkit2gtk-driver)
	$(call need,Xvfb,xvfb)
	$(call need_lib,gir1.2-webkit2-4.1 python3-gi,/usr/bin/python3 -c "import gi; gi.require_version('WebKit2', '4.1')")
	$(call need_lib,$(WORDPRESS_PKGS),command -v mariadbd >/dev/null && test -f /usr/share/wordpress/wp-settings.php && test -d /usr/share/wordpress/wp-content/themes/twentytwentythree && php -r 'exit(extension_loaded("mysqli") && extension_loaded("mbstring") && extension_loaded("xml") ? 0 : 1);')
