import { PAYMENT_ID_PATTERN, SettleResponseSchema, SupportedResponseSchema, VerifyResponseSchema } from '@quietpay/x402';
import { z } from 'zod';
import { VerifySettleBodySchema } from '../facilitation/facilitator-body.schema';
import { PayCheckBodySchema, PayGetAmountBodySchema } from '../one-shot/pay.body';
import { CloseSessionBodySchema, OpenSessionBodySchema } from '../session-lifecycle/open-session.body';
import { SeedOpenSessionBodySchema } from '../session-lifecycle/seed-open-session.body';
import { API_ERROR_STATUS } from '../http/api-error-code';

type JsonSchema = Record<string, unknown>;

// Request schemas are described as clients write them (input side); zod's transforms (null → absent,
// network alias) have no JSON Schema form and are documented as plain strings/objects.
const schema = (s: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const ErrorBody: JsonSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    // The closed set of codes (http/api-error-code.ts), each with one status.
    error: { type: 'string', description: 'stable machine code', enum: Object.keys(API_ERROR_STATUS).sort() },
    message: { type: 'string' },
  },
};

const SessionView: JsonSchema = {
  type: 'object',
  properties: {
    ...Object.fromEntries(
      [
        'sessionId',
        'user',
        'spender',
        'asset',
        'recipient',
        'cap',
        'spent',
        'remaining',
        'perCallLimit',
        'network',
        'approveTxSignature',
        'sessionPublicKey',
      ].map((k) => [k, { type: 'string' }]),
    ),
    expirationUnix: { type: 'integer' },
    status: { type: 'string', enum: ['active', 'closed', 'expired', 'revoked', 'suspended', 'unknown'] },
    legacy: { type: 'boolean', description: "opened in the seed's shape (legacy mode): pays only with the seed's unsigned {sessionId, amount, nonce?}" },
  },
};

/**
 * /verify and /settle also take a body without its top-level x402Version: the seed README's
 * resource server sends none, and facilitator-body.schema.ts takes it from paymentPayload.x402Version.
 */
function versionOptional(request: JsonSchema): JsonSchema {
  const variants = (request['oneOf'] as JsonSchema[]).map((variant) => {
    const properties = variant['properties'] as Record<string, JsonSchema>;
    return {
      ...variant,
      required: (variant['required'] as string[]).filter((key) => key !== 'x402Version'),
      properties: { ...properties, x402Version: { ...properties['x402Version'], description: 'optional: taken from paymentPayload.x402Version when absent' } },
    };
  });
  return { ...request, oneOf: variants };
}

// GET /settlements/{id} (facilitation/settlements.controller.ts): the receipt a batched /settle points to.
const SettlementReceipt: JsonSchema = {
  type: 'object',
  required: ['settlementId', 'state', 'signature', 'amount', 'sessionId'],
  properties: {
    settlementId: { type: 'string' },
    state: { type: 'string', enum: ['queued', 'submitted', 'settled', 'failed', 'unknown'] },
    signature: { type: 'string', description: 'the confirmed transfer (one may settle a whole batch); empty until settled' },
    amount: { type: 'string' },
    sessionId: { type: 'string' },
    failureReason: { type: 'string', description: 'only when state is failed: the charge was released' },
  },
};

const PrivatePayment: JsonSchema = {
  oneOf: [
    { type: 'object', required: ['status', 'paymentId'], properties: { status: { const: 'pending' }, paymentId: { type: 'string' } } },
    {
      type: 'object',
      required: ['status', 'paymentId', 'amount', 'recipient', 'mint', 'signature', 'slot'],
      properties: {
        status: { const: 'found' },
        paymentId: { type: 'string' },
        amount: { type: 'string' },
        recipient: { type: 'string' },
        mint: { type: 'string' },
        signature: { type: 'string' },
        slot: { type: 'integer' },
      },
    },
  ],
};

