// Imports a reader's list from the plugins this one replaces, once: WP
// Favorite Posts (a cookie "wp-favorite-posts[ID]=added" per post) and
// Favorites (a cookie "simplefavorites", URL-encoded JSON with post ids).
// The posts' titles and permalinks come from WordPress's REST API; the
// items go in through window.Favorites, in the old list's order; the old
// cookies are deleted only once every item is stored. Until then nothing
// is lost: a REST API that answers slowly, wrongly or not at all leaves the
// old cookies for the next page view, and adding an id again changes
// nothing, so running twice (two tabs) is harmless.
(function () {
  'use strict';
  var script = document.currentScript;
  var rest = script && script.getAttribute('data-rest');
  if (!rest || !window.Favorites || !window.fetch) return;

  var WPFP = /^wp-favorite-posts\[(\d+)\]$/;
  var SIMPLE = 'simplefavorites';

  // old reads the old cookies: the ids in their order (wpfp's in the order
  // the browser lists them, which is the order they were set) and the
  // names of the cookies that held them.
  function old() {
    var ids = [], names = [], seen = {};
    function take(id) {
      id = String(id);
      if (/^\d+$/.test(id) && id !== '0' && !seen[id]) { seen[id] = true; ids.push(id); }
    }
    document.cookie.split(';').forEach(function (pair) {
      var eq = pair.indexOf('=');
      if (eq < 0) return;
      var name = pair.slice(0, eq).trim(), value = pair.slice(eq + 1).trim();
      var raw = name;
      try { name = decodeURIComponent(name); } catch (e) { /* kept as it came */ }
      var m = WPFP.exec(name);
      if (m) {
        names.push(raw);
        if (value === 'added') take(m[1]);
      } else if (name === SIMPLE) {
        names.push(raw);
        var sites;
        try { sites = JSON.parse(decodeURIComponent(value.replace(/\+/g, ' '))); } catch (e) { return; }
        (Array.isArray(sites) ? sites : []).forEach(function (site) {
          if (site && Array.isArray(site.posts)) site.posts.forEach(take);
        });
      }
    });
    return { ids: ids, names: names };
  }

  // fetchAll asks the REST API for the posts (or pages) of ids, in pages
  // of 100, the API's largest.
  function fetchAll(type, ids) {
    var batches = [];
    for (var i = 0; i < ids.length; i += 100) {
      var url = rest + '/wp/v2/' + type + '?include=' + ids.slice(i, i + 100).join(',') +
        '&per_page=100&_fields=id,title,link';
      batches.push(fetch(url.replace(/(\?[^?]*)\?/, '$1&'), { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) throw new Error('the REST API answered ' + r.status);
        return r.json();
      }));
    }
    return Promise.all(batches).then(function (lists) { return [].concat.apply([], lists); });
  }

  // text returns the text of rendered HTML: DOMParser builds an inert
  // document (no scripts run, nothing loads), whose text is the title.
  function text(html) {
    var doc = new DOMParser().parseFromString('<body>' + String(html), 'text/html');
    return (doc.body.textContent || '').trim();
  }

  function forget(names) {
    names.forEach(function (name) {
      document.cookie = name + '=; Path=/; Max-Age=0; SameSite=Lax';
      document.cookie = name + '=; Max-Age=0; SameSite=Lax'; // set without a Path
    });
  }

  var found = old();
  if (!found.names.length) return;
  Favorites.ready.then(function () {
    if (!found.ids.length) return;
    return Promise.all([fetchAll('posts', found.ids), fetchAll('pages', found.ids)]).then(function (lists) {
      var byId = {};
      lists[0].concat(lists[1]).forEach(function (p) {
        if (p && p.id) byId[String(p.id)] = p;
      });
      // One add after another: the list keeps the old order.
      return found.ids.reduce(function (done, id) {
        var p = byId[id];
        if (!p) return done; // deleted or unpublished since: nothing to link to
        return done.then(function () {
          return Favorites.add({ id: id, title: text(p.title && p.title.rendered), url: String(p.link || '') });
        }).catch(function (err) {
          // A full list keeps what fit: the rest could never go in.
          if (!err || err.code !== 'full') throw err;
        });
      }, Promise.resolve());
    });
  }).then(function () {
    forget(found.names);
  }, function (err) {
    if (window.console) console.warn('favorites: the old list was not imported yet:', err && (err.code || err.message));
  });
})();
