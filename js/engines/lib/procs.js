// Which operating-system process runs a tab. No engine tells a page its
// process, so the tab is made to burn its CPU for a moment and the
// browser's process whose CPU time grew by that much is the one. Linux only
// (/proc), as the suite is.
import fs from 'node:fs';

const BURN_MS = 400;
const QUIET_MS = 250;

function stat(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: fields are
    // counted from after its closing parenthesis.
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) }; // utime + stime
  } catch {
    return null; // the process ended meanwhile
  }
}

function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

export function comm(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

// isContent tells whether pid is one of the processes an engine runs pages
// in: Chromium's renderers, Firefox's web content processes, WebKit's web
// processes.
export function isContent(pid) {
  const c = comm(pid);
  return /--type=renderer/.test(cmdline(pid)) || c === 'Isolated Web Co' || c === 'Web Content' || c === 'WebKitWebProces';
}

// descendants returns the pids of root's process tree, root included.
export function descendants(root) {
  const children = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(name);
    if (!s) continue;
    if (!children.has(s.ppid)) children.set(s.ppid, []);
    children.get(s.ppid).push(Number(name));
  }
  const out = [];
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop();
    out.push(pid);
    todo.push(...(children.get(pid) || []));
  }
  return out;
}

function ticks(pids) {
  const m = new Map();
  for (const pid of pids) {
    const s = stat(pid);
    if (s) m.set(pid, s.ticks);
  }
  return m;
}

// quiet resolves once none of pids uses the CPU any more: a page that
// just loaded compiles its .wasm on background threads for a while, which
// would blur the attribution.
async function quiet(pids) {
  const deadline = Date.now() + 30000;
  for (;;) {
    const before = ticks(pids);
    await new Promise((r) => setTimeout(r, QUIET_MS)); // a sampling window, not a wait for an event
    const after = ticks(pids);
    const busiest = Math.max(0, ...[...after].map(([pid, t]) => t - (before.get(pid) ?? t)));
    if (busiest <= 2 || Date.now() > deadline) return;
  }
}

// processOf returns the pid, under root, of the content process that runs
// tab's page: the one whose CPU time grows the most while the page keeps
// its thread busy, and by far more than any other. A loaded machine gives
// the busy page less than the whole burn, so the test is relative, and the
// page burns again until one process stands out in one burn.
export async function processOf(tab, root) {
  const pids = descendants(root).filter(isContent);
  await quiet(pids);
  let grown = [];
  for (let round = 0; round < 10; round++) {
    const before = ticks(pids);
    await tab.eval((ms) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
      return null;
    }, BURN_MS);
    const after = ticks(pids);
    grown = [...after].map(([pid, t]) => [pid, t - (before.get(pid) ?? t)]).sort((x, y) => y[1] - x[1]);
    const most = grown[0] ? grown[0][1] : 0;
    const next = grown[1] ? grown[1][1] : 0;
    if (most >= 5 && most >= 3 * next) return grown[0][0];
  }
  throw new Error(`no one content process ran the page's work: CPU ticks grown ${JSON.stringify(grown)}`);
}
