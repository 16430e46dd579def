import { describe, expect, it } from 'vitest';
import { DEFAULT_STREAM_LIMITS, hasStreamLimits, streamLimitFields, streamLimitsOf } from './stream-limits';

describe('stream limits', () => {
  it('defaults to 7 days, 256 MiB and a million messages, max_age in nanoseconds', () => {
    expect(streamLimitFields(DEFAULT_STREAM_LIMITS)).toEqual({ max_age: 604_800_000_000_000, max_bytes: 268_435_456, max_msgs: 1_000_000 });
  });

  it('reads the limits from a service config', () => {
    expect(streamLimitsOf({ JETSTREAM_MAX_AGE_SECONDS: 60, JETSTREAM_MAX_BYTES: 1024, JETSTREAM_MAX_MSGS: 10 })).toEqual({
      maxAgeSeconds: 60,
      maxBytes: 1024,
      maxMessages: 10,
    });
  });

  it('tells a stream that has them from one without limits or with others', () => {
    const limits = { maxAgeSeconds: 60, maxBytes: 1024, maxMessages: 10 };
    expect(hasStreamLimits(streamLimitFields(limits), limits)).toBe(true);
    expect(hasStreamLimits({ max_age: 0, max_bytes: -1, max_msgs: -1 }, limits)).toBe(false);
    expect(hasStreamLimits({ ...streamLimitFields(limits), max_msgs: 11 }, limits)).toBe(false);
  });
});
