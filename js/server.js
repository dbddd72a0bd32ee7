// The ES module imported where there is no document: a server rendering
// the site's pages (Next.js, Astro and the like import a client
// component's modules there too). The library is the browser's: here it
// wires nothing and keeps nothing, and every method rejects with
// load-failed, so that server code that calls it learns why, and an import
// alone breaks no render. ready never settles: there is no list to wait for.
var refuse = function () {
  var e = new Error('favorites runs in the browser only');
  e.name = 'FavoritesError';
  e.code = 'load-failed';
  return Promise.reject(e);
};
var api = { ready: new Promise(function () {}) };
['add', 'remove', 'toggle', 'has', 'list', 'clear', 'configure', 'consent'].forEach(function (m) { api[m] = refuse; });
return { Favorites: api, setup: function () {} };
