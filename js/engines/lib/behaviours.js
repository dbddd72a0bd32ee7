// The behaviours of the library's public contract (the README), each
// written once against the driver interface of engines.js and run in every
// engine by test/<engine>.test.js.
// They test only what a page can rely on: window.Favorites, the markup, the
// events and the cookies the browser keeps.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSite } from './server.js';
import { TEST_HOSTS } from './engines.js';
import { comm } from './procs.js';

const DAY = 86400;
// The contract's "noticed within 2 seconds".
const SYNC_MS = 2000;
// Rounds of two tabs each adding 20 items at the same moment
// (FAVORITES_ROUNDS=N for more). A lost update shows in some rounds and not
// others: enough rounds that a browser which loses them cannot pass.
const ROUNDS = Number(process.env.FAVORITES_ROUNDS) || 10;
const EACH = 20;

// ---- page helpers -----------------------------------------------------------

function ready(tab) {
  return tab.eval(() => Favorites.ready.then(() => null));
}

// settled tells how `ready` settled: "resolved", or the rejection's code.
function settled(ctx) {
  return ctx.eval(() => Favorites.ready.then(() => 'resolved', (e) => (e && e.code) || 'no code: ' + e));
}

// code runs the call that fn makes and returns the code it rejects with, or
// "resolved".
function code(ctx, fn, ...args) {
  return ctx.eval(`(...args) => Promise.resolve().then(() => (${fn})(...args)).then(
    () => 'resolved',
    (e) => e instanceof Error && typeof e.code === 'string' ? e.code : 'not an Error with a code: ' + e)`, ...args);
}

function list(ctx) {
  return ctx.eval(() => Favorites.list());
}

const ids = (items) => items.map((i) => i.id);

