// dist/favorites.js is head.js, Go's wasm_exec.js, shim.js and tail.js in one
// function scope. wasm_exec.js sets the globals Go, fs, process and path;
// head.js notes what the page had, tail.js keeps Go's glue in this scope and
// puts the page's globals back, so the only global the library leaves is
// Favorites: a page's own Go program, or a library that tests for
// `process` to detect Node, sees nothing of ours.
(function () {
  var pageGlobals = {};
  ['Go', 'fs', 'process', 'path'].forEach(function (k) {
    pageGlobals[k] = Object.getOwnPropertyDescriptor(globalThis, k);
  });
  // wasm_exec.js calls fs.writeSync for the runtime's output; it finds this
  // binding rather than a global once tail.js has filled it.
  var fs, Go; // eslint-disable-line no-unused-vars
