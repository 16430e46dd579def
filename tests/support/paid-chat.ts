import { readPaymentReceipt, type SessionHandle } from '@quietpay/sdk';
import { expect } from 'vitest';
import type { SessionStack } from './session-stack';

/** examples/paid-api's price of one `/api/chat`: 0.5 USDC. */
export const CHAT_PRICE = 500_000n;

/** One `POST /api/chat` to the stack's paid API through the session's fetch (which pays a 402). */
export function chatCall(stack: SessionStack, handle: SessionHandle, message: string): Promise<Response> {
  return handle.fetch(`${stack.paidApiUrl}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message }),
  });
}

/** A chat call that must be answered 200 and paid CHAT_PRICE; its transfer's signature. */
export async function paidChat(stack: SessionStack, handle: SessionHandle, message: string): Promise<string> {
  const res = await chatCall(stack, handle, message);
  expect(res.status, stack.output().slice(-3000)).toBe(200);
  const receipt = readPaymentReceipt(res);
  expect(receipt).toMatchObject({ success: true, amount: CHAT_PRICE.toString() });
  return receipt!.transaction;
}
