import { ciphertextOpensTo, type EciesOpening } from '@quietpay/solana';
import type { PublicKey } from '@solana/web3.js';
import { accountAt, expectKey, readIncoArgs } from './inco-instruction.reader';
import { checkCreateIdempotent, expectAccountCount, expectAllowanceSlot, expectPrograms, tokenAccountOf } from './inco-account.rules';
import { checkWritableSet, requireDistinct, walkInstructions } from './instruction-walk.rule';
import type { PolicyParams } from './policy-params';
import { type PolicyVerdict, refuse, verdictOf } from './policy-verdict';
import type { InstructionView } from './transaction-view';
import type { TransactionView } from './transaction-view';

/** What a verified charge authorization says the transfer does (parties and amount from the ledger). */
export interface TransferTerms {
  readonly user: PublicKey;
  readonly recipient: PublicKey;
  readonly mint: PublicKey;
  /** Base units, exactly: the transfer's ciphertext must reopen to it. */
  readonly amount: bigint;
  /** How tx-builder encrypted the amount, so it can be recomputed. */
  readonly opening: EciesOpening;
  /** The TEE key the amount must be encrypted to (pinned in config, never the builder's word). */
  readonly teePublicKey: string;
}

/**
 * A settlement: exactly one IncoToken transfer from the user's account to the recipient's, the
 * facilitator signing only as fee payer and delegate authority. A create_idempotent of the
 * recipient's account may precede it (tx-builder adds one when that account is missing, as
 * BuildTransferRequest documents). The amount is a ciphertext the signer cannot decrypt; it
 * recomputes it from the authorized amount and the encryption opening, so the transfer moves
 * exactly what the ledger reserved (IncoToken itself never checks delegated_amount).
 */
export function transferPolicy(view: TransactionView, terms: TransferTerms, params: PolicyParams): PolicyVerdict {
  return verdictOf(() => {
    requireDistinct(params.facilitator, terms.user, 'user');
    requireDistinct(params.facilitator, terms.recipient, 'recipient');
    if (terms.user.equals(terms.recipient)) refuse('self_transfer', 'user and recipient are the same wallet');
    if (!terms.mint.equals(params.mint)) refuse('mint_mismatch', `session asset ${terms.mint.toBase58()} is not the configured mint`);
    const source = tokenAccountOf(params, terms.user);
    const destination = tokenAccountOf(params, terms.recipient);
    const writable: PublicKey[] = [source, destination];
    let transfers = 0;
    let creates = 0;
    walkInstructions(view, params, [], (ix, name) => {
      if (name === 'transfer') {
        transfers += 1;
        writable.push(...checkTransfer(ix, params, terms, source, destination));
      } else if (name === 'create_idempotent' && transfers === 0 && creates === 0) {
        creates += 1;
        checkCreateIdempotent(ix, params, terms.recipient, [params.facilitator]);
      } else refuse('unexpected_inco_instruction', `instruction ${ix.position} is ${name}`);
    });
    if (transfers !== 1) refuse('transfer_count', `expected exactly one transfer, found ${transfers}`);
    checkWritableSet(view, writable);
  });
}

function checkTransfer(ix: InstructionView, params: PolicyParams, terms: TransferTerms, source: PublicKey, destination: PublicKey): PublicKey[] {
  expectAccountCount(ix, 9);
  expectKey(ix, 0, 'source', source, 'source_mismatch');
  expectKey(ix, 1, 'destination', destination, 'destination_mismatch');
  expectKey(ix, 2, 'authority', params.facilitator, 'authority_mismatch');
  expectPrograms(ix, params, 3, 4);
  const parties = [params.facilitator, terms.user, terms.recipient, source, destination];
  expectAllowanceSlot(ix, 5, parties);
  expectKey(ix, 6, 'source owner', terms.user, 'owner_mismatch');
  expectAllowanceSlot(ix, 7, parties);
  expectKey(ix, 8, 'destination owner', terms.recipient, 'owner_mismatch');
  const args = readIncoArgs(ix, 'transfer');
  if (args['input_type'] !== 0) refuse('malformed_instruction', `instruction ${ix.position}: input_type ${String(args['input_type'])}`);
  if (!ciphertextOpensTo(args['ciphertext'] as Uint8Array, terms.amount, terms.teePublicKey, terms.opening)) {
    refuse('amount_mismatch', `instruction ${ix.position}: the ciphertext does not encrypt the authorized ${terms.amount.toString()}`);
  }
  return [accountAt(ix, 5, 'source allowance').key, accountAt(ix, 7, 'destination allowance').key];
}
