// dist/favorites.js is one strict function scope: this file, Go's
// wasm_exec.js and the shim's files, whose top-level names are therefore
// `var`s. wasm_exec.js sets the globals Go, fs, process and path; keepGoGlue
// (run by main.js) moves them into this scope and puts back what the page
// had, so a page's own Go program, or a library that tests for `process` to
// detect Node, sees nothing of ours: the only global left is Favorites.

var GO_GLOBALS = ['Go', 'fs', 'process', 'path'];
var pageGlobals = {};
for (const k of GO_GLOBALS) pageGlobals[k] = Object.getOwnPropertyDescriptor(globalThis, k);

// wasm_exec.js calls fs.writeSync for the runtime's output; it finds this
// binding rather than a global once keepGoGlue has filled it.
var fs, Go; // eslint-disable-line no-unused-vars

function keepGoGlue() {
  fs = globalThis.fs;
  Go = globalThis.Go;
  for (const k of GO_GLOBALS) {
    if (pageGlobals[k]) Object.defineProperty(globalThis, k, pageGlobals[k]);
    else delete globalThis[k];
  }
}
