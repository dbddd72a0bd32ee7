// Preloaded into Node (node --require) by make wasm-test, so that Go's own
// go_js_wasm_exec can run the tests of wasm/: it gives the module the
// imports js/core.js gives it in the browser, from that very file, and hands
// the tests coreCall over their own instance as globalThis.favoritesCore().
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

vm.runInThisContext(fs.readFileSync(path.join(__dirname, '../../js/core.js'), 'utf8'));

let instance = null;
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function (source, imports) {
  if (imports && !imports.favorites) imports.favorites = coreImports(() => instance.exports);
  const result = await instantiate.call(WebAssembly, source, imports);
  instance = result.instance || result;
  return result;
};
globalThis.favoritesCore = () => coreCall(instance.exports);
