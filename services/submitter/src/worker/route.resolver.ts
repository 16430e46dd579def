import { SettlementRoute, SubmitSettlementRequest } from '@quietpay/contracts';
import { incoTokenAccountAddress, resolveProgramIds, SolanaProgramIds } from '@quietpay/solana';
import { PublicKey } from '@solana/web3.js';
import { SettlementCollaborators } from '../ports/settlement-collaborators.port';

/**
 * Where a settlement pays from and to. Callers that know the session pass the route; otherwise
 * it is read from session-ledger and both IncoToken accounts are derived (PDA [wallet, program, mint]).
 */
export class RouteResolver {
  private readonly ids: SolanaProgramIds;

  constructor(
    private readonly peers: SettlementCollaborators,
    incoTokenProgramId: string | undefined,
  ) {
    this.ids = resolveProgramIds(incoTokenProgramId === undefined ? {} : { incoToken: incoTokenProgramId });
  }

  async resolve(request: SubmitSettlementRequest): Promise<SettlementRoute> {
    if (request.route) return request.route;
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
