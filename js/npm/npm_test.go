// The npm package as sites use it: the tarball that make build packs,
// installed offline into an empty project (.work, beside this file), its
// types checked by tsc, and small apps that import it built by Vite and by
// esbuild, served and driven in a real headless Chromium; among them the
// consent gate wired to a real consent manager, vanilla-cookieconsent. The
// bundlers, tsc and the consent manager are this folder's devDependencies
// (npm ci, make npm-deps).
package npm_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/favorites-dev/favorites/js/testsite/chromium"
)

const (
	tarball = "../../dist/favorites-npm.tgz"
	work    = ".work" // the site's project: the apps, with the package installed
	pkg     = "@favorites-dev/favorites"
)

var (
	browser context.Context
	server  *httptest.Server
	// notBuilt says why the tests skip without a packed tarball: go test
	// ./... on a fresh clone passes; make test builds first.
	notBuilt string
	// installErr is what installing the tarball into the project said, when
	// it failed.
	installErr error
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if _, err := os.Stat(tarball); err != nil {
		notBuilt = "SKIPPING the npm package tests: there is no dist/favorites-npm.tgz; run make build first (make test does)"
		fmt.Fprintln(os.Stderr, notBuilt)
		return m.Run()
	}
	if os.Getenv("FAVORITES_IMPL") == "baseline" {
		notBuilt = "SKIPPING the npm package tests: the package is the library's own build, not the baseline's"
		fmt.Fprintln(os.Stderr, notBuilt)
		return m.Run()
	}
	if _, err := os.Stat("node_modules/.bin/vite"); err != nil {
		fmt.Fprintln(os.Stderr, "js/npm has no node_modules: run npm ci there (make npm-test does)")
		return 1
	}
	installErr = install()

	server = httptest.NewServer(http.FileServer(http.Dir(work)))
	defer server.Close()
	ctx, stop, err := chromium.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer stop()
	browser = ctx
	return m.Run()
}

// install makes the site's project anew: the apps' sources, a package.json
// that depends on nothing, and the tarball installed with npm --offline
// from an empty cache, so that anything it needed from a registry fails.
func install() error {
	if err := os.RemoveAll(work); err != nil {
		return err
	}
	if err := os.CopyFS(work, os.DirFS("apps")); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(work, "package.json"), []byte(`{"name": "site", "private": true}`+"\n"), 0o644); err != nil {
		return err
	}
	cache, err := os.MkdirTemp("", "npm-cache-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(cache) }() // a temporary folder: nothing depends on its removal
	abs, err := filepath.Abs(tarball)
	if err != nil {
		return err
	}
	start := time.Now()
	_, err = command(work, "npm", "install", "--offline", "--cache", cache, "--no-audit", "--no-fund", abs)
	fmt.Fprintf(os.Stderr, "installed the tarball offline in %v\n", time.Since(start).Round(time.Millisecond))
	return err
}

