import { commaList, commonConfigSchema, isKeypairFile, secretFile } from '@quietpay/platform';
import { Base58AddressSchema, CAIP2_PATTERN, normalizeNetworkAlias, SOLANA_LOCALNET_CAIP2_DEFAULT, type Caip2Network } from '@quietpay/x402';
import { z } from 'zod';

const WEEK_SECONDS = 7 * 24 * 3600;

// Comma-separated base58 wallets; whitespace around entries ignored, an empty list allowed. A bad
// entry stops the ledger at start-up (a typo would otherwise silently make a merchant unregistered).
const recipientList = commaList(Base58AddressSchema)
  .transform((list) => [...new Set(list)])
  .default([]);

export const configSchema = commonConfigSchema({ name: 'session-ledger', httpPort: 4032 })
  .extend({
    // The facilitator key the user's approve names as delegate (spender); the signer holds its secret.
    FACILITATOR_PUBKEY: Base58AddressSchema,
    // The IncoToken mint sessions pay in.
    INCO_MINT: Base58AddressSchema,
    SOLANA_RPC_URL: z.url({ protocol: /^https?$/ }),
    // The CAIP-2 id of the chain this facilitator serves; the devnet alias is accepted and normalised.
    SESSION_NETWORK: z
      .string()
      .regex(CAIP2_PATTERN, 'must be a CAIP-2 id')
      .default(SOLANA_LOCALNET_CAIP2_DEFAULT)
      .transform((v) => normalizeNetworkAlias(v as Caip2Network)),
    MAX_SESSION_SECONDS: z.coerce.number().int().positive().default(WEEK_SECONDS),
    // Legacy mode (solana-x402-sessions clients): seed-shaped `POST /sessions` opens legacy sessions,
    // paid with the seed's unsigned `{sessionId, amount, nonce?}` payloads, which are a bearer token
    // (docs/migrating.md). Off unless the operator opts in.
    LEGACY_UNSIGNED_PAYLOADS: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    // The largest facilitator→user SOL top-up a legacy open's approve may carry (the seed sends
    // 2,000,000 = 0.002 SOL); counted in the session's SESSION_LAMPORT_BUDGET. 0: none. The signer
    // enforces its own LEGACY_SESSION_TOP_UP_MAX_LAMPORTS as well.
    LEGACY_SESSION_TOP_UP_MAX_LAMPORTS: z.coerce.bigint().min(0n).max(1_000_000_000n).default(0n),
    // The ledger's own ed25519 authority key (keypair file, JSON array of 64 bytes): it signs the
    // charge authorizations the signer requires before signing a settlement transfer. Only the
    // ledger reads it; the signer is configured with its public key (LEDGER_AUTHORITY_PUBKEY).
    LEDGER_AUTHORITY_KEY_FILE: secretFile().refine(isKeypairFile, 'is not a keypair file (JSON array of 64 bytes)'),
    // How long a charge authorization is good for; the submitter asks afresh for every build.
    LEDGER_AUTHORIZATION_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(120),
    // Tests give each run its own prefix; production keeps the documented `qp:`.
    LEDGER_KEY_PREFIX: z.string().min(1).default('qp:'),
    // Smallest per-call charge in base units (enforced in the charge script): each settlement costs the
    // facilitator SOL in fees and rent, so dust charges would drain it. 1000 = 0.001 of a 6-decimal token.
    MIN_SETTLEMENT_AMOUNT: z.coerce.bigint().positive().default(1000n),
    // How long a session's ledger keys (session, nonces, charges, settlement index) outlive its expiry:
    // receipts and reconciliation read them, and Redis runs noeviction, so they cannot live forever.
    LEDGER_RETENTION_SECONDS: z.coerce.number().int().positive().default(WEEK_SECONDS),
    // Facilitator lamports (fees and rents of its confirmed transactions, the open's included) one
    // session may cost before further charges are refused (facilitator_budget_exhausted); 0: no limit.
    // 0.5 SOL ≈ 250 per-call settlements at ~2M lamports each (two allowance rents + fee).
    SESSION_LAMPORT_BUDGET: z.coerce.bigint().min(0n).default(500_000_000n),
    // What one reserved charge holds against that budget until its settlement's confirmed cost
    // replaces it (or it is released): charges in flight count, so concurrent charges cannot overshoot.
    // Unset, it follows the settlement mode (lamportsHeldPerCharge below): a per-call transfer's cost
    // (two allowance rents + fee, ~1.93M, so 2,000,000), or in batched and coalesced per-call modes
    // one charge's share of a transfer carrying up to BATCH_MAX_SIZE of them (2,000,000 / BATCH_MAX_SIZE).
    // A value set here wins. 0: in-flight charges are not counted (the budget may overshoot).
    SESSION_LAMPORTS_HELD_PER_CHARGE: z.coerce.bigint().min(0n).optional(),
    // The submitter's settlement settings, read here only to size that hold: set them once for
    // gateway, submitter and session-ledger (the quietpay-common ConfigMap, compose's common env), so
    // the three agree. Same names, values and defaults as services/submitter/src/config.schema.ts.
    SETTLEMENT_MODE: z.enum(['per-call', 'batched']).default('per-call'),
    PER_CALL_SETTLEMENT: z.enum(['single', 'coalesced']).default('single'),
    BATCH_MAX_SIZE: z.coerce.number().int().positive().default(50),
    // Verified calls (/verify and /settle together) one session may make per window, counted after
    // the session key's signature checked out (a stranger cannot spend a session's allowance); over
    // it the gateway answers 429 rate_limited (limit payments_per_session). 0: no limit.
    RATE_LIMIT_PAYMENTS_PER_SESSION: z.coerce.number().int().min(0).max(1_000_000).default(600),
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    // How often the facilitator's SOL balance gauge is read from the chain.
    FACILITATOR_BALANCE_POLL_SECONDS: z.coerce.number().int().positive().default(30),
    // Recipients (merchant wallets) whose IncoToken account the facilitator may create at its own
    // expense when a session to them opens; more can be registered over quietpay.recipients.register.v1
    // (operator credentials). Any other recipient's account is created by the user's approve, the user
    // paying the rent. Empty by default: the facilitator pays no stranger's rent.
    REGISTERED_RECIPIENTS: recipientList,
  })
  .refine((c) => !c.REGISTERED_RECIPIENTS.includes(c.FACILITATOR_PUBKEY), {
    message: 'the facilitator cannot be a registered recipient',
    path: ['REGISTERED_RECIPIENTS'],
  });

