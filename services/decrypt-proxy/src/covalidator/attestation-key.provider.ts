import { PublicKey } from '@solana/web3.js';
import { CovalidatorClient } from './covalidator.client';

/**
 * The covalidator attestation key, pinned once. From config when set (production); otherwise
 * fetched from `GET /keys` the first time it is needed and never re-fetched, so a covalidator
 * that later starts answering with another key cannot vouch for its own forgeries.
 */
export class AttestationKeyProvider {
  private pinned: Promise<PublicKey> | undefined;

  constructor(
    private readonly client: CovalidatorClient,
    configured: string | undefined,
  ) {
    if (configured !== undefined) this.pinned = Promise.resolve(new PublicKey(configured));
  }

  key(): Promise<PublicKey> {
    if (!this.pinned) {
      const fetching = this.client.attestationPublicKey().then((key) => new PublicKey(key));
      this.pinned = fetching;
      // A failed fetch must not pin the failure: the next call tries again.
      fetching.catch(() => {
        if (this.pinned === fetching) this.pinned = undefined;
      });
    }
    return this.pinned;
  }
}
