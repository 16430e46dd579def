import { verifyPaymentToken, signPaymentToken } from '../token/payment-token.codec';
import { PaymentTokenClaims, PaymentTokenVerification } from '../token/payment-token.types';
import { PaymentLookupError, PaymentLookupResult } from '../ports/payment-lookup.port';
import { RateLimiter } from '../ports/rate-limiter.port';
import { dependencyUnavailable, paymentRequired, Px402Quote, refusal, tooManyRequests } from './px402-answers.factory';
import { DEFAULT_TOKEN_TTL_MS, PX402_HEADERS } from './px402-headers.constants';
import { DecideDeps, Px402Answer, Px402Decision, Px402Request } from './px402-request.types';
import { randomPaymentId } from './payment-id.util';
import { DEFAULT_PRICE_TOLERANCE_BPS, minimumAccepted } from './price-tolerance.rule';
import { normalizePath } from './request-path.util';

// Clock skew between replicas: pads the replay claim, and the life a legacy seconds token may claim.
const REPLAY_MARGIN_MS = 60_000;
// Long enough for a Redis failover or reconnect, short enough that a paying agent is not kept waiting.
const STORE_RETRY_AFTER_SECONDS = 2;
const STORE_FAILED = Symbol('store failed');

/**
 * Runs a replay-store or rate-limiter call; any failure (connection refused, offline queue off,
 * timeout, script error) becomes STORE_FAILED so decide answers a typed 503 instead of throwing
 * into the framework's error handler (a 500 that tells the client nothing).
 */
async function fromStore<T>(call: () => Promise<T>): Promise<T | typeof STORE_FAILED> {
  try {
    return await call();
  } catch {
    return STORE_FAILED;
  }
}

/** Counts one request; undefined when it may go on, else the 429 or 503 to answer. */
async function limit(limiter: RateLimiter | undefined, key: string): Promise<Px402Answer | undefined> {
  if (limiter === undefined) return undefined;
  const verdict = await fromStore(() => limiter.hit(key));
  if (verdict === STORE_FAILED) return dependencyUnavailable(STORE_RETRY_AFTER_SECONDS);
  return verdict.allowed ? undefined : tooManyRequests(verdict.retryAfterMs);
}

function freshQuote(path: string, deps: DecideDeps): Px402Quote {
  const now = (deps.now ?? Date.now)();
  const claims: PaymentTokenClaims = {
    paymentId: (deps.newPaymentId ?? randomPaymentId)(),
    amount: BigInt(deps.price.amount).toString(10),
    // Epoch milliseconds, as px402 mints and checks it (PROTOCOLS.md §4).
    expiry: now + (deps.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS),
    path,
    destination: deps.price.destination,
  };
  return quoteOf(claims, signPaymentToken(claims, deps.secrets), deps);
}

function quoteOf(claims: PaymentTokenClaims, token: string, deps: DecideDeps): Px402Quote {
  return {
    amount: claims.amount,
    destination: claims.destination,
    paymentId: claims.paymentId,
    token,
    expiry: claims.expiry,
    description: deps.price.description,
    partsSummed: deps.lookup.sumsParts === true,
  };
}

/**
 * A token minted with a seconds expiry (quietpay before 0.2) is honoured only while legacy tokens
 * are on and only if it claims no more than one TTL (plus skew) of life left: no honest old token
 * can, so a longer one is not ours to trust.
 */
function legacyTokenRefused(verified: Extract<PaymentTokenVerification, { ok: true }>, now: number, deps: DecideDeps): boolean {
  if (verified.legacySecondsExpiry !== true) return false;
  if (deps.legacySecondsTokens === false) return true;
  return verified.claims.expiry - now > (deps.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS) + REPLAY_MARGIN_MS;
}

/** The 401 for a token that is authentic but was issued for something else, if any. */
function bindingMismatch(claims: PaymentTokenClaims, paymentId: string, path: string, deps: DecideDeps) {
  if (claims.paymentId !== paymentId) {
    return refusal(401, 'payment_id_mismatch', 'X-Payment-Id does not match the payment token');
  }
  if (claims.path !== path) {
    return refusal(401, 'path_mismatch', 'the payment token was issued for another resource');
  }
  if (claims.amount !== BigInt(deps.price.amount).toString(10)) {
    return refusal(401, 'amount_changed', 'the price changed since the token was issued; request a new quote');
  }
  if (claims.destination !== deps.price.destination) {
    return refusal(401, 'destination_mismatch', 'the payment token names another recipient');
  }
  return undefined;
}

async function lookUp(deps: DecideDeps, paymentId: string): Promise<PaymentLookupResult | undefined> {
  try {
    return await deps.lookup.find({ paymentId, destination: deps.price.destination });
  } catch (error) {
    if (error instanceof PaymentLookupError) return undefined;
    throw error;
  }
}