export type SessionLedgerConfig = z.output<typeof configSchema>;

/** A per-call settlement transfer's cost to the facilitator, rounded up: two allowance rents + fee (~1.93M). */
export const LAMPORTS_PER_TRANSFER = 2_000_000n;

/**
 * What one reserved charge holds against its session's SESSION_LAMPORT_BUDGET: the configured
 * value when set; otherwise a transfer's cost when each charge is its own transfer (per-call
 * single), or its share of one transfer of BATCH_MAX_SIZE charges when charges share transfers
 * (batched, coalesced per-call). With a whole transfer held per charge there, a session was
 * refused `facilitator_budget_exhausted` past ~250 charges in flight (0.5 SOL / 2M) though their
 * batches cost a fraction of that. A share under-holds only a transfer that carries fewer charges
 * than the maximum, by less than one transfer's cost; a session has one transfer in flight at a
 * time (its source lock) and its commit replaces the holds with the measured cost, so a session
 * can pass its budget by at most that.
 */
export function lamportsHeldPerCharge(
  config: Pick<SessionLedgerConfig, 'SESSION_LAMPORTS_HELD_PER_CHARGE' | 'SETTLEMENT_MODE' | 'PER_CALL_SETTLEMENT' | 'BATCH_MAX_SIZE'>,
): bigint {
  if (config.SESSION_LAMPORTS_HELD_PER_CHARGE !== undefined) return config.SESSION_LAMPORTS_HELD_PER_CHARGE;
  const sharesTransfers = config.SETTLEMENT_MODE === 'batched' || config.PER_CALL_SETTLEMENT === 'coalesced';
  if (!sharesTransfers) return LAMPORTS_PER_TRANSFER;
  const size = BigInt(config.BATCH_MAX_SIZE);
  return (LAMPORTS_PER_TRANSFER + size - 1n) / size;
}
