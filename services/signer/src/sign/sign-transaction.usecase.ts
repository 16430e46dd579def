import { Inject, Injectable } from '@nestjs/common';
import { type SignOutcome, SignPurpose, type SignRequest } from '@quietpay/contracts';
import { LOGGER, type NativeEd25519SigningKey } from '@quietpay/platform';
import type { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import type { Logger } from 'pino';
import { FACILITATOR_KEY, FACILITATOR_SIGNING_KEY } from '../key/facilitator-key.provider';
import { POLICY_PARAMS } from '../key/policy-params.provider';
import type { PolicyParams } from '../policy/policy-params';
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
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  execute(request: SignRequest): SignOutcome {
    const purpose = SignPurpose[request.purpose] ?? String(request.purpose);
    const context = request.policy;
    // The contract requires `policy`; the guard keeps the type honest without a cast.
    if (!context) return this.refused(purpose, 'invalid_policy_context', 'policy missing', {});
    const { verdict, view } = evaluateSignRequest(request.purpose, request.unsignedTxBase64, context, this.params);
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

  private refused(purpose: string, reason: string, detail: string, context: { sessionId?: string; settlementId?: string }): SignOutcome {
    this.logger.warn({ purpose, reason, detail, sessionId: context.sessionId, settlementId: context.settlementId }, 'signing refused');
    return { outcome: { case: 'refused', value: { reason, detail } } };
  }
}
