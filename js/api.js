// The API: window.Favorites, its errors and events, and the list the page
// shows, which is always the core's last answer.

var SYNC_MS = 1000; // the contract: another tab's change is seen within 2 s
var core = null; // core(op, ...args) → JSON text, once the core runs
var items = []; // the list as the core last gave it, oldest first
var pending = {}; // ids with a change in flight
var failed = null; // the error every call rejects with, once start failed
var channel = null; // tells the other tabs that the list changed
var cookieName = 'favorites'; // the Web Lock's and the channel's name
var seenCookie = null; // document.cookie when the core last read it for sync

function error(code, message) {
  var e = new Error(message);
  e.name = 'FavoritesError';
  e.code = code;
  return e;
}

// exec runs one core operation and returns its result. When the core's
// read of the cookie found a change made outside this page (another tab,
// an expiry, the reader clearing cookies), that is reported as a "sync"
// first, so no operation swallows it. A change's result holds the whole
// list after it, which becomes the page's.
function exec(op, a, b, c, d, e) {
  var out;
  seenCookie = null; // the core reads, and may write: sync asks it next time
  try {
    out = JSON.parse(core(op, a, b, c, d, e));
  } catch (err) { // the Go program has exited or trapped: a crash, not bad input
    throw err && err.code ? err : error('load-failed', 'the favorites core stopped: ' + (err && err.message));
  }
  if (out.sync) {
    items = out.sync;
    announce('sync', null);
  }
  if (out.error) throw error(out.error, out.message);
  if (out.result && out.result.items) items = out.result.items;
  return out.result;
}

// locked runs fn under a Web Lock shared by every tab of the site, so that
// two tabs' read-modify-write cycles of the cookie never interleave. Where
// the page may not hold locks (an opaque origin, storage refused by the
// reader's settings) fn runs unlocked: the core then finds that it may not
// keep cookies either, and says so.
//
// A lock alone is not enough where tabs run in separate processes (Firefox,
// WebKit): a page sees another process's cookie write only some time after
// it, in a task of its own, and the next holder of the lock would read the
// list without it. So the holder waits, before the core reads, until its
// own document.cookie shows the list as the browser's cookie store
// (cookieStore, secure contexts) holds it, and, after the core wrote, until
// the store holds the write, for the next holder in any process.
//
// after, when given, runs with fn's result once the store holds the write,
// still under the lock, which it holds until its promise settles.
function locked(fn, after) {
  var locks = navigator.locks;
  function then(r) {
    return after ? Promise.resolve(after(r)).then(function () { return r; }) : r;
  }
  if (!locks) return Promise.resolve().then(fn).then(then);
  var ran = false;
  return locks.request('favorites:' + cookieName, function () {
    ran = true;
    return settle().then(function () {
      var r = fn();
      return settle().then(function () { return then(r); });
    });
  }).catch(function (err) {
    if (ran || !err || err.name !== 'SecurityError') throw err;
    return then(fn());
  });
}

// RENEW_MS bounds a renew, and with it how long a change holds the lock
// (and the reader's button its loading state) for an endpoint that does
// not answer: a few round trips of a slow mobile network, a new connection
// included. A renew that misses it costs only the cookies' longer life,
// which the next change asks for again.
var RENEW_MS = 3000;
var endpoint = null; // data-endpoint, or configure's endpoint (an extension)

