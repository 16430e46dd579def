import { Span, trace } from '@opentelemetry/api';

/** Identifiers worth searching traces by. All public or opaque; amounts and keys are never attributes. */
export interface PaymentAttributes {
  readonly sessionId?: string;
  readonly settlementId?: string;
  readonly chargeId?: string;
  /** A transaction signature (public, on chain). */
  readonly signature?: string;
  /** The NATS subject the operation travelled on. */
  readonly subject?: string;
  readonly paymentId?: string;
}

const ATTRIBUTE_NAMES: Readonly<Record<keyof PaymentAttributes, string>> = {
  sessionId: 'quietpay.session.id',
  settlementId: 'quietpay.settlement.id',
  chargeId: 'quietpay.charge.id',
  signature: 'quietpay.tx.signature',
  subject: 'messaging.destination.name',
  paymentId: 'quietpay.payment.id',
};

const KEYS = Object.keys(ATTRIBUTE_NAMES) as (keyof PaymentAttributes)[];
// Read from messages automatically: opaque ids only. Not `signature`: in messages it can also be
// a wallet's decrypt authorization (a credential), so transaction signatures are set explicitly.
const ID_KEYS = ['sessionId', 'settlementId', 'chargeId', 'paymentId'] as const;

/**
 * Sets the given identifiers on `span` (the active span by default). An allow-list: only these
 * names can ever be written, so a caller passing a whole payload cannot leak a field into traces.
 *
 * @example
 * setPaymentAttributes({ sessionId: request.sessionId, chargeId: request.chargeId });
 */
export function setPaymentAttributes(attributes: PaymentAttributes, span: Span | undefined = trace.getActiveSpan()): void {
  if (!span) return;
  for (const key of KEYS) {
    const value = attributes[key];
    if (typeof value === 'string' && value.length > 0) span.setAttribute(ATTRIBUTE_NAMES[key], value);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The allow-listed identifiers a decoded message or reply carries, at its top level or one
 * level down (`payload.sessionId` of a charge, `result.value.settlementId` of a reply). The
 * shallower occurrence wins; everything else in the message is ignored.
 */
export function paymentAttributesOf(message: unknown): PaymentAttributes {
  if (!isRecord(message)) return {};
  const layers = [message, ...Object.values(message).filter(isRecord)];
  for (const child of Object.values(message).filter(isRecord)) layers.push(...Object.values(child).filter(isRecord));
  const found: Record<string, string> = {};
  for (const layer of layers) {
    for (const key of ID_KEYS) {
      const value = layer[key];
      if (found[key] === undefined && typeof value === 'string' && value.length > 0) found[key] = value;
    }
  }
  return found;
}
