import * as core from '@x402/core/http';
import { describe, expect, it } from 'vitest';
import { corePaymentPayload, corePaymentRequired, coreSettleResponse, DEVNET } from '../testing/wire.fixtures';
import { HeaderDecodeError } from './header-codec.error';
import {
  decodePaymentRequiredHeader,
  decodePaymentResponseHeader,
  decodePaymentSignatureHeader,
  decodeXPaymentHeader,
  encodePaymentRequiredHeader,
  encodePaymentResponseHeader,
  encodePaymentSignatureHeader,
  encodeXPaymentHeader,
} from './x402-header.codec';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

function decodeError(fn: () => unknown): HeaderDecodeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HeaderDecodeError) return err;
    throw err;
  }
  throw new Error('expected a HeaderDecodeError');
}

describe('interop with @x402/core/http', () => {
  it('produces byte-identical PAYMENT-REQUIRED and PAYMENT-SIGNATURE values', () => {
    expect(encodePaymentRequiredHeader(decodePaymentRequiredHeader(core.encodePaymentRequiredHeader(corePaymentRequired)))).toBe(
      core.encodePaymentRequiredHeader(corePaymentRequired),
    );
    expect(encodePaymentSignatureHeader(decodePaymentSignatureHeader(core.encodePaymentSignatureHeader(corePaymentPayload)))).toBe(
      core.encodePaymentSignatureHeader(corePaymentPayload),
    );
  });

  it('decodes what core encodes, and core decodes what we encode', () => {
    const ours = decodePaymentSignatureHeader(core.encodePaymentSignatureHeader(corePaymentPayload));
    expect(ours).toEqual(corePaymentPayload);
    expect(core.decodePaymentSignatureHeader(encodePaymentSignatureHeader(ours))).toEqual(corePaymentPayload);
    const required = decodePaymentRequiredHeader(core.encodePaymentRequiredHeader(corePaymentRequired));
    expect(core.decodePaymentRequiredHeader(encodePaymentRequiredHeader(required))).toEqual(corePaymentRequired);
  });

  it('drops extensionResponses from PAYMENT-RESPONSE exactly as core does', () => {
    // Same object in, same bytes out (zod re-orders keys into schema order, so decode→encode is
    // byte-identical only for values already in the type's field order, as core emits them).
    expect(encodePaymentResponseHeader(coreSettleResponse)).toBe(core.encodePaymentResponseHeader(coreSettleResponse));
    const decoded = decodePaymentResponseHeader(core.encodePaymentResponseHeader(coreSettleResponse));
    expect(decoded).not.toHaveProperty('extensionResponses');
    const { extensionResponses: _dropped, ...buyerFacing } = coreSettleResponse;
    expect(decoded).toEqual(buyerFacing);
    expect(core.decodePaymentResponseHeader(encodePaymentResponseHeader(decoded))).toEqual(buyerFacing);
  });

  it('round-trips non-ASCII text as UTF-8, like core', () => {
    const header = core.encodePaymentRequiredHeader(corePaymentRequired);
    expect(decodePaymentRequiredHeader(header).accepts[0]!.extra['note']).toBe('héllo ✓');
  });
});

describe('strict decoding', () => {
  const valid = core.encodePaymentSignatureHeader(corePaymentPayload);

  it('rejects base64url, bad padding and junk as malformed_base64 → invalid_payload', () => {
    const urlSafe = valid.replace(/\+/g, '-').replace(/\//g, '_');
    const withUrlChars = urlSafe === valid ? `${valid.slice(0, -4)}-_-_` : urlSafe;
    for (const bad of [withUrlChars, 'abc', 'ab=c', '!!!!', '', 'QQ==QQ==']) {
      const err = decodeError(() => decodePaymentSignatureHeader(bad));
      expect(err.failure).toBe('malformed_base64');
      expect(err.x402Code).toBe('invalid_payload');
    }
  });

  it('rejects non-canonical trailing bits that Buffer would silently accept', () => {
    expect(decodeError(() => decodePaymentSignatureHeader('QR==')).failure).toBe('malformed_base64');
  });

  it('rejects invalid UTF-8 and non-JSON', () => {
    expect(decodeError(() => decodePaymentSignatureHeader(Buffer.from([0xff, 0xfe, 0x7b]).toString('base64'))).failure).toBe('bad_utf8');
    expect(decodeError(() => decodePaymentSignatureHeader(b64('{"x402Version":2,'))).failure).toBe('bad_json');
  });

  it('rejects schema mismatches with the header-specific reason', () => {
    const noAccepted = b64(JSON.stringify({ ...corePaymentPayload, accepted: undefined }));
    expect(decodeError(() => decodePaymentSignatureHeader(noAccepted)).x402Code).toBe('invalid_payload');
    const emptyAccepts = b64(JSON.stringify({ ...corePaymentRequired, accepts: [] }));
    const err = decodeError(() => decodePaymentRequiredHeader(emptyAccepts));
    expect([err.failure, err.x402Code]).toEqual(['schema_mismatch', 'invalid_payment_requirements']);
  });

  it('rejects a wrong version as invalid_x402_version', () => {
    const v1 = b64(JSON.stringify({ ...corePaymentPayload, x402Version: 1 }));
    expect(decodeError(() => decodePaymentSignatureHeader(v1)).x402Code).toBe('invalid_x402_version');
  });

  it('rejects oversize values before decoding them', () => {
    const err = decodeError(() => decodePaymentSignatureHeader(valid, { maxBytes: valid.length - 1 }));
    expect([err.failure, err.x402Code]).toEqual(['oversize', 'header_too_large']);
    expect(decodePaymentSignatureHeader(valid, { maxBytes: valid.length }).x402Version).toBe(2);
  });

  it('normalises the solana:devnet alias on decode', () => {
    const aliased = b64(JSON.stringify({ ...corePaymentPayload, accepted: { ...corePaymentPayload.accepted, network: 'solana:devnet' } }));
    expect(decodePaymentSignatureHeader(aliased).accepted.network).toBe(DEVNET);
  });

  it('round-trips v1 X-PAYMENT', () => {
    const v1 = { x402Version: 1 as const, scheme: 'exact', network: 'solana-devnet', payload: { transaction: 'AA' } };
    expect(decodeXPaymentHeader(encodeXPaymentHeader(v1))).toEqual(v1);
    expect(decodeError(() => decodeXPaymentHeader(core.encodePaymentSignatureHeader(corePaymentPayload))).x402Code).toBe('invalid_x402_version');
  });
});
