import type { EmulatedFrame } from './emulation-trace';

/**
 * Finds the line index just before `Program <id> consumed …` (or `success`/`failed`) of the
 * n-th top-level frame of `programId`. Counting frames per program id, not all `invoke [1]`
 * lines, keeps this right when precompiles log nothing.
 */
function frameEnd(logs: string[], programId: string, occurrence: number): number | null {
  const invoke = `Program ${programId} invoke [1]`;
  let seen = -1;
  for (let i = 0; i < logs.length; i++) {
    if (logs[i] !== invoke) continue;
    seen++;
    if (seen !== occurrence) continue;
    for (let j = i + 1; j < logs.length; j++) {
      const line = logs[j] ?? '';
      if (line.startsWith(`Program ${programId} consumed`) || line === `Program ${programId} success` || line.startsWith(`Program ${programId} failed`)) {
        return j;
      }
    }
    return null;
  }
  return null;
}

/** Puts each frame's handler lines inside its no-op program's log frame. */
export function spliceLogs(logs: string[], frames: EmulatedFrame[], programOrder: string[]): string[] {
  const out = logs.slice();
  // Splice from the last frame backwards so earlier insert points stay valid.
  const sorted = [...frames].sort((a, b) => b.index - a.index);
  for (const f of sorted) {
    if (f.logs.length === 0) continue;
    const id = f.programId.toBase58();
    const occurrence = programOrder.slice(0, f.index).filter((p) => p === id).length;
    const at = frameEnd(out, id, occurrence);
    if (at !== null) out.splice(at, 0, ...f.logs);
  }
  return out;
}

/**
 * Logs of a transaction whose handler at `index` failed: everything up to that frame's body,
 * the handler's lines, then the runtime's failure line; the runtime stops there.
 */
export function failureLogs(logs: string[], frames: EmulatedFrame[], programOrder: string[], failed: EmulatedFrame, message: string): string[] {
  const id = failed.programId.toBase58();
  const earlier = frames.filter((f) => f.index < failed.index);
  const spliced = spliceLogs(logs, earlier, programOrder);
  const occurrence = programOrder.slice(0, failed.index).filter((p) => p === id).length;
  const at = frameEnd(spliced, id, occurrence);
  const head = at === null ? spliced : spliced.slice(0, at);
  const consumed = at === null ? undefined : spliced[at];
  const tail = consumed?.startsWith(`Program ${id} consumed`) === true ? [consumed] : [];
  return [...head, ...failed.logs, ...tail, `Program ${id} failed: ${message}`];
}
