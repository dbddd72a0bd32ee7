// The JavaScript half of the boundary with the Go core (wasm/main.go, whose
// comments give the layout). coreImports are the functions Go imports to
// reach document.cookie and the clock; coreCall makes the function the shim
// calls, core(op, ...args) → the answer's JSON text, out of the module's
// exports. Arguments cross as bytes written straight into Go's memory,
// which spares the js.Value strings, their copies and their finalizers.

// The protocol's numbers, as internal/dispatch and wasm/main.go number them
// (internal/dispatch's TestProtocolNumbers holds the two together).
var OP = { configure: 1, has: 2, add: 3, remove: 4, toggle: 5, clear: 6, sync: 7 };
var KIND = { undefined: 0, null: 1, string: 2, number: 3, boolean: 4, object: 5 };
var MAX_ARGS = 5;
var THREW = -2; // cookie_read, cookie_write: document.cookie threw

// coreImports returns the module "favorites" of the import object. exports
// is called for the instance's exports once it exists. What document.cookie
// throws (a sandboxed frame, an opaque origin) is caught here and answered
// as THREW: an exception must never unwind through Go's frames.
function coreImports(exports) {
  var encoder = new TextEncoder();
  var decoder = new TextDecoder();
  var next = ''; // the string cookie_read found, for cookie_copy
  function bytes(p, n) {
    return new Uint8Array(exports().mem.buffer, p, n);
  }
  return {
    cookie_read: function () {
      try { next = document.cookie; } catch (e) { return THREW; }
      return next.length;
    },
    cookie_copy: function (p, n) {
      return encoder.encodeInto(next, bytes(p, n)).written;
    },
    cookie_write: function (p, n) {
      try { document.cookie = decoder.decode(bytes(p, n)); } catch (e) { return THREW; }
      return 0;
    },
    now: function () {
      return Date.now();
    }
  };
}

// kind numbers a value's type as dispatch.Kind does.
function kind(v) {
  var k = v === null ? 'null' : typeof v;
  return k in KIND ? KIND[k] : KIND.object;
}

// coreCall returns core(op, a, b, c, d, e) over the instance's exports.
function coreCall(exports) {
  var encoder = new TextEncoder();
  var decoder = new TextDecoder();
  var slots = null, slotsAt = exports.favorites_slots();
  var inputAt = 0, inputCap = -1;
  var texts = [];

  return function core(op) {
    var n = Math.min(arguments.length - 1, MAX_ARGS), need = 0, i;
    for (i = 0; i < n; i++) {
      var v = arguments[i + 1];
      // A number's text is String(n), as the page prints it.
      texts[i] = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
      need += 3 * texts[i].length; // UTF-8 needs at most 3 bytes for a UTF-16 unit
    }
    if (need > inputCap) {
      inputCap = Math.max(need, 1024);
      inputAt = exports.favorites_input(inputCap);
    }
    // The views are made again whenever Go's memory grew, which replaces
    // its buffer.
    var buffer = exports.mem.buffer;
    if (!slots || slots.buffer !== buffer) slots = new Float64Array(buffer, slotsAt, 1 + 3 * MAX_ARGS);
    var input = new Uint8Array(buffer, inputAt, inputCap), at = 0;
    slots[0] = n;
    for (i = 0; i < n; i++) {
      var a = arguments[i + 1], k = kind(a), w = 0;
      if (texts[i] !== '') w = encoder.encodeInto(texts[i], input.subarray(at)).written;
      slots[1 + 3 * i] = k;
      slots[2 + 3 * i] = k === KIND.number ? a : k === KIND.boolean ? (a ? 1 : 0) : 0;
      slots[3 + 3 * i] = w;
      at += w;
      texts[i] = '';
    }
    var length = exports.favorites_call(op);
    buffer = exports.mem.buffer;
    if (slots.buffer !== buffer) slots = new Float64Array(buffer, slotsAt, 1 + 3 * MAX_ARGS);
    return decoder.decode(new Uint8Array(buffer, slots[0], length));
  };
}
