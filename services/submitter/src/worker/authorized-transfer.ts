import { ChargeAuthorization } from '@quietpay/contracts';
import { SettlementCollaborators } from '../ports/settlement-collaborators.port';
import { timedStep } from '../metrics/settlement-step.metrics';
import { SentAttempt } from '../settlement/settlement.store';

/**
 * Builds and signs the transfer of one ledger authorization: tx-builder builds from the signed
 * terms (never from the submit request), the signer checks the transaction against them. Asked
 * afresh for every build, so a rebuild carries an unexpired authorization.
 */
export async function buildAndSignAuthorized(peers: SettlementCollaborators, authorize: () => Promise<ChargeAuthorization>): Promise<SentAttempt> {
  const authorization = await authorize();
  const { built, opening } = await timedStep('build', () => peers.buildTransfer(authorization));
  if (!built || !opening) throw new Error('tx-builder answered without a transaction or its opening');
  const signed = await timedStep('sign', () => peers.sign(built.unsignedTxBase64, authorization, opening));
  return { signature: signed.signature, signedTxBase64: signed.signedTxBase64, lastValidBlockHeight: Number(built.lastValidBlockHeight), mayBeInFlight: true };
}
