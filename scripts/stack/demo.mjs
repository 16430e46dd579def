// The demo's paying part. Until the schemes land it reports each service's readiness as the
// gateway aggregates it; issue 4/5 replace this with the demo agent paying the example APIs.
export async function runDemo({ health, say }) {
  say('quietpay demo: every service, as the gateway sees it over NATS');
  const services = health.services ?? {};
  for (const [name, state] of Object.entries(services)) {
    say(`  ${state.ready ? '✓' : '✗'} ${name.padEnd(16)} ${state.ready ? 'ready' : 'NOT ready'}`);
  }
  return Object.values(services).every((s) => s.ready) ? 0 : 1;
}
