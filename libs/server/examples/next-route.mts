// app/api/chat/route.ts in a Next.js App Router project.
import { withSessionPaywall } from '@quietpay/server/next';

// Verified before the handler, settled after it and only when it answered below 400.
export const POST = withSessionPaywall(async (req: Request) => Response.json({ reply: `you said ${await req.text()}` }), {
  facilitatorUrl: process.env.FACILITATOR_URL ?? '',
  price: '0.01',
  payTo: process.env.MERCHANT ?? '',
});
