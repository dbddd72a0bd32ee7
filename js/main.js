// Start: the script tag's options, the core, window.Favorites and the
// markup. This file runs last; the others only define.

var script = document.currentScript;
var data = (script && script.dataset) || {};
keepGoGlue();

// scriptOptions are the options of the script tag's data- attributes, for
// configure: data-cookie-name, data-max-items, data-max-age-days,
// data-domain, and data-message-KEY for each message.
function scriptOptions() {
  var o = {}, m = {};
  if (data.cookieName !== undefined) o.cookieName = data.cookieName;
  if (data.maxItems !== undefined) o.maxItems = Number(data.maxItems);
  if (data.maxAgeDays !== undefined) o.maxAgeDays = Number(data.maxAgeDays);
  if (data.domain !== undefined) o.domain = data.domain;
  for (var k in messages) {
    var v = data['message' + k.charAt(0).toUpperCase() + k.slice(1)];
    if (v) m[k] = v;
  }
  o.messages = m;
  return o;
}

mark('start');
var ready = loadCore().then(function (call) {
  core = call;
  configure(scriptOptions(), location.protocol === 'https:');
  mark('ready');
  listen();
}, function (err) {
  throw error('load-failed', 'favorites.wasm could not be loaded: ' + (err && err.message));
}).catch(function (err) {
  // Options that make no sense are the page's mistake, invalid-item, and
  // every call says so; anything else kept the core from starting.
  failed = err && err.code ? err : error('load-failed', 'the favorites core did not start: ' + (err && err.message));
  if (window.console) console.warn(failed.message);
  draw();
  throw failed;
});
ready.catch(function () {}); // reported through Favorites.ready and every method

api.ready = ready;
window.Favorites = api;
wire();
whenParsed(function () { draw(); });
