// WebKit's tracking prevention (ITP) caps the life of cookies written by
// script to 7 days, as Safari does; data-endpoint makes the list's cookies
// server-set ones, which it leaves alone. Run in WebKitGTK with ITP acting
// (itp-browser.py: a persistent website data manager with ITP on), on the
// test site's pages and its endpoint under /favorites/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TEST_HOSTS, webkitITP as engine } from '../lib/engines.js';
import { startSite } from '../lib/server.js';

const DAY = 86400;
const YEAR = 365 * DAY;
// Pages on a test host, reached through the browser's proxy (the test
// server): a registrable domain, as a news site has.
const ORIGIN = `http://${TEST_HOSTS[0]}`;

let site;
before(async () => {
  site = await startSite();
  await engine.start(site);
});
after(async () => {
  await engine.stop();
  site?.close();
});

// tab returns the tab of a new reader, a browser of its own, which the
// test's end closes (WebKitWebDriver runs one session at a time).
async function tab(t, options) {
  const reader = await engine.reader(options);
  const tab = await reader.tab();
  tab.close = () => reader.close();
  t.after(() => reader.close().catch(() => {}));
  return tab;
}

// lives returns, for each cookie whose name starts with prefix, the seconds
// from now until it expires, as the browser holds it (WebDriver's cookie
// expiry).
async function lives(tab, prefix) {
  const now = Date.now() / 1000;
  const out = {};
  for (const c of await tab.cookies()) {
    if (c.name.startsWith(prefix)) out[c.name] = c.expires - now;
  }
  return out;
}

function assertLife(t, lives, want, what) {
  assert.ok(Object.keys(lives).length > 0, `${what}: no cookie`);
  t.diagnostic(`${what}: ${Object.entries(lives).map(([n, left]) => `${n} ${(left / DAY).toFixed(3)} days`).join(', ')}`);
  for (const [name, left] of Object.entries(lives)) {
    assert.ok(Math.abs(left - want) < 3600, `${what}: ${name} expires in ${(left / DAY).toFixed(3)} days, want ${want / DAY}`);
  }
}

// Enough items with long titles that the list spans more than one cookie.
async function addMany(tab) {
  await tab.eval(() => Promise.all(Array.from({ length: 40 }, (_, i) =>
    Favorites.add({ id: 'n' + i, title: 'A long title of an article, to fill the cookie '.repeat(6), url: '/news/' + i }))).then(() => null));
}

test('ITP caps a cookie written by document.cookie with a year of Max-Age to 7 days', async (t) => {
  const itp = await tab(t);
  await itp.goto(`${ORIGIN}/t/itp?noscript`);
  await itp.eval(() => { document.cookie = `probe=1; Max-Age=${365 * 86400}; Path=/`; return null; });
  assertLife(t, await lives(itp, 'probe'), 7 * DAY, 'with ITP');
  await itp.close();

  // The same browser with ITP off keeps the year: the cap is ITP's.
  const off = await tab(t, { browserArgs: ['--no-itp'] });
  await off.goto(`${ORIGIN}/t/itp-off?noscript`);
  await off.eval(() => { document.cookie = `probe=1; Max-Age=${365 * 86400}; Path=/`; return null; });
  assertLife(t, await lives(off, 'probe'), YEAR, 'without ITP');
});

test('without data-endpoint the list lives 7 days', async (t) => {
  const page = await tab(t);
  await page.goto(`${ORIGIN}/t/no-endpoint`);
  await addMany(page);
  const l = await lives(page, 'favorites');
  assert.ok(Object.keys(l).length > 1, `the list spans ${Object.keys(l)}`);
  assertLife(t, l, 7 * DAY, 'without data-endpoint');
});

test('with data-endpoint the list lives its whole Max-Age, after every change', async (t) => {
  const page = await tab(t);
  await page.goto(`${ORIGIN}/t/endpoint?attrs=${encodeURIComponent('data-endpoint="/favorites"')}`);
  await addMany(page);
  const l = await lives(page, 'favorites');
  assert.ok(Object.keys(l).length > 1, `the list spans ${Object.keys(l)}`);
  assertLife(t, l, YEAR, 'with data-endpoint, after adds');
  await page.eval(() => Favorites.remove('n0').then(() => null));
  assertLife(t, await lives(page, 'favorites'), YEAR, 'with data-endpoint, after a remove');
  assert.equal((await page.eval(() => Favorites.list())).length, 39);
});
