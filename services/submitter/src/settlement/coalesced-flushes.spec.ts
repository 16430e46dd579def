import { beforeEach, describe, expect, it } from 'vitest';
import { CoalescedFlushes, type ScheduleMarkStore } from './coalesced-flushes';

// At most one waiting flush per session, and never a charge without a flush that will see it:
// the schedule mark's branches with a map for Redis (SET NX PX, DEL) and a recording queue.

let marks: Map<string, string>;
let flushes: { sessionId: string; jobKey: string }[];

const store: ScheduleMarkStore = {
  set: async (key, value) => {
    if (marks.has(key)) return null;
    marks.set(key, value);
    return 'OK';
  },
  del: async (key) => (marks.delete(key) ? 1 : 0),
};

const coalesced = (): CoalescedFlushes =>
  new CoalescedFlushes(store, 'qp', { ensureFlush: async (sessionId: string, _delayMs: number, jobKey: string) => void flushes.push({ sessionId, jobKey }) });

beforeEach(() => {
  marks = new Map();
  flushes = [];
});

describe('CoalescedFlushes', () => {
  it('enqueues one flush for the first charge and none for the charges that follow while it waits', async () => {
    const flush = coalesced();
    await flush.schedule('s1');
    await flush.schedule('s1');
    await flush.schedule('s1');
    expect(flushes).toHaveLength(1);
    expect(flushes[0]?.jobKey).toBe(`coalesce-${marks.get('qp:batch:scheduled:{s1}')}`);
  });

  it('keeps sessions apart (the mark is hash-tagged per session)', async () => {
    const flush = coalesced();
    await flush.schedule('s1');
    await flush.schedule('s2');
    expect(flushes.map((f) => f.sessionId)).toEqual(['s1', 's2']);
    expect([...marks.keys()]).toEqual(['qp:batch:scheduled:{s1}', 'qp:batch:scheduled:{s2}']);
  });

  it('schedules a new flush for a charge pushed after a flush job started (it may find the source held and end)', async () => {
    const flush = coalesced();
    await flush.schedule('s1');
    await flush.flushStarting('s1');
    await flush.schedule('s1');
    expect(flushes).toHaveLength(2);
    expect(flushes[0]?.jobKey).not.toBe(flushes[1]?.jobKey);
  });

  it('always adds a flush for a retried submit, mark or not', async () => {
    const flush = coalesced();
    await flush.schedule('s1');
    await flush.schedule('s1', { force: true });
    expect(flushes).toHaveLength(2);
  });
});
