import { nanos, type StreamConfig } from 'nats';

/**
 * How much a JetStream stream keeps. Events carry session and settlement facts (ids, amounts,
 * signatures), so nothing is kept forever: the oldest messages go once any limit is reached.
 */
export interface StreamLimits {
  readonly maxAgeSeconds: number;
  readonly maxBytes: number;
  readonly maxMessages: number;
}

/** 7 days, 256 MiB, 1,000,000 messages per stream (JETSTREAM_MAX_AGE_SECONDS, _MAX_BYTES, _MAX_MSGS). */
export const DEFAULT_STREAM_LIMITS: StreamLimits = { maxAgeSeconds: 7 * 24 * 3600, maxBytes: 256 * 1024 * 1024, maxMessages: 1_000_000 };

/** The stream-config fields for `limits` (max_age is in nanoseconds). */
export function streamLimitFields(limits: StreamLimits): Pick<StreamConfig, 'max_age' | 'max_bytes' | 'max_msgs'> {
  return { max_age: nanos(limits.maxAgeSeconds * 1000), max_bytes: limits.maxBytes, max_msgs: limits.maxMessages };
}

/** Whether a stream's config already has exactly these limits. */
export function hasStreamLimits(config: Partial<StreamConfig>, limits: StreamLimits): boolean {
  const want = streamLimitFields(limits);
  return config.max_age === want.max_age && config.max_bytes === want.max_bytes && config.max_msgs === want.max_msgs;
}

/** The limits a service's config asks for. */
export function streamLimitsOf(config: {
  readonly JETSTREAM_MAX_AGE_SECONDS: number;
  readonly JETSTREAM_MAX_BYTES: number;
  readonly JETSTREAM_MAX_MSGS: number;
}): StreamLimits {
  return { maxAgeSeconds: config.JETSTREAM_MAX_AGE_SECONDS, maxBytes: config.JETSTREAM_MAX_BYTES, maxMessages: config.JETSTREAM_MAX_MSGS };
}
