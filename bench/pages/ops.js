// The operations make bench times, inside the page with performance.now()
// (the pages are cross-origin isolated, so its resolution is 5 µs rather
// than 100 µs). Every call is awaited, as a page would.
window.bench = (function () {
  'use strict';
  var F = window.Favorites;
  var asked = 0; // ids has() was asked for before a timed clear
  var HEADLINE = 'Council approves the riverside budget, with new parks, libraries and a cycle path ';

  // item i is a typical one: a 6-digit id, an 80-character title and a
  // 60-character path.
  function item(i) {
    var id = String(100000 + i);
    var url = ('/news/2024/05/' + id + '-council-approves-the-riverside-budget-and-parks').slice(0, 60);
    return { id: id, title: (id + ' ' + HEADLINE).slice(0, 80), url: url };
  }

  async function seed(n) {
    await F.clear();
    for (var i = 0; i < n; i++) await F.add(item(i));
    return null;
  }

  function rawBytes(n) {
    var enc = new TextEncoder(), sum = 0;
    for (var i = 0; i < n; i++) {
      var it = item(i);
      sum += enc.encode(it.id + it.title + it.url).length;
    }
    return sum;
  }

  // The favourites cookies as document.cookie assignments, to put back.
  function saveCookies() {
    return document.cookie.split('; ').filter(function (p) { return /^favorites(_\d)?=/.test(p); });
  }
  function restoreCookies(saved) {
    saved.forEach(function (p) { document.cookie = p + '; Path=/; Max-Age=86400; SameSite=Lax'; });
  }

  // run seeds n items and returns the mean µs of each operation over k
  // calls (clear: over kc calls, each on a freshly restored list).
  async function run(n, k, kc) {
    await seed(n);
    var now = performance.now.bind(performance);
    var mid = item(n >> 1).id, extra = item(n + 500), res = {}, t0, t1, i;

    t0 = now();
    for (i = 0; i < k; i++) await F.has(mid);
    res.has = (now() - t0) / k;

    t0 = now();
    for (i = 0; i < k; i++) await F.list();
    res.list = (now() - t0) / k;

    var add = 0, remove = 0;
    for (i = 0; i < k; i++) {
      t0 = now();
      await F.add(extra);
      t1 = now();
      await F.remove(extra.id);
      add += t1 - t0;
      remove += now() - t1;
    }
    res.add = add / k;
    res.remove = remove / k;

    t0 = now();
    for (i = 0; i < k; i++) {
      await F.toggle(extra); // on
      await F.toggle(extra); // off
    }
    res.toggle = (now() - t0) / (2 * k);

    var saved = saveCookies(), clear = 0;
    for (i = 0; i < kc; i++) {
      restoreCookies(saved);
      // Reads the restored list, untimed. The id is one not asked before:
      // the cookie string is the same as after the last restore, and the
      // library answers has() from a memo of that string without reading
      // anything, which would leave the restored list for clear() to read.
      await F.has('not-asked-' + (++asked));
      t0 = now();
      await F.clear();
      clear += now() - t0;
    }
    res.clear = clear / kc;
    restoreCookies(saved);
    for (var op in res) res[op] *= 1000; // µs
    return res;
  }

  // churn runs n operations of every kind over a list of about 20.
  async function churn(n) {
    var base = 20;
    if ((await F.list()).length < base) await seed(base);
    for (var i = 0; i < n; i++) {
      var it = item(base + (i % 7));
      switch (i % 5) {
        case 0: await F.add(it); break;
        case 1: await F.has(it.id); break;
        case 2: await F.remove(it.id); break;
        case 3: await F.toggle(it); await F.toggle(it); i++; break;
        default: await F.list();
      }
    }
    return null;
  }

  // memory is the byte length of the core's WebAssembly memory, as
  // memory.js found it, or -1 where the page has none.
  async function memory() {
    var m = window.__wasmMemories;
    return m && m.length ? m[0].buffer.byteLength : -1;
  }

  return { item: item, seed: seed, rawBytes: rawBytes, run: run, churn: churn, memory: memory };
})();

// crossings counts the document.cookie reads and writes of n calls of each
// operation, and the µs of each call, one at a time.
window.bench.crossings = async function (n) {
  'use strict';
  var F = window.Favorites, desc = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  var gets = 0, sets = 0;
  Object.defineProperty(document, 'cookie', {
    configurable: true,
    get: function () { gets++; return desc.get.call(this); },
    set: function (v) { sets++; desc.set.call(this, v); }
  });
  await window.bench.seed(20);
  var extra = window.bench.item(999), out = {};
  var calls = {
    has: function () { return F.has('100010'); },
    list: function () { return F.list(); },
    add: function () { return F.add(extra); },
    remove: function () { return F.remove(extra.id); }
  };
  for (var op of ['has', 'list', 'add', 'remove', 'has', 'list']) {
    gets = sets = 0;
    var t0 = performance.now();
    for (var i = 0; i < n; i++) { await calls[op](); if (op === 'add') await F.remove(extra.id); }
    out[op] = { gets: gets / n, sets: sets / n, us: Math.round((performance.now() - t0) / n * 1000) };
  }
  delete document.cookie;
  return out;
};
