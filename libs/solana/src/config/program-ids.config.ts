import { PublicKey } from '@solana/web3.js';
import { DEVNET_PROGRAM_ID_STRINGS, type ProgramIdName } from './program-ids.defaults';

/** Resolved ids every builder, decoder and parser in this lib takes. */
export type SolanaProgramIds = Readonly<Record<ProgramIdName, PublicKey>>;

/**
 * Resolves program ids from configuration (base58 strings), defaulting each to the devnet value.
 * Throws on an invalid base58 key so a bad config fails at boot.
 *
 * @example
 * const ids = resolveProgramIds({ incoMint: config.INCO_MINT });
 * ids.incoToken.toBase58(); // '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi'
 */
export function resolveProgramIds(overrides: Partial<Record<ProgramIdName, string>> = {}): SolanaProgramIds {
  const merged = { ...DEVNET_PROGRAM_ID_STRINGS, ...overrides };
  const entries = Object.entries(merged).map(([name, value]) => {
    try {
      return [name, new PublicKey(value)] as const;
    } catch (err) {
      throw new RangeError(`program id ${name} is not a valid public key: ${value}`, { cause: err });
    }
  });
  return Object.freeze(Object.fromEntries(entries)) as SolanaProgramIds;
}
