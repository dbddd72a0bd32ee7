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

function el(tag, cls, text, attrs) {
  const e = document.createElement(tag);
  e.className = cls;
  e.textContent = text;
  for (const name in attrs) e.setAttribute(name, attrs[name]);
  return e;
}

function isFavorite(id) {
  return items.some((it) => it.id === id);
}

function state(id) {
  if (failed) return 'error';
  if (waiting || pending[id]) return 'loading';
  return isFavorite(id) ? 'on' : 'off';
}

// FORMS are the forms of a server's markup (the Go package's Markup). While
// the shim runs it handles their controls and no form is sent; when the
// core could not start they post, and the server makes the change.
var FORMS = 'form.favorites-form,form.favorites-list-form';

// set and unset change an attribute only when it differs: a server-rendered
// page that is right is taken over without a mutation.
function set(e, name, value) {
  if (e.getAttribute(name) !== value) e.setAttribute(name, value);
}

function unset(e, name) {
  if (e.hasAttribute(name)) e.removeAttribute(name);
}

// serverState tells whether b shows on or off while the page waits for
// the core, a state the shim does not draw then: a server rendered it from
// the reader's cookie, and it stands until the core's answer.
function serverState(b) {
  const s = b.getAttribute('data-favorite-state');
  return waiting && (s === 'on' || s === 'off');
}

// handedBack tells whether a control belongs to a server's form that the
// shim leaves to post, the core having failed to start.
function handedBack(e) {
  return failed !== null && e.closest(FORMS) !== null;
}

function drawButton(b) {
  const id = b.getAttribute('data-favorite');
  const prev = b.getAttribute('data-favorite-state');
  // A button handed back to its form keeps what it shows, unless the shim
  // had drawn it loading (a click that started the core).
  if (!pending[id] && (serverState(b) || (handedBack(b) && prev !== 'loading'))) return;
  const s = state(id);
  if (s === 'loading' && prev && prev !== 'loading' && core) {
    set(b, 'aria-busy', 'true'); // in flight: keep the label
  } else {
    unset(b, 'aria-busy');
    const on = s === 'on' || (s === 'error' && b.getAttribute('aria-pressed') === 'true');
    const text = s === 'loading' ? messages.loading : on ? messages.remove : messages.add;
    const label = b.querySelector('[data-favorite-label]') || b;
    if (label.textContent !== text) label.textContent = text;
    set(b, 'aria-pressed', String(on));
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
  buttonsOf(id, (b) => {
    if (!handedBack(b)) {
      set(b, 'data-favorite-state', 'error');
      set(b, 'data-favorite-error', err.code || 'error');
    }
  });
}

// SHOWN are the attributes of the widget's elements that are part of what
// it shows, or that the shim acts on; compared by looks.
var SHOWN = ['href', 'aria-label', 'data-favorites-remove', 'data-favorites-clear'];

// looks returns what the nodes below root show, as a string: each element
// with its classes and SHOWN attributes, and the text. Forms, hidden fields
// and a button's type show nothing: two widgets that look the same to the
// reader have the same looks, whichever drew them.
function looks(root) {
  const out = [];
  (function walk(n) {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === Node.TEXT_NODE) {
        out.push('#' + c.data);
      } else if (c.tagName === 'FORM') {
        walk(c);
      } else if (c.nodeType === Node.ELEMENT_NODE && !(c.tagName === 'INPUT' && c.type === 'hidden')) {
        out.push('<' + c.tagName + '.' + c.className + SHOWN.map((a) => c.hasAttribute(a) ? ` ${a}=${c.getAttribute(a)}` : '').join(''));
        walk(c);
        out.push('>');
      }
    }
  })(root);
  return out.join('\n');
}

// listContent returns the widget's content for the page's list, newest
// first, at most limit items when limit > 0.
function listContent(limit) {
  const frag = document.createDocumentFragment();
  const shown = items.slice().reverse().slice(0, limit > 0 ? limit : undefined);
  if (failed) {
    frag.append(el('p', 'favorites-error', messages.error));
  } else if (waiting) {
    frag.append(el('p', 'favorites-loading', messages.loading));
  } else if (!shown.length) {
    frag.append(el('p', 'favorites-empty', messages.empty));
  } else {
    const ul = el('ul', 'favorites-items', '');
    for (const it of shown) {
      const link = el(it.url ? 'a' : 'span', 'favorites-link', it.title || it.url || it.id, it.url ? { href: it.url } : {});
      const rm = el('button', 'favorites-remove', messages.rem, {
        type: 'button', 'data-favorites-remove': it.id, 'aria-label': messages.remove + ': ' + (it.title || it.id)
      });
      const li = el('li', 'favorites-item', '');
      li.append(link, ' ', rm);
      ul.append(li);
    }
    frag.append(ul, el('button', 'favorites-clear', messages.clear, { type: 'button', 'data-favorites-clear': '' }));
  }
  frag.append(el('p', 'favorites-warning', messages.warning));
  return frag;
}

