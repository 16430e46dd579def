// An Express app that imports only @quietpay/server/express (type-checked, skipLibCheck off).
import express from 'express';
import { FacilitatorUnavailableError, paymentMiddleware, px402Express, QuietpayError, sessionPaywallExpress, type PaidRoutes } from '@quietpay/server/express';

const app = express();
app.post('/chat', sessionPaywallExpress({ facilitatorUrl: 'http://127.0.0.1:1', price: '0.01', payTo: 'merchant', settle: 'after-handler' }));
const routes: PaidRoutes = { 'POST /api/*': { scheme: 'session', price: '$0.01' } };
app.use(paymentMiddleware(routes, { session: { facilitatorUrl: 'http://127.0.0.1:1', payTo: 'merchant' } }));
export const px402 = px402Express;
export const outage = (e: unknown): boolean => e instanceof FacilitatorUnavailableError && e instanceof QuietpayError;
// @ts-expect-error settle is 'after-handler' | 'before-handler'
sessionPaywallExpress({ facilitatorUrl: 'http://127.0.0.1:1', price: '0.01', payTo: 'merchant', settle: 'later' });