// The `private` scheme's shapes inside the generic x402 bodies (schemes/private/README.md): what
// /supported advertises, what a 402 offers, and what the agent sends back.
const str = { type: 'string' };
const PrivateKindExtra: JsonSchema = {
  type: 'object',
  description: '/supported kind {x402Version: 2, scheme: "private"}: extra',
  required: ['paymentsApiUrl', 'validator', 'transferQueue', 'mint', 'cluster'],
  properties: {
    paymentsApiUrl: str,
    validator: str,
    transferQueue: str,
    mint: str,
    cluster: str,
    paymentParts: { type: 'string', enum: ['sum'], description: 'verify sums every settlement under the payment id: the agent may pay in parts' },
  },
};
const PrivateRequirementsExtra: JsonSchema = {
  type: 'object',
  description: 'scheme "private": PaymentRequirements.extra as the resource server (PrivateSchemeServer) issues it per 402',
  required: ['paymentId', 'paymentsApiUrl', 'validator', 'transferQueue', 'cluster'],
  properties: {
    paymentId: { type: 'string', pattern: PAYMENT_ID_PATTERN, description: 'decimal u63, the transfer clientRefId' },
    paymentToken: { type: 'string', description: 'resource-server token binding the id to this 402; never on chain' },
    paymentsApiUrl: str,
    validator: str,
    transferQueue: str,
    cluster: str,
    paymentParts: { type: 'string', enum: ['sum'], description: "copied from the facilitator's kind: pay in standard-denomination parts" },
  },
};
const PrivatePaymentPayload: JsonSchema = {
  type: 'object',
  description: 'scheme "private": PaymentPayload.payload; paymentId must equal accepted.extra.paymentId',
  required: ['paymentId'],
  properties: {
    paymentId: { type: 'string', pattern: PAYMENT_ID_PATTERN },
    paymentToken: { type: 'string', description: 'checked by the resource server, not by this facilitator' },
    signature: { type: 'string', description: 'enqueue transaction, informational' },
  },
};
const PRIVATE_SCHEME_NOTE =
  ' Scheme "private" (x402 v2): requirements.extra is PrivateRequirementsExtra, paymentPayload.payload is PrivatePaymentPayload; ' +
  'extra reasons payment_pending, amount_mismatch, asset_mismatch, replay.';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (s: JsonSchema) => ({ 'application/json': { schema: s } });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { description: 'typed error', content: json(ref('Error')) }]));
// /verify and /settle: a 503 is answered before anything was checked or charged, with Retry-After.
const OVERLOADED_503 = {
  description:
    'nothing was checked or charged; retry after Retry-After: overloaded (more requests in flight than MAX_IN_FLIGHT_REQUESTS), rate_limit_unavailable (the rate-limit counters cannot be read)',
  content: json(ref('Error')),
  'x-error-codes': ['overloaded', 'rate_limit_unavailable'],
};
// DELETE /sessions/{id}: the 401 codes of a refused close proof (session-query.usecase.ts).
const CLOSE_401 = {
  description:
    'close refused: bad_close_signature (missing or wrong session-key signature), stale_close_request (timestampUnix outside the window), close_replayed (this signed request was already used)',
  content: json(ref('Error')),
  'x-error-codes': ['bad_close_signature', 'stale_close_request', 'close_replayed'],
};

const body = (name: string) => ({ required: true, content: json(ref(name)) });
const bearer = [{ apiKey: [] }];

