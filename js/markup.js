// The markup: buttons, the list widget and the count, drawn from the
// page's list, and the reader's clicks and keys on them.

// The markup the shim wires (the contract's "Markup").
var BUTTON = '[data-favorite]';
var LIST = '[data-favorites-list]';
var COUNT = '[data-favorites-count]';

var messages = {
  add: 'Add to favorites',
  remove: 'Remove from favorites',
  clear: 'Clear favorites',
  empty: 'Favorite list is empty.',
  warning: 'Your favorite posts saved to your browsers cookies. If you clear cookies also favorite posts will be deleted.',
  rem: 'remove',
  loading: 'Loading',
  error: 'Favorites are unavailable right now.' // an extension: shown when the core failed to load
};


function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function isFavorite(id) {
  for (var i = 0; i < items.length; i++) if (items[i].id === id) return true;
  return false;
}

function state(id) {
  if (failed) return 'error';
  if (waiting || pending[id]) return 'loading';
  return isFavorite(id) ? 'on' : 'off';
}

function drawButton(b) {
  var id = b.getAttribute('data-favorite');
  var s = state(id);
  var prev = b.getAttribute('data-favorite-state');
  if (s === 'loading' && prev && prev !== 'loading' && core) {
    b.setAttribute('aria-busy', 'true'); // in flight: keep the label
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
  if (b.tagName !== 'BUTTON') { // a span or link made into a button
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
  } else if (waiting) {
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
  if (focused && !w.contains(focused)) { // the focused control was redrawn
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
    // A click while the button shows the loading state does nothing: its
    // state is not known yet (the core reads the stored list), or its
    // change is under way (a second click of a double click). A click
    // before the core runs starts it, and its change waits for it.
    if (!failed && !waiting && !pending[b.getAttribute('data-favorite')]) api.toggle(buttonItem(b)).catch(function () {});
    return;
  }
  var rm = target.closest('[data-favorites-remove]');
  if (rm) {
    api.remove(rm.getAttribute('data-favorites-remove')).catch(function () {});
    return;
  }
  if (target.closest('[data-favorites-clear]')) api.clear().catch(function () {});
}

// INTENT are the events that show a reader about to use a button: the
// pointer over it, its focus, a touch. The first starts the core, so that
// a click finds it running, or on its way.
var INTENT = ['pointerover', 'focusin', 'touchstart'];

function intent(ev) {
  if (!(ev.target instanceof Element) || !ev.target.closest(BUTTON)) return;
  INTENT.forEach(function (type) {
    document.removeEventListener(type, intent, { capture: true, passive: true });
  });
  startCore().catch(function () {}); // a failure shows in the widgets
}

// wire listens for the reader: one delegated listener serves every control,
// present or added later, and widgets added after load are drawn as they
// arrive.
function wire() {
  if (!starting) {
    INTENT.forEach(function (type) {
      document.addEventListener(type, intent, { capture: true, passive: true });
    });
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
}
