// The JavaScript half of the boundary with the Go core (wasm/main.go gives
// the layout): coreImports, what Go imports to reach document.cookie and the
// clock, and coreCall, core(op, ...args) → the answer's JSON text. Arguments
// are written straight into Go's memory: no js.Value or finalizer per call.

// The protocol's numbers, as internal/dispatch numbers them (its
// TestProtocolNumbers holds the two together).
var OP = { configure: 1, has: 2, add: 3, remove: 4, toggle: 5, clear: 6, sync: 7 };
var KIND = { undefined: 0, null: 1, string: 2, number: 3, boolean: 4, object: 5 };
var MAX_ARGS = 5;
var THREW = -2; // cookie_read: document.cookie threw

// coreImports returns the import module "favorites"; exports() gives the
// instance's exports once it exists. What document.cookie throws (a
// sandboxed frame, an opaque origin) must never unwind through Go's frames:
// a read answers THREW.
function coreImports(exports) {
  const encoder = new TextEncoder(), decoder = new TextDecoder();
  const bytes = (p, n) => new Uint8Array(exports().mem.buffer, p, n);
  let next = ''; // the string cookie_read found, for cookie_copy
  return {
    cookie_read() {
      try { next = document.cookie; } catch (e) { return THREW; }
      return next.length;
    },
    cookie_copy: (p, n) => encoder.encodeInto(next, bytes(p, n)).written,
    cookie_write(p, n) {
      try { document.cookie = decoder.decode(bytes(p, n)); } catch (e) { /* the read-back shows it */ }
    },
    now: () => Date.now()
  };
}

// kind numbers a value's type as dispatch.Kind does.
function kind(v) {
  const k = v === null ? 'null' : typeof v;
  return k in KIND ? KIND[k] : KIND.object;
}

function coreCall(exports) {
  const encoder = new TextEncoder(), decoder = new TextDecoder();
  const slotsAt = exports.favorites_slots();
  let inputAt = 0, inputCap = -1;
  return function core(op, ...args) {
    args = args.slice(0, MAX_ARGS);
    // A number's text is String(n), as the page prints it.
    const texts = args.map((v) => typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
    // UTF-8 takes at most 3 bytes for a UTF-16 unit.
    const need = texts.reduce((sum, t) => sum + 3 * t.length, 0);
    if (need > inputCap) {
      inputCap = Math.max(need, 1024);
      inputAt = exports.favorites_input(inputCap);
    }
    // Views of Go's memory are made per call: when it grows, its buffer
    // is replaced.
    const slots = new Float64Array(exports.mem.buffer, slotsAt, 1 + 3 * MAX_ARGS);
    const input = new Uint8Array(exports.mem.buffer, inputAt, inputCap);
    let at = 0;
    slots[0] = args.length;
    args.forEach((v, i) => {
      const k = kind(v), w = texts[i] ? encoder.encodeInto(texts[i], input.subarray(at)).written : 0;
      slots.set([k, k === KIND.number ? v : k === KIND.boolean ? Number(v) : 0, w], 1 + 3 * i);
      at += w;
    });
    const length = exports.favorites_call(op);
    const answerAt = new Float64Array(exports.mem.buffer, slotsAt, 1)[0];
    return decoder.decode(new Uint8Array(exports.mem.buffer, answerAt, length));
  };
}
