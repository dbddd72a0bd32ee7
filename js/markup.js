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

// FORMS are the forms of a server's markup (the Go package's Markup): a
// button that posts an add or a remove, and the list's removes and clear.
// While the shim runs it handles their controls and no form is sent; when
// the core could not start they are left to post, and the server does the
// change.
var FORMS = 'form.favorites-form,form.favorites-list-form';

// set and unset change an attribute only when it differs: a node whose
// markup is already right is not written to (a server-rendered page is
// taken over without a mutation).
function set(e, name, value) {
  if (e.getAttribute(name) !== value) e.setAttribute(name, value);
}

function unset(e, name) {
  if (e.hasAttribute(name)) e.removeAttribute(name);
}

// serverState tells whether b shows a state that the shim did not draw:
// on or off while the page still waits for the core, which the shim never
// draws then. A server rendered it from the reader's cookie (Markup with an
// Endpoint, a page that belongs to the reader), and it stands until the
// core's answer: no loading state over a button that is already right.
function serverState(b) {
  var s = b.getAttribute('data-favorite-state');
  return waiting && (s === 'on' || s === 'off');
}

// handedBack tells whether a control belongs to a server's form that the
// shim leaves to post, the core having failed to start.
function handedBack(e) {
  return failed !== null && e.closest(FORMS) !== null;
}

function drawButton(b) {
  var id = b.getAttribute('data-favorite');
  // A button handed back to its form keeps what it shows, unless the
  // shim had drawn it loading (a click that started the core).
  if (!pending[id] && (serverState(b) ||
      (handedBack(b) && b.getAttribute('data-favorite-state') !== 'loading'))) return;
  var s = state(id);
  var prev = b.getAttribute('data-favorite-state');
  if (s === 'loading' && prev && prev !== 'loading' && core) {
    set(b, 'aria-busy', 'true'); // in flight: keep the label
  } else {
    unset(b, 'aria-busy');
    var on = s === 'on' || (s === 'error' && b.getAttribute('aria-pressed') === 'true');
    var text = s === 'loading' ? messages.loading : on ? messages.remove : messages.add;
    var label = b.querySelector('[data-favorite-label]') || b;
    if (label.textContent !== text) label.textContent = text;
    set(b, 'aria-pressed', on ? 'true' : 'false');
  }
  if (s !== 'error') unset(b, 'data-favorite-error');
  set(b, 'data-favorite-state', s);
  if (b.tagName !== 'BUTTON') { // a span or link made into a button
    if (!b.hasAttribute('role')) b.setAttribute('role', 'button');
    if (!b.hasAttribute('tabindex')) b.setAttribute('tabindex', '0');
  }
}

function markError(id, err) {
  if (id === null) return;
  each(BUTTON, function (b) {
    if (b.getAttribute('data-favorite') === id && !handedBack(b)) {
      set(b, 'data-favorite-state', 'error');
      set(b, 'data-favorite-error', err.code || 'error');
    }
  });
}

// SHOWN are the attributes of the widget's elements that are part of what
// it shows, or that the shim acts on; compared by looks.
var SHOWN = ['href', 'aria-label', 'data-favorites-remove', 'data-favorites-clear'];

// looks returns what the nodes below root show, as a string: each element
// with its classes and SHOWN attributes, and the text. A form, its hidden
// fields and a button's type are how a server's markup works without the
// script, and show nothing: two widgets that look the same to the reader
// have the same looks, whichever drew them.
function looks(root) {
  var out = [];
  (function walk(n) {
    for (var c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) {
        out.push('#' + c.data);
      } else if (c.nodeType === 1 && c.tagName === 'FORM') {
        walk(c);
      } else if (c.nodeType === 1 && !(c.tagName === 'INPUT' && c.type === 'hidden')) {
        var e = '<' + c.tagName + '.' + c.className;
        for (var i = 0; i < SHOWN.length; i++) {
          var v = c.getAttribute(SHOWN[i]);
          if (v !== null) e += ' ' + SHOWN[i] + '=' + v;
        }
        out.push(e);
        walk(c);
        out.push('>');
      }
    }
  })(root);
  return out.join('\n');
}

// drawList draws the widget w from the page's list. A widget that already
// shows it (a server rendered it, or it did not change) keeps its nodes.
// While the page waits for the core, a widget with content that the shim
// did not draw is a server's, rendered from the reader's cookie, and stands
// until the core's answer; one whose server form is left to post (the core
// did not start) stands for good.
function drawList(w) {
  if (waiting && w.firstElementChild && !w.querySelector('.favorites-loading')) return;
  if (failed && w.querySelector(FORMS)) return;
  var limit = parseInt(w.getAttribute('data-favorites-limit'), 10);
  var shown = items.slice().reverse();
  if (limit > 0) shown = shown.slice(0, limit);

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
  if (!w.classList.contains('favorites-list')) w.classList.add('favorites-list');
  if (looks(w) === looks(frag)) return;

  var focused = w.contains(document.activeElement) ? document.activeElement : null;
  var focusIndex = focused && focused.hasAttribute('data-favorites-remove')
    ? Array.prototype.indexOf.call(w.querySelectorAll('[data-favorites-remove]'), focused) : -1;
  w.textContent = '';
  w.appendChild(frag);
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
  each(COUNT, function (c) {
    // While the page waits for the core, or when it could not start, the
    // number is not known: a server's, from the reader's cookie, stands.
    if ((waiting || failed) && c.textContent !== '') return;
    var n = String(items.length);
    if (c.textContent !== n) c.textContent = n;
  }, root);
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
  var control = b || target.closest('[data-favorites-remove],[data-favorites-clear]');
  // A server's form whose core did not start posts, and the server makes
  // the change; otherwise the shim makes it, and no form is sent.
  if (!control || handedBack(control)) return;
  ev.preventDefault();
  if (b) {
    // A click while the button shows the loading state does nothing: its
    // state is not known yet (the core reads the stored list), or its
    // change is under way (a second click of a double click). A click
    // before the core runs starts it, and its change waits for it; so does
    // one on a server's button, whose state is known.
    var id = b.getAttribute('data-favorite');
    if (!failed && !pending[id] && (!waiting || serverState(b))) api.toggle(buttonItem(b)).catch(post(b));
    return;
  }
  if (control.hasAttribute('data-favorites-remove')) {
    api.remove(control.getAttribute('data-favorites-remove')).catch(post(control));
  } else {
    api.clear().catch(post(control));
  }
}

// post returns the handler of a change that control asked for and that
// failed: when the core could not start and control submits a server's
// form, the form is sent as the click would have sent it without the
// script.
function post(control) {
  return function (err) {
    var form = control.closest(FORMS);
    if (!err || err.code !== 'load-failed' || !form || !control.isConnected || !form.requestSubmit) return;
    try { form.requestSubmit(control); } catch (e) { /* not a submit button of the form: nothing to send */ }
  };
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
