import { join } from 'node:path';
import { launch, type LaunchedProcess } from './stack-scripts';
import { REPO_ROOT } from './build-projects';

export type LogLine = Record<string, unknown> & { readonly msg?: string };

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const running = new Set<ServiceProcess>();

/**
 * One service running as a real process from its built dist/main.js (started by scripts/stack's
 * launcher). Collects stdout (JSON logs, parsed) and stderr (raw lines) so tests can wait on them.
 */
export class ServiceProcess {
  readonly logs: LogLine[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<Exit>;
  private readonly listeners = new Set<() => void>();
  private readonly proc: LaunchedProcess;

  constructor(
    readonly name: string,
    start: (handlers: { onStdout: (line: string) => void; onStderr: (line: string) => void }) => LaunchedProcess,
  ) {
    this.proc = start({
      onStdout: (line) => {
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          this.logs.push({ msg: line });
        }
        this.notify();
      },
      onStderr: (line) => {
        this.stderr.push(line);
        this.notify();
      },
    });
    this.exited = this.proc.exited;
    void this.exited.then(() => {
      running.delete(this);
      this.notify();
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** Everything the process printed, for assertions that something never appears. */
  output(): string {
    return [...this.logs.map((l) => JSON.stringify(l)), ...this.stderr].join('\n');
  }

  /** Resolves with the first log line matching, or rejects when the process exits first. */
  waitForLog(match: (line: LogLine) => boolean, description = 'log line'): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const line = this.logs.find(match);
        if (line) {
          this.listeners.delete(check);
          resolve(line);
        } else if (this.proc.hasExited) {
          this.listeners.delete(check);
          reject(new Error(`${this.name} exited before ${description}:\n${this.output()}`));
        }
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Waits for `service started` and returns the HTTP port it bound. */
  async started(): Promise<number> {
    const line = await this.waitForLog((l) => l.msg === 'service started', 'service started');
    return Number(line['httpPort']);
  }

  signal(signal: NodeJS.Signals): void {
    this.proc.signal(signal);
  }

  kill(): Promise<Exit> {
    return this.proc.kill();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * Starts `services/<name>/dist/main.js` with exactly `env` (plus PATH): nothing leaks in from
 * the test runner's environment.
 */
export function startService(name: string, env: Record<string, string>): ServiceProcess {
  return startScript(name, join('services', name, 'dist', 'main.js'), env);
}

/**
 * Starts any built script of the repo (e.g. `examples/paid-api/dist/main.js`) the same way as a
 * service: exactly `env` plus PATH, output collected, killed by `killAllServices`.
 */
export function startScript(name: string, scriptPath: string, env: Record<string, string>): ServiceProcess {
  const service = new ServiceProcess(name, (handlers) =>
    launch(name, process.execPath, [join(REPO_ROOT, scriptPath)], { cwd: REPO_ROOT, env, inheritEnv: false, ...handlers }),
  );
  running.add(service);
  return service;
}

/** SIGKILLs every service still running; call in afterAll. */
export async function killAllServices(): Promise<void> {
  await Promise.all([...running].map((s) => s.kill()));
}

/** Polls `probe` until it returns a value (not undefined) or `attempts` run out. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, attempts = 150, intervalMs = 200): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`gave up waiting for ${what}`);
}
