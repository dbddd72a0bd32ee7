// The cross-tab lock where Web Locks are missing (plain http off localhost,
// older browsers): a lease in IndexedDB, whose readwrite transactions on one
// store the browser runs one at a time for all of the origin's tabs. The
// lease also holds a digest of the list's cookies as its last holder left
// them: a tab in another process sees that write late, and the next holder
// waits until its document.cookie shows it.

// LAG_MS bounds the wait for the last holder's write to show; past it, the
// cookies were changed since by something that takes no lease (a server's
// response, an expiry).
var LAG_MS = 1000;
// LEASE_MS outlasts that wait, a change and its renew: a holder that went
// away (its tab closed) frees the lock then. A lease that ends further
// ahead was taken under another clock, and counts as free.
var LEASE_MS = LAG_MS + RENEW_MS + 2000;
var LEASE_DB = 'favorites:leases';
var leaseDB = null; // the database, once opened
var leaseTurn = Promise.resolve(); // this tab's changes take the lease in turn

// leased runs run() holding the lease, after this tab's earlier changes;
// without one where IndexedDB is refused as well, and while the page waits
// for consent (consent.js), which nothing may be stored before: the only
// change then is a clear.
function leased(run) {
  if (consentGiven === false) return run();
  const turn = leaseTurn.then(() => holdLease(run));
  leaseTurn = turn.catch(() => {});
  return turn;
}

// holdLease takes the lease once it is free, waits for its last holder's
// write to show, runs run() and gives the lease back with what run left.
async function holdLease(run) {
  const me = String(Math.random()), key = cookieName; // configure may change the name meanwhile
  let held = null;
  try {
    for (let wait = 1; !held; wait = Math.min(2 * wait, 50)) {
      if (wait > 1) await pause(wait);
      held = await leaseTx(key, (lease, put) => {
        const now = Date.now();
        if (lease.until > now && lease.until <= now + LEASE_MS) return null;
        put({ owner: me, until: now + LEASE_MS, cookies: lease.cookies, at: lease.at });
        return lease;
      });
    }
  } catch (e) {
    return run();
  }
  while (held.at + LAG_MS > Date.now() && held.cookies !== cookiesDigest()) await pause(0);
  try {
    return await run();
  } finally {
    const left = cookiesDigest();
    await leaseTx(key, (lease, put) => lease.owner === me && put({ cookies: left, at: Date.now() })).catch(() => {});
  }
}

// leaseTx calls fn(lease, put) in one readwrite transaction, with the lease
// of the list named key ({} when none) and a function that replaces it, and
// resolves to fn's value once the transaction has committed.
function leaseTx(key, fn) {
  if (!leaseDB) {
    leaseDB = new Promise((resolve, reject) => {
      const open = indexedDB.open(LEASE_DB, 1);
      open.onupgradeneeded = () => open.result.createObjectStore('leases');
      open.onsuccess = () => {
        const db = open.result;
        db.onclose = () => { leaseDB = null; }; // site data cleared: open it again
        // A later version of the database (another release, in another
        // tab) waits for every connection to close.
        db.onversionchange = () => {
          db.close();
          leaseDB = null;
        };
        resolve(db);
      };
      open.onerror = () => reject(open.error);
    });
  }
  return leaseDB.then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction('leases', 'readwrite');
    const store = tx.objectStore('leases');
    const get = store.get(key);
    let value;
    get.onsuccess = () => { value = fn(get.result || {}, (lease) => store.put(lease, key)); };
    tx.oncomplete = () => resolve(value);
    tx.onabort = () => reject(tx.error);
  }));
}

// cookiesDigest is 32-bit FNV-1a over the UTF-16 units of the list's
// cookies (listCookies): the lease says which cookies its holder left
// without holding the reader's list.
function cookiesDigest() {
  const s = listCookies(documentCookies());
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

// dropLeases deletes the lease's database, once the reader has withdrawn
// consent: its digest was made from their list. Other tabs' connections
// give way (onversionchange).
function dropLeases() {
  try { indexedDB.deleteDatabase(LEASE_DB); } catch (e) { /* refused: there is none */ }
}
