// Loaded before the library: keeps the memory of every WebAssembly instance
// the page makes, so that make bench reads the core's memory from outside
// the library. window.__wasmMemories is the list.
(function () {
  'use strict';
  var memories = window.__wasmMemories = [];
  function wrap(instantiate) {
    return function () {
      return instantiate.apply(WebAssembly, arguments).then(function (r) {
        var instance = r.instance || r;
        if (instance.exports && instance.exports.mem) memories.push(instance.exports.mem);
        return r;
      });
    };
  }
  WebAssembly.instantiate = wrap(WebAssembly.instantiate);
  if (WebAssembly.instantiateStreaming) WebAssembly.instantiateStreaming = wrap(WebAssembly.instantiateStreaming);
})();
