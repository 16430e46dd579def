import type { PaymentLookup } from '@quietpay/server';
import type { PeerSubscriber } from './px402-subscriber.peer';

/**
 * quietpay's PaymentLookup port answered by px402's subscriber rule: lets quietpay's middleware sit
 * beside a px402 server on the same receiver without a facilitator (the mixed-fleet tests).
 */
export function peerSubscriberLookup(sub: PeerSubscriber, receiver: string): PaymentLookup {
  return {
    find: ({ paymentId }) => {
      const hit = sub.lookup(paymentId);
      return Promise.resolve(hit ? { status: 'found', amount: hit.amount.toString(), destination: receiver, signature: hit.signature } : { status: 'pending' });
    },
  };
}