async function waitFor(ctx, fn, args = [], within = 5000, what = String(fn)) {
  const deadline = Date.now() + within;
  let last;
  for (;;) {
    try {
      if (await ctx.eval(fn, ...args)) return;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) assert.fail(`waited ${within} ms for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function waitState(ctx, sel, state) {
  return waitFor(ctx, (s, st) => document.querySelector(s)?.getAttribute('data-favorite-state') === st,
    [sel, state], 5000, `${sel} in state ${state}`);
}

async function waitCount(ctx, n, within = 5000) {
  try {
    await waitFor(ctx, (n) => document.querySelector('#count').textContent === String(n), [n], within, `count ${n}`);
  } catch (e) {
    const seen = await ctx.eval(() => ({ count: document.querySelector('#count').textContent, cookie: document.cookie, visibility: document.visibilityState }));
    e.message += ` (the page shows ${JSON.stringify(seen)})`;
    throw e;
  }
}

function button(ctx, sel) {
  return ctx.eval((s) => {
    const b = document.querySelector(s);
    return { state: b.getAttribute('data-favorite-state'), pressed: b.getAttribute('aria-pressed'), text: b.textContent.trim() };
  }, sel);
}

const OFF = { state: 'off', pressed: 'false', text: 'Add to favorites' };
const ON = { state: 'on', pressed: 'true', text: 'Remove from favorites' };

// tabTo presses Tab until the element sel has the focus.
async function tabTo(tab, sel) {
  for (let i = 0; i < 40; i++) {
    if (await tab.eval((s) => document.activeElement === document.querySelector(s), sel)) return;
    await tab.press('Tab');
  }
  assert.fail(`${sel} never got the focus with Tab`);
}

// record starts keeping the page's favorites:change events (again);
// events returns them as "action id [items]".
function record(ctx) {
  return ctx.eval(() => {
    window.__events = [];
    if (!window.__recording) {
      window.__recording = true;
      document.addEventListener('favorites:change', (e) => {
        const d = e.detail;
        window.__events.push(`${d.action}${'id' in d ? ' ' + d.id : ''} [${d.items.map((i) => i.id).join(',')}]`);
      });
    }
    return null;
  });
}

function events(ctx) {
  return ctx.eval(() => window.__events);
}

// watched returns what reached the page (testsite's watch.js): uncaught
// errors and unhandled rejections, and CSP violations, after a task, so
// that a rejection left unhandled in this turn has been reported.
function watched(ctx) {
  return ctx.eval(() => new Promise((r) => setTimeout(r, 0)).then(() => window.__watch));
}

async function assertNothingThrown(ctx) {
  assert.deepEqual((await watched(ctx)).errors, [], 'uncaught exceptions or unhandled rejections reached the page');
}

// together runs fn(tabIndex, ...args) in every tab at one moment of the
// shared clock: each tab is told the moment first and waits for it, so the
// driver's round trips (one tab at a time in WebDriver classic) do not
// stagger the starts. It resolves to each tab's result.
async function together(tabs, fn, ...args) {
  const at = Date.now() + 600;
  for (const [i, tab] of tabs.entries()) {
    await tab.eval(`(at, i, args) => {
      window.__together = new Promise((r) => setTimeout(r, at - Date.now()))
        .then(() => (${fn})(i, ...args))
        .then((v) => ({ value: v }), (e) => ({ error: String(e && (e.code || e.message) || e) }));
      return null;
    }`, at, i, args);
  }
  const out = [];
  for (const tab of tabs) {
    const r = await tab.eval(() => window.__together);
    if (r.error !== undefined) assert.fail(`a tab failed: ${r.error}`);
    out.push(r.value);
  }
  return out;
}

// addBurst, run in a tab, adds EACH items at once and awaits them.
function addBurst(i, prefix, each) {
  return Promise.all(Array.from({ length: each }, (_, j) =>
    Favorites.add({ id: `${prefix}t${i}-${j}`, title: `Story ${j} of tab ${i}`, url: `/news/${prefix}${i}-${j}` })))
    .then(() => null);
}

// concurrentAdds runs ROUNDS rounds of EACH simultaneous adds in each tab
// and returns, per round, the ids missing from the list afterwards.
async function concurrentAdds(t, tabs) {
  const lost = [];
  for (let round = 0; round < ROUNDS; round++) {
    const prefix = `r${round}-`;
    await together(tabs, addBurst, prefix, EACH);
    const want = [];
    for (let i = 0; i < tabs.length; i++) for (let j = 0; j < EACH; j++) want.push(`${prefix}t${i}-${j}`);
    const got = new Set(ids(await list(tabs[0])));
    const missing = want.filter((id) => !got.has(id));
    lost.push(missing);
    t.diagnostic(`round ${round}: ${want.length - missing.length} of ${want.length} kept${missing.length ? ', lost ' + missing.join(' ') : ''}`);
    await tabs[0].eval(() => Favorites.clear());
    for (const tab of tabs) await waitCount(tab, 0, SYNC_MS + 1000);
  }
  return lost;
}

// cookieLag measures how long a cookie written by document.cookie in tab a
// takes to be seen by document.cookie in tab b: the window in which b,
// reading the list to change it, can read it without a's change. Tab b
// polls document.cookie, yielding to its event loop between reads (a
// content process may apply another process's cookie change only in a task
// of its own), and tells a that it is polling; a writes when it hears
// that. Both read the same clock. Returns the samples in ms.
async function cookieLag(a, b, samples) {
  const out = [];
  for (let n = 0; n < samples; n++) {
    const value = `lag${Date.now()}x${n}`;
    const [written, seen] = await together([a, b], async (i, value) => {
      const now = () => performance.timeOrigin + performance.now();
      const channel = new BroadcastChannel('favorites-test-lag');
      try {
        if (i === 0) {
          await new Promise((r) => { channel.onmessage = r; });
          const at = now();
          document.cookie = `lagprobe=${value}; Path=/; SameSite=Lax`;
          return at;
        }
        const { port1, port2 } = new MessageChannel();
        const yieldTask = () => new Promise((r) => { port1.onmessage = r; port2.postMessage(0); });
        const start = now();
        while (now() < start + 2000) {
          if (document.cookie.includes(`lagprobe=${value}`)) return now();
          channel.postMessage('polling'); // until a, whenever it listens, hears it
          await yieldTask();
        }
        return null; // never seen
      } finally {
        channel.close();
      }
    }, value);
    out.push(seen === null ? Infinity : Math.max(0, seen - written));
  }
  await a.eval(() => { document.cookie = 'lagprobe=; Path=/; Max-Age=0'; return null; });
  return out;
}

function summary(ms) {
  if (!ms.length) return 'no sample';
  const s = [...ms].sort((x, y) => x - y);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(2)} ms, max ${s[s.length - 1].toFixed(2)} ms over ${s.length}`;
}

// loaded waits until the framed page has run its scripts and the library
// is there; when it is not, what the page saw tells why.
async function loaded(frame) {
  try {
    await waitFor(frame, () => document.readyState === 'complete' && typeof Favorites === 'object', [], 5000, 'Favorites in the frame');
  } catch (e) {
    const seen = await frame.eval(() => ({ url: location.href, title: document.title, readyState: document.readyState, favorites: typeof Favorites, watch: window.__watch }));
    e.message += ` (the frame shows ${JSON.stringify(seen)})`;
    throw e;
  }
}

// refused checks the contract for a page whose storage the browser refuses:
// ready resolves, list() is [], changes reject cookies-disabled, the button
// shows the error state, and nothing is thrown at the page.
async function refused(ctx) {
  assert.equal(await settled(ctx), 'resolved', 'ready');
  assert.deepEqual(await list(ctx), [], 'list()');
  assert.equal(await ctx.eval(() => Favorites.has('1')), false, 'has()');
  for (const change of [
    () => Favorites.add({ id: '1', title: 'One', url: '/news/1' }),
    () => Favorites.toggle({ id: '1', title: 'One', url: '/news/1' }),
    () => Favorites.remove('1'),
    () => Favorites.clear(),
  ]) {
    assert.equal(await code(ctx, change), 'cookies-disabled', String(change));
    assert.deepEqual(await list(ctx), [], `list() after ${change}`);
  }
  await ctx.click('#fav');
  await waitState(ctx, '#fav', 'error');
  assert.equal(await ctx.eval(() => document.querySelector('#count').textContent), '0');
  // The page keeps working: another click, and the list still answers.
  await ctx.click('#fav');
  await waitState(ctx, '#fav', 'error');
  assert.deepEqual(await list(ctx), []);
  await assertNothingThrown(ctx);
}

// wasmFetched returns the URLs of the .wasm files the page has fetched, as
// its Resource Timing entries tell: every engine records an entry for each
// fetch of the page once its response has ended, with no protocol of the
// driver watching the network. The lazy tests see an entry appear in each
// engine when the core does load.
function wasmFetched(ctx) {
  return ctx.eval(() => performance.getEntriesByType('resource')
    .map((e) => e.name).filter((name) => new URL(name).pathname.endsWith('.wasm')));
}

// running tells whether Go's main has set the core up in the page.
const running = () => performance.getEntriesByName('favorites:running').length > 0;

// idle waits until a page of a new reader has done what it does unprompted
// at load: ready resolved, the page loaded and two frames out. The library
// that loaded its core at start had asked for the .wasm by then.
function idle(ctx) {
  return ctx.eval(() => Favorites.ready.then(() => new Promise((resolve) => {
    const check = () => (document.readyState === 'complete'
      ? requestAnimationFrame(() => requestAnimationFrame(() => resolve(null)))
      : setTimeout(check, 20));
    check();
  })));
}

// polled waits until the library has checked the cookie for a stored list
// at least once more: the tasks in which the page reads document.cookie,
// while the test makes no call, are those checks.
async function polled(ctx) {
  await ctx.eval(() => {
    const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
    let inTask = false;
    window.__polls = 0;
    Object.defineProperty(document, 'cookie', {
      configurable: true,
      get() {
        if (!inTask) {
          inTask = true;
          window.__polls++;
          queueMicrotask(() => { inTask = false; });
        }
        return cookie.get.call(document);
      },
      set(v) { cookie.set.call(document, v); },
    });
    return null;
  });
  await waitFor(ctx, () => window.__polls >= 1, [], SYNC_MS + 3000, 'a check for a stored list');
}

function widget(ctx) {
  return ctx.eval(() => ({
    empty: document.querySelector('#list .favorites-empty')?.textContent ?? null,
    loading: document.querySelectorAll('#list .favorites-loading').length,
    entries: Array.from(document.querySelectorAll('#list a[href]'), (a) => `${a.textContent} ${a.getAttribute('href')}`),
    count: document.querySelector('#count').textContent,
  }));
}

// ---- the behaviours ---------------------------------------------------------

export function behaviours(engine) {
  describe(engine.name, { concurrency: false }, () => {
    let site;
    const url = (path, host = '127.0.0.1') => `http://${host}:${site.port}${path}`;
    // reader returns a new reader, closed when the test ends.
    const reader = async (t, opts) => {
      const r = await engine.reader(opts);
      t.after(() => r.close());
      return r;
    };
    const open = async (tab, path, host) => {
      await tab.goto(url(path, host));
      await ready(tab);
    };

    before(async () => {
      site = await startSite();
      await engine.start(site);
      console.log(`${engine.name}: ${engine.version}`);
    });
    after(async () => {
      await engine.stop();
      site?.close();
    });

    test('API: add, remove, toggle, has, list, clear, configure and their errors', async (t) => {
      const tab = await (await reader(t)).tab();
      await open(tab, '/t/api?watch');
      const r = await tab.eval(async () => {
        const before = Date.now();
        const items = await Favorites.add({ id: '123456', title: 'Hello, world; "quoted" 100% + more', url: '/news/123456' });
        return { before, after: Date.now(), items };
      });
      assert.equal(r.items.length, 1);
      const first = r.items[0];
      assert.deepEqual({ ...first, added: 0 }, { id: '123456', title: 'Hello, world; "quoted" 100% + more', url: '/news/123456', added: 0 });
      assert.ok(first.added >= Math.floor(r.before / 1000) * 1000 && first.added <= r.after, `added ${first.added} outside the call`);
      assert.equal(await tab.eval(() => Favorites.has('123456')), true);
      assert.equal(await tab.eval(() => Favorites.has('absent')), false);
      assert.deepEqual(ids(await tab.eval(() => Favorites.add({ id: 7 }))), ['123456', '7']);
      assert.equal(await tab.eval(() => Favorites.has(7)), true);
      // An id already present keeps its place and its added; a given title
      // replaces the stored one.
      const again = await tab.eval(() => Favorites.add({ id: '123456', title: 'New title' }));
      assert.deepEqual(again[0], { ...first, title: 'New title' });
      assert.deepEqual(ids(again), ['123456', '7']);
      assert.deepEqual(ids(await tab.eval(() => Favorites.remove('123456'))), ['7']);
      assert.deepEqual(ids(await tab.eval(() => Favorites.remove('absent'))), ['7']);
      assert.equal(await tab.eval(() => Favorites.toggle({ id: 't', title: 'T', url: '/t' })), true);
      const toggled = await list(tab);
      assert.deepEqual(toggled[1], { id: 't', title: 'T', url: '/t', added: toggled[1]?.added });
      assert.equal(await tab.eval(() => Favorites.toggle({ id: 't' })), false);
      assert.equal(await tab.eval(() => Favorites.has('t')), false);
      assert.deepEqual(ids(await list(tab)), ['7']);

      // Every member is a Promise; a rejection is an Error with a code.
      assert.equal(await tab.eval(() => [
        Favorites.ready, Favorites.has('x'), Favorites.list(), Favorites.configure({}),
      ].every((p) => p instanceof Promise)), true);
      for (const bad of [
        () => Favorites.add({}),
        () => Favorites.add({ id: '' }),
        () => Favorites.add({ id: 'x'.repeat(101) }),
        () => Favorites.add({ id: 'a\nb' }),
        () => Favorites.add({ id: 'u', url: 'javascript:alert(1)' }),
        () => Favorites.add({ id: 'u', url: '//evil.example/x' }),
        () => Favorites.toggle({ id: '' }),
        () => Favorites.remove(''),
      ]) {
        assert.equal(await code(tab, bad), 'invalid-item', String(bad));
      }
      assert.deepEqual(ids(await list(tab)), ['7'], 'rejected calls changed nothing');

      // clear leaves no favorites cookie.
      assert.equal(await tab.eval(() => Favorites.clear()), null);
      assert.deepEqual(await list(tab), []);
      assert.deepEqual((await tab.cookies()).filter((c) => c.name.startsWith('favorites')), []);

      // configure: capacity, options that make no sense, messages.
      assert.equal(await tab.eval(() => Favorites.configure({ maxItems: 2 })), null);
      await tab.eval(() => Favorites.add({ id: '1' }).then(() => Favorites.add({ id: '2' })));
      assert.equal(await code(tab, () => Favorites.add({ id: '3' })), 'full');
      assert.deepEqual(ids(await list(tab)), ['1', '2']);
      for (const opts of [{ maxItems: -1 }, { maxItems: 'x' }, { noSuchOption: 1 }, { messages: { add: 5 } }, 'text']) {
        assert.equal(await code(tab, (o) => Favorites.configure(o), opts), 'invalid-item', JSON.stringify(opts));
      }
      assert.equal(await code(tab, () => Favorites.add({ id: '3' })), 'full', 'a rejected configure changed maxItems');
      await tab.eval(() => Favorites.configure({ messages: { add: 'Save it', remove: 'Forget it' } }));
      await waitFor(tab, () => document.querySelector('#fav').textContent.trim() === 'Save it');
      await assertNothingThrown(tab);
    });

    test('button: click and keyboard toggle it, and it shows its state', async (t) => {
      const tab = await (await reader(t)).tab();
      await open(tab, '/t/button?watch');
      await waitState(tab, '#fav', 'off');
      assert.deepEqual(await button(tab, '#fav'), OFF);
      await record(tab);

      await tab.click('#fav');
      await waitState(tab, '#fav', 'on');
      assert.deepEqual(await button(tab, '#fav'), ON);
      const items = await list(tab);
      assert.deepEqual(items, [{ id: 'a1', title: 'Article one', url: '/news/a1', added: items[0]?.added }]);
      assert.equal(await tab.eval(() => document.querySelector('#count').textContent), '1');
      await tab.click('#fav');
      await waitState(tab, '#fav', 'off');
      assert.deepEqual(await button(tab, '#fav'), OFF);
      assert.deepEqual(await list(tab), []);

      await tabTo(tab, '#fav');
      await tab.press('Enter');
      await waitState(tab, '#fav', 'on');
      assert.deepEqual(ids(await list(tab)), ['a1']);
      await tab.press('Space');
      await waitState(tab, '#fav', 'off');
      assert.deepEqual(await list(tab), []);

      // A span made into a button: reachable with Tab, toggled by Enter.
      await tab.eval(() => {
        document.querySelector('article').insertAdjacentHTML('beforeend',
          '<span id="sp" data-favorite="s1" data-favorite-title="Span">star</span>');
        return null;
      });
      await waitState(tab, '#sp', 'off');
      await tabTo(tab, '#sp');
      await tab.press('Enter');
      await waitState(tab, '#sp', 'on');
      await tab.press('Space');
      await waitState(tab, '#sp', 'off');
      assert.deepEqual(await events(tab), ['add a1 [a1]', 'remove a1 []', 'add a1 [a1]', 'remove a1 []', 'add s1 [s1]', 'remove s1 []']);
      assert.equal(await tab.eval(() => window.scrollY), 0, 'Space scrolled the page');
      await assertNothingThrown(tab);
    });

    test('list widget: newest first, remove and clear by click and by keyboard', async (t) => {
      const tab = await (await reader(t)).tab();
      await open(tab, '/t/widget?watch');
      await waitFor(tab, () => document.querySelector('#list').textContent.includes('Favorite list is empty.'));
      await tab.eval(async () => {
        await Favorites.add({ id: '1', title: 'First', url: '/news/1' });
        await Favorites.add({ id: '2', title: 'Second', url: 'https://example.com/2' });
        await Favorites.add({ id: '3', title: 'Third', url: '/news/3?x=1' });
        await Favorites.add({ id: '4', title: 'Fourth', url: '/news/4' });
        return null;
      });
      const entries = () => tab.eval(() => Array.from(document.querySelectorAll('#list a[href]'), (a) => `${a.textContent} ${a.getAttribute('href')}`));
      await waitCount(tab, 4);
      assert.deepEqual(await entries(), ['Fourth /news/4', 'Third /news/3?x=1', 'Second https://example.com/2', 'First /news/1']);

      await tab.click('#list [data-favorites-remove="3"]');
      await waitCount(tab, 3);
      assert.deepEqual(ids(await list(tab)), ['1', '2', '4']);
      assert.deepEqual(await entries(), ['Fourth /news/4', 'Second https://example.com/2', 'First /news/1']);

      await tabTo(tab, '#list [data-favorites-remove="2"]');
      await tab.press('Enter');
      await waitCount(tab, 2);
      assert.deepEqual(ids(await list(tab)), ['1', '4']);

      await tabTo(tab, '#list [data-favorites-clear]');
      await tab.press('Space');
      await waitCount(tab, 0);
      assert.deepEqual(await list(tab), []);
      assert.deepEqual(await entries(), []);
      assert.ok(await tab.eval(() => document.querySelector('#list').textContent.includes('Favorite list is empty.')));

      await tab.eval(() => Favorites.add({ id: 'n', title: 'Next page', url: '/t/next-page' }).then(() => null));
      await tab.click('#list [data-favorites-clear]');
      await waitCount(tab, 0);
      assert.deepEqual((await tab.cookies()).filter((c) => c.name.startsWith('favorites')), []);
      await assertNothingThrown(tab);
    });

    test('persistence: across a reload and across pages', async (t) => {
      const tab = await (await reader(t)).tab();
      await open(tab, '/t/first?watch');
      await tab.eval(() => Favorites.add({ id: '1', title: 'One', url: '/news/1' })
        .then(() => Favorites.add({ id: '2', title: 'Two', url: '/news/2' })));
      const want = await list(tab);
      assert.equal(want.length, 2);
      await open(tab, '/t/first?watch');
      assert.deepEqual(await list(tab), want);
      await waitCount(tab, 2);
      await open(tab, '/t/second?watch');
      assert.deepEqual(await list(tab), want);
      await waitState(tab, '#fav', 'off');
      await open(tab, '/site/');
      assert.deepEqual(await list(tab), want);
      await waitFor(tab, () => document.querySelector('[data-favorites-count]').textContent === '2'
        && document.querySelectorAll('[data-favorites-list] a[href]').length === 2);
    });

    test('cookie: Path=/, SameSite=Lax, a year of Max-Age, host-only, no Secure on http', async (t) => {
      const tab = await (await reader(t)).tab();
      await open(tab, '/t/cookie?watch');
      await tab.eval(() => Favorites.add({ id: '123456', title: 'A title; with, "all" sorts \\ of % + _ * $ | ~ — ✓', url: '/news/123456' }));
      const now = Date.now() / 1000;
      const all = await tab.cookies();
      assert.equal(all.length, 1, JSON.stringify(all));
      const c = all[0];
      assert.equal(c.name, 'favorites');
      assert.equal(c.path, '/');
      assert.equal(c.sameSite, 'Lax');
      assert.equal(c.secure, false, 'Secure on http');
      assert.equal(c.httpOnly, false);
      assert.equal(c.domain, '127.0.0.1', 'host-only: no Domain attribute');
      assert.ok(Math.abs(c.expires - (now + 365 * DAY)) < DAY, `expires ${c.expires}, want about ${now + 365 * DAY}`);
      assert.match(c.value, /^[\x21\x23-\x24\x26-\x2A\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/, 'cookie-octets, no % or +');
      assert.equal(await tab.eval(() => document.cookie), `favorites=${c.value}`);
    });

    test('Unicode and punctuation titles survive a reload', async (t) => {
      const tab = await (await reader(t)).tab();
      await open(tab, '/t/unicode?watch');
      const titles = [
        'semi;colon, comma "quote" back\\slash 100% a+b under_score star* dollar$ pipe| tilde~',
        '😀 emoji 👩‍👩‍👧 and flags 🇪🇺',
        'مرحبا بالعالم — العربية',
        'שלום עולם עברית',
        '中文标题 日本語のタイトル 한국어 제목',
        'mixed: Ünïcödé, ß, ø, ñ; “curly” ‘quotes’ – dash … ellipsis',
        'tab\tand \u200b zero width \u00a0 nbsp',
        '  leading and trailing spaces  ',
        '=;=, Path=/; Max-Age=0',
        '<b>not html</b> &amp;',
      ];
      await tab.eval(async (titles) => {
        for (const [i, title] of titles.entries()) await Favorites.add({ id: `u${i}`, title, url: `/news/${i}?q=a+b%20c&x=;` });
        return null;
      }, titles);
      const before = await list(tab);
      await open(tab, '/t/unicode?watch');
      const after = await list(tab);
      assert.deepEqual(after.map((i) => i.title), titles);
      assert.deepEqual(after, before);
      const shown = await tab.eval(() => Array.from(document.querySelectorAll('#list a[href]'), (a) => a.textContent));
      assert.deepEqual(shown, [...titles].reverse());
      assert.equal(await tab.eval(() => document.querySelectorAll('#list b').length), 0, 'a title was read as HTML');
    });

    test('events: favorites:change in the order of the changes', async (t) => {
      const tab = await (await reader(t)).tab();
      await open(tab, '/t/events?watch');
      await record(tab);
      await tab.eval(async () => {
        await Favorites.add({ id: 'a' });
        await Favorites.add({ id: 'b', title: 'B' });
        await Favorites.remove('nothing'); // no change, no event
        await Favorites.toggle({ id: 'a' });
        await Favorites.toggle({ id: 7 });
        await Favorites.add({ id: 'b', title: 'B2' });
        await Favorites.has('b');
        await Favorites.list();
        await Favorites.add({ id: '' }).catch(() => {}); // rejected, no event
        await Favorites.remove('b');
        await Favorites.clear();
        return null;
      });
      assert.deepEqual(await events(tab), [
        'add a [a]', 'add b [a,b]', 'remove a [b]', 'add 7 [b,7]', 'add b [b,7]', 'remove b [7]', 'clear []',
      ]);
      // Fired at once, in order, for calls made in one turn.
      await record(tab);
      await tab.eval(() => Promise.all([Favorites.add({ id: 'x' }), Favorites.add({ id: 'y' }), Favorites.remove('x')]).then(() => null));
      assert.deepEqual(await events(tab), ['add x [x]', 'add y [x,y]', 'remove x [y]']);
      const d = await tab.eval(() => new Promise((resolve) => {
        document.addEventListener('favorites:change', (e) => Favorites.list().then((listed) => resolve({
          type: e.constructor.name, target: e.target === document, items: e.detail.items, listed,
        })), { once: true });
        Favorites.add({ id: 'full', title: 'Full item', url: '/full' });
      }));
      assert.equal(d.type, 'CustomEvent');
      assert.equal(d.target, true);
      assert.deepEqual(d.items, d.listed);
      assert.deepEqual(d.items.at(-1), { id: 'full', title: 'Full item', url: '/full', added: d.items.at(-1).added });
    });

    test('two tabs: each hears of the other\'s changes within 2 s (sync)', async (t) => {
      const r = await reader(t);
      const a = await r.tab();
      await open(a, '/t/tab-a?watch');
      const b = await r.tab();
      await open(b, '/t/tab-b?watch');
      // Each step changes the list in one tab, and the other must hear of
      // it and redraw.
      for (const [from, to, change, want] of [
        [b, a, () => Favorites.add({ id: 's1', title: 'From b', url: '/s1' }), 'sync [s1]'],
        [a, b, () => Favorites.add({ id: 's2', title: 'From a', url: '/s2' }), 'sync [s1,s2]'],
        [b, a, () => Favorites.remove('s1'), 'sync [s2]'],
        [a, b, () => Favorites.clear(), 'sync []'],
      ]) {
        await record(to);
        const sent = await from.eval(`() => (${change})().then(() => Date.now())`);
        await waitFor(to, () => window.__events.length > 0, [], SYNC_MS + 3000, `the other tab's sync after ${change}`);
        const took = (await to.eval(() => Date.now())) - sent;
        assert.deepEqual(await to.eval(() => window.__events), [want], String(change));
        assert.ok(took <= SYNC_MS, `the other tab heard of ${change} after ${took} ms`);
        t.diagnostic(`${want} heard after ${took} ms`);
        await waitCount(to, want.match(/\[(.*)\]/)[1].split(',').filter(Boolean).length, 1000);
      }

      // A change that puts back a cookie the page has already read: a
      // reads the list (no cookie), adds, and b clears as soon as it sees
      // the add, so the cookie is again what a read before its own change.
      await record(a);
      await together([a, b], async (i) => {
        if (i === 0) {
          await Favorites.list();
          await Favorites.add({ id: 's3', title: 'From a', url: '/s3' });
          return null;
        }
        const { port1, port2 } = new MessageChannel();
        while (!document.cookie.includes('s3')) await new Promise((r) => { port1.onmessage = r; port2.postMessage(0); });
        await Favorites.clear();
        return null;
      });
      await waitFor(a, () => window.__events.length > 1, [], SYNC_MS + 3000, 'a sync after the other tab cleared');
      assert.deepEqual(await a.eval(() => window.__events), ['add s3 [s3]', 'sync []']);
      await waitCount(a, 0, 1000);
      await assertNothingThrown(a);
      await assertNothingThrown(b);
    });

    test('two tabs in separate processes: simultaneous adds all kept', async (t) => {
      const r = await reader(t);
      const a = await r.tab();
      await open(a, '/t/tab-a?watch');
      const b = await r.tab();
      await open(b, '/t/tab-b?watch');
      const [pa, pb] = [await a.pid(), await b.pid()];
      t.diagnostic(`tab a in process ${pa} (${comm(pa)}), tab b in process ${pb} (${comm(pb)})`);
      assert.notEqual(pa, pb, 'the two tabs share a content process: not the process model readers have');
      t.diagnostic(`a cookie written in one tab is seen in the other after ${summary(await cookieLag(a, b, 10))}`);
      const lost = await concurrentAdds(t, [a, b]);
      const total = lost.reduce((n, l) => n + l.length, 0);
      assert.equal(total, 0, `${total} items lost in ${lost.filter((l) => l.length).length} of ${ROUNDS} rounds`);
      await assertNothingThrown(a);
      await assertNothingThrown(b);
    });

    // The Server section's data-endpoint, with an endpoint that answers
    // its renew only after the change has given it up and another tab has
    // changed the list (a gate of the test site holds it): the change
    // resolves, and the late answer, the list before the other tab's
    // change, never lands, as the page ended the request.
    test('data-endpoint: a renew answered too late never puts back an older list', async (t) => {
      const gate = (op, method = 'POST') => fetch(url(`/gates/${token}/${op}`), { method });
      const token = `renew-${engine.name}-${process.pid}-${Date.now()}`;
      assert.equal((await gate('hold')).status, 204);
      t.after(() => gate('release'));
      const r = await reader(t);
      const a = await r.tab();
      await open(a, `/t/renew-a?watch&attrs=${encodeURIComponent(`data-endpoint="/held/${token}"`)}`);
      const b = await r.tab();
      await open(b, '/t/renew-b?watch');
      assert.deepEqual(ids(await a.eval(() => Favorites.add({ id: 'x' }))), ['x']);
      await b.eval(() => Favorites.add({ id: 'y' }).then(() => null));
      await gate('release');
      assert.equal(await (await gate('answered', 'GET')).text(), 'gone', 'the page had ended the renew when it was answered');
      await open(a, '/t/renew-a?watch');
      assert.deepEqual(ids(await list(a)), ['x', 'y']);
      await assertNothingThrown(b);
    });

    test('strict CSP: no violation', async (t) => {
      const tab = await (await reader(t)).tab();
      await open(tab, '/t/csp?watch');
      const policy = await tab.eval(() => fetch(location.href).then((r) => r.headers.get('Content-Security-Policy')));
      assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'/);
      assert.doesNotMatch(policy, /unsafe-inline|'unsafe-eval'/);
      await tab.eval(() => Favorites.add({ id: 'c1', title: 'One', url: '/c1' }).then(() => Favorites.add({ id: 'c2', title: 'Two', url: '/c2' })));
      await tab.click('#fav');
      await waitState(tab, '#fav', 'on');
      await tab.click('#list [data-favorites-remove="c2"]');
      await waitCount(tab, 2);
      await tab.eval(() => Favorites.configure({ messages: { empty: 'Nothing yet', rem: 'x' } }));
      await tab.eval(() => {
        const d = document.createElement('div');
        d.id = 'late';
        d.setAttribute('data-favorites-list', '');
        d.setAttribute('data-favorites-limit', '1');
        document.body.append(d);
        return null;
      });
      await waitFor(tab, () => document.querySelectorAll('#late .favorites-item').length === 1);
      await tab.click('#list [data-favorites-clear]');
      await waitCount(tab, 0);
      assert.deepEqual((await watched(tab)).csp, [], 'CSP violations');
      // The watcher sees a violation when there is one: an inline style.
      await tab.eval(() => { document.body.setAttribute('style', 'color: red'); return null; });
      await waitFor(tab, () => window.__watch.csp.length > 0, [], 5000, 'the control violation');
      await assertNothingThrown(tab);
    });

    test('server-rendered markup: taken over without redrawing it, and its controls work without a form post', async (t) => {
      const tab = await (await reader(t)).tab();
      await open(tab, '/t/stored?watch');
      await tab.eval(() => Favorites.add({ id: '204131', title: 'Bus-lane vote delayed', url: '/articles/bus-lane-vote-delayed.html' })
        .then(() => Favorites.add({ id: 's2', title: 'Second story', url: '/news/s2' })).then(() => null));
      // /demo/ is rendered by the Go package from the reader's cookie;
      // testsite's hydration.js tags the parser's nodes and records any
      // loading state.
      await open(tab, '/demo/');
      const seen = await tab.eval(() => {
        const all = [...document.querySelectorAll('[data-favorite],[data-favorites-count],[data-favorites-list],[data-favorites-list] *')];
        return {
          all: all.length,
          server: all.filter((e) => e.__server).length,
          loading: window.__hydration.loading,
          writes: window.__hydration.writes,
          list: [...document.querySelectorAll('[data-favorites-list] [data-favorites-remove]')].map((b) => b.getAttribute('data-favorites-remove')),
          count: document.querySelector('[data-favorites-count]').textContent,
        };
      });
      assert.ok(seen.all > 10, `the page has markup (${seen.all} elements)`);
      assert.equal(seen.server, seen.all, 'every element of the markup is the server\'s, none redrawn');
      assert.deepEqual(seen.loading, [], 'nothing was drawn loading');
      assert.deepEqual(seen.writes, [], 'the library changed nothing in the page');
      assert.deepEqual(seen.list, ['s2', '204131']);
      assert.equal(seen.count, '2');
      assert.deepEqual(await button(tab, '.teaser-actions [data-favorite="204131"]'), ON);

      await tab.eval(() => { window.__samePage = true; window.__hydration.stop = true; return null; });
      await tab.click('.story-actions [data-favorite="204117"]');
      await waitState(tab, '.story-actions [data-favorite="204117"]', 'on');
      await tab.click('[data-favorites-list] [data-favorites-remove="204131"]');
      await waitState(tab, '.teaser-actions [data-favorite="204131"]', 'off');
      assert.deepEqual(ids(await list(tab)), ['s2', '204117']);
      assert.equal(await tab.eval(() => window.__samePage === true), true, 'no navigation, no form post');
    });

    test('a .wasm that fails to load, for a reader with a stored list: load-failed', async (t) => {
      const tab = await (await reader(t)).tab();
      await open(tab, '/t/stored?watch');
      await tab.eval(() => Favorites.add({ id: 'kept', title: 'Kept', url: '/kept' }));
      const stored = (await tab.cookies()).find((c) => c.name === 'favorites').value;
      for (const wasm of ['/bad/404.wasm', '/bad/garbage.wasm']) {
        await tab.goto(url(`/t/fault?watch&wasm=${wasm}`));
        assert.equal(await settled(tab), 'load-failed', `ready with ${wasm}`);
        for (const call of [
          () => Favorites.list(), () => Favorites.has('kept'), () => Favorites.add({ id: '1' }), () => Favorites.remove('kept'),
          () => Favorites.toggle({ id: '1' }), () => Favorites.clear(),
        ]) {
          assert.equal(await code(tab, call), 'load-failed', `${call} with ${wasm}`);
        }
        await waitState(tab, '#fav', 'error');
        await tab.click('#fav');
        await waitState(tab, '#fav', 'error');
        assert.equal((await tab.cookies()).find((c) => c.name === 'favorites')?.value, stored, 'the stored list was touched');
        await assertNothingThrown(tab);
      }
    });

    test('a .wasm that fails to load, for a reader without a stored list: ready, then load-failed on a change', async (t) => {
      const tab = await (await reader(t)).tab();
      await tab.goto(url('/t/fault-fresh?watch&wasm=/bad/404.wasm'));
      assert.equal(await settled(tab), 'resolved', 'ready needs no core for a reader with no stored list');
      assert.deepEqual(await list(tab), []);
      assert.equal(await tab.eval(() => Favorites.has('1')), false);
      assert.equal(await code(tab, () => Favorites.add({ id: '1' })), 'load-failed');
      assert.deepEqual((await tab.cookies()).filter((c) => c.name.startsWith('favorites')), []);
      await assertNothingThrown(tab);
    });

    // ---- loading the core when it is first needed (the contract's "Loading")

    test('lazy: a new reader fetches no .wasm, sees an empty list, until a change needs the core', async (t) => {
      const tab = await (await reader(t)).tab();
      await tab.goto(url('/t/lazy?watch'));
      assert.equal(await settled(tab), 'resolved', 'ready');
      await idle(tab);
      await polled(tab);
      assert.deepEqual(await wasmFetched(tab), [], 'a new reader fetched the .wasm');
      assert.equal(await tab.eval(running), false, 'Go started');
      assert.deepEqual(await button(tab, '#fav'), OFF);
      assert.deepEqual(await widget(tab), { empty: 'Favorite list is empty.', loading: 0, entries: [], count: '0' });
      assert.equal(await tab.eval(() => Favorites.has('a1')), false);
      assert.deepEqual(await list(tab), []);
      assert.deepEqual(await wasmFetched(tab), [], 'has() or list() fetched the .wasm');

      // A change needs the core: the page fetches it now, and its entry
      // shows where the checks above looked.
      assert.deepEqual(ids(await tab.eval(() => Favorites.add({ id: 'c1', title: 'Called', url: '/news/c1' }))), ['c1']);
      await waitFor(tab, () => performance.getEntriesByType('resource').some((e) => e.name.endsWith('.wasm')), [], 5000, 'the .wasm\'s entry');
      assert.equal((await wasmFetched(tab)).length, 1);
      await assertNothingThrown(tab);
    });

    test('lazy: the reader\'s intent on a button loads the core: focus, the pointer over it', async (t) => {
      const tab = await (await reader(t)).tab();
      // Focus first: the pointer, once over the button, would stay over it
      // on the next page. The pointer goes over something else first, which
      // loads nothing: another heading each time, as a pointer that does
      // not move gets no event on a new page in every engine.
      for (const [how, elsewhere, act] of [['focus', 'h1', () => tabTo(tab, '#fav')], ['pointer', 'h2', () => tab.hover('#fav')]]) {
        await tab.goto(url(`/t/intent-${how}?watch`));
        await idle(tab);
        await tab.eval(() => {
          window.__over = [];
          document.addEventListener('pointerover', (e) => window.__over.push(e.target.tagName.toLowerCase()));
          return null;
        });
        await tab.hover(elsewhere);
        await waitFor(tab, (el) => window.__over.includes(el), [elsewhere], 5000, `the pointer over ${elsewhere}`);
        assert.deepEqual(await wasmFetched(tab), [], `before the ${how}`);

        await act();
        await waitFor(tab, running, [], 10000, `the core started on the ${how}`);
        assert.equal((await wasmFetched(tab)).length, 1, how);
        // Loading changes nothing the reader sees.
        assert.deepEqual(await button(tab, '#fav'), OFF, how);
        assert.deepEqual(await list(tab), [], how);
        await assertNothingThrown(tab);
      }
    });

    test('lazy: two clicks before the core runs add once', async (t) => {
      const gate = await site.hold('double-click');
      t.after(() => gate.release());
      const tab = await (await reader(t)).tab();
      await tab.goto(url(`/t/click-early?watch&wasm=${gate.path}`));
      await idle(tab);
      await record(tab);
      await tab.click('#fav');
      await gate.requested();
      await waitState(tab, '#fav', 'loading');
      await tab.click('#fav');
      assert.deepEqual(await button(tab, '#fav'), { state: 'loading', pressed: 'false', text: 'Loading' });
      assert.equal(await tab.eval(running), false, 'the core was held back');

      await gate.release();
      await waitState(tab, '#fav', 'on');
      assert.deepEqual(await button(tab, '#fav'), ON);
      assert.deepEqual(await events(tab), ['add a1 [a1]']);
      assert.deepEqual(ids(await list(tab)), ['a1']);
      await waitCount(tab, 1);
      assert.equal((await wasmFetched(tab)).length, 1);
      await assertNothingThrown(tab);
    });

    test('lazy: a list stored by another tab shows within 2 s in a tab that never loaded the core', async (t) => {
      const r = await reader(t);
      const a = await r.tab();
      await a.goto(url('/t/tab-new?watch'));
      await idle(a);
      await record(a);
      const b = await r.tab();
      await open(b, '/t/tab-writes?watch');
      assert.deepEqual(await wasmFetched(a), []);
      const sent = await b.eval(() => Favorites.add({ id: 'a1', title: 'From the other tab', url: '/t/tab-writes' }).then(() => Date.now()));
      await waitFor(a, () => document.querySelector('#count').textContent === '1'
        && document.querySelector('#fav').getAttribute('data-favorite-state') === 'on', [], SYNC_MS + 3000, 'the other tab\'s list shown');
      const took = (await a.eval(() => Date.now())) - sent;
      t.diagnostic(`shown after ${took} ms`);
      assert.ok(took <= SYNC_MS, `the tab showed the other tab's list after ${took} ms`);
      assert.deepEqual(await events(a), ['sync [a1]']);
      assert.deepEqual((await widget(a)).entries, ['From the other tab /t/tab-writes']);
      assert.equal((await wasmFetched(a)).length, 1);
      await assertNothingThrown(a);
    });

    test('lazy: a stored list at start loads the core at once and shows the list', async (t) => {
      const tab = await (await reader(t)).tab();
      await open(tab, '/t/first?watch');
      await tab.eval(() => Favorites.add({ id: 'a1', title: 'Stored before', url: '/news/s1' }));
      await tab.goto(url('/t/returning?watch'));
      assert.equal(await tab.eval(() => Favorites.ready.then(() => performance.getEntriesByName('favorites:running').length > 0)), true,
        'ready waited for the core');
      assert.deepEqual(await button(tab, '#fav'), ON);
      assert.deepEqual(await widget(tab), { empty: null, loading: 0, entries: ['Stored before /news/s1'], count: '1' });
      assert.deepEqual(ids(await list(tab)), ['a1']);
      await waitFor(tab, () => performance.getEntriesByType('resource').some((e) => e.name.endsWith('.wasm')), [], 5000, 'the .wasm\'s entry');
      const fetched = await wasmFetched(tab);
      assert.equal(fetched.length, 1);
      assert.match(fetched[0], /\/static\/favorites\.[0-9a-f]{16}\.wasm$/);
      await assertNothingThrown(tab);
    });

    test('storage refused in the browser settings', async (t) => {
      const tab = await (await reader(t, { blocked: true })).tab();
      await tab.goto(url('/t/refused?watch'));
      // The setting is in force: the browser keeps no cookie.
      assert.equal(await tab.eval(() => { try { document.cookie = 'probe=1; Path=/'; return document.cookie; } catch (e) { return e.name; } })
        .then((v) => v.includes('probe=1')), false, 'the browser kept a cookie: cookies are not blocked');
      await refused(tab);
      assert.deepEqual(await tab.cookies(), []);
    });

    test('storage refused: a sandboxed iframe (opaque origin)', async (t) => {
      const tab = await (await reader(t)).tab();
      await tab.goto(url(`/frame/sandboxed?sandbox=allow-scripts&src=${encodeURIComponent('/t/inner?frame&watch')}`));
      const frame = await tab.frame('#frame');
      await loaded(frame);
      assert.equal(await frame.eval(() => { try { return typeof document.cookie; } catch (e) { return e.name; } }), 'SecurityError',
        'document.cookie throws in an opaque origin');
      await refused(frame);
    });

    test('storage refused: a cross-site iframe', async (t) => {
      const tab = await (await reader(t)).tab();
      const inner = url('/t/inner?frame&watch');
      await tab.goto(url(`/frame/cross-site?src=${encodeURIComponent(inner)}`, 'localhost'));
      const frame = await tab.frame('#frame');
      await loaded(frame);
      await refused(frame);
      assert.deepEqual((await tab.cookies()).filter((c) => c.name.startsWith('favorites')), []);
    });

    test('plain http on a host other than localhost: works without Web Locks', async (t) => {
      const host = TEST_HOSTS[1];
      const a = await (await reader(t)).tab();
      await open(a, '/t/plain?watch', host);
      assert.deepEqual(await a.eval(() => ({ secure: isSecureContext, locks: 'locks' in navigator })), { secure: false, locks: false });
      await a.eval(() => Favorites.add({ id: '1', title: 'One', url: '/news/1' }).then(() => Favorites.add({ id: '2', title: 'Two' })));
      const want = await list(a);
      assert.deepEqual(ids(want), ['1', '2']);
      await open(a, '/t/plain?watch', host);
      assert.deepEqual(await list(a), want);
      const c = (await a.cookies()).find((c) => c.name === 'favorites');
      assert.equal(c?.secure, false);
      assert.equal(c.domain, host);
      assert.equal(c.path, '/');
      assert.equal(c.sameSite, 'Lax');
      await assertNothingThrown(a);
    });

    // Without Web Locks (not a secure context) the lease in IndexedDB keeps
    // two tabs' changes apart; the diagnostic measures the window it closes.
    test('plain http on a host other than localhost: two tabs\' simultaneous adds all kept', async (t) => {
      const host = TEST_HOSTS[1];
      const r = await reader(t);
      const a = await r.tab();
      await open(a, '/t/plain-a?watch', host);
      const b = await r.tab();
      await open(b, '/t/plain-b?watch', host);
      // How long another tab's write takes to show: without a lock, the
      // window in which a change can be lost.
      t.diagnostic(`a cookie written in one tab is seen in the other after ${summary(await cookieLag(a, b, 10))}`);
      const lost = await concurrentAdds(t, [a, b]);
      const total = lost.reduce((n, l) => n + l.length, 0);
      assert.equal(total, 0, `${total} items lost in ${lost.filter((l) => l.length).length} of ${ROUNDS} rounds`);
      await assertNothingThrown(a);
      await assertNothingThrown(b);
    });

    // The lease (js/lease.js) as another tab leaves it in IndexedDB: a
    // change waits while it is held, and after it for the holder's write.
    test('plain http: a change waits for another tab\'s lease and for the write it left; the lease\'s database can be upgraded', async (t) => {
      const a = await (await reader(t)).tab();
      await open(a, '/t/plain-lease?watch', TEST_HOSTS[1]);
      const got = await a.eval(async () => {
        const lease = (value) => new Promise((resolve, reject) => {
          const open = indexedDB.open('favorites:leases', 1);
          open.onsuccess = () => {
            const tx = open.result.transaction('leases', 'readwrite');
            tx.objectStore('leases').put(value, 'favorites');
            tx.oncomplete = () => resolve(open.result.close());
            tx.onabort = () => reject(tx.error);
          };
          open.onerror = () => reject(open.error);
        });
        // The lease's digest of the list's cookies: FNV-1a over UTF-16 units.
        const digest = (s) => {
          let h = 0x811c9dc5;
          for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
          return h >>> 0;
        };
        const stored = () => document.cookie.split('; ').find((c) => c.startsWith('favorites='));
        const out = {};

        // A tab that went away holding the lease: the change waits until
        // the lease ends. One that ends further ahead than a lease lasts
        // was taken under another clock, and is no lock.
        await Favorites.add({ id: '1', title: 'One' });
        const until = Date.now() + 1500;
        await lease({ owner: 'gone', until });
        await Favorites.add({ id: '2', title: 'Two' });
        out.waited = Date.now() >= until;
        await lease({ owner: 'gone', until: Date.now() + 3600e3 });
        await Promise.race([Favorites.add({ id: '3', title: 'Three' }), new Promise((resolve, reject) =>
          setTimeout(() => reject(new Error('a lease taken under another clock held the lock')), 10000))]);

        // The last holder wrote 1, 2, 3 and 4; this tab, in another process,
        // still sees 1, 2 and 3 until the write shows.
        const three = stored();
        await Favorites.add({ id: '4', title: 'Four' });
        const four = stored();
        document.cookie = `${three}; Path=/; SameSite=Lax`;
        await lease({ cookies: digest(four), at: Date.now() });
        setTimeout(() => { document.cookie = `${four}; Path=/; SameSite=Lax`; }, 300);
        await Favorites.add({ id: '5', title: 'Five' });
        out.ids = (await Favorites.list()).map((i) => i.id);

        // A later release's version of the database opens: the library's
        // connection gives way rather than blocking it.
        out.upgrade = await new Promise((resolve) => {
          const open = indexedDB.open('favorites:leases', 2);
          open.onblocked = () => resolve('blocked');
          open.onsuccess = () => resolve(open.result.close() || 'opened');
          open.onerror = () => resolve(String(open.error));
        });
        return out;
      });
      assert.deepEqual(got, { waited: true, ids: ['1', '2', '3', '4', '5'], upgrade: 'opened' });
      await assertNothingThrown(a);
    });

    test('plain http, data-consent="required": no lease before consent, and none left once it is withdrawn', async (t) => {
      const a = await (await reader(t)).tab();
      await open(a, `/t/lease-consent?watch&attrs=${encodeURIComponent('data-consent="required"')}`, TEST_HOSTS[1]);
      const leases = () => a.eval(() => indexedDB.databases().then((dbs) => dbs.some((d) => d.name === 'favorites:leases')));
      assert.equal(await code(a, () => Favorites.add({ id: '1' })), 'consent-required');
      assert.equal(await code(a, () => Favorites.clear()), 'resolved');
      assert.equal(await leases(), false, 'a lease was stored before consent');
      await a.eval(() => Favorites.consent(true).then(() => Favorites.add({ id: '1' })).then(() => null));
      assert.equal(await leases(), true);
      await a.eval(() => Favorites.consent(false));
      await waitFor(a, () => indexedDB.databases().then((dbs) => !dbs.some((d) => d.name === 'favorites:leases')),
        [], 5000, 'the lease\'s database deleted');
      assert.deepEqual(await list(a), []);
      await assertNothingThrown(a);
    });

    // Were the renew outside the lease, the other tab's change would land
    // while it is held, and its answer, released then, would put back [x].
    test('plain http: a renew runs inside its change\'s lease', async (t) => {
      const host = TEST_HOSTS[1];
      const gate = (op, method = 'POST') => fetch(url(`/gates/${token}/${op}`), { method });
      const token = `lease-renew-${engine.name}-${process.pid}-${Date.now()}`;
      assert.equal((await gate('hold')).status, 204);
      t.after(() => gate('release'));
      const r = await reader(t);
      const a = await r.tab();
      await open(a, `/t/lease-renew-a?watch&attrs=${encodeURIComponent(`data-endpoint="/held/${token}"`)}`, host);
      const b = await r.tab();
      await open(b, '/t/lease-renew-b?watch', host);
      await a.eval(() => { window.__add = Favorites.add({ id: 'x' }); return null; });
      assert.equal((await gate('requested', 'GET')).status, 204);
      await b.eval(() => Favorites.add({ id: 'y' }).then(() => null));
      await gate('release');
      assert.equal(await (await gate('answered', 'GET')).text(), 'gone', 'the page had ended the renew when it was answered');
      await a.eval(() => window.__add.then(() => null));
      await open(a, '/t/lease-renew-a?watch', host);
      assert.deepEqual(ids(await list(a)), ['x', 'y']);
      await assertNothingThrown(b);
    });
  });
}
