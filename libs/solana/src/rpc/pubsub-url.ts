/**
 * The PubSub (WebSocket) URL for a JSON-RPC URL: ws(s) on port + 1 when a port is given, the
 * convention web3.js and localnet follow (8899 → 8900); without a port, the same host.
 */
export function pubsubUrlOf(rpcUrl: string): string {
  const url = new URL(rpcUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (url.port !== '') url.port = String(Number(url.port) + 1);
  return url.toString();
}
