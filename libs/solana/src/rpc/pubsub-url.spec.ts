import { describe, expect, it } from 'vitest';
import { pubsubUrlOf } from './pubsub-url';

describe('pubsubUrlOf', () => {
  it('is the RPC URL as ws(s) on the next port, as web3.js and localnet do', () => {
    expect(pubsubUrlOf('http://127.0.0.1:8899')).toBe('ws://127.0.0.1:8900/');
    expect(pubsubUrlOf('https://rpc.example/path?x=1')).toBe('wss://rpc.example/path?x=1');
  });
});
