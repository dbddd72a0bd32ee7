// Loading: whether the page needs the Go core yet, and fetching, compiling
// and starting it without delaying the page's first paint.

// WASM_FILE is the core's file, beside the script. make build writes the
// hashed copy's name here (favorites.HASH.wasm): a script names only its own
// build's .wasm, which a site may cache forever.
var WASM_FILE = 'favorites.wasm';

// wasmSource is where the ES module's core comes from (module.js): a URL,
// a Response, a compiled WebAssembly.Module, or a promise of one of them.
// The classic script leaves it null: data-wasm, or WASM_FILE beside it.
var wasmSource = null;

// fetchCore resolves to the core's Response, or to its compiled Module
// when the page gave one.
async function fetchCore() {
  const src = await wasmSource;
  if (src instanceof WebAssembly.Module || src instanceof Response) return src;
  const url = src !== null ? new URL(String(src), document.baseURI)
    : data.wasm ? new URL(data.wasm, document.baseURI)
      : new URL(WASM_FILE, script ? script.src : document.baseURI);
  return fetch(url, { credentials: 'same-origin' });
}

// MAX_CHUNKS is how many cookies a list may span: cookieName, then
// cookieName_1 on (internal/cookie.MaxCookies; a test holds the two together).
var MAX_CHUNKS = 5;

function isListCookie(name) {
  const last = name.charAt(name.length - 1);
  return name === cookieName || (name.length === cookieName.length + 2 &&
    name.startsWith(cookieName + '_') && last >= '1' && last < String(MAX_CHUNKS));
}

// listCookies returns the list's cookies among pairs ([name, value]) as one
// string, in name order: "" when none is there. It looks at names only:
// what the values hold is the core's to read.
function listCookies(pairs) {
  return pairs.filter((p) => isListCookie(p[0])).sort().map((p) => p[0] + '=' + p[1]).join('; ');
}

// cookiesUsable tells whether the page may use cookies at all:
// document.cookie throws in a sandboxed frame and on an opaque origin.
function cookiesUsable() {
  try { return typeof document.cookie === 'string'; } catch (e) { return false; }
}

// documentCookies returns document.cookie's pairs; none where the page may
// not use cookies. It reads document.cookie once.
function documentCookies() {
  let cookie;
  try { cookie = document.cookie; } catch (e) { return []; }
  return cookie.split(/;\s*/).map((pair) => {
    const i = pair.indexOf('=');
    return i < 0 ? ['', pair] : [pair.slice(0, i), pair.slice(i + 1)];
  });
}

// storedList tells whether a cookie of the list is stored: without one the
// core has nothing to show, and loads only when needed.
function storedList() {
  return listCookies(documentCookies()) !== '';
}

// loadCore fetches, compiles and starts the core, and resolves to
// core(op, ...args) → the answer's JSON text. The .wasm is requested once
// the page's first frame is out (issuing a fetch holds the main thread a few
// milliseconds), and compiled, and Go started, once its first contentful
// paint is (compiling keeps a small machine's cores busy, and Go's start is
// one long task): either before would delay it. The body waits in the
// response, so compilation still streams. docs/loading.md has the numbers.
async function loadCore() {
  const gate = firstPaintGates();
  const go = new Go();
  // A WebAssembly memory never shrinks and the core's live heap is one
  // list: collecting at 25% growth rather than 100% keeps memory small.
  go.env = { GOGC: '25' };
  let instance = null;
  go.importObject.favorites = coreImports(() => instance.exports);
  const download = gate.framed.then(() => {
    mark('request');
    return fetchCore();
  });
  const [src] = await Promise.all([download, gate.painted]);
  mark('painted');
  ({ instance } = await instantiate(src, go.importObject));
  mark('instantiated');
  // go.run returns once main has set the core up and waits: from then on
  // the core is called through the module's exports.
  go.run(instance).catch(() => {});
  if (go.exited) throw new Error('the Go program exited');
  mark('running');
  const call = coreCall(instance.exports);
  return (...args) => {
    if (go.exited) throw error('load-failed', 'the favorites core stopped');
    return call(...args);
  };
}

async function instantiate(src, imports) {
  if (src instanceof WebAssembly.Module) return { instance: await WebAssembly.instantiate(src, imports) };
  if (!src.ok) throw new Error('HTTP ' + src.status);
  // Streaming compilation needs application/wasm; a server that sends
  // another type still gets a working page, compiled from the bytes.
  const type = (src.headers.get('Content-Type') || '').split(';')[0].trim();
  if (WebAssembly.instantiateStreaming && type === 'application/wasm') {
    return WebAssembly.instantiateStreaming(src, imports);
  }
  return WebAssembly.instantiate(await src.arrayBuffer(), imports);
}

// firstPaintGates returns two promises: framed resolves once the page's
// first frame is out, painted once its first contentful paint is. A hidden
// page, one that paints nothing, and one that has painted wait for neither;
// without Paint Timing the first frame stands for the paint; no gate waits
// over a second.
function firstPaintGates() {
  if (hasPainted()) return { framed: Promise.resolve(), painted: Promise.resolve() };
  const visible = document.visibilityState === 'visible';
  let nothing = null;
  const showsNothing = () => {
    if (nothing === null) nothing = !visible || !hasContent();
    return nothing;
  };
  const framed = new Promise((resolve) => {
    if (!visible || !window.requestAnimationFrame) return resolve();
    if (document.readyState !== 'loading' && showsNothing()) return resolve();
    requestAnimationFrame(() => setTimeout(resolve, 0)); // after that frame
    setTimeout(resolve, 1000);
  });
  const painted = new Promise((resolve) => {
    if (!visible) return resolve();
    if (!paintTiming()) framed.then(resolve);
    else {
      whenParsed(() => {
        if (showsNothing()) return resolve();
        // The entry is buffered: a page that painted already waits for nothing.
        new PerformanceObserver((list, observer) => {
          if (list.getEntriesByName('first-contentful-paint').length) {
            observer.disconnect();
            resolve();
          }
        }).observe({ type: 'paint', buffered: true });
      });
    }
    setTimeout(resolve, 1000);
  });
  return { framed, painted };
}

function paintTiming() {
  const types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
  return Boolean(types && types.includes('paint'));
}

// hasPainted tells whether the page's first contentful paint is out, or,
// without Paint Timing, whether the page has loaded.
function hasPainted() {
  if (paintTiming()) return performance.getEntriesByName('first-contentful-paint').length > 0;
  return document.readyState === 'complete';
}

function whenParsed(fn) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
  else fn();
}

// hasContent tells whether the page has anything that makes a contentful
// paint (text, an image, drawing or video, a control of ours), from the DOM
// only, never layout.
function hasContent() {
  const body = document.body;
  if (!body) return false;
  if (body.querySelector(`img,svg,canvas,video,input,textarea,select,iframe,${BUTTON},${LIST}`)) return true;
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, (n) =>
    /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(n.parentNode.nodeName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (/\S/.test(n.data)) return true;
  return false;
}

// mark sets a User Timing mark (an extension): the page's own performance
// tools see when the library started, loaded and was ready.
function mark(name) {
  if (window.performance && performance.mark) performance.mark('favorites:' + name);
}
