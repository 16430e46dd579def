import { describe, expect, it } from 'vitest';
import { REDACTED, redactAttributes } from './secret-attribute.redactor';

describe('redactAttributes', () => {
  it('redacts secret-looking keys whatever their spelling', () => {
    const out = redactAttributes({
      'http.request.header.authorization': ['Bearer abc'],
      'http.request.header.x-api-key': ['k1'],
      'quietpay.hmac_secret': 's',
      'db.password': 'p',
      'session.token': 't',
    });
    expect(Object.values(out)).toEqual([REDACTED, REDACTED, REDACTED, REDACTED, REDACTED]);
  });

  it('cuts queries and userinfo from URL attributes and drops url.query', () => {
    expect(
      redactAttributes({
        'http.target': '/sessions/s1?api_key=k',
        'url.full': 'https://rpc.example/?api-key=k#frag',
        'db.connection_string': 'redis://user:pw@redis:6379/0',
        'url.query': 'api_key=k',
      }),
    ).toEqual({ 'http.target': '/sessions/s1', 'url.full': 'https://rpc.example/', 'db.connection_string': 'redis://redis:6379/0' });
  });

  it('keeps payment identifiers, including the public transaction signature', () => {
    const attributes = { 'quietpay.session.id': 's1', 'quietpay.signature': '5abc', 'http.route': '/settle', 'http.status_code': 200 };
    expect(redactAttributes(attributes)).toBe(attributes);
  });
});
