// The ES module (dist/npm/favorites.mjs) ends with this file in place of
// classic.js. What a classic script reads from its data- attributes the
// importing code gives to setup(). The library starts a microtask after the
// import, once the importing module's top level (and its setup) has run.

// The .wasm beside this module, in the pattern that Vite and webpack 5
// recognize: they copy the file into the site's build and put its URL here.
// Where they do not, setup({wasm}) names the core.
try {
  wasmSource = new URL('./favorites.wasm', import.meta.url);
} catch (e) {
  wasmSource = null; // no URL for the module: WASM_FILE beside the page
}

var started = null; // start's promise, once started

// setup takes configure's options; wasm, where the core comes from (a URL
// or string, a Response, a WebAssembly.Module, or a promise of one); and
// consent: 'required'. It throws once the library has started. The core
// checks the list's options, so a wrong one makes ready reject, as on a
// script tag.
function setup(o) {
  if (started || starting) throw error('invalid-item', 'setup must run before the library starts: call it at the top level of the module that imports it');
  if (o === null || typeof o !== 'object') throw error('invalid-item', 'setup takes an object');
  const { wasm, consent, ...rest } = o;
  const m = checkOptions(rest);
  if (consent !== undefined && !requireConsent(consent)) throw error('invalid-item', 'consent must be "required"');
  if (wasm !== undefined && wasm !== null) wasmSource = wasm;
  if (rest.endpoint !== undefined) endpoint = rest.endpoint || null;
  for (const k of CORE_OPTIONS) if (rest[k] !== undefined) options[k] = rest[k];
  Object.assign(options.messages, m);
}

window.Favorites = api;
api.ready = Promise.resolve().then(() => {
  if (!started) started = start();
  return started;
});
api.ready.catch(() => {}); // reported through the calls, as in the classic script
return { Favorites: api, setup };
