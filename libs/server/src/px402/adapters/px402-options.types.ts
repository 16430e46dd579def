import { DecideDeps } from '../decide/px402-request.types';

/** Options shared by every framework adapter: decide()'s dependencies plus proxy trust. */
export interface Px402Options extends DecideDeps {
  /**
   * CIDRs (or single addresses) of reverse proxies whose `X-Forwarded-For` entries are believed.
   * Default: none, so the socket peer is the client.
   */
  readonly trustedProxies?: readonly string[];
}
