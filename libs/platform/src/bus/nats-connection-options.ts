import { ConnectionOptions } from 'nats';

/**
 * Connection settings shared by the Nest transport and the platform's own connection:
 * reconnect forever (a service outlives a NATS restart; readiness reports the gap) with
 * jittered back-off, and a name so `nats server report connections` shows who is who.
 */
export function natsConnectionOptions(url: string, name: string): ConnectionOptions {
  return {
    servers: url,
    name,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    reconnectJitter: 250,
    waitOnFirstConnect: false,
    pingInterval: 10_000,
    maxPingOut: 3,
  };
}
