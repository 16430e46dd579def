/**
 * What the gateway may write to its logs from a request it did not check: a client's path, id or
 * body fragment is bounded to LOGGED_CHARS, so a hostile request cannot flood or forge log lines.
 */
export const LOGGED_CHARS = 200;

export function truncateForLog(text: string): string {
  return text.length > LOGGED_CHARS ? `${text.slice(0, LOGGED_CHARS)}…(${text.length} chars)` : text;
}

/** The error's type, truncated message and stack frames (the stack's first line repeats the message). */
export function loggableError(exception: unknown): Record<string, string> {
  if (!(exception instanceof Error)) return { type: typeof exception };
  const frames = (exception.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 10);
  return { type: exception.name, message: truncateForLog(exception.message), stack: frames.join('\n') };
}
