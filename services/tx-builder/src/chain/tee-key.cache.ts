import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@quietpay/platform';
import { z } from 'zod';
import type { TxBuilderConfig } from '../config.schema';
import { txBuilderError } from '../tx-builder.errors';

const keysSchema = z.object({ teePublicKey: z.string().regex(/^(0x)?04[0-9a-fA-F]{128}$/) });

/**
 * The covalidator's TEE public key (hex, 65-byte uncompressed). Fetched on first use and kept for
 * the life of the process: the key rotates only with a covalidator redeploy, which restarts us too.
 * A failed fetch is not cached, so the next build retries.
 */
@Injectable()
export class TeeKeyCache {
  private key: Promise<string> | undefined;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: TxBuilderConfig) {}

  get(): Promise<string> {
    this.key ??= this.fetchKey().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async fetchKey(): Promise<string> {
    const url = new URL('/keys', this.config.COVALIDATOR_URL).href;
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return keysSchema.parse(await response.json()).teePublicKey;
    } catch (cause) {
      throw txBuilderError('dependency_unavailable', 'covalidator /keys unavailable', { context: { url }, cause });
    }
  }
}
