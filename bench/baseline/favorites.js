// favorites baseline: the whole library in plain JavaScript, written the way
// a careful web developer would, for `make bench` to measure the Go core
// against. It keeps the public contract (README.md): the same
// methods, events, error codes and markup, the same validation as
// internal/favorites, and the same cookie format as internal/cookie (a port
// of its codec, 12-bit FNV check and "$base64$" runs included), so the two
// read each other's cookies. Nothing here is loaded with the real library.
(function () {
  'use strict';
  if (window.Favorites) return; // the script was included twice

  var script = document.currentScript;
  var data = (script && script.dataset) || {};

  var messages = {
    add: 'Add to favorites',
    remove: 'Remove from favorites',
    clear: 'Clear favorites',
    empty: 'Favorite list is empty.',
    warning: 'Your favorite posts saved to your browsers cookies. If you clear cookies also favorite posts will be deleted.',
    rem: 'remove',
    loading: 'Loading',
    error: 'Favorites are unavailable right now.'
  };
  var coreOptions = ['cookieName', 'maxItems', 'maxAgeDays', 'domain'];

  var SYNC_MS = 1000;
  var MAX_ID = 100, MAX_TITLE = 200, MAX_URL = 2048, MAX_MAX_ITEMS = 1000, MAX_AGE_LIMIT = 400;
  var MAX_PAIR = 4000, MAX_COOKIES = 5, HEADER = 2;

  function error(code, message) {
    var e = new Error(message);
    e.name = 'FavoritesError';
    e.code = code;
    return e;
  }
  function invalid(reason) { return error('invalid-item', reason); }

  // ---- validation (internal/favorites) -----------------------------------

  // Go reads a JavaScript string as UTF-8, with lone surrogates as U+FFFD.
  var wellFormed = String.prototype.toWellFormed
    ? function (s) { return s.toWellFormed(); }
    : function (s) { return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/g, function (m) { return m.length > 1 ? m.charAt(0) + '\uFFFD' : '\uFFFD'; }); };

  function isControl(c) { return c < 0x20 || (c >= 0x7f && c < 0xa0); }

  function validID(id) {
    if (id === '') return 'the id is empty';
    var n = 0;
    for (var i = 0; i < id.length; i++) {
      var c = id.charCodeAt(i);
      if (isControl(c)) return 'the id holds a control character';
      if (c < 0xd800 || c > 0xdbff) n++; // a high surrogate counts with its pair
    }
    return n > MAX_ID ? 'the id is longer than 100 characters' : null;
  }

  function utf8Len(s) {
    var n = s.length;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0x80) n += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2; // a pair is 2+2
    }
    return n;
  }

  function startsFold(s, prefix) {
    return s.length >= prefix.length && s.slice(0, prefix.length).toLowerCase() === prefix;
  }

  function validURL(u) {
    if (u === '') return null;
    if (u.length > MAX_URL || utf8Len(u) > MAX_URL) return 'the url is longer than 2048 bytes';
    for (var i = 0; i < u.length; i++) {
      var c = u.charCodeAt(i);
      if (isControl(c) || c === 0x5c) return 'the url holds a control character or a backslash';
    }
    if (u.charCodeAt(0) === 0x2f) return u.charCodeAt(1) === 0x2f ? 'the url is protocol-relative (//host)' : null;
    var rest;
    if (startsFold(u, 'https://')) rest = u.slice(8);
    else if (startsFold(u, 'http://')) rest = u.slice(7);
    else return 'the url is neither http(s) nor a path starting with /';
    var h = rest.charAt(0);
    if (h === '' || h === '/' || h === '?' || h === '#' || h === '@') return 'the url has no host';
    return null;
  }

  // codePoints counts up to limit+1 code points of s.
  function codePoints(s, limit) {
    var n = 0;
    for (var i = 0; i < s.length && n <= limit; i++) {
      var c = s.charCodeAt(i);
      if (c < 0xd800 || c > 0xdbff) n++;
    }
    return n;
  }

  function shortTitle(t) {
    if (t.length <= MAX_TITLE || codePoints(t, MAX_TITLE) <= MAX_TITLE) return t;
    var n = 0, i = 0;
    while (n < MAX_TITLE - 1) {
      var c = t.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      n++;
    }
    return t.slice(0, i) + '\u2026';
  }

  // ---- the cookie codec (internal/cookie) --------------------------------

  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var b64val = new Int16Array(128).fill(-1);
  for (var bi = 0; bi < 64; bi++) b64val[B64.charCodeAt(bi)] = bi;

  // ESC[c] is what follows "*" for the ASCII character c, '' when it stands
  // for itself; UNESC is the inverse.
  var ESC = [], UNESC = [];
  for (var ei = 0; ei < 128; ei++) { ESC[ei] = ''; UNESC[ei] = ''; }
  [['_', '_'], ['*', '*'], ['$', '$'], ['|', '|'], ['~', '~'], ['"', 'q'], ['%', 'p'],
    ['+', 'a'], [',', 'c'], [';', 's'], ['\\', 'b']].forEach(function (p) {
    ESC[p[0].charCodeAt(0)] = '*' + p[1];
    UNESC[p[1].charCodeAt(0)] = p[0];
  });
  // PLAIN[c]: the ASCII character c is written as itself.
  var PLAIN = new Uint8Array(128);
  for (var pi = 0x21; pi < 0x7f; pi++) PLAIN[pi] = ESC[pi] === '' ? 1 : 0;

  var encoder = new TextEncoder();
  var decoder = new TextDecoder('utf-8', { fatal: true });

  // A UTF-16 unit is in a "$" run when its UTF-8 bytes are: non-ASCII text,
  // control characters and DEL.
  function inRun(c) { return c >= 0x7f || c < 0x20; }

  function base64(bytes) {
    var out = '', i = 0, n = bytes.length, v;
    for (; i + 3 <= n; i += 3) {
      v = bytes[i] << 16 | bytes[i + 1] << 8 | bytes[i + 2];
      out += B64[v >> 18] + B64[v >> 12 & 63] + B64[v >> 6 & 63] + B64[v & 63];
    }
    if (n - i === 2) {
      v = bytes[i] << 16 | bytes[i + 1] << 8;
      out += B64[v >> 18] + B64[v >> 12 & 63] + B64[v >> 6 & 63];
    } else if (n - i === 1) {
      v = bytes[i] << 16;
      out += B64[v >> 18] + B64[v >> 12 & 63];
    }
    return out;
  }

  // field returns the text form of s (see the package comment of
  // internal/cookie). Runs end as runEnd does there: up to three ASCII
  // characters between run characters join the run.
  function field(s) {
    var out = '', start = 0, i = 0, n = s.length;
    while (i < n) {
      var c = s.charCodeAt(i);
      if (c >= 0x20 && c < 0x7f) {
        if (PLAIN[c]) { i++; continue; }
        out += s.slice(start, i) + (c === 0x20 ? '_' : ESC[c]);
        start = ++i;
        continue;
      }
      var j = i;
      while (j < n) {
        if (inRun(s.charCodeAt(j))) { j++; continue; }
        var k = j;
        while (k < n && k < j + 3 && !inRun(s.charCodeAt(k))) k++;
        if (k < n && inRun(s.charCodeAt(k))) { j = k; continue; }
        break;
      }
      out += s.slice(start, i) + '$' + base64(encoder.encode(s.slice(i, j))) + '$';
      start = i = j;
    }
    return start === 0 ? s : out + s.slice(start);
  }

  // check is 12 bits of 32-bit FNV-1a over the characters of s from index
  // from, which are ASCII.
  function check(s, from) {
    var h = 0x811c9dc5;
    for (var i = from; i < s.length; i++) {
      h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    }
    h >>>= 0;
    return (h ^ h >>> 12 ^ h >>> 24) & 0xfff;
  }

  // encodeItem returns an item's text up to and including its "~".
  function encodeItem(it) {
    var a = it.added, added = '';
    for (var i = 0; i < 6; i++) { added = B64[a % 64] + added; a = Math.floor(a / 64); }
    var body = added + field(it.id) + '|' + field(it.title) + '|' + field(it.url);
    var h = check(body, 0);
    return B64[h >> 6] + B64[h & 63] + body + '~';
  }

  function chunkName(base, i) { return i === 0 ? base : base + '_' + i; }

  // encode returns the values of the chunks that store items, or throws full.
  function encode(base, items) {
    if (!items.length) return [];
    var chunks = [], buf = '';
    for (var i = 0; i < items.length; i++) {
      var it = items[i];
      var text = it.enc || (it.enc = encodeItem(it));
      var room = MAX_PAIR - chunkName(base, chunks.length).length - 1 - HEADER;
      if (buf.length && buf.length + text.length > room) {
        chunks.push(buf);
        buf = '';
        room = MAX_PAIR - chunkName(base, chunks.length).length - 1 - HEADER; // "_N" is longer
      }
      if (text.length > room) throw error('full', 'an item is too large for a cookie');
      buf += text;
    }
    chunks.push(buf);
    if (chunks.length > MAX_COOKIES) throw error('full', 'the list is too large for its cookies');
    var head = '1' + chunks.length;
    for (i = 0; i < chunks.length; i++) chunks[i] = head + chunks[i];
    return chunks;
  }

  function header(v) {
    if (v.length < HEADER || v.charCodeAt(0) !== 0x31) return 0;
    var n = v.charCodeAt(1) - 0x30;
    return n >= 1 && n <= MAX_COOKIES ? n : 0;
  }

  // decode returns the items that read whole from chunks (an array of
  // MAX_COOKIES values, '' where a chunk is missing).
  function decode(chunks) {
    var count = 0, i;
    for (i = 0; i < MAX_COOKIES; i++) if ((count = header(chunks[i]))) break;
    var items = [], seen = {};
    for (i = 0; i < count; i++) {
      if (header(chunks[i]) === count) decodeChunk(items, seen, chunks[i]);
    }
    return items;
  }

  function decodeChunk(items, seen, s) {
    var pos = HEADER, n = s.length;
    while (pos < n) {
      var end = pos;
      while (end < n && s.charCodeAt(end) !== 0x7e) {
        if (s.charCodeAt(end) === 0x2a) end++;
        end++;
      }
      if (end >= n) return; // no "~": a truncated item, never half-read
      var it = decodeItem(s.slice(pos, end));
      if (it && !seen['$' + it.id]) {
        seen['$' + it.id] = true;
        items.push(it);
      }
      pos = end + 1;
    }
  }

  function isOctet(c) {
    return c >= 0x21 && c <= 0x7e && c !== 0x22 && c !== 0x2c && c !== 0x3b && c !== 0x5c;
  }

  function decodeItem(s) {
    if (s.length < 10) return null;
    var c0 = b64At(s, 0), c1 = b64At(s, 1);
    if (c0 < 0 || c1 < 0 || (c0 << 6 | c1) !== check(s, 2)) return null;
    var added = 0;
    for (var i = 2; i < 8; i++) {
      var d = b64At(s, i);
      if (d < 0) return null;
      added = added * 64 + d;
    }
    var fields = [], pos = 8;
    for (var f = 0; f < 3; f++) {
      var r = decodeField(s, pos);
      if (!r) return null;
      fields.push(r.text);
      pos = r.end;
      if (f < 2) {
        if (s.charCodeAt(pos) !== 0x7c) return null;
        pos++;
      }
    }
    if (pos !== s.length) return null;
    var it = { id: fields[0], title: fields[1], url: fields[2], added: added };
    if (validID(it.id) !== null || validURL(it.url) !== null || codePoints(it.title, MAX_TITLE) > MAX_TITLE) return null;
    return it;
  }

  function b64At(s, i) {
    var c = s.charCodeAt(i);
    return c < 128 ? b64val[c] : -1;
  }

  // decodeField reads one field from s[pos] up to an unescaped "|" or the
  // end, as {text, end}, or null. Fields with "$" runs are assembled as
  // bytes and must be valid UTF-8 as a whole.
  function decodeField(s, pos) {
    var i = pos, n = s.length, out = '', start = pos, bytes = null;
    for (; i < n; i++) {
      var c = s.charCodeAt(i);
      if (c === 0x7c) break;
      if (c === 0x5f || c === 0x2a || c === 0x24) {
        out += s.slice(start, i);
        if (c === 0x5f) {
          out += ' ';
        } else if (c === 0x2a) {
          var e = s.charCodeAt(i + 1);
          if (!(e < 128) || UNESC[e] === '') return null;
          out += UNESC[e];
          i++;
        } else {
          var j = s.indexOf('$', i + 1);
          if (j < 0 || j === i + 1) return null;
          var raw = unbase64(s, i + 1, j);
          if (!raw) return null;
          if (!bytes) bytes = [];
          if (out) { bytes.push(encoder.encode(out)); out = ''; }
          bytes.push(raw);
          i = j;
        }
        start = i + 1;
      } else if (c === 0x7e || !isOctet(c)) {
        return null;
      }
    }
    out += s.slice(start, i);
    if (bytes) {
      if (out) bytes.push(encoder.encode(out));
      var len = 0, k;
      for (k = 0; k < bytes.length; k++) len += bytes[k].length;
      var all = new Uint8Array(len), at = 0;
      for (k = 0; k < bytes.length; k++) { all.set(bytes[k], at); at += bytes[k].length; }
      try { out = decoder.decode(all); } catch (err) { return null; } // not UTF-8: the item is dropped
    }
    return { text: out, end: i };
  }

  function unbase64(s, from, to) {
    if ((to - from) % 4 === 1) return null;
    var out = new Uint8Array(((to - from) * 6) >> 3), v = 0, bits = 0, k = 0;
    for (var i = from; i < to; i++) {
      var d = b64At(s, i);
      if (d < 0) return null;
      v = (v << 6 | d) & 0xffffff;
      bits += 6;
      if (bits >= 8) { bits -= 8; out[k++] = (v >> bits) & 0xff; }
    }
    return out;
  }

  // chunks picks the values of the list's chunks out of document.cookie; a
  // name seen twice counts the first time.
  function readChunks(cookies, base) {
    var out = ['', '', '', '', ''];
    var parts = cookies.split(';');
    for (var i = 0; i < parts.length; i++) {
      var pair = parts[i].replace(/^[ \t]+|[ \t]+$/g, '');
      var eq = pair.indexOf('=');
      if (eq < 0) continue;
      var name = pair.slice(0, eq), n = -1;
      if (name === base) n = 0;
      else if (name.length === base.length + 2 && name.charCodeAt(base.length) === 0x5f && name.slice(0, base.length) === base) {
        var d = name.charCodeAt(base.length + 1) - 0x30;
        if (d >= 1 && d < MAX_COOKIES) n = d;
      }
      if (n >= 0 && out[n] === '') out[n] = pair.slice(eq + 1);
    }
    return out;
  }

  function sameChunks(a, b) {
    for (var i = 0; i < MAX_COOKIES; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function validName(name) {
    if (name === '' || name.length > 64) return false;
    for (var i = 0; i < name.length; i++) {
      var c = name.charCodeAt(i);
      if (c <= 0x20 || c >= 0x7f || '()<>@,;:\\"/[]?={}'.indexOf(name.charAt(i)) >= 0) return false;
    }
    return true;
  }

  function validDomain(d) {
    if (d === '' || d.length > 253) return false;
    if (d.charAt(0) === '.') d = d.slice(1);
    return /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(d);
  }

  // ---- the store (internal/store) ----------------------------------------

  var opts = { name: 'favorites', maxItems: 50, maxAgeDays: 365, domain: '', secure: false };
  var seen = ['', '', '', '', '']; // the chunks last read or written
  var stored = []; // decoded from seen: {id, title, url, added (s), enc}

  function validateOptions(o) {
    if (!validName(o.name)) return 'cookieName must be a cookie token of at most 64 characters';
    if (o.maxItems < 1 || o.maxItems > MAX_MAX_ITEMS) return 'maxItems must be a whole number from 1 to 1000';
    if (o.maxAgeDays < 1 || o.maxAgeDays > MAX_AGE_LIMIT) return 'maxAgeDays must be a whole number from 1 to 400';
    if (o.domain !== '' && !validDomain(o.domain)) return 'domain must be a host name';
    return null;
  }

  function setChunks(chunks) {
    seen = chunks;
    stored = decode(chunks);
  }

  // syncStore reads the jar and reports whether the list changed since this
  // page last read or wrote it.
  function syncStore() {
    var chunks = readChunks(document.cookie, opts.name);
    if (sameChunks(chunks, seen)) return false;
    setChunks(chunks);
    return true;
  }

  function tail() {
    return '; SameSite=Lax' + (opts.domain ? '; Domain=' + opts.domain : '') + (opts.secure ? '; Secure' : '');
  }

  function apply(chunks, present) {
    for (var i = 0; i < MAX_COOKIES; i++) {
      var name = chunkName(opts.name, i);
      if (chunks[i] !== '') {
        document.cookie = name + '=' + chunks[i] + '; Path=/; Max-Age=' + opts.maxAgeDays * 86400 + tail();
      } else if (present[i] !== '') {
        document.cookie = name + '=; Path=/; Max-Age=0' + tail();
      }
    }
  }

  // write stores list: every chunk is rewritten, stale ones deleted, and the
  // jar read back; when it did not keep the list, the old chunks go back.
  function write(list) {
    var values = encode(opts.name, list);
    var want = ['', '', '', '', ''];
    for (var i = 0; i < values.length; i++) want[i] = values[i];
    apply(want, seen);
    var got = readChunks(document.cookie, opts.name);
    if (!sameChunks(got, want)) {
      if (!sameChunks(got, seen)) apply(seen, got);
      setChunks(readChunks(document.cookie, opts.name));
      throw error('cookies-disabled', 'the browser did not keep the cookie');
    }
    seen = want;
    stored = list;
  }

  function indexOf(list, id) {
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return i;
    return -1;
  }

  function now() { return Math.floor(Date.now() / 1000); }

  // storeAdd adds c ({id, title, url}; title and url null when not given).
  function storeAdd(c) {
    syncStore();
    var why = validID(c.id) || (c.url !== null ? validURL(c.url) : null);
    if (why) throw invalid(why);
    var list = stored.slice(), i = indexOf(list, c.id);
    if (i >= 0) {
      var old = list[i];
      var title = c.title !== null ? shortTitle(c.title) : old.title, url = c.url !== null ? c.url : old.url;
      if (title === old.title && url === old.url) { probe(); return false; } // nothing to write
      list[i] = {
        id: old.id,
        title: c.title !== null ? shortTitle(c.title) : old.title,
        url: c.url !== null ? c.url : old.url,
        added: old.added
      };
    } else {
      if (list.length >= opts.maxItems) throw error('full', 'the list holds its maximum of items');
      list.push({ id: c.id, title: c.title !== null ? shortTitle(c.title) : '', url: c.url !== null ? c.url : '', added: now() });
    }
    write(list);
    return true;
  }

  // probe throws cookies-disabled when a change that writes nothing runs in
  // a browser that keeps no cookie (nothing is stored to show it does).
  function probe() {
    if (seen.join('') !== '') return;
    var name = opts.name + '_0';
    document.cookie = name + '=1; Path=/; Max-Age=' + opts.maxAgeDays * 86400 + tail();
    var kept = document.cookie.split(';').some(function (p) { return p.replace(/^ +/, '') === name + '=1'; });
    document.cookie = name + '=; Path=/; Max-Age=0' + tail();
    if (!kept) throw error('cookies-disabled', 'the browser does not keep cookies');
  }

  // storeRemove takes id out and reports whether anything was written.
  function storeRemove(id) {
    syncStore();
    var i = indexOf(stored, id);
    if (i < 0) { probe(); return false; }
    var list = stored.slice();
    list.splice(i, 1);
    write(list);
    return true;
  }

  function storeHas(id) {
    syncStore();
    return indexOf(stored, id) >= 0;
  }

  function storeClear() {
    syncStore();
    if (!stored.length) { probe(); return false; }
    write([]);
    return true;
  }

  // ---- arguments, as internal/dispatch takes them -------------------------

  function itemID(v) {
    var id;
    if (typeof v === 'string') id = wellFormed(v);
    else if (typeof v === 'number') {
      if (!isFinite(v)) throw invalid('the id is not a finite number');
      id = String(v);
    } else throw invalid('the id must be a string or a number');
    var why = validID(id);
    if (why) throw invalid(why);
    return id;
  }

  function optionalString(v, name) {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') throw invalid('the ' + name + ' must be a string');
    return wellFormed(v);
  }

  function toChange(id, title, url) {
    var c = { id: itemID(id) };
    c.title = optionalString(title, 'title');
    c.url = optionalString(url, 'url');
    return c;
  }

  function whole(v, name) {
    if (typeof v !== 'number') throw invalid(name + ' must be a number');
    if (v !== Math.trunc(v) || v < 1 || v > 2147483647) throw invalid(name + ' must be a whole number');
    return v;
  }

  function given(v) { return v !== undefined && v !== null; }

  // configureStore applies options (as the page gives them) and reads the
  // list again: another cookie name is another list.
  function configureStore(o, secure) {
    var next = { name: opts.name, maxItems: opts.maxItems, maxAgeDays: opts.maxAgeDays, domain: opts.domain, secure: opts.secure };
    if (given(o.cookieName)) {
      if (typeof o.cookieName !== 'string') throw invalid('cookieName must be a string');
      next.name = wellFormed(o.cookieName);
    }
    if (given(o.maxItems)) next.maxItems = whole(o.maxItems, 'maxItems');
    if (given(o.maxAgeDays)) next.maxAgeDays = whole(o.maxAgeDays, 'maxAgeDays');
    if (o.domain !== undefined) {
      if (o.domain === null) next.domain = '';
      else if (typeof o.domain === 'string') next.domain = wellFormed(o.domain);
      else throw invalid('domain must be a string');
    }
    if (typeof secure === 'boolean') next.secure = secure;
    var why = validateOptions(next);
    if (why) throw invalid(why);
    opts = next;
    setChunks(readChunks(document.cookie, opts.name));
  }

  function publicItems(list) {
    var out = new Array(list.length);
    for (var i = 0; i < list.length; i++) {
      var it = list[i];
      out[i] = { id: it.id, title: it.title, url: it.url, added: it.added * 1000 };
    }
    return out;
  }

  // ---- state of the page -------------------------------------------------

  var cookieName = data.cookieName || 'favorites';
  var started = false;
  var items = []; // the list as last announced, for drawing
  var pending = {};
  var failed = null;
  var channel = null;

  // locked runs fn under the site's Web Lock. As the library does, and for
  // the same reason (a page sees another process's cookie write only some
  // time after the lock has passed to it), the holder waits until
  // document.cookie and cookieStore agree on the list, before and after fn.
  // after, when given, runs with fn's result still under the lock, once
  // the store holds the write, as the library's does.
  function locked(fn, after) {
    var locks = navigator.locks, ran = false;
    function then(r) {
      return after ? Promise.resolve(after(r)).then(function () { return r; }) : r;
    }
    if (!locks) return Promise.resolve().then(fn).then(then);
    return locks.request('favorites:' + cookieName, function () {
      ran = true;
      return settle().then(function () {
        var r = fn();
        return settle().then(function () { return then(r); });
      });
    }).catch(function (err) {
      if (ran || !err || err.name !== 'SecurityError') throw err;
      return then(fn());
    });
  }

  // renew asks data-endpoint's renew to set the list's cookies again, as
  // the library's does (js/api.js says why it is under the lock, bounded
  // and aborted); it never rejects.
  var endpoint = data.endpoint || null;
  function renew() {
    if (!endpoint) return;
    var ctl = new AbortController();
    var timer = setTimeout(function () { ctl.abort(); }, 3000);
    return fetch(endpoint.replace(/\/*$/, '/renew'), {
      method: 'POST', mode: 'same-origin', credentials: 'same-origin', cache: 'no-store', signal: ctl.signal
    }).then(function () {}, function () {}).then(function () { clearTimeout(timer); });
  }

  function settle() {
    var store = window.cookieStore, tries = 0;
    if (!store) return Promise.resolve();
    function listCookies(pairs) {
      var out = {};
      pairs.forEach(function (p) {
        if (p.name === cookieName || (p.name.indexOf(cookieName + '_') === 0 && /^[1-4]$/.test(p.name.slice(cookieName.length + 1)))) out[p.name] = p.value;
      });
      return out;
    }
    function page() {
      return listCookies(document.cookie.split(/;\s*/).map(function (kv) {
        var i = kv.indexOf('=');
        return { name: i < 0 ? '' : kv.slice(0, i), value: kv.slice(i + 1) };
      }));
    }
    function round() {
      return store.getAll().then(function (all) {
        var a = listCookies(all), b = page(), ka = Object.keys(a);
        var same = ka.length === Object.keys(b).length && ka.every(function (k) { return a[k] === b[k]; });
        if (same || ++tries > 100) return;
        return new Promise(function (resolve) { setTimeout(resolve, 0); }).then(round);
      }, function () {});
    }
    return round();
  }

  function initialOptions() {
    var o = {};
    if (data.cookieName) o.cookieName = data.cookieName;
    if (data.maxItems) o.maxItems = Number(data.maxItems);
    if (data.maxAgeDays) o.maxAgeDays = Number(data.maxAgeDays);
    if (data.domain) o.domain = data.domain;
    for (var k in messages) {
      var m = data['message' + k.charAt(0).toUpperCase() + k.slice(1)];
      if (m) messages[k] = m;
    }
    return o;
  }

  var ready = Promise.resolve().then(function () {
    configureStore(initialOptions(), location.protocol === 'https:');
    items = publicItems(stored);
    started = true;
    draw();
    listen();
  }).catch(function (err) {
    failed = error('load-failed', 'favorites could not start: ' + (err && err.message));
    if (window.console) console.warn(failed.message);
    draw();
    throw failed;
  });
  ready.catch(function () {});

  function whenReady(fn) {
    return ready.then(fn, function () { throw failed; });
  }

  // change runs a mutating operation under the lock; op returns
  // {changed, on} and throws contract errors.
  function change(id, op) {
    return whenReady(function () {
      var key = typeof id === 'string' || typeof id === 'number' ? String(id) : null;
      if (key !== null) { pending[key] = (pending[key] || 0) + 1; drawButtons(); }
      return locked(function () {
        sync(); // a change made outside is reported as such first
        var r = op();
        r.items = publicItems(stored);
        return r;
      }, function (r) { if (r.changed && r.items.length) return renew(); }).then(function (r) {
        done(key);
        if (r.changed) {
          items = r.items;
          announce(r.action, key, publicItems(stored));
          if (channel) channel.postMessage(1);
        }
        return r;
      }, function (err) {
        done(key);
        markError(key, err);
        throw err;
      });
    });
  }

  function done(key) {
    if (key !== null && !--pending[key]) delete pending[key];
  }

  function announce(action, id, list) {
    var detail = { action: action, items: list };
    if (id !== null && action !== 'clear' && action !== 'sync') detail.id = id;
    draw();
    document.dispatchEvent(new CustomEvent('favorites:change', { detail: detail }));
  }

  function itemArgs(item) {
    if (item === null || typeof item !== 'object') return [item];
    return [item.id, item.title, item.url];
  }

  var api = {
    ready: ready,
    add: function (item) {
      var a = itemArgs(item);
      return change(a[0], function () {
        return { changed: storeAdd(toChange(a[0], a[1], a[2])), action: 'add', on: true };
      }).then(function (r) { return r.items; });
    },
    remove: function (id) {
      return change(id, function () {
        return { changed: storeRemove(itemID(id)), action: 'remove', on: false };
      }).then(function (r) { return r.items; });
    },
    toggle: function (item) {
      var a = itemArgs(item);
      return change(a[0], function () {
        var c = toChange(a[0], a[1], a[2]);
        if (storeHas(c.id)) return { changed: storeRemove(c.id), action: 'remove', on: false };
        return { changed: storeAdd(c), action: 'add', on: true };
      }).then(function (r) { return r.on; });
    },
    has: function (id) {
      return whenReady(function () { sync(); return storeHas(itemID(id)); });
    },
    list: function () {
      return whenReady(function () { sync(); return publicItems(stored); });
    },
    clear: function () {
      return change(null, function () {
        return { changed: storeClear(), action: 'clear', on: false };
      }).then(function () {});
    },
    configure: function (options) {
      return whenReady(function () {
        if (options === null || typeof options !== 'object') throw invalid('configure takes an object');
        var next = {}, k;
        for (k in options) {
          if (k === 'messages' || k === 'endpoint') continue;
          if (coreOptions.indexOf(k) < 0) throw invalid('unknown option ' + k);
        }
        if (options.endpoint != null && typeof options.endpoint !== 'string') throw invalid('endpoint must be a string or null');
        var m = options.messages;
        if (m !== undefined) {
          if (m === null || typeof m !== 'object') throw invalid('messages must be an object');
          for (k in m) {
            if (!(k in messages)) throw invalid('unknown message ' + k);
            if (typeof m[k] !== 'string') throw invalid('message ' + k + ' must be a string');
            next[k] = m[k];
          }
        }
        sync();
        configureStore(options);
        items = publicItems(stored);
        if (typeof options.cookieName === 'string') cookieName = options.cookieName;
        if (options.endpoint !== undefined) endpoint = options.endpoint || null;
        for (k in next) messages[k] = next[k];
        openChannel();
        draw();
      });
    }
  };
  window.Favorites = api;

  // ---- other tabs --------------------------------------------------------

  function sync() {
    if (!started) return;
    if (syncStore()) {
      items = publicItems(stored);
      announce('sync', null, publicItems(stored));
    }
  }

  function openChannel() {
    if (!window.BroadcastChannel) return;
    if (channel) channel.close();
    channel = new BroadcastChannel('favorites:' + cookieName);
    channel.onmessage = sync;
  }

  function listen() {
    openChannel();
    setInterval(function () {
      if (document.visibilityState === 'visible') sync();
    }, SYNC_MS);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') sync();
    });
    window.addEventListener('pageshow', sync);
    window.addEventListener('focus', sync);
  }

  // ---- markup ------------------------------------------------------------

  var BUTTON = '[data-favorite]';
  var LIST = '[data-favorites-list]';
  var COUNT = '[data-favorites-count]';

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function isOn(id) {
    for (var i = 0; i < items.length; i++) if (items[i].id === id) return true;
    return false;
  }

  function state(id) {
    if (failed) return 'error';
    if (!started || pending[id]) return 'loading';
    return isOn(id) ? 'on' : 'off';
  }

  function drawButton(b) {
    var id = b.getAttribute('data-favorite');
    var s = state(id);
    var prev = b.getAttribute('data-favorite-state');
    if (s === 'loading' && prev && prev !== 'loading' && started) {
      b.setAttribute('aria-busy', 'true');
    } else {
      b.removeAttribute('aria-busy');
      var on = s === 'on' || (s === 'error' && b.getAttribute('aria-pressed') === 'true');
      var text = s === 'loading' ? messages.loading : on ? messages.remove : messages.add;
      var label = b.querySelector('[data-favorite-label]') || b;
      if (label.textContent !== text) label.textContent = text;
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
    }
    if (s !== 'error') b.removeAttribute('data-favorite-error');
    b.setAttribute('data-favorite-state', s);
    if (b.tagName !== 'BUTTON') {
      if (!b.hasAttribute('role')) b.setAttribute('role', 'button');
      if (!b.hasAttribute('tabindex')) b.setAttribute('tabindex', '0');
    }
  }

  function markError(id, err) {
    if (id === null) return;
    each(BUTTON, function (b) {
      if (b.getAttribute('data-favorite') === id) {
        b.setAttribute('data-favorite-state', 'error');
        b.setAttribute('data-favorite-error', err.code || 'error');
      }
    });
  }

  function drawList(w) {
    var limit = parseInt(w.getAttribute('data-favorites-limit'), 10);
    var shown = items.slice().reverse();
    if (limit > 0) shown = shown.slice(0, limit);
    var focused = w.contains(document.activeElement) ? document.activeElement : null;
    var focusIndex = focused && focused.hasAttribute('data-favorites-remove')
      ? Array.prototype.indexOf.call(w.querySelectorAll('[data-favorites-remove]'), focused) : -1;

    var frag = document.createDocumentFragment();
    if (failed) {
      frag.appendChild(el('p', 'favorites-error', messages.error));
    } else if (!started) {
      frag.appendChild(el('p', 'favorites-loading', messages.loading));
    } else if (!shown.length) {
      frag.appendChild(el('p', 'favorites-empty', messages.empty));
    } else {
      var ul = el('ul', 'favorites-items');
      shown.forEach(function (it) {
        var li = el('li', 'favorites-item');
        var link = el(it.url ? 'a' : 'span', 'favorites-link', it.title || it.url || it.id);
        if (it.url) link.setAttribute('href', it.url);
        var rm = el('button', 'favorites-remove', messages.rem);
        rm.type = 'button';
        rm.setAttribute('data-favorites-remove', it.id);
        rm.setAttribute('aria-label', messages.remove + ': ' + (it.title || it.id));
        li.appendChild(link);
        li.appendChild(document.createTextNode(' '));
        li.appendChild(rm);
        ul.appendChild(li);
      });
      frag.appendChild(ul);
      var clear = el('button', 'favorites-clear', messages.clear);
      clear.type = 'button';
      clear.setAttribute('data-favorites-clear', '');
      frag.appendChild(clear);
    }
    frag.appendChild(el('p', 'favorites-warning', messages.warning));
    w.textContent = '';
    w.appendChild(frag);
    w.classList.add('favorites-list');
    if (focused && !w.contains(focused)) {
      var removes = w.querySelectorAll('[data-favorites-remove]');
      var next = removes[Math.min(focusIndex, removes.length - 1)] ||
        w.querySelector('[data-favorites-clear]');
      if (!next) { w.setAttribute('tabindex', '-1'); next = w; }
      next.focus();
    }
  }

  function each(sel, fn, root) {
    var r = root || document;
    if (r.nodeType === 1 && r.matches(sel)) fn(r);
    var all = r.querySelectorAll(sel);
    for (var i = 0; i < all.length; i++) fn(all[i]);
  }

  function drawButtons() { each(BUTTON, drawButton); }

  function draw(root) {
    each(BUTTON, drawButton, root);
    each(LIST, drawList, root);
    each(COUNT, function (c) { c.textContent = String(items.length); }, root);
  }

  function buttonItem(b) {
    var title = b.getAttribute('data-favorite-title');
    var url = b.getAttribute('data-favorite-url');
    return {
      id: b.getAttribute('data-favorite'),
      title: title !== null ? title : document.title,
      url: url !== null ? url : location.pathname + location.search
    };
  }

  function activate(target, ev) {
    var b = target.closest(BUTTON);
    if (b) {
      ev.preventDefault();
      if (started && !pending[b.getAttribute('data-favorite')]) api.toggle(buttonItem(b)).catch(function () {});
      return;
    }
    var rm = target.closest('[data-favorites-remove]');
    if (rm) {
      api.remove(rm.getAttribute('data-favorites-remove')).catch(function () {});
      return;
    }
    if (target.closest('[data-favorites-clear]')) api.clear().catch(function () {});
  }

  document.addEventListener('click', function (ev) {
    if (ev.target instanceof Element) activate(ev.target, ev);
  });
  document.addEventListener('keydown', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element) || t.tagName === 'BUTTON' || (ev.key !== 'Enter' && ev.key !== ' ')) return;
    if (t.matches(BUTTON)) activate(t, ev);
  });

  new MutationObserver(function (records) {
    records.forEach(function (r) {
      r.addedNodes.forEach(function (n) {
        if (n.nodeType === 1 && (n.matches(BUTTON + ',' + LIST + ',' + COUNT) ||
            n.querySelector(BUTTON + ',' + LIST + ',' + COUNT))) draw(n);
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { draw(); });
  } else {
    draw();
  }
})();
