import { describe, expect, it } from 'vitest';
import { caip2FromGenesisHash, createNetworkResolver, normalizeNetworkAlias } from './network-resolver';

describe('network resolver', () => {
  const networks = createNetworkResolver();

  it('maps every spelling of devnet to its CAIP-2 id and v1 name', () => {
    for (const input of ['solana:devnet', 'solana-devnet', 'solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1']) {
      expect(networks.toCaip2(input)).toBe('solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1');
      expect(networks.toV1Name(input)).toBe('solana-devnet');
    }
    expect(networks.clusterOf('solana')).toBe('mainnet');
    expect(networks.toCaip2('solana')).toBe('solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp');
  });

  it('uses a configured localnet id and forgets the default one', () => {
    const custom = createNetworkResolver({ localnet: caip2FromGenesisHash('GH7ome3EiwEr7tu9JuTh2dpYWBJK3z69Xm1ZE3MEE6JC') });
    expect(custom.ids.localnet).toBe('solana:GH7ome3EiwEr7tu9JuTh2dpYWBJK3z69');
    expect(custom.clusterOf('solana:GH7ome3EiwEr7tu9JuTh2dpYWBJK3z69')).toBe('localnet');
    expect(custom.clusterOf('solana:localnet')).toBeUndefined();
    expect(networks.clusterOf('solana:localnet')).toBe('localnet');
  });

  it('rejects unknown and malformed ids', () => {
    expect(networks.toCaip2('eip155:8453')).toBeUndefined();
    expect(() => createNetworkResolver({ localnet: 'localnet' as `${string}:${string}` })).toThrow(RangeError);
    expect(() => caip2FromGenesisHash('not base58 0OIl')).toThrow(RangeError);
  });

  it('normalises only the devnet alias', () => {
    expect(normalizeNetworkAlias('solana:devnet')).toBe('solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1');
    expect(normalizeNetworkAlias('solana:localnet')).toBe('solana:localnet');
  });
});
