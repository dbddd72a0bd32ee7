// Loads the floor .wasm the way the shim loads the library's, and resolves
// window.__ready with performance.now() once its function is registered.
window.__ready = (function () {
  'use strict';
  var go = new Go();
  return WebAssembly.instantiateStreaming(fetch('/floor/floor.wasm'), go.importObject).then(function (r) {
    go.run(r.instance); // main runs until it blocks: __floor is set by then
    if (typeof window.__floor !== 'function') throw new Error('the floor did not register');
    return performance.now();
  });
})();
