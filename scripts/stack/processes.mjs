// The one process launcher of scripts (npm run stack/demo), bench and tests: spawn a child with
// its output piped (to a log file, to line listeners, into a short tail for error messages), wait
// for a line or a port, stop it or a whole group in reverse order. Node built-ins only: scripts/run.mjs
// imports it before `npm ci`. Types for the TypeScript tests: processes.d.mts.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Lines of output a process keeps for error messages ("exited 1" says nothing on its own). */
const TAIL_LINES = 40;

/**
 * One child process. `env` is added to this process's environment, or with `inheritEnv: false`
 * replaces it (only PATH is kept: a test's service sees nothing of the test runner's variables).
 * `logFile` receives stdout and stderr; `onStdout`/`onStderr` see each line.
 */
export function launch(name, file, args = [], { env = {}, inheritEnv = true, cwd, logFile, onStdout, onStderr } = {}) {
  const child = spawn(file, args, {
    cwd,
    env: inheritEnv ? { ...process.env, ...env } : { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new LaunchedProcess(name, child, { logFile, onStdout, onStderr });
}

export class LaunchedProcess {
  /** The last lines of stdout and stderr, oldest first. */
  tail = [];
  /** `{ code, signal }` once the process has exited, undefined before. */
  exit = undefined;
  #stdoutListeners = new Set();

  constructor(name, child, { logFile, onStdout, onStderr } = {}) {
    this.name = name;
    this.child = child;
    const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
    if (log) {
      child.stdout.on('data', (chunk) => log.write(chunk));
      child.stderr.on('data', (chunk) => log.write(chunk));
      child.once('close', () => log.end());
    }
    if (onStdout) this.#stdoutListeners.add(onStdout);
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.#keep(line);
      for (const listener of [...this.#stdoutListeners]) listener(line);
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      this.#keep(line);
      onStderr?.(line);
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      }),
    );
  }

  get pid() {
    return this.child.pid;
  }

  get hasExited() {
    return this.exit !== undefined || this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** The exit code, or the signal that ended it (undefined while running). */
  get code() {
    return this.exit === undefined ? undefined : (this.exit.code ?? this.exit.signal);
  }

  #keep(line) {
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
  }

  /** Calls `listener` with every stdout line from now on; returns the unsubscribe. */
  onStdout(listener) {
    this.#stdoutListeners.add(listener);
    return () => this.#stdoutListeners.delete(listener);
  }

  /**
   * Resolves with the first stdout line from now on for which `match` returns something other
   * than undefined/false (that value, or the line when it is `true`); rejects when the process
   * exits first or after `timeoutMs`.
   */
  waitForLine(match, { timeoutMs = 60_000, description = 'the line it was waited for' } = {}) {
    return new Promise((resolve, reject) => {
      let off = () => undefined;
      const done = (fn, value) => {
        clearTimeout(timer);
        off();
        this.child.off('exit', onExit);
        fn(value);
      };
      const onExit = () =>
        done(
          reject,
          new Error(`${this.name} exited (${this.code ?? this.child.exitCode ?? this.child.signalCode}) before ${description}:\n${this.tail.join('\n')}`),
        );
      const timer = setTimeout(() => done(reject, new Error(`${this.name}: no ${description} within ${timeoutMs} ms:\n${this.tail.join('\n')}`)), timeoutMs);
      off = this.onStdout((line) => {
        const found = match(line);
        if (found !== undefined && found !== false) done(resolve, found === true ? line : found);
      });
      if (this.hasExited) onExit();
      else this.child.once('exit', onExit);
    });
  }

  /** Sends `signal` (SIGSTOP/SIGCONT for a frozen process, SIGTERM for a graceful stop). */
  signal(signal) {
    if (!this.hasExited) this.child.kill(signal);
  }

  /** SIGKILL (a crash); resolves once it is gone. */
  async kill() {
    this.signal('SIGKILL');
    return this.exited;
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves once it is gone. */
  async stop(graceMs = 8_000) {
    if (this.hasExited) return this.exited;
    const killer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    this.signal('SIGTERM');
    await this.exited;
    clearTimeout(killer);
    return this.exited;
  }
}

/**
 * Resolves with the HTTP port a quietpay service logs in its `service started` line (services bind
 * port 0 when told to, so runs never collide). `onLog` sees every JSON log line before that.
 */
export function serviceStarted(launched, { timeoutMs = 60_000, onLog } = {}) {
  // onLog keeps listening after the start: a benchmark collects the warnings logged under load.
  if (onLog)
    launched.onStdout((line) => {
      const log = parseLogLine(line);
      if (log !== undefined) onLog(log);
    });
  return launched.waitForLine(
    (line) => {
      const log = parseLogLine(line);
      return log?.msg === 'service started' ? Number(log.httpPort) : undefined;
    },
    { timeoutMs, description: '"service started"' },
  );
}

/** A JSON log line as an object; undefined for any other output. */
export function parseLogLine(line) {
  try {
    const parsed = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The children of one run (a stack, a benchmark): each started through `launch` with its log in
 * `logDir` (when given), stopped together newest first, so the gateway goes before the services
 * it calls and the bus last.
 */
export class ProcessGroup {
  #children = [];

  constructor(logDir) {
    this.logDir = logDir;
    if (logDir) mkdirSync(logDir, { recursive: true });
  }

  /** Starts `node [nodeArgs] <script> [args]`; stdout/stderr go to <logDir>/<name>.log; `onLine` sees stdout lines. */
  start(name, script, { args = [], nodeArgs = [], ...options } = {}) {
    return this.startBinary(name, process.execPath, [...nodeArgs, script, ...args], options);
  }

  /** Starts any executable (nats-server, redis-server) the same way as `start`. */
  startBinary(name, file, args, { onLine, ...options } = {}) {
    const launched = launch(name, file, args, { ...options, onStdout: onLine, logFile: this.logDir ? join(this.logDir, `${name}.log`) : undefined });
    this.#children.push(launched);
    return launched;
  }

  /** Starts `script` and resolves with its first stdout line starting with `prefix`; rejects if it dies first. */
  async waitForLine(name, script, prefix, options = {}, timeoutMs = 60_000) {
    const entry = this.start(name, script, options);
    const line = await entry.waitForLine((l) => l.startsWith(prefix), { timeoutMs, description: `a "${prefix}" line (see ${this.logOf(name)})` });
    return { entry, line };
  }

  logOf(name) {
    return this.logDir ? join(this.logDir, `${name}.log`) : `${name}'s output`;
  }

  anyExited() {
    return this.#children.find((c) => c.hasExited);
  }

  /** The children that died, each with the end of its output (a dead service explains a stalled run). */
  dead() {
    return this.#children.filter((c) => c.hasExited).map((c) => `${c.name} exited (${c.code}):\n${c.tail.slice(-15).join('\n')}`);
  }

  /** SIGTERM everything (newest first), SIGKILL what has not exited after `graceMs`. */
  async stopAll(graceMs = 8_000) {
    const alive = this.#children.filter((c) => !c.hasExited).reverse();
    await Promise.all(alive.map((c) => c.stop(graceMs)));
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

/**
 * A TCP port that was free a moment ago, for servers that cannot bind port 0 and report it. It is
 * drawn at random from just below the kernel's ephemeral range: a port handed out by a port-0 bind
 * comes from that range, so a test file that binds port 0 (most servers here) cannot take this port
 * in the seconds or minutes before its server binds it. A port of the ephemeral range itself, as a
 * port-0 probe returns, could be (a demo stack's gateway exited on EADDRINUSE under a full suite).
 */
export async function freePort() {
  const [low, high] = belowEphemeralRange();
  for (let attempt = 0; attempt < 64; attempt++) {
    const port = randomInt(low, high + 1);
    if (await canBind(port)) return port;
  }
  return ephemeralPort();
}

/** The ports just below the kernel's ephemeral range (Linux default 32768–60999), at most 12,000 of them. */
function belowEphemeralRange() {
  let first = 32_768;
  try {
    first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || first;
  } catch {
    // Not Linux: assume the IANA dynamic range starts higher still (49152) and keep the default.
  }
  return [Math.max(1_024, first - 12_000), first - 1];
}

function canBind(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function ephemeralPort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until `accept(res, jsonBody)` is true; resolves with the body. */
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
