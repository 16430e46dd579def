import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha2';
import bs58 from 'bs58';

/**
 * Anything that gives a 32-byte Solana address: this lib's `Address`, a web3.js `PublicKey`, a
 * wallet adapter's `publicKey`. Browser-side code takes this, so callers keep the key type they have.
 */
export interface AddressLike {
  toBytes(): Uint8Array;
}

const ADDRESS_BYTES = 32;

/**
 * A Solana address without web3.js: 32 bytes, base58 text. Immutable; `equals` compares bytes with
 * any `AddressLike`. The SDK's browser path uses it where services use web3.js `PublicKey`.
 *
 * @example
 * const mint = Address.from('7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB');
 * mint.equals(new PublicKey(mint.toBytes())); // true
 */
export class Address implements AddressLike {
  private constructor(private readonly bytes: Uint8Array) {}

  /** From base58 text, 32 bytes, or another address-like value. Throws RangeError on anything else. */
  static from(value: string | Uint8Array | AddressLike): Address {
    const bytes = typeof value === 'string' ? decodeBase58Address(value) : value instanceof Uint8Array ? value : value.toBytes();
    if (bytes.length !== ADDRESS_BYTES) throw new RangeError(`an address is ${ADDRESS_BYTES} bytes, got ${bytes.length}`);
    return new Address(Uint8Array.from(bytes));
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }

  toBase58(): string {
    return bs58.encode(this.bytes);
  }

  toString(): string {
    return this.toBase58();
  }

  toJSON(): string {
    return this.toBase58();
  }

  equals(other: AddressLike): boolean {
    const b = other.toBytes();
    return b.length === ADDRESS_BYTES && b.every((x, i) => x === this.bytes[i]);
  }
}

function decodeBase58Address(text: string): Uint8Array {
  try {
    return bs58.decode(text);
  } catch (err) {
    throw new RangeError(`not a base58 address: ${text}`, { cause: err });
  }
}

const PDA_MARKER = new TextEncoder().encode('ProgramDerivedAddress');
const MAX_SEED_BYTES = 32;

function isOnCurve(bytes: Uint8Array): boolean {
  try {
    ed25519.ExtendedPoint.fromHex(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Solana's program-derived address: the first bump from 255 down whose sha256(seeds ‖ bump ‖
 * program ‖ "ProgramDerivedAddress") is off the ed25519 curve, as `PublicKey.findProgramAddressSync`.
 *
 * @example
 * const [ata] = findProgramAddress([wallet.toBytes(), program.toBytes(), mint.toBytes()], program);
 */
export function findProgramAddress(seeds: readonly Uint8Array[], programId: AddressLike): [Address, number] {
  for (const seed of seeds) if (seed.length > MAX_SEED_BYTES) throw new RangeError(`a PDA seed is at most ${MAX_SEED_BYTES} bytes, got ${seed.length}`);
  const program = programId.toBytes();
  for (let bump = 255; bump >= 0; bump -= 1) {
    const hash = sha256.create();
    for (const seed of seeds) hash.update(seed);
    const digest = hash.update(Uint8Array.of(bump)).update(program).update(PDA_MARKER).digest();
    if (!isOnCurve(digest)) return [Address.from(digest), bump];
  }
  throw new RangeError('no viable bump for these seeds');
}
