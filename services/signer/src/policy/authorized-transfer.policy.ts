import type { SignSettlementTransferRequest } from '@quietpay/contracts';
import type { AccountCreationCheck, AuthorizationCheck, SignedChargeAuthorization } from '@quietpay/platform';
import { PublicKey } from '@solana/web3.js';
import type { PolicyParams } from './policy-params';
import { type PolicyVerdict, refuse, verdictOf } from './policy-verdict';
import { transferPolicy } from './transfer.policy';
import { type TransactionView, viewTransaction } from './transaction-view';

/** What the signer trusts for settlement transfers and paid account creations: the ledger's key and the TEE's key, from config. */
export interface TransferAuthority {
  readonly verify: (signed: SignedChargeAuthorization, nowUnix: number) => AuthorizationCheck;
  /** The ledger's account-creation authorizations (registered recipients), same key. */
  readonly verifyAccountCreation: (signed: SignedChargeAuthorization, nowUnix: number) => AccountCreationCheck;
  readonly teePublicKey: string;
}

/**
 * A settlement transfer is signed only with proof the ledger reserved it, one rule a line:
 * the authorization verifies under the ledger's key and has not expired; its mint is ours; the
 * transaction is the transfer policy's shape with the authorization's user and recipient; and its
 * ciphertext reopens to the authorized amount. Parties and amount come from the signed bytes only.
 */
export function authorizedTransferPolicy(
  request: SignSettlementTransferRequest,
  authority: TransferAuthority,
  params: PolicyParams,
  nowUnix: number,
): { verdict: PolicyVerdict; view?: TransactionView } {
  let view: TransactionView | undefined;
  let inner: PolicyVerdict = { ok: true };
  const outer = verdictOf(() => {
    const { authorization, opening } = request;
    if (!authorization || !opening) refuse('authorization_required', 'a settlement transfer needs a charge authorization and its encryption opening');
    const check = authority.verify(authorization, nowUnix);
    if (!check.ok) refuse(check.reason, check.detail);
    const terms = check.terms;
    const mint = new PublicKey(terms.mint);
    if (!mint.equals(params.mint)) refuse('mint_mismatch', `authorized mint ${terms.mint} is not the configured mint`);
    view = viewTransaction(request.unsignedTxBase64);
    inner = transferPolicy(
      view,
      { user: new PublicKey(terms.user), recipient: new PublicKey(terms.recipient), mint, amount: terms.amount, opening, teePublicKey: authority.teePublicKey },
      params,
    );
  });
  const verdict = outer.ok ? inner : outer;
  return verdict.ok && view ? { verdict, view } : { verdict };
}
