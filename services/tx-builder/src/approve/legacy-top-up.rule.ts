import { SystemInstruction, TransactionInstruction, type PublicKey } from '@solana/web3.js';

/** A System instruction of the approve, with its accounts resolved. */
export interface TopUpInstruction {
  readonly position: number;
  readonly programId: PublicKey;
  readonly keys: readonly PublicKey[];
  readonly data: Uint8Array;
}

/**
 * The seed's approve tops the user up with SOL from the facilitator (so the user can pay the
 * allowance rent). In a legacy open it is allowed once, as a plain transfer from the facilitator
 * to the approving user of at most `maxLamports`; returns why not, or undefined when it passes.
 * The signer checks the same bound against its own configuration.
 */
export function topUpRefusal(ix: TopUpInstruction, facilitator: PublicKey, user: PublicKey, maxLamports: bigint): string | undefined {
  const instruction = new TransactionInstruction({
    programId: ix.programId,
    keys: ix.keys.map((pubkey) => ({ pubkey, isSigner: false, isWritable: false })),
    data: Buffer.from(ix.data),
  });
  let decoded: ReturnType<typeof SystemInstruction.decodeTransfer>;
  try {
    if (SystemInstruction.decodeInstructionType(instruction) !== 'Transfer' || ix.keys.length !== 2)
      return `instruction ${ix.position}: only a plain System transfer may top the user up`;
    decoded = SystemInstruction.decodeTransfer(instruction);
  } catch {
    return `instruction ${ix.position}: undecodable System instruction`;
  }
  if (!decoded.fromPubkey.equals(facilitator)) return `instruction ${ix.position}: the top-up does not come from the facilitator`;
  if (!decoded.toPubkey.equals(user)) return `instruction ${ix.position}: the top-up goes to ${decoded.toPubkey.toBase58()}, not the approving user`;
  if (decoded.lamports > maxLamports) return `instruction ${ix.position}: top-up of ${decoded.lamports} lamports above the ${maxLamports} allowed`;
  return undefined;
}
