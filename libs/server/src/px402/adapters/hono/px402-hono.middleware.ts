import type { Context, MiddlewareHandler } from 'hono';
import { decide } from '../../decide/decide.usecase';
import { prepareOptions, toPx402Request } from '../px402-request.builder';
import { Px402Options } from '../px402-options.types';

export interface Px402HonoOptions extends Px402Options {
  /**
   * The socket peer address. Hono has no runtime-neutral way to read it; the default reads the
   * `@hono/node-server` binding (`c.env.incoming.socket.remoteAddress`). Supply one for other
   * runtimes, otherwise every client shares the `unknown` rate-limit bucket.
   */
  readonly remoteAddress?: (c: Context) => string | undefined;
}

function nodeServerPeer(c: Context): string | undefined {
  const env: unknown = c.env;
  if (typeof env !== 'object' || env === null || !('incoming' in env)) return undefined;
  const incoming: unknown = env.incoming;
  if (typeof incoming !== 'object' || incoming === null || !('socket' in incoming)) return undefined;
  const socket: unknown = incoming.socket;
  if (typeof socket !== 'object' || socket === null || !('remoteAddress' in socket)) return undefined;
  return typeof socket.remoteAddress === 'string' ? socket.remoteAddress : undefined;
}

/**
 * Hono middleware that prices a route with px402: it answers unpaid, pending, invalid or
 * replayed requests itself and adds `X-Payment-Signature` to the handler's response otherwise.
 *
 * @example
 * app.get('/weather', px402Hono({
 *   price: { amount: 10_000n, destination: WALLET },
 *   secrets: { current: secret },
 *   lookup: facilitatorPaymentLookup(FACILITATOR_URL),
 *   replay: new RedisReplayStore(redis),
 * }), (c) => c.json({ temperature: 21 }));
 */
export function px402Hono(options: Px402HonoOptions): MiddlewareHandler {
  const { remoteAddress = nodeServerPeer, ...rest } = options;
  const { deps, trusted } = prepareOptions(rest);
  return async (c, next) => {
    const request = toPx402Request(
      {
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        header: (name) => c.req.header(name),
        remoteAddress: remoteAddress(c),
      },
      trusted,
    );
    const decision = await decide(request, deps);
    if (decision.kind === 'answer') return c.json(decision.body, decision.status, decision.headers);
    await next();
    for (const [name, value] of Object.entries(decision.headers)) c.header(name, value);
    return undefined;
  };
}
