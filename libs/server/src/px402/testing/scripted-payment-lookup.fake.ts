import { PaymentLookup, PaymentLookupQuery, PaymentLookupResult } from '../ports/payment-lookup.port';

/** Unit-test double: answers from a table, or throws what `failWith` holds. */
export class ScriptedPaymentLookup implements PaymentLookup {
  readonly payments = new Map<string, PaymentLookupResult>();
  readonly queries: PaymentLookupQuery[] = [];
  failWith: Error | undefined;
  sumsParts = false;

  async find(query: PaymentLookupQuery): Promise<PaymentLookupResult> {
    this.queries.push(query);
    if (this.failWith !== undefined) throw this.failWith;
    return this.payments.get(query.paymentId) ?? { status: 'pending' };
  }
}
