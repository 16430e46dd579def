import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi.document';

describe('OpenAPI document: the private scheme', () => {
  const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { description?: string }>>; components: { schemas: Record<string, { required?: string[] }> } };

  it('lists /private/payments/{paymentId} and the private kind, requirements and payload shapes', () => {
    expect(doc.paths['/private/payments/{paymentId}']?.['get']).toBeDefined();
    expect(doc.components.schemas['PrivateKindExtra']?.required).toEqual(['paymentsApiUrl', 'validator', 'transferQueue', 'mint', 'cluster']);
    expect(doc.components.schemas['PrivateRequirementsExtra']?.required).toContain('paymentId');
    expect(doc.components.schemas['PrivatePaymentPayload']?.required).toEqual(['paymentId']);
    expect(doc.paths['/verify']?.['post']?.description).toContain('PrivatePaymentPayload');
    expect(doc.paths['/settle']?.['post']?.description).toContain('PrivateRequirementsExtra');
  });
});
