// The ES module (dist/npm/favorites.mjs) ends with this file in place of
// classic.js. A module has no script tag, so what a classic script reads
// from its data- attributes the importing code gives to setup(). The
// library starts once the task that imported it has run its synchronous
// code (a microtask later), so that setup() at the top level of the
// importing module comes first; window.Favorites and the markup's wiring
// are there from then on, as with the classic script.

// The .wasm beside this module, written as the pattern that Vite and
// webpack 5 recognize, so that they copy the file into the site's build and
// put its URL here. Where import.meta.url is missing or is not this file's
// (a bundler that rewrites neither), setup({wasm}) names the core.
try {
  wasmSource = new URL('./favorites.wasm', import.meta.url);
} catch (e) {
  wasmSource = null; // no URL for the module: WASM_FILE beside the page
}

var started = null; // start's promise, once started

// SETUP_OPTIONS are setup's: the script tag's options by name.
var SETUP_OPTIONS = CORE_OPTIONS.concat(['messages', 'endpoint', 'wasm', 'consent']);

// setup takes the options a classic script takes as data- attributes:
// cookieName, maxItems, maxAgeDays, domain, messages and endpoint, as
// configure takes them; wasm, where the core comes from (a URL or string, a Response, a
// WebAssembly.Module, or a promise of one); consent: 'required'. It must
// run before the library starts: after that, or once a call has started
// the core, it throws. The list's options are checked by the core, so a
// wrong one makes ready reject, as on a script tag.
function setup(o) {
  if (started || starting) throw error('invalid-item', 'setup must run before the library starts: call it at the top level of the module that imports it');
  if (o === null || typeof o !== 'object') throw error('invalid-item', 'setup takes an object');
  var k;
  for (k in o) if (SETUP_OPTIONS.indexOf(k) < 0) throw error('invalid-item', 'unknown option ' + k);
  var m = checkOptions({ messages: o.messages, endpoint: o.endpoint });
  if (o.consent !== undefined && !requireConsent(o.consent)) {
    throw error('invalid-item', 'consent must be "required"');
  }
  if (o.wasm !== undefined && o.wasm !== null) wasmSource = o.wasm;
  if (o.endpoint !== undefined) endpoint = o.endpoint || null;
  for (var i = 0; i < CORE_OPTIONS.length; i++) {
    k = CORE_OPTIONS[i];
    if (o[k] !== undefined) options[k] = o[k];
  }
  for (k in m) options.messages[k] = m[k];
}

function begin() {
  if (!started) started = start();
  return started;
}

window.Favorites = api;
api.ready = new Promise(function (resolve) { queueMicrotask(function () { resolve(begin()); }); });
api.ready.catch(function () {}); // reported through the calls, as in the classic script
return { Favorites: api, setup: setup };
