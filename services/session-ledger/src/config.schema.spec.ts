import { describe, expect, it } from 'vitest';
import { configSchema, lamportsHeldPerCharge, LAMPORTS_PER_TRANSFER } from './config.schema';

// The per-charge budget hold follows the settlement mode unless set: a whole transfer's cost per
// charge in per-call single mode, one charge's share of a full transfer where charges share one.

/** The four variables as session-ledger reads them from its environment (only those: a pure parse). */
function held(env: Record<string, string>): bigint {
  const { shape } = configSchema;
  return lamportsHeldPerCharge({
    SESSION_LAMPORTS_HELD_PER_CHARGE: shape.SESSION_LAMPORTS_HELD_PER_CHARGE.parse(env['SESSION_LAMPORTS_HELD_PER_CHARGE']),
    SETTLEMENT_MODE: shape.SETTLEMENT_MODE.parse(env['SETTLEMENT_MODE']),
    PER_CALL_SETTLEMENT: shape.PER_CALL_SETTLEMENT.parse(env['PER_CALL_SETTLEMENT']),
    BATCH_MAX_SIZE: shape.BATCH_MAX_SIZE.parse(env['BATCH_MAX_SIZE']),
  });
}

describe('lamportsHeldPerCharge (SESSION_LAMPORTS_HELD_PER_CHARGE unset follows the settlement mode)', () => {
  it('holds a per-call transfer per charge by default and in per-call single mode', () => {
    expect(LAMPORTS_PER_TRANSFER).toBe(2_000_000n);
    expect(held({})).toBe(2_000_000n);
    expect(held({ SETTLEMENT_MODE: 'per-call', PER_CALL_SETTLEMENT: 'single', BATCH_MAX_SIZE: '50' })).toBe(2_000_000n);
  });

  it('holds one charge share of a full transfer in batched and coalesced per-call modes', () => {
    expect(held({ SETTLEMENT_MODE: 'batched' })).toBe(40_000n);
    expect(held({ SETTLEMENT_MODE: 'batched', BATCH_MAX_SIZE: '200' })).toBe(10_000n);
    expect(held({ SETTLEMENT_MODE: 'per-call', PER_CALL_SETTLEMENT: 'coalesced', BATCH_MAX_SIZE: '32' })).toBe(62_500n);
    // Rounded up: never less than the share.
    expect(held({ SETTLEMENT_MODE: 'batched', BATCH_MAX_SIZE: '3' })).toBe(666_667n);
    expect(held({ SETTLEMENT_MODE: 'batched', BATCH_MAX_SIZE: '1' })).toBe(2_000_000n);
  });

  it('lets an explicit value win in every mode, 0 included', () => {
    expect(held({ SETTLEMENT_MODE: 'batched', SESSION_LAMPORTS_HELD_PER_CHARGE: '1500000' })).toBe(1_500_000n);
    expect(held({ SESSION_LAMPORTS_HELD_PER_CHARGE: '40000' })).toBe(40_000n);
    expect(held({ SETTLEMENT_MODE: 'batched', SESSION_LAMPORTS_HELD_PER_CHARGE: '0' })).toBe(0n);
  });

  it('refuses settings the submitter would refuse', () => {
    expect(() => held({ SETTLEMENT_MODE: 'coalesced' })).toThrow();
    expect(() => held({ SETTLEMENT_MODE: 'batched', BATCH_MAX_SIZE: '0' })).toThrow();
    expect(() => held({ SESSION_LAMPORTS_HELD_PER_CHARGE: '-1' })).toThrow();
  });
});