// renew asks the endpoint to set the list's cookies again, as the request
// carries them, so that they become server-set ones, which browsers that cap
// the life of script-written cookies (Safari: 7 days) keep. It never
// rejects: a failed renew leaves the list as the change wrote it.
//
// It runs under the change's lock, after the store holds the write, so the
// request carries this change's list and its answer lands before another
// tab may change the list; a renew answered after that would put back this
// older copy. One that is aborted at RENEW_MS cannot: aborting ends the
// fetch, whose response's Set-Cookie the browser stores only on receiving
// it (Fetch, "HTTP-network fetch"), and the abort is sent before the lock
// is released, so a later answer finds no request to apply to. An answer
// that the network stack took in before the abort reached it was stored
// then, and echoes this change's list: another tab's change comes only
// after the lock has passed to it, which is after the abort was sent. For
// the same reason a renew is no keepalive request: a page that goes away
// ends it, with its lock. A change that leaves no list has nothing to
// renew.
function renew() {
  if (!endpoint) return;
  var ctl = new AbortController();
  var timer = setTimeout(function () { ctl.abort(); }, RENEW_MS);
  return fetch(endpoint.replace(/\/*$/, '/renew'), {
    method: 'POST', mode: 'same-origin', credentials: 'same-origin', cache: 'no-store', signal: ctl.signal
  }).then(function () {}, function () {}).then(function () { clearTimeout(timer); });
}

// settle resolves once document.cookie and cookieStore agree on the list's
// cookies, or after a bounded number of tasks.
function settle() {
  var store = window.cookieStore;
  if (!store) return Promise.resolve();
  var tries = 0;
  function round() {
    return store.getAll().then(function (all) {
      var held = {};
      all.forEach(function (c) { if (isListCookie(c.name)) held[c.name] = c.value; });
      if (sameCookies(held, pageListCookies()) || ++tries > 100) return;
      return new Promise(function (resolve) { setTimeout(resolve, 0); }).then(round);
    }, function () {}); // a store that fails settles nothing: the lock still holds
  }
  return round();
}

// pageListCookies returns name → value of the list's cookies that
// document.cookie shows.
function pageListCookies() {
  var out = {};
  document.cookie.split(/;\s*/).forEach(function (pair) {
    var i = pair.indexOf('=');
    if (i > 0 && isListCookie(pair.slice(0, i))) out[pair.slice(0, i)] = pair.slice(i + 1);
  });
  return out;
}

function isListCookie(name) {
  return name === cookieName || (name.length === cookieName.length + 2 &&
    name.lastIndexOf(cookieName + '_', 0) === 0 && name.charAt(name.length - 1) >= '1' &&
    name.charAt(name.length - 1) < String(MAX_CHUNKS));
}

function sameCookies(a, b) {
  var ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (var i = 0; i < ka.length; i++) if (a[ka[i]] !== b[ka[i]]) return false;
  return true;
}

// needCore runs fn once the core runs, starting it if it is not yet
// (main.js), and rejects with the reason when it cannot start.
function needCore(fn) {
  return startCore().then(fn, function () { throw failed; });
}

// withoutCore tells whether a call that only reads can be answered without
// the core: it has not been started (or could not be), and no stored list
// is there for it to read, so the list is empty.
function withoutCore() {
  return (!starting || failed !== null) && !storedList();
}

// change runs a mutating operation and, when the stored list changed,
// tells the page, the other tabs and the widgets. The id's buttons show
// the loading state from the call on, also while the core loads.
function change(action, id, op, a, b, c) {
  var refused = consentRefusal(action, id); // consent.js
  if (refused) return Promise.reject(refused);
  var key = typeof id === 'string' || typeof id === 'number' ? String(id) : null;
  if (key !== null) { pending[key] = (pending[key] || 0) + 1; drawButtons(); }
  // A page that may not use cookies at all (document.cookie throws: a
  // sandboxed frame, an opaque origin) needs no core to say so, and may not
  // be able to fetch it either.
  var usable = true;
  try { void document.cookie; } catch (e) { usable = false; }
  return (usable ? needCore(function () {
    return locked(function () { return exec(op, a, b, c); }, function (r) { if (r.changed && items.length) return renew(); });
  }) : Promise.reject(error('cookies-disabled', 'the page may not use cookies'))).then(function (r) {
    done(key);
    if (r.changed) {
      announce(op === OP.toggle ? (r.on ? 'add' : 'remove') : action, key);
      if (channel) channel.postMessage(1);
    }
    return r;
  }, function (err) {
    done(key);
    markError(key, err);
    throw err;
  });
}

// done ends a change of key; its buttons, drawn as loading meanwhile, show
// the list's state again (a change that changed nothing redraws nothing).
function done(key) {
  if (key === null || --pending[key]) return;
  delete pending[key];
  each(BUTTON, function (b) { if (b.getAttribute('data-favorite') === key) drawButton(b); });
}

// announce redraws the widgets and dispatches favorites:change.
function announce(action, id) {
  var detail = { action: action, items: publicItems() };
  if (id !== null && action !== 'clear' && action !== 'sync') detail.id = id;
  draw();
  document.dispatchEvent(new CustomEvent('favorites:change', { detail: detail }));
}

// publicItems returns the caller's own copy of the list.
function publicItems() {
  return items.map(function (it) {
    return { id: it.id, title: it.title, url: it.url, added: it.added };
  });
}

function itemArgs(item) {
  if (item === null || typeof item !== 'object') return [item];
  return [item.id, item.title, item.url];
}

// configure applies options: those of the list go to the core, which
// checks them; messages are the widgets'. Nothing changes unless all make
// sense. Without the core (configureMessages) only messages may be given.
function configure(options, secure) {
  var next = checkOptions(options), o = options;
  items = exec(OP.configure, o.cookieName, o.maxItems, o.maxAgeDays, o.domain, secure);
  if (typeof o.cookieName === 'string') cookieName = o.cookieName;
  setEndpoint(o);
  setMessages(next);
  openChannel();
}

function configureMessages(options) {
  var next = checkOptions(options);
  setEndpoint(options);
  setMessages(next);
}

// setEndpoint applies configure's endpoint (an extension): a path, or null
// or "" for none.
function setEndpoint(o) {
  if (o.endpoint !== undefined) endpoint = o.endpoint || null;
}

function setMessages(next) {
  for (var k in next) messages[k] = next[k];
  draw();
}

// listOptions tells whether options set any option of the list, which
// only the core can check.
function listOptions(options) {
  if (options === null || typeof options !== 'object') return false;
  for (var i = 0; i < CORE_OPTIONS.length; i++) if (options[CORE_OPTIONS[i]] !== undefined) return true;
  return false;
}

// checkOptions checks what the shim can (the names of options and
// messages, and messages' types) and returns the messages to set.
function checkOptions(options) {
  if (options === null || typeof options !== 'object') {
    throw error('invalid-item', 'configure takes an object');
  }
  var next = {}, k;
  for (k in options) {
    if (k !== 'messages' && k !== 'endpoint' && CORE_OPTIONS.indexOf(k) < 0) throw error('invalid-item', 'unknown option ' + k);
  }
  if (options.endpoint != null && typeof options.endpoint !== 'string') throw error('invalid-item', 'endpoint must be a string or null');
  var m = options.messages;
  if (m !== undefined) {
    if (m === null || typeof m !== 'object') throw error('invalid-item', 'messages must be an object');
    for (k in m) {
      if (!(k in messages)) throw error('invalid-item', 'unknown message ' + k);
      if (typeof m[k] !== 'string') throw error('invalid-item', 'message ' + k + ' must be a string');
      next[k] = m[k];
    }
  }
  return next;
}

// Options that the core checks, passed to it positionally.
var CORE_OPTIONS = ['cookieName', 'maxItems', 'maxAgeDays', 'domain'];

var api = {
  add: function (item) {
    var a = itemArgs(item);
    return change('add', a[0], OP.add, a[0], a[1], a[2]).then(publicItems);
  },
  remove: function (id) {
    return change('remove', id, OP.remove, id).then(publicItems);
  },
  toggle: function (item) {
    var a = itemArgs(item);
    return change('toggle', a[0], OP.toggle, a[0], a[1], a[2]).then(function (r) { return r.on; });
  },
  has: function (id) {
    // Without a stored list nothing is a favourite. The core is not loaded
    // to check the id, except one that no list can hold for its type or
    // emptiness, which it must reject (invalid-item).
    if (withoutCore() && (typeof id === 'number' || (typeof id === 'string' && id !== ''))) {
      return Promise.resolve(false);
    }
    return needCore(function () {
      sync();
      var key = typeof id === 'string' || typeof id === 'number' ? String(id) : null;
      return key !== null && isFavorite(key) ? true : exec(OP.has, id); // an absent id may be invalid
    });
  },
  list: function () {
    if (withoutCore()) return Promise.resolve([]);
    return needCore(function () {
      sync();
      return publicItems();
    });
  },
  clear: function () {
    return change('clear', null, OP.clear).then(function () {});
  },
  configure: function (options) {
    if (withoutCore() && !listOptions(options)) {
      return new Promise(function (resolve) { configureMessages(options); resolve(); });
    }
    return needCore(function () { configure(options); });
  }
};

// ---- other tabs -------------------------------------------------------

// sync asks the core whether the list changed outside this page; exec
// reports what it found. While document.cookie is the string the core
// last read here, the list here is the stored one, and the core is not
// asked: has() and list() that always asked it missed make bench's targets
// (docs/benchmarks.md). Before the core runs, a stored list that appears
// (another tab's, a server's) starts it; the core reports it as a sync.
function sync() {
  if (!core) {
    if (!starting && storedList()) startCore().catch(function () {});
    return;
  }
  var cookie;
  try { cookie = document.cookie; } catch (e) { return; } // no cookies: nothing to sync
  if (!core || cookie === seenCookie) return;
  try { exec(OP.sync); } catch (e) { return; } // the core stopped: nothing to sync
  seenCookie = cookie;
}

function openChannel() {
  if (channel) channel.close();
  channel = null;
  try {
    channel = new BroadcastChannel('favorites:' + cookieName);
  } catch (e) {
    return; // none in this browser, or storage refused: the poll still sees changes
  }
  channel.onmessage = sync;
}

function listen() {
  // The cookie may also change without a message: a server response, an
  // expiry, the reader clearing cookies. Polling costs one string
  // comparison while nothing changed.
  setInterval(function () {
    if (document.visibilityState === 'visible') sync();
  }, SYNC_MS);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') sync();
  });
  window.addEventListener('pageshow', sync);
  window.addEventListener('focus', sync);
}
