import { describe, expect, it } from 'vitest';
import { withoutClientAddress } from './client-address.redactor';

describe('withoutClientAddress', () => {
  it('drops the caller address under every convention, keeps the rest', () => {
    const attributes = {
      'http.route': '/sessions',
      'client.address': '203.0.113.7',
      'client.port': 5123,
      'network.peer.address': '10.0.0.9',
      'network.peer.port': 41234,
      'net.peer.ip': '10.0.0.9',
      'http.client_ip': '203.0.113.7',
      'server.address': 'gateway',
    };
    expect(withoutClientAddress(attributes)).toEqual({ 'http.route': '/sessions', 'server.address': 'gateway' });
  });

  it('answers the same object when there is nothing to drop', () => {
    const attributes = { 'http.route': '/settle' };
    expect(withoutClientAddress(attributes)).toBe(attributes);
  });
});
