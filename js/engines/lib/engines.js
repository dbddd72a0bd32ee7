// The three engines behind one small driver interface, so that every
// behaviour (behaviours.js) is written once and run in each:
//
//   engine.start(site)               launch the browser (once per run)
//   engine.version                   "Chromium 156.0…", after start
//   engine.reader({blocked})         a reader: a fresh profile or context,
//                                    with cookies refused in the browser's
//                                    own settings when blocked is true
//   reader.tab()                     a new tab of that reader; a second tab
//                                    shares the first one's cookies and is
//                                    its own visible window
//   tab.goto(url)                    load url and wait for its load event
//   tab.eval(fn, ...args)            run fn(...args) in the page, awaiting a
//                                    promise; args and result are JSON
//   tab.click(sel), tab.press(key)   a real click, a real key (Tab, Enter,
//                                    Space) sent to what has the focus
//   tab.hover(sel)                   the real pointer moved over sel
//   tab.frame(sel)                   the same eval and click in an iframe
//   tab.cookies()                    the browser's cookies for the page's
//                                    host, as the browser holds them:
//                                    {name, value, domain, path, secure,
//                                    httpOnly, sameSite, expires (s)}
//   tab.pid()                        the process that runs the page
//   reader.close(), engine.stop()
//
// Chromium is driven over CDP and Firefox over WebDriver BiDi, both with
// puppeteer-core; WebKit (WebKitGTK's MiniBrowser) over W3C WebDriver with
// selenium-webdriver, under an Xvfb server of its own.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import {
  Browser as BrowserKind,
  createProfile,
  launch as launchProcess,
  WEBDRIVER_BIDI_WEBSOCKET_ENDPOINT_REGEX,
} from '@puppeteer/browsers';
import { Builder, By, Key } from 'selenium-webdriver';
import { processOf } from './procs.js';

// The host names under which pages are also served, other than localhost:
// each engine resolves them to the test server. A page there is plain http
// on a host that is not potentially trustworthy, so not a secure context.
export const TEST_HOSTS = ['www.favorites.test', 'news.favorites.test'];

const EVAL_TIMEOUT_MS = 20000;

// source turns fn and its arguments into an expression for the page.
function source(fn, args) {
  return `(${fn})(...${JSON.stringify(args)})`;
}

function timeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// The processes this suite started that do not end with it by themselves
// (Xvfb, WebKitWebDriver and its browsers, Firefox): ended when this
// process ends, also when it is interrupted or a test run is cut short.
const owned = new Set();
function own(kill) {
  owned.add(kill);
  return () => owned.delete(kill);
}
process.once('exit', () => {
  for (const kill of owned) kill();
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => process.exit(128 + os.constants.signals[signal]));
}

function hostOf(url) {
  return new URL(url).hostname;
}

// ---- puppeteer (Chromium over CDP, Firefox over WebDriver BiDi) ------------

class PuppeteerFrame {
  constructor(frame, syntheticClick = false) {
    this.target = frame;
    this.syntheticClick = syntheticClick;
  }

  eval(fn, ...args) {
    return timeout(this.target.evaluate(source(fn, args)), EVAL_TIMEOUT_MS, 'eval').then((v) => (v === undefined ? null : v));
  }

  async click(sel) {
    const el = await this.target.waitForSelector(sel, { visible: true, timeout: 10000 });
    if (this.syntheticClick) await el.evaluate((e) => e.click());
    else await el.click();
    await el.dispose();
  }
}

class PuppeteerTab extends PuppeteerFrame {
  constructor(page, context, root, engine) {
    super(page.mainFrame());
    this.page = page;
    this.context = context;
    this.root = root;
    this.engine = engine;
  }

  async goto(url) {
    await this.page.goto(url, { waitUntil: 'load' });
  }

  url() {
    return this.page.url();
  }

  async press(key) {
    await this.page.keyboard.press(key === 'Space' ? ' ' : key);
  }

  hover(sel) {
    return this.page.hover(sel);
  }

  async frame(sel) {
    const el = await this.page.waitForSelector(sel, { timeout: 10000 });
    const f = await el.contentFrame();
    await el.dispose();
    await f.waitForFunction(() => document.readyState === 'complete', { timeout: 10000 });
    // Firefox over WebDriver BiDi delivers no mouse or key input to a frame
    // in another process (Fission puts a cross-site frame there; puppeteer
    // avoids it by running Firefox with one content process, see
    // firefoxPrefs): a click in a frame there is the element's click(),
    // which reaches the page's listeners as a reader's click does.
    return new PuppeteerFrame(f, this.engine === 'firefox');
  }

