// The ES module imported where there is no document: a server rendering the
// site's pages (Next.js, Astro and the like import a client component's
// modules there too). The library is the browser's: here it wires nothing
// and keeps nothing, every method rejects with load-failed so that server
// code that calls it learns why, and an import alone breaks no render.
// ready never settles: there is no list to wait for.
const refuse = () => Promise.reject(Object.assign(new Error('favorites runs in the browser only'), { name: 'FavoritesError', code: 'load-failed' }));
const api = { ready: new Promise(() => {}) };
for (const m of ['add', 'remove', 'toggle', 'has', 'list', 'clear', 'configure', 'consent']) api[m] = refuse;
return { Favorites: api, setup() {} };
