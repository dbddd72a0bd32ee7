// window.__ready resolves with performance.now() (ms since navigation
// start) when Favorites.ready has resolved.
window.__ready = Favorites.ready.then(function () { return performance.now(); });