/**
 * Decides one request to a px402-priced route, framework-free: either serve it (the payment
 * named by `X-Payment-Id` + `X-Payment-Token` settled to this route's wallet, at least at this
 * price less the tolerance, and was not used before) or answer with a status, headers and JSON
 * body (PROTOCOLS.md §4). Order: token (format, MAC, binding), rate limit (new quotes and bad
 * tokens per route and IP; retries of a quoted id per route and payment id), expiry, on-chain
 * lookup, amount, replay claim. The replay claim comes last so that a pending or underpaid attempt
 * does not burn the id. Replay-store or rate-limiter failures become 503 `dependency_unavailable`
 * with `Retry-After` (fail closed: nothing is served without the claim); lookup failures become
 * 503 `rpc_error`. Paths are compared without a trailing `/`.
 *
 * @example
 * const decision = await decide(
 *   { method: 'GET', path: '/weather', headers: { 'x-payment-id': id, 'x-payment-token': token }, clientIp: ip },
 *   { price: { amount: 10_000n, destination: wallet }, secrets, lookup, replay, rateLimiter, retryRateLimiter },
 * );
 * if (decision.kind === 'serve') respond(200, { ...body }, decision.headers);
 * else respond(decision.status, decision.body, decision.headers);
 */
export async function decide(request: Px402Request, deps: DecideDeps): Promise<Px402Decision> {
  const path = normalizePath(request.path);
  const route = deps.price.routeId ?? path;
  const quoteLimit = (): Promise<Px402Answer | undefined> => limit(deps.rateLimiter, `${route}|${request.clientIp}`);

  const paymentId = request.headers[PX402_HEADERS.id.toLowerCase()];
  const token = request.headers[PX402_HEADERS.token.toLowerCase()];
  if (paymentId === undefined && token === undefined) {
    return (await quoteLimit()) ?? paymentRequired('payment_required', 'payment required', freshQuote(path, deps));
  }
  const now = (deps.now ?? Date.now)();
  const verified = paymentId === undefined || token === undefined ? undefined : verifyPaymentToken(token, deps.secrets);
  if (paymentId === undefined || verified === undefined || !verified.ok || legacyTokenRefused(verified, now, deps)) {
    // Unverifiable credentials cost a MAC each: they share the quote budget so they cannot flood.
    return (
      (await quoteLimit()) ??
      refusal(
        401,
        'invalid_token',
        paymentId === undefined || token === undefined ? 'send both X-Payment-Id and X-Payment-Token' : 'the payment token is malformed or not ours',
      )
    );
  }
  const claims = verified.claims;
  const mismatch = bindingMismatch(claims, paymentId, path, deps);
  if (mismatch !== undefined) return (await quoteLimit()) ?? mismatch;

  if (now >= claims.expiry) {
    return (await quoteLimit()) ?? paymentRequired('expired', 'the payment token expired; pay the new quote', freshQuote(path, deps));
  }
  const retryRefused = await limit(deps.retryRateLimiter, `${route}|${paymentId}`);
  if (retryRefused !== undefined) return retryRefused;

  const sameQuote = quoteOf(claims, token ?? '', deps);
  const found = await lookUp(deps, paymentId);
  if (found === undefined) return refusal(503, 'rpc_error', 'cannot reach the payment index; retry shortly');
  if (found.status === 'pending') {
    return paymentRequired('payment_pending', 'payment not observed on chain yet; retry shortly', sameQuote);
  }
  if (found.destination !== deps.price.destination) {
    return refusal(401, 'destination_mismatch', 'the payment with this id went to another recipient');
  }
  if (BigInt(found.amount) < minimumAccepted(BigInt(claims.amount), deps.priceToleranceBps ?? DEFAULT_PRICE_TOLERANCE_BPS)) {
    return paymentRequired('amount_mismatch', `received ${found.amount}, price is ${claims.amount}`, sameQuote, {
      expected: claims.amount,
      actual: found.amount,
    });
  }

  // The claim must outlive the token (and be at least a token TTL): once it lapses, the token
  // it guarded is already expired. The margin absorbs clock skew between replicas.
  const remainingMs = claims.expiry - now;
  const claimTtlMs = Math.max(remainingMs, deps.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS) + REPLAY_MARGIN_MS;
  const claimed = await fromStore(() => deps.replay.claim(paymentId, claimTtlMs));
  // Unknown whether the claim was taken (a write may have landed before the reply was lost): the
  // retry then meets `replay`, the safe side, rather than serving one payment twice.
  if (claimed === STORE_FAILED) return dependencyUnavailable(STORE_RETRY_AFTER_SECONDS);
  if (!claimed) {
    return refusal(409, 'replay', 'this payment was already used');
  }
  return {
    kind: 'serve',
    paymentId,
    signature: found.signature,
    headers: { [PX402_HEADERS.signature]: found.signature },
  };
}
