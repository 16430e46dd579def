import { describe } from 'vitest';
import { chaosSuite } from './support/chaos-suite';

// Chaos tier, batched settlement: the same faults and the same reconciliation as per-call.test.ts,
// with the submitter flushing each session's charges once a second. CHAOS_SEED replays a run.
describe('chaos: batched settlement', () => {
  chaosSuite('batched');
});
