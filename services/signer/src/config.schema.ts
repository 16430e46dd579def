import { commonConfigSchema, isKeypairFile, secretFile } from '@quietpay/platform';
import { DEVNET_PROGRAM_ID_STRINGS } from '@quietpay/solana';
import { Base58AddressSchema } from '@quietpay/x402';
import { z } from 'zod';

export const configSchema = commonConfigSchema({ name: 'signer', httpPort: 4034 }).extend({
  // The facilitator key: only the signer reads it, from a file, never from the environment.
  FACILITATOR_KEYPAIR_PATH: secretFile().refine(isKeypairFile, 'is not a keypair file (JSON array of 64 bytes)'),
  // The policy needs the same chain facts as tx-builder, read independently (defense in depth).
  INCO_MINT: Base58AddressSchema,
  INCO_DECIMALS: z.coerce.number().int().min(0).max(18).default(6),
  INCO_TOKEN_PROGRAM_ID: Base58AddressSchema.default(DEVNET_PROGRAM_ID_STRINGS.incoToken),
  INCO_LIGHTNING_PROGRAM_ID: Base58AddressSchema.default(DEVNET_PROGRAM_ID_STRINGS.incoLightning),
  // session-ledger's authority public key (base58): a settlement transfer is signed only with a
  // charge authorization this key signed.
  LEDGER_AUTHORITY_PUBKEY: Base58AddressSchema,
  // Inco's TEE encryption key (hex, 65-byte uncompressed), pinned: the transfer's ciphertext must
  // be the authorized amount encrypted to it, whatever key tx-builder fetched.
  TEE_PUBLIC_KEY: z.string().regex(/^(0x)?04[0-9a-fA-F]{128}$/, 'must be a 65-byte uncompressed hex key'),
  // Priority fees are paid by the fee payer: a crafted SetComputeUnitPrice could drain it.
  MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS: z.coerce.number().int().min(0).default(1_000_000),
  // Legacy (seed-shaped) session opens: the largest facilitator→user SOL top-up the signer signs in
  // their approve. 0 (default): none. The seed sends 2,000,000 (0.002 SOL) with every open.
  LEGACY_SESSION_TOP_UP_MAX_LAMPORTS: z.coerce.bigint().min(0n).max(1_000_000_000n).default(0n),
});

export type SignerConfig = z.output<typeof configSchema>;
