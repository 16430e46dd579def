import { SettlementRoute, SubmitSettlementRequest } from '@quietpay/contracts';
import { incoTokenAccountAddress, resolveProgramIds, SolanaProgramIds } from '@quietpay/solana';
import { PublicKey } from '@solana/web3.js';
import { SettlementCollaborators } from '../ports/settlement-collaborators.port';
import { SettlementRoutes } from '../ports/settlement-routes.port';

/**
 * Where a settlement pays from and to, for the per-source lock: always read from session-ledger,
 * both IncoToken accounts derived (PDA [wallet, program, mint]). A submit's own `route` is never
 * trusted (it could name another source and dodge the lock); what the transfer pays is the
 * ledger's authorization's business, not this route's.
 */
export class RouteResolver implements SettlementRoutes {
  private readonly ids: SolanaProgramIds;

  constructor(
    private readonly peers: Pick<SettlementCollaborators, 'session'>,
    incoTokenProgramId: string | undefined,
  ) {
    this.ids = resolveProgramIds(incoTokenProgramId === undefined ? {} : { incoToken: incoTokenProgramId });
  }

  async resolve(request: Pick<SubmitSettlementRequest, 'sessionId'>): Promise<SettlementRoute> {
    const session = await this.peers.session(request.sessionId);
    const mint = new PublicKey(session.asset);
    const user = new PublicKey(session.user);
    const recipient = new PublicKey(session.recipient);
    return {
      sourceOwner: session.user,
      source: incoTokenAccountAddress(this.ids, user, mint).toBase58(),
      destinationOwner: session.recipient,
      destination: incoTokenAccountAddress(this.ids, recipient, mint).toBase58(),
      asset: session.asset,
      network: session.network,
    };
  }
}
