import { Address } from '@quietpay/solana';
import { InvalidOptionError, isPaymentId, type PaymentRequirements } from '@quietpay/x402';
import type { PaymentPayloadResult, SchemeNetworkClient } from '@x402/core/types';
import type { FetchLike } from '../facilitator/facilitator.client';
import type { SentPayment } from '../private/payment-transaction.executor';
import { PaymentsApiClient } from '../private/payments-api.client';
import { payQuoteWithSettings, type PrivateTransferSettings } from '../private/private-client.factory';
import { PrivatePaymentError } from '../private/private-payment.error';
import type { WalletSigner } from '../wallet/wallet-signer.types';
import type { Px402Quote } from '../private/px402-quote.parser';
import { type PrivateChainPort, rpcChain } from '../private/solana-chain.port';
import { QuietpaySdkError } from '../errors/sdk.error';
import { requireHttpUrl, requireWallet } from '../options/option-checks';

/** Options of {@link PrivateSchemeClient}. */
export interface PrivateSchemeClientOptions {
  /** The paying wallet: it signs the private transfer the payments API builds. */
  readonly wallet: WalletSigner;
  /** The CAIP-2 network of the facilitator's `private` kind (its GET /supported): register the scheme under it. */
  readonly network: `${string}:${string}`;
  /**
   * The facilitator the resource server settles with. The funds move before the retried request
   * (agent → transfer queue → crank → payTo), and the resource server answers 402 `payment_pending`
   * until the facilitator saw the crank's settlement; x402Client retries once, so the scheme asks
   * the facilitator's /verify (which claims nothing) and hands over the payload only once it is seen.
   */
  readonly facilitatorUrl: string;
  /** Confirms the agent's transfer; or `rpcUrl` to make one. */
  readonly chain?: PrivateChainPort;
  readonly rpcUrl?: string;
  /**
   * Settlement delays (default `DEFAULT_PRIVATE_DELAYS`) and denominations. `denominations: 'auto'`
   * (default) pays the price as 1-2-5 standard parts, each its own private transfer under the
   * payment id, when the requirements say the facilitator sums parts (`extra.paymentParts: "sum"`,
   * quietpay's gateway advertises it in /supported); `'on'` always, `'off'` one transfer.
   */
  readonly transfer?: PrivateTransferSettings;
  /** How long to wait for the facilitator to see the settlement (default 120 s), and how often to ask (default 500 ms). */
  readonly settleTimeoutMs?: number;
  readonly settlePollMs?: number;
  readonly fetch?: FetchLike;
}

interface PrivateExtra {
  readonly paymentId: string;
  readonly paymentToken: string;
  readonly paymentsApiUrl: string;
  readonly cluster: string;
  /** The facilitator sums every settlement under the payment id (`extra.paymentParts: "sum"`). */
  readonly partsSummed: boolean;
}

