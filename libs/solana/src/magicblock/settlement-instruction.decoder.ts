import { readUintLE } from '../codec/little-endian.codec';

/** The args of the base-chain ExecuteReadyQueuedTransfer instruction. */
export interface SettlementInstructionData {
  /** First byte; 202 in current builds, 198 in older docs, so it is reported, not checked. */
  readonly discriminator: number;
  readonly escrowIndex: number;
  readonly amount: bigint;
  readonly flags: number;
  /** Absent in the 10-byte form. */
  readonly clientRefId: bigint | undefined;
}

/**
 * Decodes `discriminator u8 | escrow_index u8 | amount u64 LE | flags u8 | client_ref_id u64 LE?`:
 * exactly 10 or 18 bytes after the discriminator, anything else is not this instruction.
 *
 * @example
 * const args = decodeSettlementInstructionData(bs58.decode(innerIx.data));
 * if (args && args.clientRefId !== expectedId) ...
 */
export function decodeSettlementInstructionData(data: Uint8Array): SettlementInstructionData | undefined {
  const body = data.length - 1;
  if (body !== 10 && body !== 18) return undefined;
  return {
    discriminator: data[0] ?? 0,
    escrowIndex: data[1] ?? 0,
    amount: readUintLE(data, 2, 8),
    flags: data[10] ?? 0,
    clientRefId: body === 18 ? readUintLE(data, 11, 8) : undefined,
  };
}