// command runs name in dir and returns its output; an error carries it.
func command(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

func needInstall(t *testing.T) {
	t.Helper()
	if notBuilt != "" {
		t.Skip(notBuilt)
	}
	require.NoError(t, installErr, "installing the tarball offline")
}

// bin is a devDependency's command, run from the project's folder.
func bin(name string) string {
	p, err := filepath.Abs(filepath.Join("node_modules", ".bin", name))
	if err != nil {
		panic(err)
	}
	return p
}

var (
	viteOnce, esbuildOnce sync.Once
	viteErr, esbuildErr   error
)

// buildVite builds the Vite app (two pages) into .work/vite/dist.
func buildVite(t *testing.T) {
	t.Helper()
	needInstall(t)
	viteOnce.Do(func() {
		start := time.Now()
		_, viteErr = command(work, bin("vite"), "build", "--config", "vite/vite.config.mjs")
		fmt.Fprintf(os.Stderr, "vite build: %v\n", time.Since(start).Round(time.Millisecond))
	})
	require.NoError(t, viteErr)
}

// buildEsbuild bundles the esbuild app into .work/esbuild/out, the .wasm
// with the file loader, as the README says.
func buildEsbuild(t *testing.T) {
	t.Helper()
	needInstall(t)
	esbuildOnce.Do(func() {
		start := time.Now()
		_, esbuildErr = command(filepath.Join(work, "esbuild"), bin("esbuild"), "main.js", "--bundle",
			"--format=esm", "--outdir=out", "--loader:.wasm=file", "--public-path=./out", "--log-level=warning")
		fmt.Fprintf(os.Stderr, "esbuild: %v\n", time.Since(start).Round(time.Millisecond))
	})
	require.NoError(t, esbuildErr)
}

func TestTarballInstallsOffline(t *testing.T) {
	needInstall(t)
	dir := filepath.Join(work, "node_modules", filepath.FromSlash(pkg))
	for _, f := range []string{"package.json", "favorites.mjs", "favorites.js", "favorites.css", "favorites.d.ts"} {
		require.FileExists(t, filepath.Join(dir, f))
	}
	wasm, err := filepath.Glob(filepath.Join(dir, "favorites.*.wasm"))
	require.NoError(t, err)
	require.Len(t, wasm, 1, "one .wasm, under its hashed name")
	// Node resolves every entry of the exports map to a file of the package.
	out, err := command(work, "node", "--input-type=module", "-e", `
		const r = (s) => import.meta.resolve(s).replace(/^.*node_modules\//, '');
		console.log(['', '/favorites.js', '/favorites.css', '/favorites.wasm', '/package.json'].map((s) => r('`+pkg+`' + s)).join(' '));`)
	require.NoError(t, err)
	want := fmt.Sprintf("%[1]s/favorites.mjs %[1]s/favorites.js %[1]s/favorites.css %[1]s/%[2]s %[1]s/package.json",
		pkg, filepath.Base(wasm[0]))
	require.Equal(t, want, strings.TrimSpace(out))
}

// TestImportOnServer: a server that renders the site's pages may import
// the module (a framework's client component): the import wires nothing,
// and the methods reject with load-failed.
func TestImportOnServer(t *testing.T) {
	needInstall(t)
	out, err := command(work, "node", "--input-type=module", "-e", `
		import { Favorites, setup } from '`+pkg+`';
		setup({ consent: 'required' });
		const codes = await Promise.all(['list', 'add', 'consent'].map((m) => Favorites[m]().then(() => 'resolved', (e) => e.code)));
		console.log(codes.join(' '), typeof globalThis.Favorites);`)
	require.NoError(t, err)
	require.Equal(t, "load-failed load-failed load-failed undefined", strings.TrimSpace(out))
}

// TestTypes type-checks a usage file against the installed package's
// types: what the README shows compiles, and each @ts-expect-error line
// is an error, or tsc fails.
func TestTypes(t *testing.T) {
	needInstall(t)
	start := time.Now()
	out, err := command(work, bin("tsc"), "-p", "types")
	require.NoError(t, err, out)
	t.Logf("tsc --noEmit: %v", time.Since(start).Round(time.Millisecond))
}

func newContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Do(ctx))
	return ctx
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	require.NoError(t, err, "evaluating %s", expr)
	return v
}

// open loads path and waits for Favorites.ready.
func open(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(server.URL+path))
	eval[any](t, ctx, `Favorites.ready.then(() => null)`)
}

// do runs actions with a bound on how long they may wait.
func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	require.NoError(t, chromedp.Do(ctx, actions...))
}

// waitFor waits, frame by frame, until expr is true in the page.
func waitFor(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	do(t, ctx, chromedp.Poll[chromedp.Void](expr))
}

// wasmRequests are the .wasm files the page fetched, as paths.
func wasmRequests(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return eval[[]string](t, ctx, `performance.getEntriesByType('resource')
		.map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.wasm'))`)
}

// listCookies are the names of the list's cookies in the browser's jar,
// read through the DevTools protocol rather than document.cookie.
func listCookies(t *testing.T, ctx context.Context) []string {
	t.Helper()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{server.URL + "/"}})
	require.NoError(t, err)
	var names []string
	for _, c := range res.Cookies {
		if c.Name == "favorites" || strings.HasPrefix(c.Name, "favorites_") {
			names = append(names, c.Name)
		}
	}
	return names
}

// clickToggles clicks the page's button and waits until it shows that the
// item is a favourite.
func clickToggles(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`button[data-favorite]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[data-favorite][data-favorite-state="on"]`)))
}

