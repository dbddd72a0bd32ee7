// Start: the script tag's options, the core, window.Favorites and the
// markup. The other files only define; start runs once, called by
// classic.js at once, or by module.js (the ES module) after the importing
// code had its chance to call setup.

var script = document.currentScript;
var data = (script && script.dataset) || {};
keepGoGlue();

// scriptOptions are the options of the script tag's data- attributes, for
// configure: data-cookie-name, data-max-items, data-max-age-days,
// data-domain, and data-message-KEY for each message.
function scriptOptions() {
  const o = { messages: {} };
  if (data.cookieName !== undefined) o.cookieName = data.cookieName;
  if (data.maxItems !== undefined) o.maxItems = Number(data.maxItems);
  if (data.maxAgeDays !== undefined) o.maxAgeDays = Number(data.maxAgeDays);
  if (data.domain !== undefined) o.domain = data.domain;
  for (const k in messages) {
    const v = data['message' + k.charAt(0).toUpperCase() + k.slice(1)];
    if (v) o.messages[k] = v;
  }
  return o;
}

var options = scriptOptions();
endpoint = data.endpoint || null; // not among options: configure's endpoint outlasts the core's start

// starting is the core's start (startCore), once something needed it;
// waiting is true while the page waits for it to read a stored list.
// Meanwhile a server's markup, rendered from the same cookie, stands
// (markup.js, serverState), and the core's answer redraws what differs.
var starting = null;
var waiting = false;

// startCore loads the core, hands it the script tag's options and resolves
// once it runs; the first call starts it, the rest share it. A failure is
// reported through the calls that need the core, and in the widgets:
// invalid-item for options that make no sense, else load-failed.
function startCore() {
  if (starting) return starting;
  starting = loadCore().then((call) => {
    core = call;
    const shown = !waiting; // the page showed an empty list
    waiting = false;
    configure(options, location.protocol === 'https:');
    // A list stored since the page looked is a change made outside it.
    if (shown && items.length) announce('sync', null);
  }, (err) => {
    throw error('load-failed', 'favorites.wasm could not be loaded: ' + (err && err.message));
  }).catch((err) => {
    failed = err && err.code ? err : error('load-failed', 'the favorites core did not start: ' + (err && err.message));
    core = null;
    waiting = false;
    if (window.console) console.warn(failed.message);
    draw();
    throw failed;
  });
  starting.catch(() => {});
  return starting;
}

// start applies options, wires the page and returns what api.ready is. A
// stored list must be read to be shown, so it loads the core at once; a
// reader without one has an empty list, ready now, and the core loads when
// first needed: intent on a button (markup.js), a change, or a stored list
// appearing (api.js, sync).
function start() {
  mark('start');
  if (typeof options.cookieName === 'string') cookieName = options.cookieName;
  Object.assign(messages, options.messages);
  waiting = storedList();
  const ready = waiting ? startCore() : Promise.resolve();
  ready.then(() => mark('ready'), () => {});
  openChannel();
  listen();
  wire();
  whenParsed(() => draw());
  return ready;
}