/** The OpenAPI 3.1 document served at `/openapi.json`, request bodies generated from the zod schemas. */
export function buildOpenApiDocument(): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'quietpay facilitator gateway',
      version: '0.1.0',
      description:
        'x402 facilitator for private micropayments on Solana. /verify and /settle answer 200 with the x402 body even ' +
        'when the payment is invalid; malformed requests get 4xx {error, message}. Request bodies are limited to ' +
        'MAX_BODY_BYTES (413 payload_too_large).',
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'GATEWAY_API_KEYS; required outside the localnet profile unless GATEWAY_ALLOW_ANONYMOUS=true' },
      },
      schemas: {
        Error: ErrorBody,
        VerifySettleRequest: versionOptional(schema(VerifySettleBodySchema)),
        VerifyResponse: schema(VerifyResponseSchema, 'output'),
        SettleResponse: schema(SettleResponseSchema, 'output'),
        SupportedResponse: schema(SupportedResponseSchema, 'output'),
        OpenSessionRequest: schema(OpenSessionBodySchema),
        SeedOpenSessionRequest: schema(SeedOpenSessionBodySchema),
        CloseSessionRequest: schema(CloseSessionBodySchema),
        Session: SessionView,
        PayGetAmountRequest: schema(PayGetAmountBodySchema),
        PayCheckRequest: schema(PayCheckBodySchema),
        SettlementReceipt,
        PrivatePayment,
        PrivateKindExtra,
        PrivateRequirementsExtra,
        PrivatePaymentPayload,
      },
    },
    paths: {
      '/health': {
        get: { summary: 'Readiness of every service', responses: { '200': { description: 'all ready' }, '503': { description: 'some not ready' } } },
      },
      '/supported': { get: { summary: 'x402 supported kinds', responses: { '200': { description: 'kinds', content: json(ref('SupportedResponse')) } } } },
      '/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
      '/verify': {
        post: {
          summary: 'x402 verify',
          description: `Does the payment hold, without settling.${PRIVATE_SCHEME_NOTE}`,
          security: bearer,
          requestBody: body('VerifySettleRequest'),
          responses: { '200': { description: 'verdict', content: json(ref('VerifyResponse')) }, ...errors(400, 401, 413, 429), '503': OVERLOADED_503 },
        },
      },
      '/settle': {
        post: {
          summary: 'x402 settle',
          description: `Settle (private: claim once across replicas).${PRIVATE_SCHEME_NOTE}`,
          security: bearer,
          requestBody: body('VerifySettleRequest'),
          responses: { '200': { description: 'outcome', content: json(ref('SettleResponse')) }, ...errors(400, 401, 413, 429), '503': OVERLOADED_503 },
        },
      },
      '/sessions': {
        post: {
          summary: 'Open a session',
          description:
            "quietpay's body, or the seed's (solana-x402-sessions: approveTxBase64, base64 authMessage and authSignature) which opens a legacy session when the operator enabled legacy mode (403 legacy_sessions_disabled otherwise).",
          requestBody: { required: true, content: json({ oneOf: [ref('OpenSessionRequest'), ref('SeedOpenSessionRequest')] }) },
          responses: { '201': { description: 'opened', content: json(ref('Session')) }, ...errors(400, 401, 403, 409, 413, 422, 429, 503) },
        },
      },
      '/sessions/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: { summary: 'Read a session', responses: { '200': { description: 'session', content: json(ref('Session')) }, ...errors(400, 404, 503) } },
        delete: {
          summary: 'Close a session',
          requestBody: { required: false, content: json(ref('CloseSessionRequest')) },
          responses: { '200': { description: 'closed', content: json(ref('Session')) }, ...errors(400, 404, 503), '401': CLOSE_401 },
        },
      },
      '/recipients/{address}': {
        get: {
          summary: "Does the facilitator pay this recipient's token-account rent? (operator-registered recipients only)",
          description:
            'registered false: when the recipient has no IncoToken account, the session approve must create it (create_idempotent paid by the user), or POST /sessions answers 422 approve_tx_rejected (recipient_account_missing).',
          parameters: [{ name: 'address', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'registration status',
              content: json({
                type: 'object',
                required: ['recipient', 'registered'],
                properties: { recipient: { type: 'string' }, registered: { type: 'boolean' } },
              }),
            },
            ...errors(400, 503),
          },
        },
      },
      '/settlements/{id}': {
        get: {
          summary: 'A settlement receipt by id (extra.settlementId of a /settle answer)',
          security: bearer,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'receipt', content: json(ref('SettlementReceipt')) }, ...errors(401, 404, 503) },
        },
      },
      '/pay/getAmount': {
        post: {
          summary: 'Decode a PAYMENT-SIGNATURE header (unchecked)',
          security: bearer,
          requestBody: body('PayGetAmountRequest'),
          responses: { '200': { description: 'claimed terms' }, ...errors(400, 401, 413, 431) },
        },
      },
      '/pay/verify': {
        post: {
          summary: 'One-shot verify from a raw header',
          security: bearer,
          requestBody: body('PayCheckRequest'),
          responses: { '200': { description: 'verdict', content: json(ref('VerifyResponse')) }, ...errors(400, 401, 413, 431) },
        },
      },
      '/pay/settle': {
        post: {
          summary: 'One-shot settle from a raw header',
          security: bearer,
          requestBody: body('PayCheckRequest'),
          responses: { '200': { description: 'outcome', content: json(ref('SettleResponse')) }, ...errors(400, 401, 413, 431) },
        },
      },
      '/private/payments/{paymentId}': {
        get: {
          summary: 'Has a private (px402) payment reached this recipient?',
          security: bearer,
          parameters: [
            { name: 'paymentId', in: 'path', required: true, schema: { type: 'string', pattern: PAYMENT_ID_PATTERN } },
            { name: 'recipient', in: 'query', required: true, schema: { type: 'string' } },
          ],
          description: 'found.amount is what the recipient received under the id: the sum of every settlement part (split transfers).',
          responses: { '200': { description: 'pending or found', content: json(ref('PrivatePayment')) }, ...errors(400, 401, 503) },
        },
      },
    },
  };
}
