import { decide } from '../../decide/decide.usecase';
import { prepareOptions, toPx402Request } from '../px402-request.builder';
import { Px402Options } from '../px402-options.types';

export interface WithPx402Options extends Px402Options {
  /**
   * The peer address of the connection. App Router route handlers do not expose the socket, so
   * by default it is unknown and every client shares one rate-limit bucket; supply it from what
   * your platform guarantees (e.g. the address of the edge proxy in front of the app, listed in
   * `trustedProxies`, so the rightmost untrusted X-Forwarded-For hop becomes the client).
   */
  readonly remoteAddress?: (req: Request) => string | undefined;
}

/**
 * Wraps a Next.js App Router route handler (`(req: Request, ctx) => Response`) with px402.
 * Unpaid, pending, invalid or replayed requests are answered without calling the handler; a
 * paid request gets the handler's response plus `X-Payment-Signature`.
 *
 * @example
 * // app/api/weather/route.ts
 * export const GET = withPx402(async () => Response.json({ temperature: 21 }), {
 *   price: { amount: 10_000n, destination: WALLET },
 *   secrets: { current: secret },
 *   lookup: facilitatorPaymentLookup(FACILITATOR_URL),
 *   replay: new RedisReplayStore(redis),
 * });
 */
export function withPx402<C = unknown>(
  handler: (req: Request, ctx: C) => Response | Promise<Response>,
  options: WithPx402Options,
): (req: Request, ctx: C) => Promise<Response> {
  const { remoteAddress = () => undefined, ...rest } = options;
  const { deps, trusted } = prepareOptions(rest);
  return async (req, ctx) => {
    const request = toPx402Request(
      {
        method: req.method,
        path: new URL(req.url).pathname,
        header: (name) => req.headers.get(name),
        remoteAddress: remoteAddress(req),
      },
      trusted,
    );
    const decision = await decide(request, deps);
    if (decision.kind === 'answer') {
      return Response.json(decision.body, { status: decision.status, headers: decision.headers });
    }
    const served = await handler(req, ctx);
    // A handler's Response may have immutable headers (e.g. one passed through from fetch).
    const answer = new Response(served.body, served);
    for (const [name, value] of Object.entries(decision.headers)) answer.headers.set(name, value);
    return answer;
  };
}
