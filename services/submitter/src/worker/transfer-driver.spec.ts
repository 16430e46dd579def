import { QuietpayError } from '@quietpay/platform';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { SendRefusedError } from '../chain/solana-chain.adapter';
import type { SettlementChain } from '../ports/settlement-chain.port';
import type { SentAttempt } from '../settlement/settlement.store';
import type { ConfirmOptions, ProcessedOutcome, SentOutcome } from './transaction-confirmer';
import { type BuiltAttempt, TransferDriver, type TransferJournal } from './transfer-driver';

// Every way TransferDriver.land can go: settle, rebuild after an expiry or a moved balance handle
// (Lightning's 0x7d6), fail on chain, resume a sent attempt, adopt another attempt's bytes, and the
// bounds on rebuilding. The chain and the confirmer are fakes that answer from a script.

const STALE = '{"InstructionError":[0,{"Custom":2006}]}';
const attempt = (n: number, extra: Partial<BuiltAttempt> = {}): BuiltAttempt => ({
  signature: `sig${n}`,
  signedTxBase64: Buffer.from(`tx${n}`).toString('base64'),
  lastValidBlockHeight: 100 + n,
  mayBeInFlight: true,
  ...extra,
});

interface Script {
  /** What the confirmer answers, per drive, in order. */
  outcomes: ((sent: SentAttempt) => SentOutcome | ProcessedOutcome)[];
  /** What each send does, in order (undefined: accepted). */
  sends: (Error | undefined)[];
  /** What chain.status answers (finalVerdict). */
  status?: { confirmationStatus: 'confirmed' } | undefined;
}

let script: Script;
let log: string[];
let drives: { signature: string; options: ConfirmOptions }[];
let builds: (string | undefined)[];

const settled = (sent: SentAttempt): SentOutcome => ({ kind: 'settled', signature: sent.signature, slot: 7 });
const expired = (sent: SentAttempt): SentOutcome => ({ kind: 'expired', signature: sent.signature });
const failed =
  (detail: string) =>
  (sent: SentAttempt): SentOutcome => ({ kind: 'failed_on_chain', signature: sent.signature, detail });

function driver(maxRebuilds = 2): TransferDriver {
  const chain: SettlementChain = {
    send: async (wire) => {
      log.push(`send:${Buffer.from(wire).toString()}`);
      const next = script.sends.shift();
      if (next) throw next;
      return 'sent';
    },
    status: async () => script.status,
    blockHeight: async () => 0,
  };
  const confirmer = {
    drive: async (sent: SentAttempt, options: ConfirmOptions): Promise<SentOutcome | ProcessedOutcome> => {
      drives.push({ signature: sent.signature, options });
      const next = script.outcomes.shift();
      if (!next) throw new Error(`unscripted drive of ${sent.signature}`);
      return next(sent);
    },
  };
  return new TransferDriver(chain, confirmer, { maxRebuilds, confirmWindowMs: 5_000 }, pino({ level: 'silent' }));
}

const journal: TransferJournal = {
  markSending: async (sent) => void log.push(`journal:sending:${sent.signature}`),
  markRefused: async () => void log.push('journal:refused'),
  markInFlight: async () => void log.push('journal:in-flight'),
};

/** Builds attempt 1, 2, … and records which dead attempt each build was told about. */
function builder(extra: Partial<BuiltAttempt> = {}): (dead: SentAttempt | undefined) => Promise<BuiltAttempt> {
  return async (dead) => {
    builds.push(dead?.signature);
    return attempt(builds.length, extra);
  };
}

const land = (previous?: SentAttempt, maxRebuilds?: number, build = builder()) =>
  driver(maxRebuilds).land('s1', previous, build, journal, async () => undefined);

beforeEach(() => {
  script = { outcomes: [], sends: [] };
  log = [];
  drives = [];
  builds = [];
});

