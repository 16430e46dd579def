import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProjects, REPO_ROOT } from '../support/build-projects';

// Issue 15: a chain observer with only a public RPC tries to tie each private payment's sender to
// its recipient by amount and time (libs/chain-observer's linker). N agents pay M recipients at
// once with mixed prices through a px402 server and the SDK (bench/privacy's scenario, in a child
// process). Without delays or denominations the linker ties most payments (so the check can fail);
// with the SDK's defaults it ties at most 2 of N.

interface Round {
  readonly payments: number;
  readonly served: number;
  readonly errors: readonly string[];
  readonly sends: number;
  readonly receipts: number;
  readonly transactionsNamingBoth: number;
  /** Sends that name their sender and settlements that name their recipient (wallet or token account). */
  readonly transactionsNamingOwnParty: number;
  readonly transactionsInspected: number;
  readonly linked: number;
  readonly wrongLinks: number;
  readonly anonymitySets: readonly number[];
}

// Eight distinct prices: alone, each amount names its payment; as 1-2-5 parts, every part is shared.
const PRICES = [10_000, 20_000, 30_000, 50_000, 60_000, 70_000, 120_000, 150_000];
const AGENTS = 8;
let baseline: Round;
let defaults: Round;

beforeAll(async () => {
  buildProjects(['infra/localnet', 'services/chain-poller', 'services/gateway', 'libs/sdk', 'libs/server', 'libs/chain-observer']);
  const plan = {
    agents: AGENTS,
    recipients: 3,
    rounds: [{ prices: PRICES, transfer: { minDelayMs: 0, maxDelayMs: 0, denominations: 'off' } }, { prices: PRICES }],
  };
  const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'bench/privacy/rounds.mjs'), JSON.stringify(plan)], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = stdout.split('\n').find((l) => l.startsWith('rounds '));
  if (line === undefined) throw new Error(`no rounds line in:\n${stdout}`);
  [baseline, defaults] = JSON.parse(line.slice('rounds '.length)) as [Round, Round];
}, 300_000);

describe('an amount-and-time linker watching private payments', () => {
  it('ties most payments when they carry distinct amounts and no delay', () => {
    expect(baseline.errors).toEqual([]);
    expect(baseline.served).toBe(AGENTS);
    expect(baseline.linked).toBeGreaterThan(2);
    expect(baseline.wrongLinks).toBe(0);
  });

  it('ties at most 2 of N with the SDK defaults (standard denominations and random delays), every call served', () => {
    expect(defaults.errors).toEqual([]);
    expect(defaults.served).toBe(AGENTS);
    expect(defaults.sends).toBe(AGENTS + 5); // 30_000, 60_000, 70_000, 120_000 and 150_000 go as two parts
    expect(defaults.linked).toBeLessThanOrEqual(2);
    expect(defaults.wrongLinks).toBe(0);
  });

  it("finds no transaction that names a payment's sender and its recipient together, in either round", () => {
    for (const round of [baseline, defaults]) {
      expect(round.transactionsInspected).toBe(round.sends + round.receipts);
      // The check sees each party where it is (so 0 below is not a blind check): every send names
      // its sender, every settlement its recipient, by wallet or token account.
      expect(round.transactionsNamingOwnParty).toBe(round.transactionsInspected);
      expect(round.transactionsNamingBoth).toBe(0);
    }
  });
});
