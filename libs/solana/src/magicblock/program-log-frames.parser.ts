/** A program invocation found in transaction logs, with the `Program log:` lines it printed itself. */
export interface LogFrame {
  readonly programId: string;
  readonly depth: number;
  /** The frame that invoked this one, undefined at depth 1. */
  readonly parent: LogFrame | undefined;
  /** Text after `Program log: ` of lines printed while this frame was innermost. */
  readonly logs: string[];
}

const INVOKE = /^Program (\w+) invoke \[(\d+)\]$/;
const EXIT = /^Program (\w+) (?:success|failed: .*)$/;
const LOG = 'Program log: ';

/** Thrown when logs cannot be attributed to frames reliably. */
export class LogFrameError extends Error {
  override readonly name = 'LogFrameError';
  constructor(
    readonly reason: 'logs_truncated' | 'unbalanced_logs',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Splits logs into invocation frames. A line belongs to the innermost open frame, so a program
 * cannot forge another's output by printing text; it can only print inside its own frame.
 * Truncated logs are refused: the missing tail could hold the lines that matter.
 *
 * @example
 * const frames = parseLogFrames(meta.logMessages);
 * frames.filter((f) => f.programId === splId && f.parent?.programId === delegationId);
 */
export function parseLogFrames(logs: readonly string[]): LogFrame[] {
  const frames: LogFrame[] = [];
  const stack: LogFrame[] = [];
  for (const line of logs) {
    if (line.includes('Log truncated')) throw new LogFrameError('logs_truncated', 'transaction logs are truncated');
    const invoke = INVOKE.exec(line);
    if (invoke) {
      const depth = Number(invoke[2]);
      if (depth !== stack.length + 1) throw new LogFrameError('unbalanced_logs', `invoke [${depth}] at depth ${stack.length}`);
      const frame: LogFrame = { programId: invoke[1] ?? '', depth, parent: stack[stack.length - 1], logs: [] };
      frames.push(frame);
      stack.push(frame);
      continue;
    }
    const exit = EXIT.exec(line);
    if (exit) {
      const top = stack.pop();
      if (top?.programId !== exit[1]) throw new LogFrameError('unbalanced_logs', `exit of ${exit[1]} without its invoke`);
      continue;
    }
    if (line.startsWith(LOG)) stack[stack.length - 1]?.logs.push(line.slice(LOG.length));
  }
  if (stack.length > 0) throw new LogFrameError('unbalanced_logs', 'a frame never exited');
  return frames;
}
