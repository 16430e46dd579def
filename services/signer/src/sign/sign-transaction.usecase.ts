import { Inject, Injectable } from '@nestjs/common';
import { type SignerRefusalCode, type SignOutcome, SignPurpose, type SignRequest, type SignSettlementTransferRequest } from '@quietpay/contracts';
import { LOGGER, type NativeEd25519SigningKey } from '@quietpay/platform';
import type { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import type { Logger } from 'pino';
import { FACILITATOR_KEY, FACILITATOR_SIGNING_KEY } from '../key/facilitator-key.provider';
import { POLICY_PARAMS } from '../key/policy-params.provider';
import { TRANSFER_AUTHORITY } from '../key/transfer-authority.provider';
import { authorizedTransferPolicy, type TransferAuthority } from '../policy/authorized-transfer.policy';
import type { PolicyParams } from '../policy/policy-params';
import type { PolicyVerdict } from '../policy/policy-verdict';
import type { TransactionView } from '../policy/transaction-view';
import { evaluateSignRequest } from '../policy/purpose-policy';

/**
 * Signs a transaction with the facilitator key only when the policy of its stated purpose accepts
 * the exact bytes; a refusal is an answer (not an error) and is logged for the operator.
 */
@Injectable()
export class SignTransactionUseCase {
  constructor(
    @Inject(FACILITATOR_KEY) private readonly key: Keypair,
    @Inject(FACILITATOR_SIGNING_KEY) private readonly signingKey: NativeEd25519SigningKey,
    @Inject(POLICY_PARAMS) private readonly params: PolicyParams,
    @Inject(TRANSFER_AUTHORITY) private readonly authority: TransferAuthority,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  execute(request: SignRequest): SignOutcome {
    const purpose = SignPurpose[request.purpose] ?? String(request.purpose);
    const context = request.policy;
    // The contract requires `policy`; the guard keeps the type honest without a cast.
    if (!context) return this.refused(purpose, 'invalid_policy_context', 'policy missing', {});
    const creation = request.accountCreation ? this.authority.verifyAccountCreation(request.accountCreation, Math.floor(Date.now() / 1000)) : undefined;
    return this.signIfAccepted(purpose, evaluateSignRequest(request.purpose, request.unsignedTxBase64, context, this.params, creation), context);
  }

  /**
   * A settlement transfer: signed only with a ledger charge authorization that verifies and a
   * transaction matching it (authorized-transfer.policy). Nothing in the request but the signed
   * authorization names parties or amount.
   *
   * One authorization may be signed into more than one transaction (a rebuild after an expired
   * blockhash gets a new blockhash, so new bytes). The signer keeps no state and cannot see the
   * chain, so it cannot stop two of them from landing by itself: the submitter rebuilds only after
   * the chain says the previous bytes expired without landing, and never sends again once one
   * landed; the authorization's short expiry bounds how long a stolen one could be re-signed.
   */
  executeSettlement(request: SignSettlementTransferRequest): SignOutcome {
    const context = { settlementId: settlementIdHint(request) };
    return this.signIfAccepted('SETTLEMENT_TRANSFER', authorizedTransferPolicy(request, this.authority, this.params, Math.floor(Date.now() / 1000)), context);
  }

  private signIfAccepted(
    purpose: string,
    evaluated: { verdict: PolicyVerdict; view?: TransactionView },
    context: { sessionId?: string; settlementId?: string },
  ): SignOutcome {
    const { verdict, view } = evaluated;
    if (!verdict.ok || !view) {
      return this.refused(purpose, verdict.ok ? 'malformed_transaction' : verdict.reason, verdict.ok ? '' : verdict.detail, context);
    }
    view.tx.addSignature(this.key.publicKey, this.signingKey.sign(view.tx.message.serialize()));
    const signature = view.tx.signatures[0];
    if (!signature) throw new RangeError('fee payer signature slot missing after signing');
    this.logger.info({ purpose, sessionId: context.sessionId, settlementId: context.settlementId }, 'signed');
    return {
      outcome: {
        case: 'signed',
        value: { signedTxBase64: Buffer.from(view.tx.serialize()).toString('base64'), signature: bs58.encode(signature) },
      },
    };
  }

  private refused(purpose: string, reason: SignerRefusalCode, detail: string, context: { sessionId?: string; settlementId?: string }): SignOutcome {
    this.logger.warn({ purpose, reason, detail, sessionId: context.sessionId, settlementId: context.settlementId }, 'signing refused');
    return { outcome: { case: 'refused', value: { reason, detail } } };
  }
}

/** The authorization's id line, for logs only (never trusted: the policy parses what it verified). */
function settlementIdHint(request: SignSettlementTransferRequest): string {
  const text = new TextDecoder().decode(request.authorization?.payload ?? new Uint8Array());
  return (/^id=([A-Za-z0-9._:-]{1,200})$/m.exec(text)?.[1] ?? '').slice(0, 200);
}
