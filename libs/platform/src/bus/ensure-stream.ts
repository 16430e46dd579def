import { EventContract } from '@quietpay/contracts';
import { JetStreamManager, NatsError } from 'nats';
import { DEFAULT_STREAM_LIMITS, hasStreamLimits, streamLimitFields, type StreamLimits } from './stream-limits';

const STREAM_NOT_FOUND = 10059;

/**
 * Makes sure the contract's stream exists, captures its subject and keeps no more than `limits`.
 * Several contracts may share a stream; each call adds its subject when missing. A stream made
 * before limits existed (or with other limits) is updated to these. Idempotent, so every publisher
 * and consumer calls it at start-up instead of relying on deployment order.
 */
export async function ensureStream(jsm: JetStreamManager, contract: EventContract<unknown>, limits: StreamLimits = DEFAULT_STREAM_LIMITS): Promise<void> {
  try {
    const info = await jsm.streams.info(contract.stream);
    const subjects = info.config.subjects ?? [];
    const missing = !subjects.includes(contract.subject);
    if (missing || !hasStreamLimits(info.config, limits)) {
      await jsm.streams.update(contract.stream, {
        ...info.config,
        subjects: missing ? [...subjects, contract.subject] : subjects,
        ...streamLimitFields(limits),
      });
    }
  } catch (error) {
    if (!(error instanceof NatsError) || error.api_error?.err_code !== STREAM_NOT_FOUND) throw error;
    await jsm.streams.add({ name: contract.stream, subjects: [contract.subject], ...streamLimitFields(limits) });
  }
}

/**
 * Brings an existing stream to `limits` without creating it or touching its subjects; answers
 * whether it changed it. For start-up: a stream written by an older version (no limits) is bounded
 * even before this process publishes to it.
 */
export async function limitExistingStream(jsm: JetStreamManager, stream: string, limits: StreamLimits): Promise<boolean> {
  try {
    const info = await jsm.streams.info(stream);
    if (hasStreamLimits(info.config, limits)) return false;
    await jsm.streams.update(stream, { ...info.config, ...streamLimitFields(limits) });
    return true;
  } catch (error) {
    if (error instanceof NatsError && error.api_error?.err_code === STREAM_NOT_FOUND) return false;
    throw error;
  }
}
