import { createPrivateClient, formatUnits, keypairWallet, parsePx402Quote, type PrivatePaymentReceipt } from '@quietpay/sdk';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { type Connection, type Keypair, PublicKey } from '@solana/web3.js';
import type { DemoAgentConfig } from './config.schema';
import { linkByAmountAndTime, namesParty, observePrivateQueue, visibleParts } from '@quietpay/chain-observer';
import { percentile } from './percentile.util';

/** One entry of the private API's `GET /api` price list. */
interface ListedRoute {
  readonly path: string;
  readonly amount: string;
}

/** What the private part proved, for the caller to judge. */
export interface PrivateDemoSummary {
  readonly callsPaid: number;
  readonly routes: number;
  /** Sum of the listed prices of the routes paid. */
  readonly expectedSpend: bigint;
  /** Sum of the quotes the agent paid. */
  readonly paidAmount: bigint;
  /** The merchant's SPL USDC balance after minus before. */
  readonly merchantDelta: bigint;
  /**
   * Base-chain transactions inspected (every send into the queue and settlement out of it since the
   * first payment, plus any of the demo's own the observer missed) and how many were found.
   */
  readonly transactionsChecked: number;
  readonly transactionsFound: number;
  /** Signatures of inspected transactions that name both agent and merchant (must be empty). */
  readonly linking: readonly string[];
  /**
   * Whether the check can see the parties at all: every agent transfer names the agent and every
   * settlement names the merchant (else "names neither" would pass for the wrong reason).
   */
  readonly partiesVisible: boolean;
  readonly summaryLines: readonly string[];
}

interface CallObserver {
  quoted(amount: bigint): void;
  pending(): void;
}

const short = (s: string): string => `${s.slice(0, 16)}…`;

/**
 * Pays each route of examples/private-api once through `createPrivateClient` with the agent wallet,
 * printing 402 quote → paid privately → pending → 200 per call, then checks the merchant's SPL
 * balance rose by exactly the listed prices and that no base-chain transaction of these payments
 * names both the agent and the merchant.
 */
