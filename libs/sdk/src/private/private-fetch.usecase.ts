import { InvalidOptionError } from '@quietpay/x402';
import { PrivatePaymentError, PrivatePaymentExpiredError, type PrivatePaymentErrorContext, type PrivatePaymentPhase } from './private-payment.error';
import { PX402_HEADERS as H } from '@quietpay/x402';
import { parsePx402Quote, parseRetryAfterMs, type Px402Quote } from './px402-quote.parser';
import { answerCode, classify402, readJsonBody } from './px402-answer.reader';
import { nextRetryDelay, type PrivateRetryPolicy } from './retry-schedule';
import type { SentPayment } from './payment-transaction.executor';

/** One payment this client made for a request. */
export interface PrivatePaymentReceipt {
  readonly paymentId: string;
  readonly amount: bigint;
  /** The wallet the quote named. */
  readonly recipient: string;
  /** The agent's private-transfer transaction (deposit into the queue). */
  readonly transactionSignature: string;
  /** The settlement transaction the server reported in `X-Payment-Signature`, once served. */
  readonly settlementSignature?: string;
}

export interface PrivateFetchResult {
  readonly response: Response;
  /** Payments made for this request (two only with `repayOnExpiry`). */
  readonly payments: readonly PrivatePaymentReceipt[];
}

export interface PrivateFetchDeps {
  readonly fetchImpl: typeof fetch;
  readonly pay: (quote: Px402Quote) => Promise<SentPayment>;
  readonly retry: PrivateRetryPolicy;
  readonly repayOnExpiry: boolean;
  /** Refuse quotes above this many micro-USDC (phase `quote`). */
  readonly maxAmountPerRequest?: bigint;
  readonly onPayment?: (receipt: PrivatePaymentReceipt) => void;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now: () => number;
}

interface Credentials {
  readonly paymentId: string;
  readonly token: string;
}

async function reasonOf(res: Response): Promise<string | undefined> {
  return answerCode(await readJsonBody(res));
}

function callerCredentials(headers: Headers): Credentials | undefined {
  const paymentId = headers.get(H.id);
  const token = headers.get(H.token);
  return paymentId && token ? { paymentId, token } : undefined;
}

/**
 * The px402 client loop: request; on a 402 quote pay once; retry with id + token while the answer
 * is `payment_pending`, honouring the retry policy, `Retry-After` and the expiry rule.
 */
