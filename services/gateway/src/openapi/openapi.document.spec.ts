import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi.document';

describe('OpenAPI document: the private scheme', () => {
  const doc = buildOpenApiDocument() as {
    paths: Record<string, Record<string, { description?: string }>>;
    components: { schemas: Record<string, { required?: string[] }> };
  };

  it('lists /private/payments/{paymentId} and the private kind, requirements and payload shapes', () => {
    expect(doc.paths['/private/payments/{paymentId}']?.['get']).toBeDefined();
    expect(doc.components.schemas['PrivateKindExtra']?.required).toEqual(['paymentsApiUrl', 'validator', 'transferQueue', 'mint', 'cluster']);
    expect(doc.components.schemas['PrivateRequirementsExtra']?.required).toContain('paymentId');
    expect(doc.components.schemas['PrivatePaymentPayload']?.required).toEqual(['paymentId']);
    expect(doc.paths['/verify']?.['post']?.description).toContain('PrivatePaymentPayload');
    expect(doc.paths['/settle']?.['post']?.description).toContain('PrivateRequirementsExtra');
  });
});

describe('OpenAPI document: sessions and settlements', () => {
  type Op = { responses: Record<string, { description?: string; content?: unknown; 'x-error-codes'?: string[] }>; parameters?: { name: string }[] };
  const doc = buildOpenApiDocument() as {
    paths: Record<string, Record<string, Op>>;
    components: { schemas: Record<string, { required?: string[]; properties?: Record<string, { enum?: string[] }> }> };
  };

  it('DELETE /sessions/{id} lists its 401 answers: bad_close_signature, stale_close_request, close_replayed', () => {
    const unauthorised = doc.paths['/sessions/{id}']?.['delete']?.responses['401'];
    expect(unauthorised?.['x-error-codes']).toEqual(['bad_close_signature', 'stale_close_request', 'close_replayed']);
    for (const code of ['bad_close_signature', 'stale_close_request', 'close_replayed']) expect(unauthorised?.description).toContain(code);
    expect(unauthorised?.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/Error' } } });
  });

  it('documents GET /settlements/{id}: the receipt, and 404 for an id it never saw', () => {
    const get = doc.paths['/settlements/{id}']?.['get'];
    expect(get?.parameters?.map((p) => p.name)).toEqual(['id']);
    expect(get?.responses['200']?.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/SettlementReceipt' } } });
    expect(Object.keys(get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '404']));
    const receipt = doc.components.schemas['SettlementReceipt'];
    expect(receipt?.required).toEqual(['settlementId', 'state', 'signature', 'amount', 'sessionId']);
    expect(receipt?.properties?.['state']?.enum).toEqual(['queued', 'submitted', 'settled', 'failed', 'unknown']);
  });
});

describe("OpenAPI document: the seed's shapes (issue 11)", () => {
  type Op = { requestBody?: { content: { 'application/json': { schema: { oneOf?: { $ref: string }[] } } } }; responses: Record<string, unknown> };
  type Schema = { required?: string[]; properties?: Record<string, { type?: string }>; anyOf?: Schema[]; oneOf?: Schema[] };
  const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, Schema> } };

  it("POST /sessions takes quietpay's body or the seed's, and lists legacy mode's 403 and the approve's 422", () => {
    const open = doc.paths['/sessions']?.['post'];
    expect(open?.requestBody?.content['application/json'].schema.oneOf).toEqual([
      { $ref: '#/components/schemas/OpenSessionRequest' },
      { $ref: '#/components/schemas/SeedOpenSessionRequest' },
    ]);
    expect(doc.components.schemas['SeedOpenSessionRequest']?.required).toEqual(['approveTxBase64', 'authMessage', 'authSignature', 'user']);
    expect(Object.keys(open?.responses ?? {})).toEqual(expect.arrayContaining(['201', '403', '422', '429']));
  });

  it('a session says whether it is legacy', () => {
    expect(doc.components.schemas['Session']?.properties?.['legacy']).toEqual({ type: 'boolean', description: expect.any(String) });
  });

  it('/verify and /settle do not require a top-level x402Version (taken from paymentPayload.x402Version)', () => {
    const variants = doc.components.schemas['VerifySettleRequest']?.oneOf ?? doc.components.schemas['VerifySettleRequest']?.anyOf ?? [];
    expect(variants).toHaveLength(2);
    for (const v of variants) expect(v.required).toEqual(['paymentPayload', 'paymentRequirements']);
  });
});
