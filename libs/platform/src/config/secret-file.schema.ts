import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Secret } from './secret';

/**
 * A config variable holding the path of a secret file. Parsing reads the file, so a missing
 * or unreadable secret fails at boot naming the variable, and the content never sits in env.
 *
 * @example
 * const schema = commonConfigSchema({ name: 'signer', httpPort: 4034 })
 *   .extend({ FACILITATOR_KEYPAIR_PATH: secretFile() });
 */
export function secretFile() {
  return z
    .string({ error: 'must be a path to a readable secret file' })
    .min(1, 'must be a path to a readable secret file')
    .transform((path, ctx) => {
      try {
        const bytes = readFileSync(path);
        if (bytes.length === 0) {
          ctx.addIssue({ code: 'custom', message: `secret file ${path} is empty` });
          return z.NEVER;
        }
        return new Secret(path, bytes);
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
        ctx.addIssue({ code: 'custom', message: `cannot read secret file ${path} (${reason})` });
        return z.NEVER;
      }
    });
}
