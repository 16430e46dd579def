import type { Attributes } from '@opentelemetry/api';

// Who called: the HTTP server instrumentation records the caller's address (the socket peer, and
// `client.address` from Forwarded / X-Forwarded-For), beside the route and the session id. That
// links a person's IP to their payments in the trace backend, so it is not exported unless an
// operator opts in (QUIETPAY_TRACE_CLIENT_IP=true). Old and new semantic-convention names alike.
const CLIENT_ADDRESS_KEYS = new Set([
  'client.address',
  'client.port',
  'network.peer.address',
  'network.peer.port',
  'net.peer.ip',
  'net.peer.port',
  'net.sock.peer.addr',
  'net.sock.peer.port',
  'http.client_ip',
]);

/**
 * A copy of a server span's attributes without the caller's address; the same object when it
 * has none. Client spans keep theirs: there the peer is the server called (the RPC, the collector).
 *
 * @example
 * withoutClientAddress({ 'http.route': '/sessions', 'client.address': '203.0.113.7' }) // { 'http.route': '/sessions' }
 */
export function withoutClientAddress(attributes: Attributes): Attributes {
  if (!Object.keys(attributes).some((key) => CLIENT_ADDRESS_KEYS.has(key))) return attributes;
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => !CLIENT_ADDRESS_KEYS.has(key)));
}