func TestVite(t *testing.T) {
	buildVite(t)
	ctx := newContext(t)
	open(t, ctx, "/vite/dist/index.html")
	require.True(t, eval[bool](t, ctx, `window.imported === window.Favorites`), "the module's export is window.Favorites")
	require.Equal(t, "Save for later", eval[string](t, ctx, `document.querySelector('button[data-favorite]').textContent`),
		"setup's messages apply")
	require.Empty(t, wasmRequests(t, ctx), "a reader without a stored list fetches no .wasm")
	require.Equal(t, "invalid-item", eval[string](t, ctx, `(() => { try { setupLater({}); return 'no error'; } catch (e) { return e.code; } })()`),
		"setup after the start throws")

	clickToggles(t, ctx)
	waitFor(t, ctx, `performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname === '/vite-endpoint/renew')`)
	wasm := wasmRequests(t, ctx)
	require.Len(t, wasm, 1)
	require.Regexp(t, `^/vite/dist/assets/favorites\.[0-9a-f]{16}-[\w-]+\.wasm$`, wasm[0], "the .wasm Vite emitted")
	require.Equal(t, []string{"favorites"}, listCookies(t, ctx))
	require.Equal(t, "1", eval[string](t, ctx, `document.querySelector('[data-favorites-count]').textContent`))

	// A reader with a stored list loads the core at start, from the same file.
	open(t, ctx, "/vite/dist/index.html")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`button[data-favorite][data-favorite-state="on"]`)))
	require.Equal(t, wasm, wasmRequests(t, ctx))
}

func TestEsbuild(t *testing.T) {
	buildEsbuild(t)
	for _, how := range []string{"url", "response", "module"} {
		t.Run(how, func(t *testing.T) {
			ctx := newContext(t)
			open(t, ctx, "/esbuild/index.html?wasm="+how)
			require.True(t, eval[bool](t, ctx, `window.imported === window.Favorites`))
			clickToggles(t, ctx)
			file := eval[string](t, ctx, `new URL(window.wasmFile, location.href).pathname`)
			require.Regexp(t, `^/esbuild/out/favorites\.[0-9a-f]{16}-\w+\.wasm$`, file, "the file esbuild's loader emitted")
			require.Equal(t, []string{file}, wasmRequests(t, ctx), "setup's source, and nothing beside the bundle")
			require.Equal(t, []string{"favorites"}, listCookies(t, ctx))
		})
	}
}

// TestClassicAndModule: a page with both the classic script and the
// module runs one instance, the one that came first: one click is one
// toggle, with the .wasm of the one that runs.
func TestClassicAndModule(t *testing.T) {
	buildEsbuild(t)
	for page, wasm := range map[string]string{
		"both.html":         `^/node_modules/@favorites-dev/favorites/favorites\.[0-9a-f]{16}\.wasm$`, // the script's, beside it
		"module-first.html": `^/esbuild/out/favorites\.[0-9a-f]{16}-\w+\.wasm$`,                       // the module's, from setup
	} {
		t.Run(page, func(t *testing.T) {
			ctx := newContext(t)
			open(t, ctx, "/esbuild/"+page)
			require.True(t, eval[bool](t, ctx, `window.imported === window.Favorites`))
			clickToggles(t, ctx)
			require.Equal(t, []string{"both-1"}, eval[[]string](t, ctx, `Favorites.list().then((l) => l.map((i) => i.id))`))
			got := wasmRequests(t, ctx)
			require.Len(t, got, 1)
			require.Regexp(t, wasm, got[0])
		})
	}
}

// clickable is true once the element sel is where a reader's click lands
// on it: it is the element hit at its centre, no animation runs, and it has
// not moved since the previous frame (the manager's dialogs slide in).
func clickable(sel string) string {
	return `(() => {
		const el = document.querySelector(` + "`" + sel + "`" + `);
		if (!el) return false;
		const r = el.getBoundingClientRect(), at = JSON.stringify(r);
		const still = window.__at === at;
		window.__at = at;
		return still && r.width > 0 && document.getAnimations().every((a) => a.playState !== 'running') &&
			el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
	})()`
}

// click waits until sel is clickable, then clicks it as a reader does.
func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	waitFor(t, ctx, clickable(sel))
	do(t, ctx, chromedp.Click(chromedp.CSS(sel)))
}