// drawList draws the widget w from the page's list, keeping its nodes when
// it shows that already. While the page waits for the core, content the
// shim did not draw is a server's, and stands until the core's answer; a
// server's form left to post (the core did not start) stands for good.
function drawList(w) {
  if (waiting && w.firstElementChild && !w.querySelector('.favorites-loading')) return;
  if (failed && w.querySelector(FORMS)) return;
  const frag = listContent(parseInt(w.getAttribute('data-favorites-limit'), 10));
  if (!w.classList.contains('favorites-list')) w.classList.add('favorites-list');
  if (looks(w) === looks(frag)) return;

  const focused = w.contains(document.activeElement) ? document.activeElement : null;
  const removes = () => Array.from(w.querySelectorAll('[data-favorites-remove]'));
  const focusIndex = removes().indexOf(focused);
  w.textContent = '';
  w.append(frag);
  if (focused && !w.contains(focused)) { // the focused control was redrawn
    const left = removes();
    let next = left[Math.min(focusIndex, left.length - 1)] || w.querySelector('[data-favorites-clear]');
    if (!next) {
      w.setAttribute('tabindex', '-1');
      next = w;
    }
    next.focus();
  }
}

function each(sel, fn, root = document) {
  if (root.nodeType === Node.ELEMENT_NODE && root.matches(sel)) fn(root);
  root.querySelectorAll(sel).forEach(fn);
}

// buttonsOf calls fn with each button of the item id.
function buttonsOf(id, fn) {
  each(BUTTON, (b) => { if (b.getAttribute('data-favorite') === id) fn(b); });
}

function draw(root) {
  each(BUTTON, drawButton, root);
  each(LIST, drawList, root);
  each(COUNT, (c) => {
    // While the page waits for the core, or when it could not start, the
    // number is not known: a server's, from the reader's cookie, stands.
    if ((waiting || failed) && c.textContent !== '') return;
    const n = String(items.length);
    if (c.textContent !== n) c.textContent = n;
  }, root);
}

function buttonItem(b) {
  const title = b.getAttribute('data-favorite-title');
  const url = b.getAttribute('data-favorite-url');
  return {
    id: b.getAttribute('data-favorite'),
    title: title !== null ? title : document.title,
    url: url !== null ? url : location.pathname + location.search
  };
}

function activate(target, ev) {
  const b = target.closest(BUTTON);
  const control = b || target.closest('[data-favorites-remove],[data-favorites-clear]');
  // A server's form whose core did not start posts, and the server makes
  // the change; otherwise the shim makes it, and no form is sent.
  if (!control || handedBack(control)) return;
  ev.preventDefault();
  if (b) {
    // A click on a loading button does nothing: its state is not known yet,
    // or its change is under way (a double click's second). A click before
    // the core runs starts it, and its change waits for it.
    const id = b.getAttribute('data-favorite');
    if (!failed && !pending[id] && (!waiting || serverState(b))) api.toggle(buttonItem(b)).catch(post(b));
  } else if (control.hasAttribute('data-favorites-remove')) {
    api.remove(control.getAttribute('data-favorites-remove')).catch(post(control));
  } else {
    api.clear().catch(post(control));
  }
}

// post returns the handler of a change that control asked for and that
// failed: when the core could not start, control's server form is sent as
// the click would have sent it without the script.
function post(control) {
  return (err) => {
    const form = control.closest(FORMS);
    if (!err || err.code !== 'load-failed' || !form || !control.isConnected || !form.requestSubmit) return;
    try { form.requestSubmit(control); } catch (e) { /* not a submit button of the form: nothing to send */ }
  };
}

// INTENT are the events that show a reader about to use a button. The
// first starts the core, so that a click finds it running or on its way.
var INTENT = ['pointerover', 'focusin', 'touchstart'];
var INTENT_OPTIONS = { capture: true, passive: true };

function intent(ev) {
  if (!(ev.target instanceof Element) || !ev.target.closest(BUTTON)) return;
  for (const type of INTENT) document.removeEventListener(type, intent, INTENT_OPTIONS);
  startCore().catch(() => {}); // a failure shows in the widgets
}

// wire listens for the reader, one delegated listener for every control,
// and draws widgets added later as they arrive.
function wire() {
  if (!starting) for (const type of INTENT) document.addEventListener(type, intent, INTENT_OPTIONS);
  document.addEventListener('click', (ev) => {
    if (ev.target instanceof Element) activate(ev.target, ev);
  });
  document.addEventListener('keydown', (ev) => {
    const t = ev.target;
    if (t instanceof Element && t.tagName !== 'BUTTON' && (ev.key === 'Enter' || ev.key === ' ') && t.matches(BUTTON)) activate(t, ev);
  });
  const ours = `${BUTTON},${LIST},${COUNT}`;
  new MutationObserver((records) => {
    for (const r of records) {
      r.addedNodes.forEach((n) => {
        if (n.nodeType === Node.ELEMENT_NODE && (n.matches(ours) || n.querySelector(ours))) draw(n);
      });
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
}