function extraOf(requirements: PaymentRequirements): PrivateExtra {
  const extra = requirements.extra ?? {};
  const text = (key: string): string | undefined => (typeof extra[key] === 'string' && extra[key] !== '' ? extra[key] : undefined);
  const paymentId = text('paymentId');
  const paymentToken = text('paymentToken');
  const paymentsApiUrl = text('paymentsApiUrl');
  const cluster = text('cluster');
  if (paymentId === undefined || !isPaymentId(paymentId) || paymentToken === undefined || paymentsApiUrl === undefined || cluster === undefined) {
    throw new QuietpaySdkError(
      'payment_not_acceptable',
      'private requirements need extra.paymentId (decimal u63), paymentToken, paymentsApiUrl and cluster',
      { extra },
      false,
      { phase: 'quote' },
    );
  }
  return { paymentId, paymentToken, paymentsApiUrl, cluster, partsSummed: extra['paymentParts'] === 'sum' };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The quietpay `private` scheme (x402 v2 wire, hidden recipient) for `@x402/core`'s client, so
 * `@x402/fetch`'s `wrapFetchWithPayment` pays private-scheme 402s: the payment goes through
 * MagicBlock's private transfer queue with `clientRefId = extra.paymentId`, and the payload names
 * that payment and echoes the resource server's `paymentToken` (PROTOCOLS.md, private scheme).
 *
 * Unlike the session scheme this moves money while creating the payload. If the facilitator does
 * not see the settlement in time the error (`settle_timeout`, not retryable) carries the transfer
 * signature and the payment id: the payment may still land, so do not pay the same 402 again.
 *
 * @example
 * const scheme = new PrivateSchemeClient({ wallet: keypairWallet(agent), network, facilitatorUrl, rpcUrl });
 * const client = x402Client.fromConfig({
 *   schemes: [{ network: scheme.network, client: scheme }],
 *   spendControls: { allowedAssets: [{ network: scheme.network, asset: USDC_MINT, maxAmountPerPayment: '100000' }] },
 * });
 * const paidFetch = wrapFetchWithPayment(fetch, client);
 */
export class PrivateSchemeClient implements SchemeNetworkClient {
  readonly scheme = 'private';
  readonly network: `${string}:${string}`;
  private readonly chain: PrivateChainPort;
  private readonly fetchImpl: FetchLike;

  constructor(private readonly options: PrivateSchemeClientOptions) {
    const where = 'PrivateSchemeClient';
    requireWallet(where, 'wallet', options.wallet);
    requireHttpUrl(where, 'facilitatorUrl', options.facilitatorUrl);
    if (!/^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/.test(String(options.network)))
      throw new InvalidOptionError(where, 'network', "must be a CAIP-2 network (e.g. the facilitator's private kind)", options.network);
    this.network = options.network;
    if (options.chain !== undefined) this.chain = options.chain;
    else if (options.rpcUrl !== undefined) this.chain = rpcChain(requireHttpUrl(where, 'rpcUrl', options.rpcUrl));
    else throw new InvalidOptionError(where, 'rpcUrl', 'is required when no `chain` is given');
    const given = options.fetch;
    // A caller's window.fetch, called as this.fetchImpl(…), would throw "Illegal invocation" in a browser.
    this.fetchImpl = given ? (input, init) => given(input, init) : (input, init) => fetch(input, init);
  }

  async createPaymentPayload(x402Version: number, requirements: PaymentRequirements): Promise<PaymentPayloadResult> {
    if (x402Version !== 2)
      throw new QuietpaySdkError('scheme_not_supported', `the private scheme is x402 v2 only (asked for v${x402Version})`, { x402Version });
    const extra = extraOf(requirements);
    const quote: Px402Quote = {
      amount: BigInt(requirements.amount),
      address: requirements.payTo,
      paymentId: extra.paymentId,
      token: extra.paymentToken,
      partsSummed: extra.partsSummed,
    };
    const api = new PaymentsApiClient(extra.paymentsApiUrl, this.options.wallet, Address.from(requirements.asset), extra.cluster, this.fetchImpl);
    const sent = await payQuoteWithSettings({ api, wallet: this.options.wallet, chain: this.chain }, quote, this.options.transfer ?? {});
    // `signature` is informational (the facilitator judges the id): the first part's enqueue.
    const payload = { paymentId: extra.paymentId, paymentToken: extra.paymentToken, signature: sent.signature };
    await this.untilObserved(requirements, payload, quote, sent);
    return { x402Version: 2, payload };
  }

  /** Asks the facilitator's /verify until it stops answering `payment_pending`. */
  private async untilObserved(requirements: PaymentRequirements, payload: Record<string, string>, quote: Px402Quote, sent: SentPayment): Promise<void> {
    const deadline = Date.now() + (this.options.settleTimeoutMs ?? 120_000);
    const body = JSON.stringify({ x402Version: 2, paymentPayload: { x402Version: 2, accepted: requirements, payload }, paymentRequirements: requirements });
    for (;;) {
      const reason = await this.verifyReason(body);
      // Paid in parts, each settling after its own random delay: the facilitator sums what has
      // arrived so far, so "below the price" means "more parts to come" until the deadline.
      const partsToCome = reason === 'amount_mismatch' && (sent.parts ?? 1) > 1;
      // Any other answer (valid, or a refusal the resource server will report) ends the wait.
      if (reason !== 'payment_pending' && reason !== 'unreachable' && !partsToCome) return;
      if (Date.now() >= deadline) {
        throw new PrivatePaymentError(`the facilitator did not see payment ${quote.paymentId} settle in time; it may still land: do not pay this 402 again`, {
          phase: 'settle-wait',
          code: 'settle_timeout',
          retryable: false,
          signature: sent.signature,
          quote,
        });
      }
      await sleep(this.options.settlePollMs ?? 500);
    }
  }

  private async verifyReason(body: string): Promise<string | undefined> {
    try {
      const res = await this.fetchImpl(`${this.options.facilitatorUrl.replace(/\/$/, '')}/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      if (res.status >= 500) return 'unreachable';
      const answer = (await res.json()) as { isValid?: boolean; invalidReason?: string };
      return answer.isValid === true ? undefined : answer.invalidReason;
    } catch {
      return 'unreachable';
    }
  }
}
