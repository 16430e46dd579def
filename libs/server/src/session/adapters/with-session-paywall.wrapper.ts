import { X402_V2_HEADERS } from '@quietpay/x402';
import { type PaywallReply, sessionPaywall, type SessionPaywallOptions } from '../paywall/session-paywall.usecase';

const toResponse = (reply: PaywallReply): Response =>
  new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json', ...reply.headers } });

/**
 * Wraps a Next.js App Router handler (Web `Request` → `Response`) with the session scheme. The
 * payment is verified before the handler and settled after it, only when the handler answered
 * below 400, so a failing handler never charges. A failed settlement turns the answer into a 402.
 *
 * @example
 * // app/api/chat/route.ts
 * export const POST = withSessionPaywall(async (req) => Response.json({ reply: 'hi' }),
 *   { facilitatorUrl: process.env.FACILITATOR_URL!, price: '0.5', payTo: MERCHANT });
 */
export function withSessionPaywall<C = unknown>(
  handler: (req: Request, ctx: C) => Response | Promise<Response>,
  options: SessionPaywallOptions,
): (req: Request, ctx: C) => Promise<Response> {
  const paywall = sessionPaywall(options);
  return async (req, ctx) => {
    const decision = await paywall.decide(req.url, req.headers.get(X402_V2_HEADERS.paymentSignature));
    if (decision.kind === 'reply') return toResponse(decision.reply);
    const response = await handler(req, ctx);
    if (response.status >= 400) return response;
    const settled = await decision.settle();
    if (!settled.ok) return toResponse(settled.reply);
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(settled.headers)) headers.set(name, value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}
