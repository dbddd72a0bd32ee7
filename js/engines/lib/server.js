// The test site (js/testsite) in a child process: the same pages the
// chromedp tests load. It listens on a free port of 127.0.0.1 and prints its
// base URL; it exits when its standard input closes, so it ends with this
// process even when this process is killed.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// startSite starts the server: the binary named by FAVORITES_TESTSITE (make
// builds it), else `go run`. It serves the build in FAVORITES_DIST, by
// default the repository's dist/ (make build). It resolves to {url, port,
// hold, close}.
export function startSite() {
  const dist = process.env.FAVORITES_DIST || path.join(root, 'dist');
  const bin = process.env.FAVORITES_TESTSITE;
  const [cmd, args] = bin
    ? [bin, ['-dist', dist]]
    : [process.env.GO || 'go', ['run', './js/testsite/cmd/testsite', '-dist', dist]];
  const child = spawn(cmd, args, { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`testsite exited with ${code} before it served`)));
    lines.once('line', (line) => {
      const url = new URL(line.trim());
      resolve({
        url: url.origin,
        port: Number(url.port),
        hold: (token) => hold(url.origin, token),
        close() {
          child.stdin.end();
          child.kill();
        },
      });
    });
  });
}

let gates = 0;

// hold makes a gate of the server (cmd/testsite) that holds a page's .wasm
// back: a page given data-wasm=gate.path gets no core until
// gate.release(); gate.requested() resolves once the page has asked for it.
// Each gate has a token of its own, so a page never meets another test's.
async function hold(base, name) {
  const token = `${name.replace(/[^A-Za-z0-9-]/g, '-')}-${process.pid}-${++gates}`;
  const control = `${base}/gates/${token}`;
  const post = async (u, method = 'POST') => {
    const res = await fetch(u, { method });
    if (!res.ok) throw new Error(`${method} ${u}: ${res.status} ${(await res.text()).trim()}`);
  };
  await post(`${control}/hold`);
  return {
    path: `/slow/${token}.wasm`,
    requested: () => post(`${control}/requested`, 'GET'),
    release: () => post(`${control}/release`),
  };
}
