/** Types of processes.mjs (the one process launcher), for the TypeScript tests and bench harnesses. */
import type { ChildProcess } from 'node:child_process';

export interface LaunchOptions {
  /** Added to this process's environment, or (inheritEnv: false) the whole environment besides PATH. */
  readonly env?: Readonly<Record<string, string>>;
  readonly inheritEnv?: boolean;
  readonly cwd?: string;
  readonly logFile?: string;
  readonly onStdout?: (line: string) => void;
  readonly onStderr?: (line: string) => void;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export declare class LaunchedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly tail: string[];
  readonly exit: Exit | undefined;
  readonly exited: Promise<Exit>;
  get pid(): number | undefined;
  get hasExited(): boolean;
  get code(): number | string | undefined;
  onStdout(listener: (line: string) => void): () => void;
  waitForLine<T = string>(match: (line: string) => T | boolean | undefined, options?: { timeoutMs?: number; description?: string }): Promise<T | string>;
  signal(signal: NodeJS.Signals): void;
  kill(): Promise<Exit>;
  stop(graceMs?: number): Promise<Exit>;
}

export declare function launch(name: string, file: string, args?: readonly string[], options?: LaunchOptions): LaunchedProcess;

export declare function serviceStarted(
  launched: LaunchedProcess,
  options?: { timeoutMs?: number; onLog?: (log: Record<string, unknown>) => void },
): Promise<number>;

export declare function parseLogLine(line: string): Record<string, unknown> | undefined;

export declare class ProcessGroup {
  constructor(logDir?: string);
  readonly logDir: string | undefined;
  start(
    name: string,
    script: string,
    options?: Omit<LaunchOptions, 'logFile' | 'onStdout'> & { args?: readonly string[]; nodeArgs?: readonly string[]; onLine?: (line: string) => void },
  ): LaunchedProcess;
  startBinary(
    name: string,
    file: string,
    args: readonly string[],
    options?: Omit<LaunchOptions, 'logFile' | 'onStdout'> & { onLine?: (line: string) => void },
  ): LaunchedProcess;
  waitForLine(
    name: string,
    script: string,
    prefix: string,
    options?: Record<string, unknown>,
    timeoutMs?: number,
  ): Promise<{ entry: LaunchedProcess; line: string }>;
  logOf(name: string): string;
  anyExited(): LaunchedProcess | undefined;
  dead(): string[];
  stopAll(graceMs?: number): Promise<void>;
}

export declare function waitForPort(port: number, timeoutMs?: number, isDead?: () => LaunchedProcess | undefined): Promise<void>;
export declare function freePort(): Promise<number>;
export declare function waitForHttp(url: string, accept: (res: Response, body: unknown) => boolean, timeoutMs?: number, intervalMs?: number): Promise<unknown>;