export async function runPrivateDemo(
  config: DemoAgentConfig,
  wallets: { readonly agent: Keypair; readonly merchant: Keypair },
  connection: Connection,
  say: (line: string) => void,
): Promise<PrivateDemoSummary> {
  const mint = new PublicKey(config.USDC_MINT);
  const { decimals } = (await connection.getTokenSupply(mint, 'confirmed')).value;
  const usdc = (v: bigint): string => `${formatUnits(v, decimals)} USDC`;
  const agentKey = wallets.agent.publicKey;
  const merchantKey = wallets.merchant.publicKey;
  const merchantAta = getAssociatedTokenAddressSync(mint, merchantKey);
  const agentAta = getAssociatedTokenAddressSync(mint, agentKey);
  const splBalance = async (ata: PublicKey): Promise<bigint> => {
    const info = await connection.getAccountInfo(ata, 'confirmed');
    return info ? Buffer.from(info.data).readBigUInt64LE(64) : 0n; // SPL token account: amount at offset 64
  };

  const listing = await fetch(`${config.PRIVATE_API_URL}/api`);
  if (!listing.ok) throw new Error(`private API price list: HTTP ${listing.status}`);
  const { routes } = (await listing.json()) as { routes: ListedRoute[] };

  // Observes the API's real answers (statuses and px402 reasons) to print progress as it happens.
  let observer: CallObserver | undefined;
  const observingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (observer && url.startsWith(config.PRIVATE_API_URL) && res.status === 402) {
      const body = (await res
        .clone()
        .json()
        .catch(() => undefined)) as { reason?: string } | undefined;
      const quote = parsePx402Quote(res.headers);
      if (body?.reason === 'payment_pending') observer.pending();
      else if (body?.reason === 'payment_required' && quote.ok) observer.quoted(quote.quote.amount);
    }
    return res;
  };
  let onPayment: ((receipt: PrivatePaymentReceipt) => void) | undefined;
  const client = createPrivateClient({
    wallet: keypairWallet(wallets.agent),
    rpcUrl: config.RPC_URL,
    paymentsApiUrl: config.PAYMENTS_API_URL,
    mint: config.USDC_MINT,
    cluster: 'localnet',
    // Settle in 0.5–1.5 s instead of at once: a queued delay is what keeps timing from linking
    // the agent's transfer to the merchant's credit (and it shows the pending phase).
    transfer: { minDelayMs: 500, maxDelayMs: 1_500 },
    retry: { schedule: [250, 250, 500, 500, 1_000], maxWaitMs: 60_000 },
    fetch: observingFetch,
    onPayment: (receipt) => onPayment?.(receipt),
  });

  const before = { merchant: await splBalance(merchantAta), agent: await splBalance(agentAta) };
  // The chain observer below reads the queue's history from here on.
  const queue = new PublicKey(config.PRIVATE_TRANSFER_QUEUE);
  const queueBefore = (await connection.getSignaturesForAddress(queue, { limit: 1 }, 'confirmed'))[0]?.signature;
  say(`private scheme (px402): ${routes.length} routes, paid from the agent's USDC through MagicBlock's private transfer queue`);
  say(`balances before (SPL USDC, public): agent ${usdc(before.agent)}, merchant ${usdc(before.merchant)}`);

  const settleTimes: number[] = [];
  const transfers: string[] = [];
  const settlements: string[] = [];
  let paidAmount = 0n;
  let expectedSpend = 0n;
  for (const [index, route] of routes.entries()) {
    const tag = `  [${index + 1}/${routes.length}]`;
    const pad = ' '.repeat(tag.length + 1);
    let paidAt = 0;
    let pendings = 0;
    observer = {
      quoted: (amount) => say(`${tag} GET ${route.path} → 402 quote ${usdc(amount)}`),
      pending: () => {
        pendings += 1;
        if (pendings === 1) say(`${pad}pending … (settlement queued; retrying with X-Payment-Id + X-Payment-Token)`);
      },
    };
    onPayment = (receipt) => {
      paidAt = Date.now();
      paidAmount += receipt.amount;
      say(`${pad}paid privately ✓ ${usdc(receipt.amount)}, tx ${short(receipt.transactionSignature)}`);
    };
    const { response, payments } = await client.fetchWithReceipt(`${config.PRIVATE_API_URL}${route.path}`);
    const settlement = response.headers.get('x-payment-signature');
    if (response.status !== 200 || settlement === null || payments.length !== 1) {
      throw new Error(
        `${route.path}: HTTP ${response.status}, ${payments.length} payments${settlement === null ? ', no X-Payment-Signature' : ''} ${(await response.text()).slice(0, 200)}`,
      );
    }
    const body = JSON.stringify(await response.json());
    const settleMs = Date.now() - paidAt;
    settleTimes.push(settleMs);
    expectedSpend += BigInt(route.amount);
    for (const p of payments) transfers.push(p.transactionSignature);
    settlements.push(settlement);
    say(`${pad}200 ✓ X-Payment-Signature ${short(settlement)}, settled ${settleMs} ms after paying (${pendings} pending answers)  ${body.slice(0, 80)}`);
  }
  observer = undefined;
  onPayment = undefined;

  let after = { merchant: await splBalance(merchantAta), agent: await splBalance(agentAta) };
  // The 200 follows the settlement's confirmation; allow a bounded wait for the RPC to show it.
  for (let waited = 0; after.merchant - before.merchant < expectedSpend && waited < 10_000; waited += 500) {
    await new Promise((r) => setTimeout(r, 500));
    after = { merchant: await splBalance(merchantAta), agent: await splBalance(agentAta) };
  }

  // What a chain observer with only a public RPC sees of the queue since the first payment
  // (libs/chain-observer, as bench/privacy runs it): every send into it and settlement out of it,
  // each part of a payment paid in denominations included. The demo's own transfers and the
  // settlements the API reported must be among them, or the observer missed something.
  const seen = await observePrivateQueue(connection, queue, mint, new PublicKey(config.PRIVATE_VAULT), queueBefore);
  const observed = new Set([...seen.sends, ...seen.receipts].map((t) => t.signature));
  const missing = [...new Set([...transfers, ...settlements])].filter((signature) => !observed.has(signature));

  // Privacy: no transaction of these payments may name both parties (wallet or token account).
  const agentAddresses = [agentKey, agentAta];
  const merchantAddresses = [merchantKey, merchantAta];
  const inspect = async (signature: string): Promise<{ signature: string; agent: boolean; merchant: boolean } | undefined> => {
    const tx = await connection.getTransaction(signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    if (tx === null) return undefined;
    const visible = visibleParts(tx);
    return { signature, agent: namesParty(visible, agentAddresses), merchant: namesParty(visible, merchantAddresses) };
  };
  const sent = await Promise.all(seen.sends.map((t) => inspect(t.signature)));
  const credited = await Promise.all(seen.receipts.map((t) => inspect(t.signature)));
  const all = [...sent, ...credited];
  const found = all.filter((t) => t !== undefined);
  const linking = found.filter((t) => t.agent && t.merchant).map((t) => t.signature);
  const partiesVisible = sent.every((t) => t?.agent === true) && credited.every((t) => t?.merchant === true);

  // The amount-and-time linker on the same observation.
  const { links, anonymitySets } = linkByAmountAndTime(seen.sends, seen.receipts);
  const tied = links.filter((l) => l.sender === agentKey.toBase58() && l.recipient === merchantKey.toBase58()).length;
  const linker =
    `amount-and-time linker ties ${tied} of ${seen.receipts.length} settlements to the agent (anonymity sets ${anonymitySets.join(', ') || 'none'}): ` +
    (tied > 0
      ? 'one agent pays here, nobody to hide among; a crowd with the SDK defaults: bench/reports/privacy.md'
      : 'every settlement has other candidate senders');

  const merchantDelta = after.merchant - before.merchant;
  const fees = before.agent - after.agent - paidAmount;
  const privacy =
    linking.length === 0 && found.length === all.length && missing.length === 0 && partiesVisible
      ? `no base-chain transaction names both agent and merchant (${sent.length} agent transfers name only the agent, ${credited.length} settlements only the merchant)`
      : `LINKED or unchecked: ${linking.length} of ${all.length} transactions name both, ${found.length} found on chain, ${missing.length} not seen in the queue, parties visible: ${partiesVisible}`;
  return {
    callsPaid: settleTimes.length,
    routes: routes.length,
    expectedSpend,
    paidAmount,
    merchantDelta,
    transactionsChecked: all.length + missing.length,
    transactionsFound: found.length,
    linking,
    partiesVisible,
    summaryLines: [
      `  private calls  ${settleTimes.length} paid (${usdc(paidAmount)}), settle p50 ${percentile(settleTimes, 50)} ms, max ${Math.max(...settleTimes)} ms (paid → 200)`,
      `  merchant SPL   ${usdc(before.merchant)} → ${usdc(after.merchant)} (+${usdc(merchantDelta)})`,
      `  agent SPL      ${usdc(before.agent)} → ${usdc(after.agent)} (paid ${usdc(paidAmount)} + ${usdc(fees)} transfer fees)`,
      `  privacy        ${privacy}`,
      `  chain observer ${linker}`,
    ],
  };
}
