import { describe, expect, it } from 'vitest';
import { sessionKindTerms } from './session-kind.terms';

const MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
const FACILITATOR = '55LEmvuVgujxEvbrYBiDXBZmMxu3dMofVvT6uCq4q2xK';
const NETWORK = 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1' as const;

describe('sessionKindTerms', () => {
  it("reads the seed's kind: kind-level asset, relative sessionsEndpoint made absolute, facilitatorUrl added", () => {
    const seedKind = {
      x402Version: 2,
      scheme: 'session',
      network: NETWORK,
      asset: MINT,
      extra: { facilitatorAddress: FACILITATOR, spender: FACILITATOR, sessionsEndpoint: '/sessions', decimals: 6 },
    };
    expect(sessionKindTerms(seedKind, 'https://f.example')).toEqual({
      asset: MINT,
      decimals: 6,
      extra: {
        facilitatorAddress: FACILITATOR,
        spender: FACILITATOR,
        sessionsEndpoint: 'https://f.example/sessions',
        decimals: 6,
        facilitatorUrl: 'https://f.example',
      },
    });
  });

  it("prefers quietpay's extra.mint and keeps an absolute sessionsEndpoint and a given facilitatorUrl", () => {
    const extra = { mint: MINT, decimals: 6, sessionsEndpoint: 'https://other.example/sessions', facilitatorUrl: 'https://other.example' };
    const terms = sessionKindTerms({ x402Version: 2, scheme: 'session', network: NETWORK, asset: FACILITATOR, extra }, 'https://f.example');
    expect(terms).toEqual({ asset: MINT, decimals: 6, extra });
  });

  it('refuses a kind without an asset or decimals', () => {
    expect(() => sessionKindTerms({ x402Version: 2, scheme: 'session', network: NETWORK, extra: { decimals: 6 } }, 'https://f.example')).toThrow(
      /mint\/decimals/,
    );
    expect(() => sessionKindTerms({ x402Version: 2, scheme: 'session', network: NETWORK, asset: MINT, extra: {} }, 'https://f.example')).toThrow(
      /mint\/decimals/,
    );
  });
});
