import { type PolicyContext, SignPurpose } from '@quietpay/contracts';
import type { AccountCreationCheck } from '@quietpay/platform';
import { PublicKey } from '@solana/web3.js';
import { approvePolicy } from './approve.policy';
import { createAccountPolicy } from './create-account.policy';
import { legacyApprovePolicy } from './legacy-approve.policy';
import type { PolicyParams } from './policy-params';
import { type PolicyVerdict, refuse, verdictOf } from './policy-verdict';
import type { TransactionView } from './transaction-view';
import { viewTransaction } from './transaction-view';

function wallet(value: string | undefined, field: string): PublicKey {
  try {
    if (!value) throw new RangeError('empty');
    return new PublicKey(value);
  } catch {
    return refuse('invalid_policy_context', `policy.${field} is not a public key`);
  }
}

/**
 * The wallet whose account the facilitator may pay for: only one the ledger vouched for as a
 * registered recipient, in an account-creation authorization that verifies under its key and has
 * not expired. The caller's policy context is not trusted for it.
 */
function registeredWallet(creation: AccountCreationCheck | undefined, params: PolicyParams): PublicKey {
  if (!creation) {
    return refuse(
      'authorization_required',
      "a facilitator-paid account creation needs the ledger's account-creation authorization (registered recipients only)",
    );
  }
  if (!creation.ok) return refuse(creation.reason, creation.detail);
  if (!wallet(creation.terms.mint, 'authorization mint').equals(params.mint)) refuse('mint_mismatch', 'the authorized mint is not the configured mint');
  return wallet(creation.terms.wallet, 'authorization wallet');
}

/**
 * Decodes the transaction and runs the policy of the stated purpose; the verdict carries the
 * decoded view so the caller signs exactly the bytes that were checked. `creation` is the verified
 * account-creation authorization the request carried (CREATE_ACCOUNT needs one).
 */
export function evaluateSignRequest(
  purpose: SignPurpose,
  txBase64: string,
  context: PolicyContext,
  params: PolicyParams,
  creation?: AccountCreationCheck,
): { verdict: PolicyVerdict; view?: TransactionView } {
  let view: TransactionView | undefined;
  let inner: PolicyVerdict = { ok: true };
  const outer = verdictOf(() => {
    view = viewTransaction(txBase64);
    switch (purpose) {
      case SignPurpose.SESSION_APPROVE:
        inner = approvePolicy(
          view,
          {
            user: wallet(context.user, 'user'),
            mint: wallet(context.asset, 'asset'),
            ...(context.recipient ? { recipient: wallet(context.recipient, 'recipient') } : {}),
          },
          params,
        );
        return;
      case SignPurpose.LEGACY_SESSION_APPROVE:
        inner = legacyApprovePolicy(
          view,
          {
            user: wallet(context.user, 'user'),
            mint: wallet(context.asset, 'asset'),
            ...(context.recipient ? { recipient: wallet(context.recipient, 'recipient') } : {}),
          },
          params,
        );
        return;
      case SignPurpose.SETTLEMENT_TRANSFER:
        // Only with the ledger's proof: quietpay.signer.transfer.sign.v1 (authorized-transfer.policy).
        return refuse('authorization_required', 'settlement transfers are signed only on quietpay.signer.transfer.sign.v1 with a charge authorization');
      case SignPurpose.CREATE_ACCOUNT:
        inner = createAccountPolicy(view, registeredWallet(creation, params), params);
        return;
      case SignPurpose.UNSPECIFIED:
        refuse('unknown_purpose', 'purpose is unspecified');
    }
    // A purpose added to the proto after this build arrives as a bare number.
    refuse('unknown_purpose', `purpose ${String(purpose)} has no policy`);
  });
  const verdict = outer.ok ? inner : outer;
  return verdict.ok && view ? { verdict, view } : { verdict };
}
