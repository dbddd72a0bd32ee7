// Loading: whether the page needs the Go core yet, and fetching, compiling
// and starting it without delaying the page's first paint.

// WASM_FILE is the core's file, beside the script. make build writes the
// hashed copy's name here (favorites.HASH.wasm, HASH from its content), so
// that a script only ever names the .wasm of its own build and a site may
// cache that file forever.
var WASM_FILE = 'favorites.wasm';

// wasmSource is where the ES module's core comes from (module.js): a URL,
// a Response, a compiled WebAssembly.Module, or a promise of one of them.
// The classic script leaves it null.
var wasmSource = null;

// wasmURL is data-wasm on the script tag, or WASM_FILE beside the script.
function wasmURL() {
  if (data.wasm) return new URL(data.wasm, document.baseURI);
  return new URL(WASM_FILE, script ? script.src : document.baseURI);
}

// fetchCore resolves to the core's Response, or to its compiled Module
// when the page gave one.
function fetchCore() {
  return Promise.resolve(wasmSource).then(function (src) {
    if (src instanceof WebAssembly.Module || src instanceof Response) return src;
    var url = src === null ? wasmURL() : new URL(String(src), document.baseURI);
    return fetch(url, { credentials: 'same-origin' });
  });
}

// MAX_CHUNKS is how many cookies a list may span, named cookieName and
// cookieName_1 on (internal/cookie.MaxCookies; its tests hold the two
// together).
var MAX_CHUNKS = 5;
var listNames = null, listNamesOf = null; // the pattern, and the name it is for
var lastCookie = null, lastStored = false; // storedList's last answer

// storedList tells whether document.cookie holds a cookie of the list. It
// looks at the cookies' names only: what they hold is the core's to read.
// A reader without one has nothing the core could show, and the core is
// not loaded until it is needed. A page that may not read cookies has no
// stored list.
function storedList() {
  var cookie;
  try { cookie = document.cookie; } catch (e) { return false; }
  if (listNamesOf !== cookieName) {
    listNamesOf = cookieName;
    listNames = new RegExp('(?:^|; )' + cookieName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') +
      '(?:_[1-' + (MAX_CHUNKS - 1) + '])?=');
    lastCookie = null;
  }
  if (cookie !== lastCookie) {
    lastCookie = cookie;
    lastStored = listNames.test(cookie);
  }
  return lastStored;
}

// loadCore fetches, compiles and starts the core, and resolves to
// core(op, ...args) → the answer's JSON text.
//
// The .wasm is requested once the page's first frame is out (framed):
// issuing a fetch takes the main thread a few milliseconds, which before
// that frame hold it back. It is compiled, and Go started, only after the
// page's first contentful paint (painted): compiling keeps both cores of a
// small machine busy, Go's start is one long main-thread task, and either,
// before that paint, delays it. The body waits in the response meanwhile,
// so compilation still streams, from bytes that are already here. Once the
// page has painted, as when the reader's intent or a call first needs the
// core, neither gate waits. docs/loading.md has the measurements behind
// each gate.
function loadCore() {
  var gate = firstPaintGates();
  var go = new Go();
  // A WebAssembly memory never shrinks, so the heap's high-water mark is
  // what the page keeps paying for. The core's live heap is one list:
  // collecting at 25% growth rather than Go's default 100% keeps memory
  // small and flat. An environment variable, so it costs the .wasm no bytes.
  go.env = { GOGC: '25' };
  var instance = null;
  go.importObject.favorites = coreImports(function () { return instance.exports; });
  var download = gate.framed.then(function () {
    mark('request');
    return fetchCore();
  });
  return Promise.all([download, gate.painted]).then(function (r) {
    var resp = r[0];
    mark('painted');
    if (resp instanceof WebAssembly.Module) {
      return WebAssembly.instantiate(resp, go.importObject).then(function (instance) {
        return { instance: instance };
      });
    }
    if (!resp.ok) throw new Error('HTTP ' + resp.status);
    var type = resp.headers.get('Content-Type') || '';
    // Streaming compilation needs application/wasm; a server that sends
    // another type still gets a working page, compiled from the bytes.
    if (WebAssembly.instantiateStreaming && type.split(';')[0].trim() === 'application/wasm') {
      return WebAssembly.instantiateStreaming(resp, go.importObject);
    }
    return resp.arrayBuffer().then(function (buf) {
      return WebAssembly.instantiate(buf, go.importObject);
    });
  }).then(function (result) {
    mark('instantiated');
    instance = result.instance;
    // go.run returns once main has set the core up and waits: from then
    // on the core is called through the module's exports.
    go.run(instance).catch(function () {});
    if (go.exited) throw new Error('the Go program exited');
    mark('running');
    var call = coreCall(instance.exports);
    return function (op, a, b, c, d, e) {
      if (go.exited) throw error('load-failed', 'the favorites core stopped');
      return call(op, a, b, c, d, e);
    };
  });
}

