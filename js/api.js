// The API: window.Favorites, its errors and events, and the list the page
// shows, which is always the core's last answer.

var SYNC_MS = 1000; // the contract: another tab's change is seen within 2 s
var core = null; // core(op, ...args) → JSON text, once the core runs
var items = []; // the list as the core last gave it, oldest first
var pending = {}; // id → how many changes of it are in flight
var failed = null; // the error every call rejects with, once start failed
var channel = null; // tells the other tabs that the list changed
var cookieName = 'favorites'; // also names the Web Lock and the channel
var seenCookie = null; // document.cookie when the core last read it for sync
var endpoint = null; // data-endpoint, or configure's endpoint (an extension)

function error(code, message) {
  return Object.assign(new Error(message), { name: 'FavoritesError', code });
}

// exec runs one core operation and returns its result. An outside change
// that the core's read of the cookie found (another tab, an expiry, the
// reader clearing cookies) is reported first, as a "sync", so that no
// operation swallows it. A change's result holds the whole list after it.
function exec(op, ...args) {
  let out;
  seenCookie = null; // the core reads, and may write: sync asks it next time
  try {
    out = JSON.parse(core(op, ...args));
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

// locked runs fn, then after(fn's result) when given, under a Web Lock
// shared by the site's tabs, so that no two read-modify-write cycles of the
// cookie interleave; under a lease in IndexedDB where there are no Web Locks
// (lease.js); unlocked where the page may hold no lock (the core then finds
// that it may keep no cookie either). Where tabs run in separate
// processes (Firefox, WebKit) a page sees another's cookie write late, so fn
// waits until document.cookie shows the list the browser's cookie store
// holds, and after waits until the store holds fn's write.
async function locked(fn, after) {
  const run = async () => {
    await settle();
    const r = fn();
    await settle();
    if (after) await after(r);
    return r;
  };
  if (!navigator.locks) return leased(run);
  let ran = false;
  try {
    return await navigator.locks.request('favorites:' + cookieName, () => {
      ran = true;
      return run();
    });
  } catch (err) {
    if (ran || !err || err.name !== 'SecurityError') throw err;
    return run();
  }
}

// settle resolves once document.cookie and cookieStore (secure contexts)
// agree on the list's cookies, or after a bounded number of tasks. A store
// that fails settles nothing: the lock still holds.
async function settle() {
  if (!window.cookieStore) return;
  for (let tries = 0; tries <= 100; tries++) {
    let held;
    try {
      held = listCookies((await cookieStore.getAll()).map((c) => [c.name, c.value]));
    } catch (e) {
      return;
    }
    if (held === listCookies(documentCookies())) return;
    await pause(0);
  }
}

function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// RENEW_MS bounds a renew, and so how long a change holds the lock and the
// button its loading state: a few round trips of a slow mobile network. A
// renew that misses it costs only the cookies' longer life, until the next.
var RENEW_MS = 3000;

// renew asks the endpoint to set the list's cookies again, as the request
// carries them: server-set cookies outlive the cap some browsers put on
// script-written ones (Safari: 7 days). It never rejects; a failed renew
// leaves the list as the change wrote it. It runs under the change's lock,
// after the store holds the write, so no other tab's change lands between
// its request and its answer, which would put back an older list. An
// aborted renew cannot: a response's Set-Cookie is stored only on receipt
// (Fetch, "HTTP-network fetch"), and the abort is sent before the lock is
// released. Nor is it keepalive: a page that goes away ends it, with its lock.
async function renew() {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), RENEW_MS);
  try {
    await fetch(endpoint.replace(/\/*$/, '/renew'), {
      method: 'POST', mode: 'same-origin', credentials: 'same-origin', cache: 'no-store', signal: ctl.signal
    });
  } catch (e) { /* the list stays as the change wrote it */ }
  clearTimeout(timer);
}

// needCore runs fn once the core runs, starting it if it is not yet
// (main.js), and rejects with the reason when it cannot start.
function needCore(fn) {
  return startCore().then(fn, () => { throw failed; });
}

// withoutCore tells whether a call that only reads can be answered without
// the core: it has not been started (or could not be), and no stored list
// is there for it to read, so the list is empty.
function withoutCore() {
  return (!starting || failed !== null) && !storedList();
}

function idKey(id) {
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

// change runs a mutating operation, args[0] being the id, and when the
// stored list changed tells the page, the other tabs and the widgets. The
// id's buttons show the loading state from the call on, also while the
// core loads.
async function change(action, op, args) {
  const refused = consentRefusal(action, args[0]); // consent.js
  if (refused) throw refused;
  const key = idKey(args[0]);
  if (key !== null) {
    pending[key] = (pending[key] || 0) + 1;
    buttonsOf(key, drawButton);
  }
  let r;
  try {
    // A page that may not use cookies at all needs no core to say so, and
    // may not be able to fetch it either; a running core finds it itself.
    if (!core && !cookiesUsable()) throw error('cookies-disabled', 'the page may not use cookies');
    r = await needCore(() => locked(() => exec(op, ...args), (r) => r.changed && items.length && endpoint && renew()));
  } catch (err) {
    done(key);
    markError(key, err);
    throw err;
  }
  done(key);
  if (r.changed) {
    announce(op === OP.toggle ? (r.on ? 'add' : 'remove') : action, key);
    if (channel) channel.postMessage(1);
  }
  return r;
}

// done ends a change of key; its buttons, drawn as loading meanwhile, show
// the list's state again.
function done(key) {
  if (key === null || --pending[key]) return;
  delete pending[key];
  buttonsOf(key, drawButton);
}

// announce redraws the widgets and dispatches favorites:change.
function announce(action, id) {
  const detail = { action, items: publicItems() };
  if (id !== null && action !== 'clear' && action !== 'sync') detail.id = id;
  draw();
  document.dispatchEvent(new CustomEvent('favorites:change', { detail }));
}

// publicItems returns the caller's own copy of the list.
function publicItems() {
  return items.map(({ id, title, url, added }) => ({ id, title, url, added }));
}

function itemArgs(item) {
  return item === null || typeof item !== 'object' ? [item] : [item.id, item.title, item.url];
}

// Options that the core checks, passed to it positionally.
var CORE_OPTIONS = ['cookieName', 'maxItems', 'maxAgeDays', 'domain'];

// configure applies options: the list's go to the core, which checks them;
// the messages and the endpoint are the shim's, which checkOptions checks.
// Nothing changes unless all make sense. Without the core only the shim's
// may be given (api.configure sees to it).
function configure(options, secure) {
  const next = checkOptions(options), o = options;
  if (core) {
    items = exec(OP.configure, o.cookieName, o.maxItems, o.maxAgeDays, o.domain, secure);
    if (typeof o.cookieName === 'string' && o.cookieName !== cookieName) {
      cookieName = o.cookieName; // another list: another lock and channel
      openChannel();
    }
  }
  if (o.endpoint !== undefined) endpoint = o.endpoint || null;
  Object.assign(messages, next);
  draw();
}

// checkOptions checks what the shim can (the names of options and
// messages, the types of messages and the endpoint) and returns the
// messages to set.
function checkOptions(options) {
  if (options === null || typeof options !== 'object') throw error('invalid-item', 'configure takes an object');
  for (const k in options) {
    if (k !== 'messages' && k !== 'endpoint' && !CORE_OPTIONS.includes(k)) throw error('invalid-item', 'unknown option ' + k);
  }
  if (options.endpoint != null && typeof options.endpoint !== 'string') throw error('invalid-item', 'endpoint must be a string or null');
  const m = options.messages, next = {};
  if (m === undefined) return next;
  if (m === null || typeof m !== 'object') throw error('invalid-item', 'messages must be an object');
  for (const k in m) {
    if (!(k in messages)) throw error('invalid-item', 'unknown message ' + k);
    if (typeof m[k] !== 'string') throw error('invalid-item', 'message ' + k + ' must be a string');
    next[k] = m[k];
  }
  return next;
}

var api = {
  add: (item) => change('add', OP.add, itemArgs(item)).then(publicItems),
  remove: (id) => change('remove', OP.remove, [id]).then(publicItems),
  toggle: (item) => change('toggle', OP.toggle, itemArgs(item)).then((r) => r.on),
  clear: () => change('clear', OP.clear, []).then(() => {}),
  has(id) {
    // Without a stored list nothing is a favourite. The core is not loaded
    // to check the id, except one that no list can hold for its type or
    // emptiness, which it must reject (invalid-item).
    if (withoutCore() && (typeof id === 'number' || (typeof id === 'string' && id !== ''))) {
      return Promise.resolve(false);
    }
    return needCore(() => {
      sync();
      const key = idKey(id);
      return key !== null && isFavorite(key) ? true : exec(OP.has, id); // an absent id may be invalid
    });
  },
  list() {
    if (withoutCore()) return Promise.resolve([]);
    return needCore(() => {
      sync();
      return publicItems();
    });
  },
  configure(options) {
    const listOptions = options !== null && typeof options === 'object' && CORE_OPTIONS.some((k) => options[k] !== undefined);
    if (withoutCore() && !listOptions) return new Promise((resolve) => resolve(configure(options)));
    return needCore(() => configure(options));
  }
};

// ---- other tabs -------------------------------------------------------

// sync asks the core whether the list changed outside this page; exec
// reports what it found. While document.cookie is the string the core last
// read, the core is not asked: has() and list() that always asked it missed
// make bench's targets (docs/benchmarks.md). Before the core runs, a stored
// list that appears (another tab's, a server's) starts it.
function sync() {
  if (!core) {
    if (!starting && storedList()) startCore().catch(() => {});
    return;
  }
  let cookie;
  try { cookie = document.cookie; } catch (e) { return; } // no cookies: nothing to sync
  if (cookie === seenCookie) return;
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

// listen also polls: the cookie may change without a message (a server's
// response, an expiry, the reader clearing cookies), and a poll costs one
// string comparison while nothing changed.
function listen() {
  const visible = () => { if (document.visibilityState === 'visible') sync(); };
  setInterval(visible, SYNC_MS);
  document.addEventListener('visibilitychange', visible);
  window.addEventListener('pageshow', sync);
  window.addEventListener('focus', sync);
}
