import { describe } from 'vitest';
import { chaosSuite } from './support/chaos-suite';

// Chaos tier, per-call settlement: SIGKILL of gateway, session-ledger, submitter, tx-builder and
// signer, the ledger stopped for 30 s, NATS and Redis restarted, all under paid load; afterwards
// the clients' answers, the ledger, the submitter and the chain must agree. CHAOS_SEED replays a run.
describe('chaos: per-call settlement', () => {
  chaosSuite('per-call');
});
