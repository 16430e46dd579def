import { QuietpayError } from '@quietpay/platform';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LandedSignature } from '../chain/solana-chain.adapter';
import type { SettlementChain } from '../ports/settlement-chain.port';
import type { SignatureWakeups, SignatureWatch } from '../ports/signature-wakeups.port';
import type { SentAttempt } from '../settlement/settlement.store';
import { REBROADCAST_MS, TransactionConfirmer, type ConfirmOptions } from './transaction-confirmer';

// The confirmer's wake/poll decisions with a fake chain, fake notifications and a virtual clock:
// a sleep either ends early because the fake chain notified, or advances the clock by its interval.

const SENT: SentAttempt = { signature: 'sig1', signedTxBase64: 'AA==', lastValidBlockHeight: 100, mayBeInFlight: true };
const TIMING = { pollMs: 300, notifiedPollMs: 2_000 };
const CONFIRMED: LandedSignature = { confirmationStatus: 'confirmed', slot: 7 };

interface World {
  t: number;
  height: number;
  state: LandedSignature | undefined;
  /** What happened, in order: reads, sends, sleeps and watch calls. */
  log: string[];
  live: boolean;
  /** Set by the test: the notification for the watched signature has come. */
  notified: boolean;
  /** Runs before each sleep ends, as the chain moving on while the confirmer waits. */
  onSleep: (w: World) => void;
}

let w: World;

const chain: SettlementChain = {
  blockHeight: async () => (w.log.push('height'), w.height),
  status: async () => (w.log.push('status'), w.state),
  send: async () => (w.log.push(`send@${w.t}`), SENT.signature),
};

const wakeups: SignatureWakeups = {
  watch: (signature): SignatureWatch => {
    w.log.push(`watch ${signature}`);
    return {
      get live() {
        return w.live;
      },
      sleep: async (ms) => {
        w.onSleep(w);
        if (w.notified) {
          w.notified = false;
          w.log.push(`woken after ${ms}`);
          return;
        }
        w.log.push(`slept ${ms}`);
        w.t += ms;
      },
      close: () => void w.log.push('close'),
    };
  },
};

const confirmer = (): TransactionConfirmer => new TransactionConfirmer(chain, TIMING, wakeups, () => w.t);
const options = (over: Partial<ConfirmOptions> = {}): ConfirmOptions => ({
  justSent: true,
  knownExpired: false,
  keepAlive: async () => undefined,
  beforeResend: async () => undefined,
  maxWaitMs: 90_000,
  ...over,
});

beforeEach(() => {
  w = { t: 0, height: 10, state: undefined, log: [], live: true, notified: false, onSleep: () => undefined };
});

