// The same subpaths resolved through `require` (exports' "require" types: dist/<entry>.d.cts).
import onExpress = require('@quietpay/server/express');
import onHono = require('@quietpay/server/hono');
import onNext = require('@quietpay/server/next');

export const paywall = onExpress.sessionPaywallExpress({ facilitatorUrl: 'http://127.0.0.1:1', price: '0.01', payTo: 'merchant' });
export const framework = onHono.sessionPaywall({ facilitatorUrl: 'http://127.0.0.1:1', price: '0.01', payTo: 'merchant' });
export const route = onNext.withSessionPaywall(async () => new Response('ok'), { facilitatorUrl: 'http://127.0.0.1:1', price: '0.01', payTo: 'merchant' });
