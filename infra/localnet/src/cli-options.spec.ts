import { describe, expect, it } from 'vitest';
import { readCliOptions } from './cli-options';

describe('readCliOptions', () => {
  it('reads the seed from --seed, else LOCALNET_SEED, and leaves it unset by default', () => {
    expect(readCliOptions(['--seed=from-flag'], { LOCALNET_SEED: 'from-env' }).seed).toBe('from-flag');
    expect(readCliOptions([], { LOCALNET_SEED: 'from-env' }).seed).toBe('from-env');
    expect(readCliOptions([], {})).not.toHaveProperty('seed');
  });

  it('treats an empty LOCALNET_SEED as no seed (compose passes unset variables as empty)', () => {
    expect(readCliOptions([], { LOCALNET_SEED: '' })).not.toHaveProperty('seed');
  });

  it('reads fixed module ports from flags or the environment', () => {
    expect(readCliOptions(['--covalidator-port=8910'], { LOCALNET_PAYMENTS_PORT: '8920' })).toEqual({ covalidatorPort: 8910, paymentsPort: 8920 });
  });

  it('refuses unknown argument shapes and bad numbers', () => {
    expect(() => readCliOptions(['--seed'], {})).toThrow(/unknown argument/);
    expect(() => readCliOptions(['--port=-1'], {})).toThrow(/non-negative integer/);
  });

  it('reads the payments fee mode (added or deducted) and refuses anything else', () => {
    expect(readCliOptions(['--fee-mode=deducted'], {}).feeMode).toBe('deducted');
    expect(readCliOptions([], { LOCALNET_FEE_MODE: 'added' }).feeMode).toBe('added');
    expect(readCliOptions([], { LOCALNET_FEE_MODE: '' })).not.toHaveProperty('feeMode');
    expect(() => readCliOptions([], { LOCALNET_FEE_MODE: 'half' })).toThrow(/added or deducted/);
  });
});
