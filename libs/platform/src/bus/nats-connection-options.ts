import { ConnectionOptions } from 'nats';
import { inboxPrefixOf } from '../auth/nats-permissions';
import { type Credentials, passwordOf } from '../auth/service-credentials';

/**
 * Connection settings shared by the Nest transport and the platform's own connection:
 * reconnect forever (a service outlives a NATS restart; readiness reports the gap) with
 * jittered back-off, keep trying the first connection too (a NATS that starts after the
 * service, or slowly on a loaded host, is not a reason to exit; a refused password still is,
 * nats.js gives up on a repeated authorization error), and a name so
 * `nats server report connections` shows who is who. With credentials, replies come to the
 * user's own inbox prefix, the only inbox it may subscribe to.
 */
export function natsConnectionOptions(url: string, name: string, credentials?: Credentials): ConnectionOptions {
  return {
    servers: url,
    name,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    reconnectJitter: 250,
    waitOnFirstConnect: true,
    pingInterval: 10_000,
    maxPingOut: 3,
    ...(credentials ? { user: credentials.user, pass: passwordOf(credentials.password), inboxPrefix: inboxPrefixOf(credentials.user) } : {}),
  };
}
