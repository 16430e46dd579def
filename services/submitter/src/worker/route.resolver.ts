import { SettlementRoute, SubmitSettlementRequest } from '@quietpay/contracts';
import { incoTokenAccountAddress, resolveProgramIds, SolanaProgramIds } from '@quietpay/solana';
import { PublicKey } from '@solana/web3.js';
import { SettlementCollaborators } from '../ports/settlement-collaborators.port';
import { SettlementRoutes } from '../ports/settlement-routes.port';

/** How many sessions' routes one submitter keeps (a route is a few hundred bytes). */
const ROUTES_KEPT = 10_000;

/**
 * Where a settlement pays from and to, for the per-source lock: always read from session-ledger,
 * both IncoToken accounts derived (PDA [wallet, program, mint]). A submit's own `route` is never
 * trusted (it could name another source and dodge the lock); what the transfer pays is the
 * ledger's authorization's business, not this route's.
 */
export class RouteResolver implements SettlementRoutes {
  private readonly ids: SolanaProgramIds;
  /**
   * Routes already derived, by session: payer, recipient and asset are fixed when a session opens,
   * so each flush job asking the ledger again (a NATS round trip and two PDA derivations, 5–14 ms
   * per coalesced cycle) learned nothing. Insertion-ordered, the oldest dropped past ROUTES_KEPT.
   */
  private readonly known = new Map<string, SettlementRoute>();

  constructor(
    private readonly peers: Pick<SettlementCollaborators, 'session'>,
    incoTokenProgramId: string | undefined,
  ) {
    this.ids = resolveProgramIds(incoTokenProgramId === undefined ? {} : { incoToken: incoTokenProgramId });
  }

  async resolve(request: Pick<SubmitSettlementRequest, 'sessionId'>): Promise<SettlementRoute> {
    const known = this.known.get(request.sessionId);
    if (known) return known;
    const route = await this.derive(request.sessionId);
    this.known.set(request.sessionId, route);
    if (this.known.size > ROUTES_KEPT) this.known.delete(this.known.keys().next().value as string);
    return route;
  }

  private async derive(sessionId: string): Promise<SettlementRoute> {
    const session = await this.peers.session(sessionId);
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