// TestConsent: the README's wiring to vanilla-cookieconsent. Before the
// reader consents nothing is written, and a change opens the manager's
// preferences; after consent adds work; withdrawing deletes the list.
func TestConsent(t *testing.T) {
	buildVite(t)
	ctx := newContext(t)
	open(t, ctx, "/vite/dist/consent.html")
	waitFor(t, ctx, `document.documentElement.classList.contains('show--consent')`) // the manager asks

	code := eval[string](t, ctx, `new Promise((resolve) => {
		let asked = null;
		document.addEventListener('favorites:consent-required', (e) => { asked = e.detail; }, { once: true });
		Favorites.add({ id: 'consent-1', title: 'Asked first' }).then(
			() => resolve('resolved'),
			(e) => resolve(e.code + ' ' + (asked && asked.action + ' ' + asked.id)));
	})`)
	require.Equal(t, "consent-required add consent-1", code)
	require.Empty(t, listCookies(t, ctx), "nothing is written before consent")
	require.Empty(t, eval[[]any](t, ctx, `Favorites.list()`))

	// The refused change opened the manager's preferences: the reader accepts.
	click(t, ctx, `#cc-main .pm button[data-role="all"]`)
	waitFor(t, ctx, `CookieConsent.acceptedCategory('functionality')`)
	click(t, ctx, `button[data-favorite]`)
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`button[data-favorite][data-favorite-state="on"]`)))
	require.Equal(t, []string{"favorites"}, listCookies(t, ctx))

	// Consent holds across pages: the manager tells the library at start.
	open(t, ctx, "/vite/dist/consent.html")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`button[data-favorite][data-favorite-state="on"]`)))
	require.Equal(t, "ok", eval[string](t, ctx, `Favorites.add({ id: 'consent-2' }).then(() => 'ok', (e) => e.code)`))

	// The reader withdraws, in the manager's preferences.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`CookieConsent.showPreferences()`))
	click(t, ctx, `#cc-main .pm button[data-role="necessary"]`)
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`button[data-favorite][data-favorite-state="off"]`)))
	require.Empty(t, listCookies(t, ctx), "withdrawing deletes the list")
	require.Empty(t, eval[[]any](t, ctx, `Favorites.list()`))
	require.Equal(t, "consent-required", eval[string](t, ctx, `Favorites.add({ id: 'consent-3' }).then(() => 'ok', (e) => e.code)`))
	require.Empty(t, listCookies(t, ctx))
}

// TestConsentClassicScript: data-consent="required" on the script tag of
// the package's classic script. Reading a stored list needs no consent;
// writing waits for it; withdrawing deletes the list.
func TestConsentClassicScript(t *testing.T) {
	needInstall(t)
	ctx := newContext(t)
	open(t, ctx, "/classic/consent.html")
	require.Equal(t, "consent-required", eval[string](t, ctx, `Favorites.add({ id: 'a' }).then(() => 'ok', (e) => e.code)`))
	require.Equal(t, "consent-required", eval[string](t, ctx, `Favorites.toggle({ id: 'a' }).then(() => 'ok', (e) => e.code)`))
	require.Empty(t, listCookies(t, ctx))
	require.Empty(t, wasmRequests(t, ctx), "a refused change loads no core")

	require.Equal(t, []string{"classic-1"}, eval[[]string](t, ctx,
		`Favorites.consent(true).then(() => Favorites.add({ id: 'classic-1' })).then((l) => l.map((i) => i.id))`))
	require.Equal(t, []string{"favorites"}, listCookies(t, ctx))

	// The next page has not heard from the consent manager yet: the stored
	// list is shown, and changes wait.
	open(t, ctx, "/classic/consent.html")
	require.Equal(t, []string{"classic-1"}, eval[[]string](t, ctx, `Favorites.list().then((l) => l.map((i) => i.id))`))
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`button[data-favorite][data-favorite-state="on"]`)))
	require.Equal(t, "consent-required", eval[string](t, ctx, `Favorites.remove('classic-1').then(() => 'ok', (e) => e.code)`))
	require.Equal(t, []string{"favorites"}, listCookies(t, ctx))

	require.Equal(t, "clear 0", eval[string](t, ctx, `new Promise((resolve) => {
		document.addEventListener('favorites:change', (e) => resolve(e.detail.action + ' ' + e.detail.items.length), { once: true });
		Favorites.consent(false);
	})`))
	require.Empty(t, listCookies(t, ctx), "withdrawing deletes the list")
	require.Equal(t, "consent-required", eval[string](t, ctx, `Favorites.add({ id: 'b' }).then(() => 'ok', (e) => e.code)`))
}
