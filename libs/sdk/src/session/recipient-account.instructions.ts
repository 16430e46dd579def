import { createIdempotentInstruction, incoTokenAccountAddress } from '@quietpay/solana';
import { type Connection, PublicKey, type TransactionInstruction } from '@solana/web3.js';
import type { FacilitatorClient } from '../facilitator/facilitator.client';

/** What deciding the recipient's account creation needs. */
export interface RecipientAccountInput {
  readonly connection: Connection;
  readonly facilitator: FacilitatorClient;
  readonly programIds: { readonly incoToken: PublicKey; readonly incoLightning: PublicKey };
  readonly mint: PublicKey;
  /** The user: signs the approve and pays this rent. */
  readonly owner: PublicKey;
  readonly recipient: string;
}

/**
 * The instructions the session approve needs so the recipient can be paid: none when its IncoToken
 * account exists or the facilitator registered it (the facilitator then creates it at its own
 * expense), else one create_idempotent of the recipient's account paid by the user (about 0.0024
 * SOL of rent on Solana). A facilitator creates accounts only for recipients its operator
 * registered; without this the open is refused with `approve_tx_rejected` (recipient_account_missing).
 *
 * @example
 * const before = await recipientAccountInstructions({ connection, facilitator, programIds, mint, owner: wallet.publicKey, recipient });
 * const built = await buildApproveTransaction({ ...input, before });
 */
export async function recipientAccountInstructions(input: RecipientAccountInput): Promise<TransactionInstruction[]> {
  const { connection, facilitator, programIds, mint, owner } = input;
  const recipient = new PublicKey(input.recipient);
  if (recipient.equals(owner)) return [];
  const account = incoTokenAccountAddress(programIds, recipient, mint);
  if (await connection.getAccountInfo(account, 'confirmed')) return [];
  if (await facilitator.recipientRegistered(recipient.toBase58())) return [];
  return [createIdempotentInstruction(programIds, { payer: owner, associatedToken: account, wallet: recipient, mint })];
}
