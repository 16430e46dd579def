// Every subpath through `require`: the CJS bundles load and export the adapters.
const onExpress = require('@quietpay/server/express');
const onHono = require('@quietpay/server/hono');
const onNext = require('@quietpay/server/next');
const root = require('@quietpay/server');

console.log(
  JSON.stringify({
    loaded: ['express', 'hono', 'next'].map((entry) => require.resolve(`@quietpay/server/${entry}`)),
    exports: {
      express: ['sessionPaywallExpress', 'px402Express', 'paymentMiddleware'].every((f) => typeof onExpress[f] === 'function'),
      hono: ['px402Hono', 'sessionPaywall'].every((f) => typeof onHono[f] === 'function'),
      next: ['withSessionPaywall', 'withPx402'].every((f) => typeof onNext[f] === 'function'),
    },
    sharedErrors: [onExpress, onHono, onNext].every((m) => m.QuietpayError === root.QuietpayError),
  }),
);
