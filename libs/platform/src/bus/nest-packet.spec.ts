import { describe, expect, it } from 'vitest';
import { nestReplyOf } from './nest-packet';

describe('nestReplyOf', () => {
  it("reads Nest's reply framing, whatever the response", () => {
    expect(nestReplyOf({ id: 'a', response: { ok: { x: 1 } }, isDisposed: true })).toEqual({ id: 'a', response: { ok: { x: 1 } }, isDisposed: true });
    expect(nestReplyOf({ id: null, err: 'boom' })).toMatchObject({ id: null, err: 'boom' });
    expect(nestReplyOf({})).toEqual({});
  });

  it('refuses what is not a reply packet', () => {
    for (const raw of [null, 'text', 3, [1], { id: 7 }, { id: 'a', isDisposed: 'yes' }]) expect(nestReplyOf(raw)).toBeUndefined();
  });
});