describe('TransferDriver.land', () => {
  it('builds, records before sending, sends, and settles on the confirmed signature', async () => {
    script.outcomes = [settled];
    await expect(land()).resolves.toEqual({ signature: 'sig1', slot: 7, confirmed: true });
    expect(builds).toEqual([undefined]);
    expect(log).toEqual(['journal:sending:sig1', 'send:tx1']);
    expect(drives[0]?.options).toMatchObject({ justSent: true, knownExpired: false });
  });

  it('resumes a sent attempt from the chain first: landed means no build and no send', async () => {
    script.outcomes = [settled];
    await expect(land(attempt(9))).resolves.toMatchObject({ signature: 'sig9' });
    expect(builds).toEqual([]);
    expect(log).toEqual([]);
    expect(drives[0]?.options.justSent).toBe(false);
  });

  it('rebuilds only after the chain says the bytes expired unlanded, naming the dead attempt', async () => {
    script.outcomes = [expired, settled];
    await expect(land(attempt(9))).resolves.toMatchObject({ signature: 'sig1' });
    expect(builds).toEqual(['sig9']);
  });

  it('fails for good on an on-chain failure that is not a moved handle: no rebuild, terminal', async () => {
    script.outcomes = [failed('{"InstructionError":[0,{"Custom":6004}]}')];
    const error = await land().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'transaction_failed', retryable: false, context: { signature: 'sig1' } });
    expect(builds).toHaveLength(1);
  });

  it('rebuilds against the current handles after a landed 0x7d6 (the transfer reverted whole)', async () => {
    script.outcomes = [failed(STALE), settled];
    await expect(land()).resolves.toMatchObject({ signature: 'sig2' });
    expect(builds).toEqual([undefined, 'sig1']);
  });

  it('gives up on handles that keep moving with a retryable error, never a terminal one', async () => {
    script.outcomes = [failed(STALE), failed(STALE), failed(STALE), failed(STALE)];
    const error = await land(undefined, 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuietpayError);
    expect(error).toMatchObject({ code: 'balance_handles_moved', retryable: true });
    expect(builds).toHaveLength(3);
  });

  it('gives up on blockhashes that keep expiring with a retryable blockhash_expired', async () => {
    script.outcomes = [expired, expired, expired, expired];
    await expect(land(undefined, 2)).rejects.toMatchObject({ code: 'blockhash_expired', retryable: true });
    expect(builds).toHaveLength(3);
  });

  it('rebuilds without waiting when preflight refuses the send because a handle moved', async () => {
    script.sends = [new SendRefusedError(`custom program error: 0x7d6`, { cause: undefined })];
    script.outcomes = [settled];
    await expect(land()).resolves.toMatchObject({ signature: 'sig2' });
    expect(log).toEqual(['journal:sending:sig1', 'send:tx1', 'journal:refused', 'journal:sending:sig2', 'send:tx2']);
    expect(builds).toEqual([undefined, 'sig1']);
    expect(drives.map((d) => d.signature)).toEqual(['sig2']);
  });

  it('stops rebuilding after preflight refusals within the same bound', async () => {
    script.sends = [0, 1, 2].map(() => new SendRefusedError('custom program error: 0x7d6', { cause: undefined }));
    await expect(land(undefined, 2)).rejects.toMatchObject({ code: 'balance_handles_moved', retryable: true });
    expect(builds).toHaveLength(3);
  });

  it('lets the chain decide after preflight says the blockhash is gone (the bytes may still be in flight)', async () => {
    script.sends = [new SendRefusedError('Transaction simulation failed: Blockhash not found', { cause: undefined })];
    script.outcomes = [settled];
    await expect(land()).resolves.toMatchObject({ signature: 'sig1' });
    expect(drives[0]?.options).toMatchObject({ knownExpired: true });
  });

  it('propagates any other send refusal for the job to classify', async () => {
    const refusal = new SendRefusedError('Transaction simulation failed: custom program error: 0x1771', { cause: undefined });
    script.sends = [refusal];
    await expect(land()).rejects.toBe(refusal);
    expect(log).toContain('journal:refused');
  });

  it("drives another attempt's bound bytes without sending new ones (adopted batch transaction)", async () => {
    script.outcomes = [settled];
    await expect(land(undefined, 2, builder({ adopted: true }))).resolves.toMatchObject({ signature: 'sig1' });
    expect(log).toEqual(['journal:sending:sig1']);
    expect(drives[0]?.options.justSent).toBe(false);
  });
});

describe("TransferDriver.land until 'processed'", () => {
  const landProcessed = (previous?: SentAttempt) => driver().land('s1', previous, builder(), journal, async () => undefined, 'processed');
  const processed = (sent: SentAttempt): ProcessedOutcome => ({ kind: 'processed', signature: sent.signature, slot: 3 });

  it('returns unconfirmed once the node applied the transfer, asking the confirmer for exactly that', async () => {
    script.outcomes = [processed];
    await expect(landProcessed()).resolves.toEqual({ signature: 'sig1', slot: 3, confirmed: false });
    expect(drives.map((d) => d.options.until)).toEqual(['processed']);
  });

  it('returns confirmed for a resumed transfer the chain already confirmed, and rebuilds only after expiry as before', async () => {
    script.outcomes = [settled];
    await expect(landProcessed(attempt(9))).resolves.toEqual({ signature: 'sig9', slot: 7, confirmed: true });
    script.outcomes = [expired, processed];
    await expect(landProcessed(attempt(9))).resolves.toEqual({ signature: 'sig1', slot: 3, confirmed: false });
    expect(builds).toEqual(['sig9']);
  });
});

describe('TransferDriver.finalVerdict', () => {
  const verdict = (sent: SentAttempt) => driver().finalVerdict(sent, journal, async () => undefined);

  it('answers cannot_land at once for bytes the node refused and the chain never saw', async () => {
    script.status = undefined;
    await expect(verdict(attempt(1, { mayBeInFlight: false }))).resolves.toEqual({ kind: 'cannot_land' });
    expect(drives).toEqual([]);
  });

  it('asks the chain, without throwing on a refused re-send, for bytes that may be in flight', async () => {
    script.outcomes = [expired];
    await expect(verdict(attempt(1))).resolves.toEqual({ kind: 'expired', signature: 'sig1' });
    expect(drives[0]?.options).toMatchObject({ justSent: false, refusalThrows: false });
  });

  it('drives refused bytes the chain did see (an earlier send landed them)', async () => {
    script.status = { confirmationStatus: 'confirmed' };
    script.outcomes = [settled];
    await expect(verdict(attempt(1, { mayBeInFlight: false }))).resolves.toMatchObject({ kind: 'settled' });
  });
});
