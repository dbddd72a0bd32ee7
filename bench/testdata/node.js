// Runs bench/baseline/favorites.js under Node with a minimal page: a cookie
// jar behind document.cookie and no DOM. Used by compat_test.go.
//
//   node node.js BASELINE_JS COOKIE_IN OPS_JSON
//
// sets the jar to COOKIE_IN ("name=value; …", may be empty), runs OPS_JSON
// (an array of [method, arg]) and prints {"cookie": …, "results": [...]}.
'use strict';
const fs = require('fs');
const [src, cookieIn, opsJSON] = process.argv.slice(2);

const jar = new Map();
for (const pair of cookieIn.split('; ')) {
  const eq = pair.indexOf('=');
  if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
}
const noop = () => {};
const document = {
  get cookie() { return [...jar].map(([k, v]) => k + '=' + v).join('; '); },
  set cookie(s) {
    const parts = s.split('; ');
    const eq = parts[0].indexOf('=');
    const name = parts[0].slice(0, eq), value = parts[0].slice(eq + 1);
    if (parts.includes('Max-Age=0')) jar.delete(name); else jar.set(name, value);
  },
  currentScript: null, readyState: 'complete', visibilityState: 'hidden',
  documentElement: {}, addEventListener: noop, dispatchEvent: noop,
  querySelectorAll: () => [], contains: () => false,
};
globalThis.window = globalThis;
globalThis.document = document;
globalThis.location = { protocol: 'http:', pathname: '/', search: '' };
globalThis.MutationObserver = class { observe() {} };
globalThis.Element = class {};
globalThis.BroadcastChannel = undefined;
globalThis.addEventListener = noop;
globalThis.setInterval = noop;
globalThis.CustomEvent = class { constructor(t, o) { this.type = t; this.detail = o && o.detail; } };
Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true });

new Function(fs.readFileSync(src, 'utf8'))();
(async () => {
  await Favorites.ready;
  const results = [];
  for (const [m, arg] of JSON.parse(opsJSON)) {
    try { results.push(await Favorites[m](arg)); } catch (e) { results.push({ error: e.code }); }
  }
  process.stdout.write(JSON.stringify({ cookie: document.cookie, results }));
})().catch(e => { console.error(e); process.exit(1); });
