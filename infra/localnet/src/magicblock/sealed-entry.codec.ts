import nacl from 'tweetnacl';
import { PublicKey } from '@solana/web3.js';

/** What only the queue's owner (the TEE in the real system) may read about an entry. */
export interface SealedEntryPlain {
  destination: PublicKey;
  clientRefId: bigint;
}

const PLAIN_BYTES = 32 + 8;
export const SEALED_ENTRY_BYTES = nacl.secretbox.nonceLength + PLAIN_BYTES + nacl.secretbox.overheadLength;

/**
 * Seals entries with a symmetric key the stand-in holds, standing in for encryption to the TEE:
 * the enqueue transaction and the queue account never carry the recipient in clear.
 */
export class EntrySealer {
  constructor(private readonly key: Uint8Array) {
    if (key.length !== nacl.secretbox.keyLength) throw new RangeError('seal key must be 32 bytes');
  }

  static generateKey(): Uint8Array {
    return nacl.randomBytes(nacl.secretbox.keyLength);
  }

  seal(plain: SealedEntryPlain): Uint8Array {
    const msg = Buffer.alloc(PLAIN_BYTES);
    plain.destination.toBuffer().copy(msg, 0);
    msg.writeBigUInt64LE(plain.clientRefId, 32);
    const nonce = nacl.randomBytes(nacl.secretbox.nonceLength);
    const box = nacl.secretbox(msg, nonce, this.key);
    return new Uint8Array(Buffer.concat([nonce, box]));
  }

  /** Null when the bytes were not sealed with this key (tampered or foreign). */
  open(sealed: Uint8Array): SealedEntryPlain | null {
    if (sealed.length !== SEALED_ENTRY_BYTES) return null;
    const nonce = sealed.subarray(0, nacl.secretbox.nonceLength);
    const plain = nacl.secretbox.open(sealed.subarray(nacl.secretbox.nonceLength), nonce, this.key);
    if (!plain) return null;
    const buf = Buffer.from(plain);
    return { destination: new PublicKey(buf.subarray(0, 32)), clientRefId: buf.readBigUInt64LE(32) };
  }
}
