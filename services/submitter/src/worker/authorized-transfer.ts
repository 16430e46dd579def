import { ChargeAuthorization } from '@quietpay/contracts';
import { Logger } from 'pino';
import { BatchTransfer, LedgerTransfer, SettlementCollaborators } from '../ports/settlement-collaborators.port';
import { timedStep } from '../metrics/settlement-step.metrics';
import { SentAttempt } from '../settlement/settlement.store';
import type { BuiltAttempt } from './transfer-driver';

/**
 * The transaction to send for a ledger transfer (a batch flush or a per-call charge): a fresh one,
 * bound by the ledger as the transfer's one transaction before anything is sent, or the one another
 * attempt bound first, which is adopted (driven and re-broadcast, never replaced). A fresh
 * transaction is bound only while `owned` passes (this worker still holds its job and source
 * lock); a worker that stalled past its locks is refused at the bind (batch_attempt_superseded)
 * once another attempt was authorized, so it never sends a second transfer of the same charges.
 * `dead`: the bound transaction the chain showed cannot land, which a new one may replace.
 */
export async function bindTransfer(
  peers: SettlementCollaborators,
  transfer: LedgerTransfer,
  dead: SentAttempt | undefined,
  owned: () => Promise<void>,
  logger: Logger,
): Promise<BuiltAttempt> {
  const adopt = (transaction: BatchTransfer): BuiltAttempt => {
    logger.warn({ ...transfer, signature: transaction.signature }, 'transfer already has a bound transaction; driving it instead of signing another');
    return { ...transaction, mayBeInFlight: true, adopted: true };
  };
  const grant = await timedStep('authorize', () => peers.authorizeTransfer(transfer, dead?.signature ?? ''));
  if (grant.kind === 'in_flight') return adopt(grant.transaction);
  const built = await buildAndSignAuthorized(peers, grant.authorization);
  await owned();
  const bound = await timedStep('bind', () => peers.bindTransaction(transfer, grant.authorization, built));
  return bound.signature === built.signature ? built : adopt(bound);
}

/**
 * Builds and signs the transfer of one ledger authorization: tx-builder builds from the signed
 * terms (never from the submit request), the signer checks the transaction against them. The
 * authorization is asked afresh for every build, so a rebuild carries an unexpired one.
 */
async function buildAndSignAuthorized(peers: SettlementCollaborators, authorization: ChargeAuthorization): Promise<SentAttempt> {
  const { built, opening } = await timedStep('build', () => peers.buildTransfer(authorization));
  if (!built || !opening) throw new Error('tx-builder answered without a transaction or its opening');
  const signed = await timedStep('sign', () => peers.sign(built.unsignedTxBase64, authorization, opening));
  return { signature: signed.signature, signedTxBase64: signed.signedTxBase64, lastValidBlockHeight: Number(built.lastValidBlockHeight), mayBeInFlight: true };
}
