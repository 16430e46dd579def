import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * px402's payment token as its own server mints and checks it (PROTOCOLS.md §4), written from the
 * wire description and not from quietpay's codec, so interop tests compare two independent
 * implementations: `v1.<b64url(JSON{paymentId, amount, expiry, path, destination})>.<b64url(HMAC)>`,
 * `expiry` in epoch milliseconds, rejected when `now >= expiry`; the MAC may also arrive as padded
 * standard base64; unknown claims are ignored.
 */
export interface PeerClaims {
  paymentId: string;
  amount: string;
  expiry: number;
  path: string;
  destination: string;
}

export type PeerVerdict = { ok: true; claims: PeerClaims } | { ok: false; why: 'invalid' | 'expired' };

const b64url = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const fromAnyB64 = (text: string): Buffer => Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
const mac = (secret: string, payload: string): Buffer => createHmac('sha256', secret).update(`v1.${payload}`).digest();

export function peerMint(claims: PeerClaims, secret: string): string {
  const payload = b64url(
    Buffer.from(
      JSON.stringify({
        paymentId: claims.paymentId,
        amount: claims.amount,
        expiry: claims.expiry,
        path: claims.path,
        destination: claims.destination,
      }),
    ),
  );
  return `v1.${payload}.${b64url(mac(secret, payload))}`;
}

export function peerVerify(token: string, secrets: readonly string[], nowMs: number): PeerVerdict {
  const [version, payload, signature, ...rest] = token.split('.');
  if (version !== 'v1' || payload === undefined || signature === undefined || rest.length > 0) return { ok: false, why: 'invalid' };
  const given = fromAnyB64(signature);
  const authentic = secrets.some((s) => {
    const expected = mac(s, payload);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!authentic) return { ok: false, why: 'invalid' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromAnyB64(payload).toString('utf8'));
  } catch {
    return { ok: false, why: 'invalid' };
  }
  const c = parsed as Partial<Record<keyof PeerClaims, unknown>>;
  if (
    typeof c.paymentId !== 'string' ||
    typeof c.amount !== 'string' ||
    typeof c.expiry !== 'number' ||
    typeof c.path !== 'string' ||
    typeof c.destination !== 'string'
  ) {
    return { ok: false, why: 'invalid' };
  }
  if (nowMs >= c.expiry) return { ok: false, why: 'expired' };
  return { ok: true, claims: { paymentId: c.paymentId, amount: c.amount, expiry: c.expiry, path: c.path, destination: c.destination } };
}

/** Decimal u63, never 0, as px402 issues payment ids. */
export function peerPaymentId(): string {
  const id = randomBytes(8).readBigUInt64BE() >> 1n;
  return (id === 0n ? 1n : id).toString();
}
