import { z } from 'zod';
import { PrivatePaymentError, PrivatePaymentExpiredError, type PrivateClient } from '@quietpay/sdk';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

// Answers are read by a model: keep them bounded.
const MAX_BODY_CHARS = 64_000;

export const px402FetchInput = {
  url: z.url().describe('URL of the paid API'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional().describe('HTTP method (default GET)'),
  body: z.string().optional().describe('Request body (sent as is; JSON needs a content-type header)'),
  headers: z
    .record(z.string(), z.string())
    .optional()
    .describe('Extra request headers; pass X-Payment-Id and X-Payment-Token from an earlier error to resume without paying again'),
};

type Px402FetchArgs = { url: string; method?: string | undefined; body?: string | undefined; headers?: Record<string, string> | undefined };

const text = (value: unknown, isError = false): CallToolResult => ({
  content: [{ type: 'text', text: JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) }],
  ...(isError ? { isError: true } : {}),
});

/** The `px402_fetch` tool: fetch a URL, paying a px402 quote privately when asked. */
export function px402FetchTool(client: PrivateClient) {
  return async (args: Px402FetchArgs): Promise<CallToolResult> => {
    try {
      const { response, payments } = await client.fetchWithReceipt(args.url, {
        method: args.method ?? 'GET',
        ...(args.body !== undefined ? { body: args.body } : {}),
        ...(args.headers ? { headers: args.headers } : {}),
      });
      const body = await response.text();
      return text(
        {
          status: response.status,
          paymentSignature: response.headers.get('x-payment-signature'),
          contentType: response.headers.get('content-type'),
          body: body.length > MAX_BODY_CHARS ? `${body.slice(0, MAX_BODY_CHARS)}…(truncated)` : body,
          payments,
        },
        response.status >= 400,
      );
    } catch (err) {
      if (!(err instanceof PrivatePaymentError)) throw err;
      // A sent payment is reported with what it takes to resume it, never hidden behind a message.
      return text(
        {
          error: err.code,
          phase: err.phase,
          message: err.message,
          transactionSignature: err.signature,
          resumeHeaders: err.signature && err.quote ? { 'X-Payment-Id': err.quote.paymentId, 'X-Payment-Token': err.quote.token } : undefined,
          freshQuote: err instanceof PrivatePaymentExpiredError ? err.freshQuote : undefined,
        },
        true,
      );
    }
  };
}
