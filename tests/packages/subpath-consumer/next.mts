// A Next.js App Router route that imports only @quietpay/server/next (no framework types at all).
import { withPx402, withSessionPaywall } from '@quietpay/server/next';

export const POST = withSessionPaywall(async (req: Request) => Response.json({ echo: await req.text() }), {
  facilitatorUrl: 'http://127.0.0.1:1',
  price: '0.01',
  payTo: 'merchant',
});
export const wrap = withPx402;
// @ts-expect-error price is required
withSessionPaywall(async () => new Response(), { facilitatorUrl: 'http://127.0.0.1:1', payTo: 'merchant' });