  async cookies() {
    const host = hostOf(this.url());
    const all = await this.context.cookies();
    return all
      .filter((c) => c.domain.replace(/^\./, '') === host || host.endsWith(c.domain))
      .map((c) => ({
        name: c.name,
        value: c.value,
        domain: c.domain,
        path: c.path,
        secure: c.secure,
        httpOnly: c.httpOnly,
        sameSite: c.sameSite,
        expires: c.session ? -1 : c.expires,
      }));
  }

  pid() {
    return processOf(this, this.root);
  }

  close() {
    return this.page.close();
  }
}

class PuppeteerReader {
  constructor(engine, context, root, ownsContext) {
    this.engine = engine;
    this.context = context;
    this.root = root;
    this.ownsContext = ownsContext;
    this.pages = [];
  }

  async tab() {
    // Every tab after the first is a window of its own, so that each page
    // is visible, as side-by-side windows are: the contract's sync is
    // promised for visible pages.
    const page = this.pages.length === 0
      ? await this.context.newPage()
      : await this.context.newPage({ type: 'window' });
    this.pages.push(page);
    return new PuppeteerTab(page, this.context, this.root, this.engine);
  }

  async close() {
    if (this.ownsContext) return this.context.close();
    await Promise.all(this.pages.map((p) => p.close().catch(() => {})));
  }
}

// ---- Chromium ---------------------------------------------------------------

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox', // the suite runs as root, where Chromium's sandbox cannot start
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const chromium = {
  name: 'chromium',
  version: '',
  browsers: {},
  site: null,

  async start(site) {
    this.site = site;
    this.browsers.normal = await this.launch(null);
    this.version = (await this.browsers.normal.version()).replace(/^(Headless)?Chrome\//, 'Chromium ');
  },

  // launch starts Chromium with puppeteer's defaults left out, so that the
  // browser is the one readers run (no background-timer or renderer
  // changes). profile is a user-data-dir to start from, or null.
  launch(profile) {
    const args = [
      ...CHROMIUM_FLAGS,
      `--host-resolver-rules=${TEST_HOSTS.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`,
      '--window-size=1280,900',
      // Chromium may put a new tab of a site into the process of another
      // tab of that site (up to a threshold of pages per process), or not,
      // as it sees fit. The two-tab test needs the tabs apart, the case
      // where one tab's cookie write reaches the other late.
      '--disable-features=ProcessPerSiteUpToMainFrameThreshold',
    ];
    if (profile) args.push(`--user-data-dir=${profile}`);
    args.push('about:blank');
    return puppeteer.launch({ executablePath: CHROMIUM, ignoreDefaultArgs: true, args, protocolTimeout: 60000 });
  },

  async reader({ blocked = false } = {}) {
    if (!blocked) {
      const b = this.browsers.normal;
      return new PuppeteerReader('chromium', await b.createBrowserContext(), b.process().pid, true);
    }
    // Cookies blocked in the browser's settings, as a reader sets it in
    // chrome://settings/cookies: a profile content setting. It is the
    // profile's, so it needs a browser of its own, started on first use;
    // its readers use its default context, where the setting applies.
    if (!this.browsers.blocked) {
      const dir = tempDir('favorites-chromium-blocked-');
      fs.mkdirSync(path.join(dir, 'Default'));
      fs.writeFileSync(path.join(dir, 'Default', 'Preferences'),
        JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }));
      this.browsers.blocked = await this.launch(dir);
      this.blockedDir = dir;
    }
    const b = this.browsers.blocked;
    return new PuppeteerReader('chromium', b.defaultBrowserContext(), b.process().pid, false);
  },

  async stop() {
    for (const b of Object.values(this.browsers)) await b.close();
    if (this.blockedDir) fs.rmSync(this.blockedDir, { recursive: true, force: true });
  },
};

// ---- Firefox ----------------------------------------------------------------

const FIREFOX = '/usr/bin/firefox-esr';

// firefoxPrefs are what the profile sets beyond @puppeteer/browsers' test
// profile (no updates, telemetry or first-run pages). That profile turns
// third-party cookie isolation off in the standard tracking protection
// (cookieBehavior0); readers' Firefox has Total Cookie Protection
// (cookieBehavior 5), so it is put back. The process model is left as
// Firefox ships it (Fission: each site in processes of its own, up to
// dom.ipc.processCount.webIsolated of them, and a new tab may go to
// another one), which puppeteer's own launcher would change to one shared
// process for all web content.
function firefoxPrefs(site, blocked) {
  const behavior = blocked ? 2 : 5;
  return {
    'browser.contentblocking.features.standard': `-tp,tpPrivate,cookieBehavior${behavior},cookieBehaviorPBM5,cryptoTP,fp`,
    'network.cookie.cookieBehavior': behavior,
    'network.dns.localDomains': TEST_HOSTS.join(','),
    // The test hosts are served over plain http: no upgrade to https.
    'dom.security.https_first': false,
    'dom.security.https_first_schemeless': false,
  };
}

