// Child-process supervision for the stack: spawn with logs to a file, wait for a ready line or
// an HTTP check, stop everything in reverse order on exit. Node built-ins only (runs before npm ci).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

export class ProcessGroup {
  #children = [];

  constructor(logDir) {
    this.logDir = logDir;
    mkdirSync(logDir, { recursive: true });
  }

  /** Starts `node <script>`; stdout/stderr go to <logDir>/<name>.log; `onLine` sees stdout lines. */
  start(name, script, { args = [], ...options } = {}) {
    return this.startBinary(name, process.execPath, [script, ...args], options);
  }

  /** Starts any executable (nats-server, redis-server) the same way as `start`. */
  startBinary(name, file, args, { env = {}, onLine } = {}) {
    const log = createWriteStream(join(this.logDir, `${name}.log`), { flags: 'a' });
    const child = spawn(file, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      log.write(chunk);
      if (!onLine) return;
      buffered += chunk.toString('utf8');
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        onLine(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
      }
    });
    child.stderr.pipe(log);
    const entry = { name, child, exited: false, code: null };
    child.on('exit', (code, signal) => {
      entry.exited = true;
      entry.code = code ?? signal;
    });
    this.#children.push(entry);
    return entry;
  }

  /** Resolves with the first stdout line starting with `prefix`, rejects if the child dies first. */
  waitForLine(name, script, prefix, options = {}, timeoutMs = 60_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no "${prefix}" line within ${timeoutMs} ms`)), timeoutMs);
      const entry = this.start(name, script, {
        ...options,
        onLine: (line) => {
          if (line.startsWith(prefix)) {
            clearTimeout(timer);
            resolve({ entry, line });
          }
        },
      });
      entry.child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code}) before it was ready; see ${join(this.logDir, name + '.log')}`));
      });
    });
  }

  anyExited() {
    return this.#children.find((c) => c.exited);
  }

  /** SIGTERM everything (newest first), SIGKILL what has not exited after `graceMs`. */
  async stopAll(graceMs = 8_000) {
    const alive = this.#children.filter((c) => !c.exited).reverse();
    await Promise.all(
      alive.map(
        (c) =>
          new Promise((resolve) => {
            const killer = setTimeout(() => c.child.kill('SIGKILL'), graceMs);
            c.child.once('exit', () => {
              clearTimeout(killer);
              resolve();
            });
            c.child.kill('SIGTERM');
          }),
      ),
    );
  }
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port`; rejects after `timeoutMs`. */
export async function waitForPort(port, timeoutMs = 20_000, isDead = () => undefined) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = isDead();
    if (dead) throw new Error(`${dead.name} exited (${dead.code}) before it listened on ${port}`);
    const open = await new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** A TCP port that was free a moment ago (for servers that cannot bind port 0 and report it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function waitForHttp(url, accept, timeoutMs = 60_000, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const body = await res.json().catch(() => null);
      if (accept(res, body)) return body;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms (last: ${last})`);
}
