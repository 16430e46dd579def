import bs58 from 'bs58';
import type { AddressLike } from '../address/address';
import { concatBytes } from '../codec/little-endian.codec';
import type { InstructionParts } from '../inco/inco-token.instruction-parts';
import { encodeCompactU16 } from './compact-u16.codec';

/*
 * A legacy transaction message without web3.js (the browser SDK's path). Accounts are ordered as
 * web3.js's Transaction.compileMessage orders them (signers, then writable, then base58 in the same
 * locale order; fee payer first), so the bytes equal what web3.js would build: the gateway and its
 * tests see the same transaction whoever built it (legacy-message.spec pins this).
 */

interface CompiledKey {
  readonly base58: string;
  readonly bytes: Uint8Array;
  isSigner: boolean;
  isWritable: boolean;
}

const BASE58_ORDER: Intl.CollatorOptions = { usage: 'sort', sensitivity: 'variant', ignorePunctuation: false, numeric: false, caseFirst: 'lower' };

/** Inputs of one legacy message. */
export interface LegacyMessageInput {
  readonly feePayer: AddressLike;
  /** base58 recent blockhash. */
  readonly recentBlockhash: string;
  readonly instructions: readonly InstructionParts[];
}

/** A compiled legacy message: its bytes and the signer keys (in signature order). */
export interface CompiledMessage {
  readonly bytes: Uint8Array;
  readonly signers: readonly string[];
}

/**
 * Compiles instructions into legacy message bytes.
 *
 * @example
 * const { bytes } = compileLegacyMessage({ feePayer, recentBlockhash, instructions: [approveCheckedParts(ids, input)] });
 */
export function compileLegacyMessage(input: LegacyMessageInput): CompiledMessage {
  const metas: CompiledKey[] = [];
  const programs: CompiledKey[] = [];
  const keyOf = (k: AddressLike, isSigner: boolean, isWritable: boolean): CompiledKey => {
    const bytes = k.toBytes();
    return { base58: bs58.encode(bytes), bytes, isSigner, isWritable };
  };
  for (const ix of input.instructions) {
    for (const m of ix.keys) metas.push(keyOf(m.pubkey, m.isSigner, m.isWritable));
    const program = keyOf(ix.programId, false, false);
    if (!programs.some((p) => p.base58 === program.base58)) programs.push(program);
  }
  const unique: CompiledKey[] = [];
  for (const m of [...metas, ...programs]) {
    const seen = unique.find((u) => u.base58 === m.base58);
    if (seen) {
      seen.isSigner ||= m.isSigner;
      seen.isWritable ||= m.isWritable;
    } else unique.push({ ...m });
  }
  unique.sort((x, y) => {
    if (x.isSigner !== y.isSigner) return x.isSigner ? -1 : 1;
    if (x.isWritable !== y.isWritable) return x.isWritable ? -1 : 1;
    return x.base58.localeCompare(y.base58, 'en', BASE58_ORDER);
  });
  const payer = keyOf(input.feePayer, true, true);
  const payerAt = unique.findIndex((u) => u.base58 === payer.base58);
  if (payerAt >= 0) unique.splice(payerAt, 1);
  unique.unshift(payer);

  const signed = unique.filter((k) => k.isSigner);
  const header = Uint8Array.of(signed.length, signed.filter((k) => !k.isWritable).length, unique.filter((k) => !k.isSigner && !k.isWritable).length);
  const indexOf = (k: AddressLike): number => unique.findIndex((u) => u.base58 === bs58.encode(k.toBytes()));
  const blockhash = bs58.decode(input.recentBlockhash);
  if (blockhash.length !== 32) throw new RangeError(`a blockhash is 32 bytes, got ${blockhash.length}`);
  const instructions = input.instructions.map((ix) =>
    concatBytes(
      Uint8Array.of(indexOf(ix.programId)),
      encodeCompactU16(ix.keys.length),
      Uint8Array.from(ix.keys.map((m) => indexOf(m.pubkey))),
      encodeCompactU16(ix.data.length),
      ix.data,
    ),
  );
  const bytes = concatBytes(
    header,
    encodeCompactU16(unique.length),
    ...unique.map((k) => k.bytes),
    blockhash,
    encodeCompactU16(instructions.length),
    ...instructions,
  );
  return { bytes, signers: signed.map((k) => k.base58) };
}
