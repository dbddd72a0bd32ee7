// dist/favorites.js is one function scope: the Makefile's opening line, this
// file, Go's wasm_exec.js, then core.js, load.js, api.js, markup.js and
// main.js, then the closing line. wasm_exec.js sets the globals Go, fs,
// process and path; this file notes what the page had, and main.js keeps
// Go's glue in this scope and puts the page's globals back, so that the only
// global the library leaves is Favorites: a page's own Go program, or a
// library that tests for `process` to detect Node, sees nothing of ours.

var pageGlobals = {};
['Go', 'fs', 'process', 'path'].forEach(function (k) {
  pageGlobals[k] = Object.getOwnPropertyDescriptor(globalThis, k);
});

// wasm_exec.js calls fs.writeSync for the runtime's output; it finds this
// binding rather than a global once main.js has filled it.
var fs, Go; // eslint-disable-line no-unused-vars

// keepGoGlue moves Go's glue into this scope and restores the page's globals.
function keepGoGlue() {
  fs = globalThis.fs;
  Go = globalThis.Go;
  ['Go', 'fs', 'process', 'path'].forEach(function (k) {
    if (pageGlobals[k]) Object.defineProperty(globalThis, k, pageGlobals[k]);
    else delete globalThis[k];
  });
}
