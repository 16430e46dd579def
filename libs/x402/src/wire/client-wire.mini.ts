import * as z from 'zod/mini';
import { normalizeNetworkAlias } from '../networks/network-resolver';
import { CAIP2_PATTERN, type Caip2Network } from '../networks/solana-networks.constants';
import { CANONICAL_DECIMAL } from './wire-predicates';

/*
 * The x402 answers a client reads (PAYMENT-REQUIRED, PAYMENT-RESPONSE, /supported) as zod/mini
 * schemas: the same rules and normalisations as the full-zod schemas the servers use
 * (payment-required.schema.ts, facilitator-responses.schema.ts), at a few KB instead of the
 * ~90 KB gzipped full zod adds to a browser bundle. client-wire.mini.spec.ts runs both over the same
 * inputs and insists on the same verdict and output.
 */

const NonEmpty = z.string().check(z.minLength(1));
const JsonObject = z.record(z.string(), z.unknown());
const Extra = z.pipe(
  z.nullish(JsonObject),
  z.transform((v) => v ?? {}),
);
const OptionalJsonObject = z.optional(
  z.pipe(
    z.nullish(JsonObject),
    z.transform((v) => v ?? undefined),
  ),
);
const OptionalText = z.optional(
  z.pipe(
    z.nullish(z.string()),
    z.transform((v) => v ?? undefined),
  ),
);
const Network = z.pipe(
  z.string().check(z.regex(CAIP2_PATTERN, 'network must be a CAIP-2 id')),
  z.transform((v) => normalizeNetworkAlias(v as Caip2Network)),
);
const AtomicAmount = z.string().check(z.regex(CANONICAL_DECIMAL, 'amount must be a decimal integer string'));

const ResourceInfo = z.looseObject({
  url: NonEmpty,
  description: z.optional(z.string()),
  mimeType: z.optional(z.string()),
  serviceName: z.optional(z.string()),
  tags: z.optional(z.array(z.string())),
  iconUrl: z.optional(z.string()),
});

const PaymentRequirements = z.looseObject({
  scheme: NonEmpty,
  network: Network,
  asset: NonEmpty,
  amount: AtomicAmount,
  payTo: NonEmpty,
  maxTimeoutSeconds: z.number().check(z.int(), z.positive()),
  extra: Extra,
});

/** PAYMENT-REQUIRED (v2), as `PaymentRequiredSchema`. */
export const PaymentRequiredMini = z.looseObject({
  x402Version: z.literal(2),
  error: OptionalText,
  resource: ResourceInfo,
  accepts: z.array(PaymentRequirements).check(z.minLength(1)),
  extensions: OptionalJsonObject,
});

/** PAYMENT-RESPONSE, as `SettleResponseSchema`. */
export const SettleResponseMini = z.looseObject({
  success: z.boolean(),
  errorReason: OptionalText,
  errorMessage: OptionalText,
  payer: OptionalText,
  transaction: z.string(),
  network: Network,
  amount: z.optional(AtomicAmount),
  extensions: OptionalJsonObject,
  extensionResponses: OptionalJsonObject,
  extra: OptionalJsonObject,
});

/** The `/supported` answer, as `SupportedResponseSchema`. */
export const SupportedResponseMini = z.looseObject({
  kinds: z.array(
    z.looseObject({
      x402Version: z.number().check(z.int(), z.positive()),
      scheme: NonEmpty,
      network: z.union([Network, NonEmpty]),
      extra: OptionalJsonObject,
    }),
  ),
  extensions: z._default(z.array(z.string()), []),
  signers: z._default(z.record(z.string(), z.array(z.string())), {}),
});

/** The issues of a failed parse as one line (`path: message; ...`), as the header codec reports them. */
export function issuesText(error: { readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[] }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}
