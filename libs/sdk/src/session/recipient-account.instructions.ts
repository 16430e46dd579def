import { Address, type AddressLike, createIdempotentParts, incoTokenAccountAddressOf, type InstructionParts } from '@quietpay/solana';
import type { FacilitatorClient } from '../facilitator/facilitator.client';
import type { SolanaRpc } from '../solana/solana-rpc.client';

/** What deciding the recipient's account creation needs. */
export interface RecipientAccountInput {
  readonly rpc: SolanaRpc;
  readonly facilitator: FacilitatorClient;
  readonly programIds: { readonly incoToken: AddressLike; readonly incoLightning: AddressLike };
  readonly mint: AddressLike;
  /** The user: signs the approve and pays this rent. */
  readonly owner: AddressLike;
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
 * const before = await recipientAccountInstructions({ rpc, facilitator, programIds, mint, owner: wallet.publicKey, recipient });
 * const built = await buildApproveTransaction({ ...input, before });
 */
export async function recipientAccountInstructions(input: RecipientAccountInput): Promise<InstructionParts[]> {
  const { rpc, facilitator, programIds, mint, owner } = input;
  const recipient = Address.from(input.recipient);
  if (recipient.equals(owner)) return [];
  const account = incoTokenAccountAddressOf(programIds, recipient, mint);
  if (await rpc.getAccountData(account.toBase58(), 'confirmed')) return [];
  if (await facilitator.recipientRegistered(recipient.toBase58())) return [];
  return [createIdempotentParts(programIds, { payer: owner, associatedToken: account, wallet: recipient, mint })];
}
