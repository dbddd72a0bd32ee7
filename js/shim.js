// favorites shim: loads the Go core (favorites.wasm), exposes window.Favorites
// and wires the declarative markup. It holds no domain logic: items,
// validation, limits and the cookie all live in Go. The Go runtime glue
// (wasm_exec.js, defining Go) comes first in dist/favorites.js, inside the
// scope that js/head.js opens.
fs = globalThis.fs;
Go = globalThis.Go;
['Go', 'fs', 'process', 'path'].forEach(function (k) {
  if (pageGlobals[k]) Object.defineProperty(globalThis, k, pageGlobals[k]);
  else delete globalThis[k];
});

(function () {
  'use strict';
  if (window.Favorites) return; // the script was included twice

  var script = document.currentScript;
  var data = (script && script.dataset) || {};

  var messages = {
    add: 'Add to favorites',
    remove: 'Remove from favorites',
    clear: 'Clear favorites',
    empty: 'Favorite list is empty.',
    warning: 'Your favorite posts saved to your browsers cookies. If you clear cookies also favorite posts will be deleted.',
    rem: 'remove',
    loading: 'Loading',
    error: 'Favorites are unavailable right now.' // an extension: shown when the core failed to load
  };
  // Options that Go validates, passed to it positionally.
  var coreOptions = ['cookieName', 'maxItems', 'maxAgeDays', 'domain'];
  var cookieName = data.cookieName || 'favorites';

  // The markup the shim wires (the contract's "Markup").
  var BUTTON = '[data-favorite]';
  var LIST = '[data-favorites-list]';
  var COUNT = '[data-favorites-count]';

  // The core's operations, numbered as wasm/dispatch.go numbers them: a
  // number crosses into Go as it is, a string needs a copy and a finalizer.
  var OP = { configure: 1, list: 2, has: 3, add: 4, remove: 5, toggle: 6, clear: 7, sync: 8, gc: 9 };

  var SYNC_MS = 1000; // the contract: another tab's change is seen within 2 s
  var core = null; // core(op, ...args) → JSON text, once ready
  var runtime = null; // the Go instance running the core, for stats()
  var memory = null; // its WebAssembly memory, for stats()
  var items = []; // the list as last delivered by the core, for drawing
  var pending = {}; // ids with a change in flight
  var failed = null; // the load-failed error, once loading failed
  var channel = null;

  // The core's answers to reads, kept for the document.cookie string they
  // were given for. has() and list() are functions of that string alone,
  // and a call into Go costs tens of microseconds, most of a read's price:
  // while the string is the same, the answer is. Any other string (a change
  // here, in another tab, of any cookie) and any configure forget them.
  var memoCookie = null;
  var memoList = null;
  var memoHas = {};

  function memoFor(cookie) {
    if (cookie !== memoCookie) {
      memoCookie = cookie;
      memoList = null;
      memoHas = {};
    }
  }

  function error(code, message) {
    var e = new Error(message);
    e.name = 'FavoritesError';
    e.code = code;
    return e;
  }

  // exec runs one core operation and returns its result. When the core's
  // first read of the cookie found a change made outside this page (another
  // tab, an expiry, the reader clearing cookies), that is reported as a
  // "sync" first, so no operation swallows it.
  function exec(op, a, b, c, d, e) {
    var out;
    try {
      out = JSON.parse(core(op, a, b, c, d, e));
    } catch (err) { // the Go program has exited: a crash, not bad input
      throw error('load-failed', 'the favorites core stopped: ' + err.message);
    }
    if (out.sync) {
      items = out.sync;
      announce('sync', null, out.sync);
    }
    if (out.error) throw error(out.error, out.message);
    var r = out.result;
    // A change's answer is the splice that turns the list held here into
    // the new one (internal/dispatch): applied at once, in the order of
    // the core's answers, so the list here is always the core's.
    if (r !== null && typeof r === 'object' && typeof r.changed === 'boolean') {
      if (r.changed) {
        var next = items.slice(0, r.splice[0]);
        for (var i = 2; i < r.splice.length; i++) next.push(r.splice[i]);
        items = next.concat(items.slice(r.splice[0] + r.splice[1]));
      }
      r.items = items;
    }
    return r;
  }

  // Changes run under a Web Lock shared by every tab of the site, so that two
  // tabs' read-modify-write cycles of the cookie never interleave.
  function locked(fn) {
    var locks = navigator.locks;
    return locks ? locks.request('favorites:' + cookieName, fn) : Promise.resolve().then(fn);
  }

  // ---- loading ----------------------------------------------------------

  function wasmURL() {
    if (data.wasm) return new URL(data.wasm, document.baseURI);
    return new URL('favorites.wasm', script ? script.src : document.baseURI);
  }

  // instantiate downloads the .wasm once the page's first frame is out
  // (framed) and compiles it only after its first contentful paint
  // (painted): compiling 2 MB keeps both cores of a small machine busy and
  // ends in a main-thread task, and run alongside the page's first render
  // it delayed that paint by 20–40 ms in make bench. The body waits in the
  // response meanwhile, so compilation still streams, from bytes that are
  // already here.
  function instantiate(go, imports) {
    go.importObject.favorites = imports;
    var download = framed.then(function () {
      mark('request');
      return fetch(wasmURL(), { credentials: 'same-origin' });
    });
    return Promise.all([download, painted]).then(function (r) {
      var resp = r[0];
      mark('painted');
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
    });
  }

  function start() {
    var go = runtime = new Go();
    // A WebAssembly memory never shrinks, so the heap's high-water mark is
    // what the page keeps paying for. The core's live heap is one list, and
    // each operation leaves a few kilobytes of garbage: collecting at 25%
    // growth rather than Go's default 100% (a 1 MiB minimum heap instead of
    // 4 MiB) keeps memory small and flat from the first operations on. An
    // environment variable, so it costs the .wasm no bytes.
    go.env = { GOGC: '25' };
    var instance = null;
    // No read of document.cookie here to warm the browser's cookie cache:
    // it is a synchronous call to the network process, which is busy with
    // the .wasm download, and make bench measured it blocking the page
    // long enough to make the start 40 ms slower (31 cold loads each).
    return instantiate(go, coreImports(function () { return instance.exports; })).then(function (result) {
      mark('instantiated');
      instance = result.instance;
      memory = instance.exports.mem;
      // go.run returns once main has set the core up and waits: from then
      // on the core is called through the module's exports.
      go.run(instance).catch(function () {});
      if (go.exited) throw new Error('the Go program exited');
      mark('running');
      var call = coreCall(instance.exports);
      core = function (op, a, b, c, d, e) {
        if (go.exited) throw new Error('the Go program exited');
        return call(op, a, b, c, d, e);
      };
      var o = initialOptions();
      items = exec(OP.configure, o.cookieName, o.maxItems, o.maxAgeDays, o.domain, location.protocol === 'https:');
    });
  }

  // showsNothing tells, once the page is parsed, whether it will paint
  // nothing: hidden, or without text, image or control of ours. Such a page
  // has no first paint to protect and gets no first contentful paint entry:
  // it waits for nothing.
  var nothing = null;
  function showsNothing() {
    if (nothing === null) nothing = document.visibilityState !== 'visible' || !hasContent();
    return nothing;
  }

  // framed resolves once the page's first frame is out, when the .wasm
  // request starts: issuing it takes the main thread 3–4 ms on a small
  // machine, and issued by the script's run, before that frame, it held
  // the demo's first contentful paint back by 4–9 ms (medians and means of
  // 51 loads each, side by side), for no earlier ready: the download is
  // done long before compilation may start. A page that shows nothing, or
  // a hidden one, waits for nothing; one whose frames are throttled waits
  // a second at most.
  var framed = new Promise(function (resolve) {
    if (document.visibilityState !== 'visible' || !window.requestAnimationFrame) return resolve();
    if (document.readyState !== 'loading' && showsNothing()) return resolve();
    requestAnimationFrame(function () { setTimeout(resolve, 0); }); // after that frame
    setTimeout(resolve, 1000);
  });

  // painted resolves once the page has shown its first contentful paint,
  // as the Paint Timing API reports it. Go's runtime starts in one long
  // task on the main thread (the floor program's start is as long) after a
  // compilation that fills the machine; either, before that paint, holds
  // it back. The first frame is not enough: a new page's first frame is
  // presented, and reported as its first contentful paint, 50–130 ms after
  // its first requestAnimationFrame in make bench. It is watched from the
  // script's start, in parallel with the download, and the entry is
  // buffered: a page that painted while the .wasm came waits for nothing.
  // A page that shows nothing waits for nothing; a browser without Paint
  // Timing waits for the first frame; no page waits more than a second.
  var painted = new Promise(function (resolve) {
    if (document.visibilityState !== 'visible') return resolve();
    var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
    if (types && types.indexOf('paint') >= 0) {
      whenParsed(function () {
        if (showsNothing()) return resolve();
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

  function whenParsed(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  }

  // hasContent tells whether the page has anything that makes a
  // contentful paint: text outside scripts and styles, an image, drawing or
  // video, or a control of ours (it shows the loading state). It looks at
  // the DOM only, never at layout.
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

  function initialOptions() {
    var o = {};
    if (data.cookieName) o.cookieName = data.cookieName;
    if (data.maxItems) o.maxItems = Number(data.maxItems);
    if (data.maxAgeDays) o.maxAgeDays = Number(data.maxAgeDays);
    if (data.domain) o.domain = data.domain;
    for (var k in messages) {
      var m = data['message' + k.charAt(0).toUpperCase() + k.slice(1)];
      if (m) messages[k] = m;
    }
    return o;
  }

  // User Timing marks (an extension): the page's own performance tools see
  // when the library started and when it was ready.
  function mark(name) {
    if (window.performance && performance.mark) performance.mark('favorites:' + name);
  }
  mark('start');

  var ready = start().then(function () {
    mark('ready');
    draw();
    listen();
  }, function (err) {
    failed = error('load-failed', 'favorites.wasm could not be loaded: ' + (err && err.message));
    if (window.console) console.warn(failed.message);
    draw();
    throw failed;
  });
  ready.catch(function () {}); // reported through Favorites.ready and every method

  // ---- API --------------------------------------------------------------

  function whenReady(fn) {
    return ready.then(fn, function () { throw failed; });
  }

  // change runs a mutating operation and, when the stored list changed,
  // tells the page, the other tabs and the widgets.
  function change(action, id, op, a, b, c) {
    return whenReady(function () {
      var key = typeof id === 'string' || typeof id === 'number' ? String(id) : null;
      if (key !== null) { pending[key] = (pending[key] || 0) + 1; drawButtons(); }
      return locked(function () { return exec(op, a, b, c); }).then(function (r) {
        done(key);
        if (r.changed) {
          announce(op === OP.toggle ? (r.on ? 'add' : 'remove') : action, key, r.items);
          if (channel) channel.postMessage(1);
        }
        return r;
      }, function (err) {
        done(key);
        markError(key, err);
        throw err;
      });
    });
  }

  function done(key) {
    if (key !== null && !--pending[key]) delete pending[key];
  }

  function announce(action, id, list) {
    var detail = { action: action, items: list };
    if (id !== null && action !== 'clear' && action !== 'sync') detail.id = id;
    draw();
    document.dispatchEvent(new CustomEvent('favorites:change', { detail: detail }));
  }

  function itemArgs(item) {
    if (item === null || typeof item !== 'object') return [item];
    return [item.id, item.title, item.url];
  }

  var api = {
    ready: ready,
    add: function (item) {
      var a = itemArgs(item);
      return change('add', a[0], OP.add, a[0], a[1], a[2]).then(function (r) { return r.items; });
    },
    remove: function (id) {
      return change('remove', id, OP.remove, id).then(function (r) { return r.items; });
    },
    toggle: function (item) {
      var a = itemArgs(item);
      return change('toggle', a[0], OP.toggle, a[0], a[1], a[2]).then(function (r) { return r.on; });
    },
    has: function (id) {
      return whenReady(function () {
        memoFor(document.cookie);
        var key = typeof id === 'string' || typeof id === 'number' ? typeof id + ':' + id : null;
        if (key !== null && key in memoHas) return memoHas[key];
        var on = exec(OP.has, id);
        if (key !== null) memoHas[key] = on;
        return on;
      });
    },
    list: function () {
      return whenReady(function () {
        memoFor(document.cookie);
        if (!memoList) memoList = exec(OP.list);
        return memoList.map(function (it) { // the caller's own copy
          return { id: it.id, title: it.title, url: it.url, added: it.added };
        });
      });
    },
    clear: function () {
      return change('clear', null, OP.clear).then(function () {});
    },
    configure: function (options) {
      return whenReady(function () {
        if (options === null || typeof options !== 'object') {
          throw error('invalid-item', 'configure takes an object');
        }
        var next = {};
        for (var k in options) {
          if (k === 'messages') continue;
          if (coreOptions.indexOf(k) < 0) throw error('invalid-item', 'unknown option ' + k);
        }
        var m = options.messages;
        if (m !== undefined) {
          if (m === null || typeof m !== 'object') throw error('invalid-item', 'messages must be an object');
          for (k in m) {
            if (!(k in messages)) throw error('invalid-item', 'unknown message ' + k);
            if (typeof m[k] !== 'string') throw error('invalid-item', 'message ' + k + ' must be a string');
            next[k] = m[k];
          }
        }
        var o = options;
        memoCookie = null;
        items = exec(OP.configure, o.cookieName, o.maxItems, o.maxAgeDays, o.domain);
        if (typeof o.cookieName === 'string') cookieName = o.cookieName;
        for (k in next) messages[k] = next[k];
        openChannel();
        draw();
      });
    },
    // A debug extension (README, "Debugging"): the size of the core's
    // linear memory, and how many JavaScript values the Go side holds
    // references to. Both stay flat while the page is used; growth is a leak.
    stats: function () {
      return whenReady(function () {
        exec(OP.gc); // so that only the values still in use are counted
        return {
          wasmMemoryBytes: memory.buffer.byteLength,
          liveCallbacks: runtime._values.length - runtime._idPool.length
        };
      });
    }
  };
  window.Favorites = api;

  // ---- other tabs -------------------------------------------------------

  // sync asks the core whether the list changed outside this page; exec
  // reports what it found. An unchanged cookie string needs no asking.
  function sync() {
    var cookie = document.cookie;
    if (!core || cookie === memoCookie) return;
    memoFor(cookie);
    try { exec(OP.sync); } catch (e) { /* the core stopped: nothing to sync */ }
  }

  function openChannel() {
    if (!window.BroadcastChannel) return;
    if (channel) channel.close();
    channel = new BroadcastChannel('favorites:' + cookieName);
    channel.onmessage = sync;
  }

  function listen() {
    openChannel();
    // The cookie may also change without a message: a server response, an
    // expiry, the reader clearing cookies. Polling is one string comparison
    // in Go while nothing changed.
    setInterval(function () {
      if (document.visibilityState === 'visible') sync();
    }, SYNC_MS);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') sync();
    });
    window.addEventListener('pageshow', sync);
    window.addEventListener('focus', sync);
  }

  // ---- markup -----------------------------------------------------------

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function has(id) {
    for (var i = 0; i < items.length; i++) if (items[i].id === id) return true;
    return false;
  }

  function state(id) {
    if (failed) return 'error';
    if (!core || pending[id]) return 'loading';
    return has(id) ? 'on' : 'off';
  }

  function drawButton(b) {
    var id = b.getAttribute('data-favorite');
    var s = state(id);
    var prev = b.getAttribute('data-favorite-state');
    if (s === 'loading' && prev && prev !== 'loading' && core) {
      b.setAttribute('aria-busy', 'true'); // in flight: keep the label
    } else {
      b.removeAttribute('aria-busy');
      var on = s === 'on' || (s === 'error' && b.getAttribute('aria-pressed') === 'true');
      var text = s === 'loading' ? messages.loading : on ? messages.remove : messages.add;
      var label = b.querySelector('[data-favorite-label]') || b;
      if (label.textContent !== text) label.textContent = text;
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
    }
    if (s !== 'error') b.removeAttribute('data-favorite-error');
    b.setAttribute('data-favorite-state', s);
    if (b.tagName !== 'BUTTON') { // a span or link made into a button
      if (!b.hasAttribute('role')) b.setAttribute('role', 'button');
      if (!b.hasAttribute('tabindex')) b.setAttribute('tabindex', '0');
    }
  }

  function markError(id, err) {
    if (id === null) return;
    each(BUTTON, function (b) {
      if (b.getAttribute('data-favorite') === id) {
        b.setAttribute('data-favorite-state', 'error');
        b.setAttribute('data-favorite-error', err.code || 'error');
      }
    });
  }

  function drawList(w) {
    var limit = parseInt(w.getAttribute('data-favorites-limit'), 10);
    var shown = items.slice().reverse();
    if (limit > 0) shown = shown.slice(0, limit);
    var focused = w.contains(document.activeElement) ? document.activeElement : null;
    var focusIndex = focused && focused.hasAttribute('data-favorites-remove')
      ? Array.prototype.indexOf.call(w.querySelectorAll('[data-favorites-remove]'), focused) : -1;

    var frag = document.createDocumentFragment();
    if (failed) {
      frag.appendChild(el('p', 'favorites-error', messages.error));
    } else if (!core) {
      frag.appendChild(el('p', 'favorites-loading', messages.loading));
    } else if (!shown.length) {
      frag.appendChild(el('p', 'favorites-empty', messages.empty));
    } else {
      var ul = el('ul', 'favorites-items');
      shown.forEach(function (it) {
        var li = el('li', 'favorites-item');
        var link = el(it.url ? 'a' : 'span', 'favorites-link', it.title || it.url || it.id);
        if (it.url) link.setAttribute('href', it.url);
        var rm = el('button', 'favorites-remove', messages.rem);
        rm.type = 'button';
        rm.setAttribute('data-favorites-remove', it.id);
        rm.setAttribute('aria-label', messages.remove + ': ' + (it.title || it.id));
        li.appendChild(link);
        li.appendChild(document.createTextNode(' '));
        li.appendChild(rm);
        ul.appendChild(li);
      });
      frag.appendChild(ul);
      var clear = el('button', 'favorites-clear', messages.clear);
      clear.type = 'button';
      clear.setAttribute('data-favorites-clear', '');
      frag.appendChild(clear);
    }
    frag.appendChild(el('p', 'favorites-warning', messages.warning));
    w.textContent = '';
    w.appendChild(frag);
    w.classList.add('favorites-list');
    if (focused && !w.contains(focused)) { // the focused control was redrawn
      var removes = w.querySelectorAll('[data-favorites-remove]');
      var next = removes[Math.min(focusIndex, removes.length - 1)] ||
        w.querySelector('[data-favorites-clear]');
      if (!next) { w.setAttribute('tabindex', '-1'); next = w; }
      next.focus();
    }
  }

  function each(sel, fn, root) {
    var r = root || document;
    if (r.nodeType === 1 && r.matches(sel)) fn(r);
    var all = r.querySelectorAll(sel);
    for (var i = 0; i < all.length; i++) fn(all[i]);
  }

  function drawButtons() { each(BUTTON, drawButton); }

  function draw(root) {
    each(BUTTON, drawButton, root);
    each(LIST, drawList, root);
    each(COUNT, function (c) { c.textContent = String(items.length); }, root);
  }

  function buttonItem(b) {
    var title = b.getAttribute('data-favorite-title');
    var url = b.getAttribute('data-favorite-url');
    return {
      id: b.getAttribute('data-favorite'),
      title: title !== null ? title : document.title,
      url: url !== null ? url : location.pathname + location.search
    };
  }

  function activate(target, ev) {
    var b = target.closest(BUTTON);
    if (b) {
      ev.preventDefault();
      if (core && !pending[b.getAttribute('data-favorite')]) api.toggle(buttonItem(b)).catch(function () {});
      return;
    }
    var rm = target.closest('[data-favorites-remove]');
    if (rm) {
      api.remove(rm.getAttribute('data-favorites-remove')).catch(function () {});
      return;
    }
    if (target.closest('[data-favorites-clear]')) api.clear().catch(function () {});
  }

  // One delegated listener serves every control, present or added later.
  document.addEventListener('click', function (ev) {
    if (ev.target instanceof Element) activate(ev.target, ev);
  });
  document.addEventListener('keydown', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element) || t.tagName === 'BUTTON' || (ev.key !== 'Enter' && ev.key !== ' ')) return;
    if (t.matches(BUTTON)) activate(t, ev);
  });

  // Widgets added after load are drawn as they arrive.
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      r.addedNodes.forEach(function (n) {
        if (n.nodeType === 1 && (n.matches(BUTTON + ',' + LIST + ',' + COUNT) ||
            n.querySelector(BUTTON + ',' + LIST + ',' + COUNT))) draw(n);
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });

  whenParsed(function () { draw(); });
})();
