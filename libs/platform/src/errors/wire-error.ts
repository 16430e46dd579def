import { z } from 'zod';
import { QuietpayError } from './quietpay-error';

/**
 * JSON form of quietpay.common.v1.Error: the `error` arm of every command reply
 * (`{ "error": WireError }`). The stack never leaves the process.
 */
export const wireErrorSchema = z.object({
  code: z.string().min(1),
  message: z.string().default(''),
  retryable: z.boolean().default(false),
  context: z.record(z.string(), z.string()).default({}),
});

export type WireError = z.output<typeof wireErrorSchema>;

export function toWireError(error: QuietpayError): WireError {
  return { code: error.code, message: error.message, retryable: error.retryable, context: { ...error.context } };
}

export function fromWireError(wire: WireError): QuietpayError {
  return new QuietpayError(wire.code, wire.message, { retryable: wire.retryable, context: wire.context });
}