export async function privateFetch(deps: PrivateFetchDeps, url: string | URL, init: RequestInit = {}): Promise<PrivateFetchResult> {
  if (typeof ReadableStream !== 'undefined' && init.body instanceof ReadableStream) {
    throw new InvalidOptionError('private fetch', 'init.body', 'must be a string, bytes or FormData, not a stream (px402 may resend the request)');
  }
  const started = deps.now();
  const baseHeaders = new Headers(init.headers);
  // A caller resuming an earlier payment passes its id and token: such a request must never pay again.
  let credentials = callerCredentials(baseHeaders);
  let quote: Px402Quote | undefined;
  let paid: SentPayment | undefined;
  let waitStarted = started;
  let attempt = 0;
  const payments: PrivatePaymentReceipt[] = [];

  const context = (phase: PrivatePaymentPhase): Pick<PrivatePaymentErrorContext, 'phase'> & Partial<PrivatePaymentErrorContext> => ({
    phase,
    ...(quote ? { quote } : {}),
    ...(paid ? { signature: paid.signature } : {}),
  });
  const waitOrFail = async (delay: number | undefined, fail: () => PrivatePaymentError): Promise<void> => {
    if (delay === undefined) throw fail();
    try {
      await deps.sleep(delay, init.signal ?? undefined);
    } catch (err) {
      throw new PrivatePaymentError('aborted while waiting', {
        ...context(credentials ? 'settle-wait' : 'quote'),
        code: 'aborted',
        retryable: true,
        cause: err,
      });
    }
  };
  const pay = async (q: Px402Quote): Promise<void> => {
    if (deps.maxAmountPerRequest !== undefined && q.amount > deps.maxAmountPerRequest) {
      throw new PrivatePaymentError(`quote of ${q.amount} exceeds the limit of ${deps.maxAmountPerRequest}`, {
        ...context('quote'),
        quote: q,
        code: 'amount_over_limit',
        retryable: false,
      });
    }
    quote = q;
    paid = await deps.pay(q);
    const receipt = { paymentId: q.paymentId, amount: q.amount, recipient: q.address, transactionSignature: paid.signature };
    payments.push(receipt);
    deps.onPayment?.(receipt);
    credentials = { paymentId: q.paymentId, token: q.token };
    waitStarted = deps.now();
    attempt = 0;
  };

  for (;;) {
    const headers = new Headers(baseHeaders);
    if (credentials) {
      headers.set(H.id, credentials.paymentId);
      headers.set(H.token, credentials.token);
    }
    let res: Response;
    try {
      res = await deps.fetchImpl(url, { ...init, headers });
    } catch (err) {
      if (!paid) throw err;
      throw new PrivatePaymentError('resource server unreachable after paying', {
        ...context('retry'),
        code: 'resource_unreachable',
        retryable: true,
        cause: err,
      });
    }

    if (res.status === 402) {
      const body = await readJsonBody(res);
      const kind = classify402(body);
      const code = answerCode(body);
      const withCode = code ? { reason: code } : {};
      // Quote headers matter only when the answer asks for a (new) payment: px402's pending and
      // amount_mismatch answers carry none, and the id and token already sent stay valid.
      const quoteOf = (): Px402Quote => {
        const parsed = parsePx402Quote(res.headers);
        if (parsed.ok) return parsed.quote;
        throw new PrivatePaymentError(`unusable px402 quote: ${parsed.detail}`, {
          ...context(credentials ? 'retry' : 'quote'),
          code: 'malformed_quote',
          retryable: false,
          status: 402,
          ...withCode,
        });
      };
      if (!credentials && (kind === 'unknown' || kind === 'payment_required')) {
        // Another scheme's 402 (no px402 network header) is the caller's to handle.
        const parsed = parsePx402Quote(res.headers);
        if (!parsed.ok && parsed.reason === 'not_px402') return { response: res, payments };
        await pay(quoteOf());
        continue;
      }
      switch (kind) {
        case 'payment_required':
          throw new PrivatePaymentError('server asked for a new payment although this one was sent', {
            ...context('retry'),
            code: 'unexpected_answer',
            retryable: false,
            status: 402,
            ...withCode,
          });
        case 'payment_pending':
          await waitOrFail(
            nextRetryDelay(deps.retry, attempt++, deps.now() - waitStarted),
            () =>
              new PrivatePaymentError('payment not settled within retry.maxWaitMs; retry later with the same id and token', {
                ...context('settle-wait'),
                code: 'settle_timeout',
                retryable: true,
                status: 402,
                ...withCode,
              }),
          );
          continue;
        case 'expired': {
          const fresh = quoteOf();
          if (!deps.repayOnExpiry || payments.length > 1 || !paid) {
            throw new PrivatePaymentExpiredError(
              'payment token expired before the settlement was served; not paying again',
              {
                ...context('retry'),
                status: 402,
                reason: 'expired',
              },
              fresh,
            );
          }
          credentials = undefined;
          await pay(fresh);
          continue;
        }
        case 'amount_mismatch':
          // Paid in parts, each settling after its own random delay: the server sums what has
          // arrived so far, so "below the price" means "more parts to come" until the wait ends.
          if ((paid?.parts ?? 1) > 1) {
            await waitOrFail(
              nextRetryDelay(deps.retry, attempt++, deps.now() - waitStarted),
              () =>
                new PrivatePaymentError('not every part of the payment settled within retry.maxWaitMs; retry later with the same id and token', {
                  ...context('settle-wait'),
                  code: 'settle_timeout',
                  retryable: true,
                  status: 402,
                  reason: 'amount_mismatch',
                }),
            );
            continue;
          }
          throw new PrivatePaymentError('server saw a settlement below the price', {
            ...context('retry'),
            code: 'amount_mismatch',
            retryable: false,
            status: 402,
            reason: 'amount_mismatch',
          });
        case 'unknown':
          throw new PrivatePaymentError(`unexpected 402 answer ${code ?? '(no code)'}`, {
            ...context('retry'),
            code: 'unexpected_answer',
            retryable: false,
            status: 402,
            ...withCode,
          });
      }
    }

    if (res.status === 429) {
      const retryAfter = parseRetryAfterMs(res.headers.get('retry-after'), deps.now());
      await res.body?.cancel();
      const elapsed = deps.now() - (paid ? waitStarted : started);
      const delay = retryAfter ?? nextRetryDelay(deps.retry, attempt++, elapsed);
      await waitOrFail(
        delay !== undefined && elapsed + delay <= deps.retry.maxWaitMs ? delay : undefined,
        () =>
          new PrivatePaymentError('rate limited beyond retry.maxWaitMs', {
            ...context(credentials ? 'retry' : 'quote'),
            code: 'rate_limited',
            retryable: true,
            status: 429,
          }),
      );
      continue;
    }

    if (credentials && res.status === 503) {
      const reason = await reasonOf(res);
      await waitOrFail(
        nextRetryDelay(deps.retry, attempt++, deps.now() - waitStarted),
        () =>
          new PrivatePaymentError('facilitator unavailable beyond retry.maxWaitMs; retry later with the same id and token', {
            ...context('settle-wait'),
            code: 'facilitator_unavailable',
            retryable: true,
            status: 503,
            ...(reason ? { reason } : {}),
          }),
      );
      continue;
    }

    if (credentials && (res.status === 401 || res.status === 409)) {
      const reason = await reasonOf(res);
      const replay = res.status === 409;
      throw new PrivatePaymentError(replay ? 'payment was already used for another request' : `server rejected the payment token (${reason ?? 'no reason'})`, {
        ...context('retry'),
        code: replay ? 'replay' : 'token_rejected',
        retryable: false,
        status: res.status,
        ...(reason ? { reason } : {}),
      });
    }

    const settlementSignature = res.headers.get(H.signature);
    const last = payments.pop();
    if (last) payments.push(settlementSignature ? { ...last, settlementSignature } : last);
    return { response: res, payments };
  }
}