export const firefox = {
  name: 'firefox',
  version: '',
  browsers: {},
  procs: [],
  dirs: [],

  async start(site) {
    this.site = site;
    this.browsers.normal = await this.launch(false);
    this.version = (await this.browsers.normal.version()).replace(/^firefox\//i, 'Firefox ESR ');
  },

  // launch starts Firefox on a new profile and connects puppeteer to its
  // WebDriver BiDi endpoint.
  async launch(blocked) {
    const dir = tempDir('favorites-firefox-');
    this.dirs.push(dir);
    await createProfile(BrowserKind.FIREFOX, { path: dir, preferences: firefoxPrefs(this.site, blocked) });
    const proc = launchProcess({
      executablePath: FIREFOX,
      args: ['--headless', '--no-remote', '--profile', dir, '--remote-debugging-port=0', 'about:blank'],
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    this.procs.push(proc);
    own(() => proc.kill());
    const ws = await proc.waitForLineOutput(WEBDRIVER_BIDI_WEBSOCKET_ENDPOINT_REGEX, 60000);
    const browser = await puppeteer.connect({
      browserWSEndpoint: ws + '/session',
      protocol: 'webDriverBiDi',
      protocolTimeout: 60000,
    });
    browser.rootPid = proc.nodeProcess.pid;
    return browser;
  },

  async reader({ blocked = false } = {}) {
    if (blocked && !this.browsers.blocked) this.browsers.blocked = await this.launch(true);
    const b = blocked ? this.browsers.blocked : this.browsers.normal;
    return new PuppeteerReader('firefox', await b.createBrowserContext(), b.rootPid, true);
  },

  async stop() {
    for (const b of Object.values(this.browsers)) await b.close().catch(() => {});
    for (const p of this.procs) await p.close().catch(() => {});
    for (const d of this.dirs) fs.rmSync(d, { recursive: true, force: true });
  },
};

// ---- WebKit -----------------------------------------------------------------

const WEBKIT_DRIVER = 'WebKitWebDriver';
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const ITP_BROWSER = fileURLToPath(new URL('../itp-browser.py', import.meta.url));

const KEYS = { Tab: Key.TAB, Enter: Key.ENTER, Space: ' ' };

// A WebDriver session is one MiniBrowser: one reader, whose tabs are its
// windows. WebDriver talks to one window at a time, so each operation
// switches to its tab's window first (and to its frame, then back).
class WebKitSession {
  constructor(driver) {
    this.driver = driver;
    this.current = null;
    this.windows = 0;
  }

  async on(handle) {
    if (this.current !== handle) {
      await this.driver.switchTo().window(handle);
      this.current = handle;
    }
  }
}

class WebKitFrame {
  constructor(tab, sel) {
    this.tab = tab;
    this.sel = sel;
  }

  async inFrame(fn) {
    await this.tab.session.on(this.tab.handle);
    const d = this.tab.session.driver;
    await d.switchTo().frame(await d.findElement(By.css(this.sel)));
    try {
      return await fn(d);
    } finally {
      await d.switchTo().defaultContent();
    }
  }

  eval(fn, ...args) {
    return this.inFrame(() => this.tab.run(fn, args));
  }

  click(sel) {
    return this.inFrame(async (d) => (await d.findElement(By.css(sel))).click());
  }
}

class WebKitTab {
  constructor(session, handle, root) {
    this.session = session;
    this.handle = handle;
    this.root = root;
    this.href = 'about:blank';
  }

  get driver() {
    return this.session.driver;
  }

  async goto(url) {
    await this.session.on(this.handle);
    await this.driver.get(url);
    this.href = url;
  }

  url() {
    return this.href;
  }

  // run evaluates in whatever the session is on. Execute Async Script
  // awaits the promise; a rejection or throw comes back as {error}.
  async run(fn, args) {
    const r = await this.driver.executeAsyncScript(`
      const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => ${source(fn, args)}).then(
        (v) => done({ value: v === undefined ? null : JSON.stringify(v) }),
        (e) => done({ error: e && e.message ? e.message : String(e) }));`);
    if (r.error !== undefined) throw new Error(`evaluation failed: ${r.error}`);
    return r.value === undefined ? undefined : JSON.parse(r.value);
  }

  async eval(fn, ...args) {
    await this.session.on(this.handle);
    return this.run(fn, args);
  }

  async click(sel) {
    await this.session.on(this.handle);
    await (await this.driver.findElement(By.css(sel))).click();
  }

  async press(key) {
    await this.session.on(this.handle);
    await this.driver.actions().sendKeys(KEYS[key]).perform();
  }

  async hover(sel) {
    await this.session.on(this.handle);
    const el = await this.driver.findElement(By.css(sel));
    await this.driver.actions().move({ origin: el }).perform();
  }

  async frame(sel) {
    const f = new WebKitFrame(this, sel);
    await this.waitFrame(sel);
    return f;
  }

  async waitFrame(sel) {
    const deadline = Date.now() + 10000;
    for (;;) {
      await this.session.on(this.handle);
      const el = await this.driver.findElements(By.css(sel));
      if (el.length) return;
      if (Date.now() > deadline) throw new Error(`no frame ${sel}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async cookies() {
    await this.session.on(this.handle);
    const all = await this.driver.manage().getCookies();
    return all.map((c) => ({
      name: c.name,
      value: c.value,
      domain: c.domain,
      path: c.path,
      secure: c.secure,
      httpOnly: c.httpOnly,
      sameSite: c.sameSite,
      expires: c.expiry === undefined ? -1 : c.expiry,
    }));
  }

  pid() {
    return processOf(this, this.root);
  }

  async close() {
    await this.session.on(this.handle);
    await this.driver.close();
    this.session.current = null;
  }
}

class WebKitReader {
  constructor(session, root) {
    this.session = session;
    this.root = root;
  }

  async tab() {
    const d = this.session.driver;
    if (this.session.windows > 0) {
      // A window rather than a tab: each page stays visible.
      await d.switchTo().newWindow('window');
    }
    this.session.windows++;
    const handle = await d.getWindowHandle();
    this.session.current = handle;
    return new WebKitTab(this.session, handle, this.root);
  }

  close() {
    return this.session.driver.quit();
  }
}

export const webkit = {
  name: 'webkit',
  version: '',
  children: [],
  binary: MINIBROWSER,
  browserName: 'MiniBrowser',

  async start(site) {
    this.site = site;
    // Xvfb picks a free display and tells it on the descriptor given. By
    // default it resets when its last client leaves, and a MiniBrowser
    // that connects meanwhile finds no display: each session's MiniBrowser
    // is the only client, so it must not reset.
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp', '-noreset'], {
      stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
    });
    this.children.push(xvfb);
    own(() => xvfb.kill());
    this.display = await new Promise((resolve, reject) => {
      xvfb.once('error', reject);
      xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
      xvfb.stdio[3].once('data', (d) => resolve(':' + String(d).trim()));
    });
    this.port = await freePort();
    const driver = spawn(WEBKIT_DRIVER, [`--port=${this.port}`], {
      env: { ...process.env, DISPLAY: this.display },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    this.children.push(driver);
    // WebKitWebDriver ends the MiniBrowser of an open session when it is
    // told to end, not when it is killed.
    own(() => driver.kill('SIGTERM'));
    this.rootPid = driver.pid;
    await this.waitDriver();
    const r = await this.reader();
    this.version = 'WebKitGTK ' + (await r.session.driver.getCapabilities()).get('browserVersion');
    await r.close();
  },

  async waitDriver() {
    const deadline = Date.now() + 20000;
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/status`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('WebKitWebDriver did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  },

  // Each reader is a WebDriver session: a MiniBrowser of its own, with an
  // empty cookie jar. Its HTTP proxy is the test server, which serves the
  // same pages under every host name: that is how the test hosts resolve.
  async reader({ blocked = false, browserArgs = [] } = {}) {
    const args = ['--automation', `--proxy=${this.site.url}`, ...browserArgs];
    // MiniBrowser's cookie accept policy, WebKitGTK's setting for what a
    // reader sets in Safari: never accept cookies.
    args.push(`--cookies-policy=${blocked ? 'never' : 'no-third-party'}`);
    // WebKitWebDriver waits for ever for a MiniBrowser that could not
    // start: the session has a time limit.
    const driver = await timeout(new Builder()
      .usingServer(`http://127.0.0.1:${this.port}`)
      .withCapabilities({ browserName: this.browserName, 'webkitgtk:browserOptions': { binary: this.binary, args } })
      .build(), 60000, 'starting a WebKit session');
    await driver.manage().setTimeouts({ script: EVAL_TIMEOUT_MS, pageLoad: 30000 });
    return new WebKitReader(new WebKitSession(driver), this.rootPid);
  },

  async stop() {
    for (const c of this.children.reverse()) c.kill();
  },
};

// WebKitGTK with its tracking prevention (ITP) acting, as Safari's does: the
// browser of itp-browser.py, on a persistent website data manager (ITP
// never acts on MiniBrowser --automation's ephemeral one). Its readers take
// browserArgs ['--no-itp'] for the same browser with ITP off.
export const webkitITP = { ...webkit, name: 'webkit-itp', children: [], binary: ITP_BROWSER, browserName: 'ITPBrowser' };

export const engines = { chromium, firefox, webkit };