// firstPaintGates returns two promises: framed resolves once the page's
// first frame is out, painted once its first contentful paint is, as the
// Paint Timing API reports it. A hidden page, or one that will paint
// nothing (no text, image or control of ours), and one that has painted
// already wait for neither; a browser without Paint Timing waits for the
// first frame (until the page has loaded); no page waits more than a
// second for either.
function firstPaintGates() {
  if (hasPainted()) return { framed: Promise.resolve(), painted: Promise.resolve() };
  var nothing = null;
  function showsNothing() {
    if (nothing === null) nothing = document.visibilityState !== 'visible' || !hasContent();
    return nothing;
  }
  var framed = new Promise(function (resolve) {
    if (document.visibilityState !== 'visible' || !window.requestAnimationFrame) return resolve();
    if (document.readyState !== 'loading' && showsNothing()) return resolve();
    requestAnimationFrame(function () { setTimeout(resolve, 0); }); // after that frame
    setTimeout(resolve, 1000);
  });
  var painted = new Promise(function (resolve) {
    if (document.visibilityState !== 'visible') return resolve();
    var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
    if (types && types.indexOf('paint') >= 0) {
      whenParsed(function () {
        if (showsNothing()) return resolve();
        // The entry is buffered: a page that painted while the .wasm came
        // waits for nothing.
        new PerformanceObserver(function (list, observer) {
          if (list.getEntriesByName('first-contentful-paint').length) {
            observer.disconnect();
            resolve();
          }
        }).observe({ type: 'paint', buffered: true });
      });
    } else {
      framed.then(resolve);
    }
    setTimeout(resolve, 1000);
  });
  return { framed: framed, painted: painted };
}

// hasPainted tells whether the page's first contentful paint is out: as
// Paint Timing reports it, or, without it, once the page has loaded.
function hasPainted() {
  var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
  if (types && types.indexOf('paint') >= 0) return performance.getEntriesByName('first-contentful-paint').length > 0;
  return document.readyState === 'complete';
}

function whenParsed(fn) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
  else fn();
}

// hasContent tells whether the page has anything that makes a contentful
// paint: text outside scripts and styles, an image, drawing or video, or a
// control of ours (it shows the loading state). It looks at the DOM only,
// never at layout.
function hasContent() {
  var body = document.body;
  if (!body) return false;
  if (body.querySelector('img,svg,canvas,video,input,textarea,select,iframe,' + BUTTON + ',' + LIST)) return true;
  var walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, function (n) {
    return /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(n.parentNode.nodeName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
  });
  for (var n = walker.nextNode(); n; n = walker.nextNode()) if (/\S/.test(n.data)) return true;
  return false;
}

// mark sets a User Timing mark (an extension): the page's own performance
// tools see when the library started, loaded and was ready.
function mark(name) {
  if (window.performance && performance.mark) performance.mark('favorites:' + name);
}
