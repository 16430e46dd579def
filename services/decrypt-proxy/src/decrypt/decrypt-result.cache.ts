import type { RedisClient } from '@quietpay/platform';

/**
 * Verified plaintexts, keyed by (address, handle). The address is part of the key so a hit is
 * only ever served to a caller who has just proven (by signature) to be an address the
 * covalidator already answered for.
 */
export class DecryptResultCache {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  async get(address: string, handle: string): Promise<{ plaintext: string; attestationSignature: string } | undefined> {
    const raw = await this.redis.get(this.key(address, handle));
    if (raw === null) return undefined;
    const [plaintext, attestationSignature] = raw.split(':');
    return plaintext !== undefined && attestationSignature !== undefined ? { plaintext, attestationSignature } : undefined;
  }

  async put(address: string, handle: string, plaintext: string, attestationSignature: string): Promise<void> {
    await this.redis.set(this.key(address, handle), `${plaintext}:${attestationSignature}`, 'EX', this.ttlSeconds);
  }

  private key(address: string, handle: string): string {
    return `${this.prefix}:cache:${address}:${handle}`;
  }
}
