import type { PaymentPayload } from '@quietpay/x402';
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import { type SettleAnswer, settleAt } from './facilitator-http';
import type { RpcFaultProxy, SendFault } from './rpc-fault-proxy';
import { eventually } from './service.process';
import type { SessionPayer } from './session-payer';
import type { SessionStack } from './session-stack';

/** What a coalesced test drives: a proxied stack (the submitter's RPC behind `proxy`) and its Redis. */
export interface WaveContext {
  readonly stack: SessionStack;
  readonly proxy: RpcFaultProxy;
  readonly redis: Redis;
}

/**
 * One charge whose transfer is sent while the submitter's status reads are held (so its flush still
 * holds the source), then `later` charges, released once all of them wait in the submitter's
 * pending list: the next batch is exactly those, decided by the mechanism, not by timing. The
 * answers are promises, in send order; `plan`: the proxy's faults, one per transfer.
 */
export async function sendFirstThenWave(
  { stack, proxy, redis }: WaveContext,
  payer: SessionPayer,
  later: number,
  plan: readonly SendFault[] = [],
): Promise<{ first: Promise<SettleAnswer>; wave: Promise<SettleAnswer>[]; payloads: PaymentPayload[] }> {
  proxy.reset(plan);
  const release = proxy.holdStatuses('submitter');
  try {
    const payloads = Array.from({ length: later + 1 }, () => payer.payload());
    const settle = (payload: PaymentPayload): Promise<SettleAnswer> => settleAt(stack.gatewayUrl, payload, payer.requirements);
    const first = settle(payloads[0]!);
    await eventually(async () => (proxy.sent.length === 1 ? true : undefined), 'the first charge transfer to be sent');
    // Named from the stack's submitter key prefix: a one-page SCAN of the shared Redis missed it
    // once the database held more keys than the page (other runs' keys).
    const pendingKey = `${stack.submitterKeyPrefix}:batch:pending:{${payer.sessionId}}`;
    const wave = payloads.slice(1).map(settle);
    await eventually(async () => ((await redis.llen(pendingKey)) === later ? true : undefined), `the ${later} later charges to wait in the submitter`, 600);
    // While the source's transfer is in flight nothing else is sent for it.
    expect(proxy.sent.length).toBe(1);
    return { first, wave, payloads };
  } finally {
    release();
  }
}
