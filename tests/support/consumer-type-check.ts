import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * Runs the consumer project's own installed tsc (`tsc -p tsconfig.json` in `consumer`) and resolves
 * with its diagnostics: '' when it passes. tsc exits non-zero with its diagnostics on stdout when a
 * checked file or a packed .d.mts/.d.cts fails.
 */
export function consumerTypeCheck(consumer: string): Promise<string> {
  return execFileAsync(process.execPath, [join(consumer, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: consumer }).then(
    () => '',
    (error: { stdout?: string; message: string }) => error.stdout || error.message,
  );
}
