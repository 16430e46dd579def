/**
 * What a px402 payment token binds: one payment id to one price, one resource path and one
 * recipient, until `expiry` (epoch milliseconds, as px402 writes and checks it: the token is dead
 * when `now >= expiry`). Amount and id are decimal strings because both are u64-range integers
 * that a JSON number cannot carry exactly.
 */
export interface PaymentTokenClaims {
  readonly paymentId: string;
  readonly amount: string;
  readonly expiry: number;
  readonly path: string;
  readonly destination: string;
}

/**
 * HMAC secrets. Tokens are signed with `current`; verification also accepts `previous`, so a
 * rotation does not invalidate tokens already handed out (keep `previous` for one token TTL).
 * Each secret must hold at least 32 bytes.
 */
export interface PaymentTokenSecrets {
  readonly current: string | Uint8Array;
  readonly previous?: string | Uint8Array;
}

/** Outcome of verifying a token: claims when the MAC and format hold; expiry is checked separately. */
export type PaymentTokenVerification =
  | {
      readonly ok: true;
      /** `expiry` always in epoch milliseconds, whatever unit the token carried. */
      readonly claims: PaymentTokenClaims;
      /**
       * The token carried a seconds expiry (quietpay before 0.2 minted those): `claims.expiry` was
       * converted. decide() bounds how long such a token is honoured.
       */
      readonly legacySecondsExpiry?: true;
    }
  | { readonly ok: false };
