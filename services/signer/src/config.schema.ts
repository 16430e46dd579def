import { commonConfigSchema, Secret, secretFile } from '@quietpay/platform';
import { z } from 'zod';

/** A Solana CLI keypair file: a JSON array of the 64 secret-key bytes. */
function isKeypairFile(secret: Secret): boolean {
  try {
    const bytes: unknown = JSON.parse(secret.reveal().toString('utf8'));
    return Array.isArray(bytes) && bytes.length === 64 && bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255);
  } catch {
    return false;
  }
}

export const configSchema = commonConfigSchema({ name: 'signer', httpPort: 4034 }).extend({
  // The facilitator key: only the signer reads it, from a file, never from the environment.
  FACILITATOR_KEYPAIR_PATH: secretFile().refine(isKeypairFile, 'is not a keypair file (JSON array of 64 bytes)'),
});

export type SignerConfig = z.output<typeof configSchema>;