describe('TransactionConfirmer', () => {
  it('watches the signature before the first status read, and closes the watch when it has a verdict', async () => {
    w.state = CONFIRMED;
    await expect(confirmer().drive(SENT, options())).resolves.toEqual({ kind: 'settled', signature: 'sig1', slot: 7 });
    expect(w.log).toEqual(['watch sig1', 'height', 'status', 'close']);
  });

  it('wakes on the notification and settles on the status read it triggers, without waiting out the interval', async () => {
    w.state = { confirmationStatus: 'processed' };
    w.onSleep = (world) => {
      world.state = CONFIRMED;
      world.notified = true;
    };
    await expect(confirmer().drive(SENT, options())).resolves.toMatchObject({ kind: 'settled' });
    expect(w.log).toEqual(['watch sig1', 'height', 'status', 'woken after 2000', 'height', 'status', 'close']);
    expect(w.t).toBe(0);
  });

  it('settles by polling alone when the notification never comes (the poll is the source of truth)', async () => {
    let sleeps = 0;
    w.state = { confirmationStatus: 'processed' };
    w.onSleep = (world) => {
      if (++sleeps === 2) world.state = CONFIRMED;
    };
    await expect(confirmer().drive(SENT, options())).resolves.toMatchObject({ kind: 'settled' });
    expect(w.log.filter((l) => l.startsWith('slept'))).toEqual(['slept 2000', 'slept 2000']);
  });

  it('polls at the short interval while no notification can come (subscription not live)', async () => {
    let sleeps = 0;
    w.live = false;
    w.state = { confirmationStatus: 'processed' };
    w.onSleep = (world) => {
      if (++sleeps === 3) world.state = CONFIRMED;
    };
    await expect(confirmer().drive(SENT, options())).resolves.toMatchObject({ kind: 'settled' });
    expect(w.log.filter((l) => l.startsWith('slept'))).toEqual(['slept 300', 'slept 300', 'slept 300']);
  });

  it('does not take a notification as a verdict: a status still unconfirmed keeps it waiting, one notification ends one sleep', async () => {
    let sleeps = 0;
    w.state = { confirmationStatus: 'processed' };
    w.onSleep = (world) => {
      sleeps += 1;
      if (sleeps === 1) world.notified = true;
      if (sleeps === 3) world.state = CONFIRMED;
    };
    await expect(confirmer().drive(SENT, options())).resolves.toMatchObject({ kind: 'settled' });
    expect(w.log.filter((l) => l.startsWith('slept') || l.startsWith('woken'))).toEqual(['woken after 2000', 'slept 2000', 'slept 2000']);
  });

  it("until 'processed' ends the wait once the node applied the transaction without error, before it is confirmed", async () => {
    w.state = { confirmationStatus: 'processed', slot: 4 };
    await expect(confirmer().drive(SENT, options({ until: 'processed' }))).resolves.toEqual({ kind: 'processed', signature: 'sig1', slot: 4 });
    expect(w.log).toEqual(['watch sig1', 'height', 'status', 'close']);
  });

  it("until 'processed' still waits for the chain's verdict on a transaction that failed at processed, and re-sends one not seen", async () => {
    let sleeps = 0;
    w.state = undefined;
    w.onSleep = (world) => {
      sleeps += 1;
      if (sleeps === 1) world.state = { confirmationStatus: 'processed', err: { InstructionError: [0, { Custom: 1 }] } };
    };
    await expect(confirmer().drive(SENT, options({ until: 'processed', justSent: false }))).resolves.toMatchObject({ kind: 'failed_on_chain' });
    expect(w.log.filter((l) => l.startsWith('send'))).toEqual(['send@0']);
  });

  it('reports a failed transaction from the status read, not from the notification', async () => {
    w.state = { confirmationStatus: 'confirmed', err: { InstructionError: [0, { Custom: 1 }] } };
    await expect(confirmer().drive(SENT, options())).resolves.toEqual({
      kind: 'failed_on_chain',
      signature: 'sig1',
      detail: '{"InstructionError":[0,{"Custom":1}]}',
    });
  });

  it('reads the block height before the status: a transaction landing between the two reads is settled, never rebuilt', async () => {
    // The chain moves on during the height read: the transfer lands, then the height passes its
    // lastValidBlockHeight. A status read first would have seen nothing, then an expired height.
    const racing: SettlementChain = {
      ...chain,
      blockHeight: async () => {
        w.state = CONFIRMED;
        return SENT.lastValidBlockHeight + 1;
      },
    };
    const outcome = await new TransactionConfirmer(racing, TIMING, wakeups, () => w.t).drive(SENT, options({ justSent: false }));
    expect(outcome).toMatchObject({ kind: 'settled' });
  });

  it('calls the bytes expired only when the height read before an empty status is past their last valid height', async () => {
    w.height = SENT.lastValidBlockHeight + 1;
    await expect(confirmer().drive(SENT, options())).resolves.toEqual({ kind: 'expired', signature: 'sig1' });
    expect(w.log).not.toContain('send@0');
  });

  it('re-broadcasts bytes that have not landed every REBROADCAST_MS of clock time, however often it was woken', async () => {
    let sleeps = 0;
    w.live = false;
    w.onSleep = (world) => {
      sleeps += 1;
      // A stray wake-up (e.g. after a reconnect) must not cause an extra send.
      if (sleeps === 2) world.notified = true;
      if (world.t >= 2 * REBROADCAST_MS) world.state = CONFIRMED;
    };
    await expect(confirmer().drive(SENT, options())).resolves.toMatchObject({ kind: 'settled' });
    const sends = w.log.filter((l) => l.startsWith('send@'));
    expect(sends).toEqual(['send@2100', 'send@4200']);
  });

  it('sends at once on the first look when the bytes were not just sent', async () => {
    w.onSleep = (world) => void (world.state = CONFIRMED);
    await confirmer().drive(SENT, options({ justSent: false }));
    expect(w.log.slice(0, 4)).toEqual(['watch sig1', 'height', 'status', 'send@0']);
  });

  it('gives up retryably once maxWaitMs has passed without a verdict, and closes the watch', async () => {
    w.state = { confirmationStatus: 'processed' };
    const error = await confirmer()
      .drive(SENT, options({ maxWaitMs: 5_000 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuietpayError);
    expect(error).toMatchObject({ code: 'settlement_pending', retryable: true });
    expect(w.t).toBe(6_000);
    expect(w.log.at(-1)).toBe('close');
  });
});
