import { createSession, decryptBalance, FacilitatorClient, formatUnits, keypairWallet, readPaymentReceipt, type WalletSigner } from '@quietpay/sdk';
import { findAmountExposures, incoCiphertexts, lengthsByInstruction, visibleParts } from '@quietpay/chain-observer';
import { type Connection, type Keypair, PublicKey, type VersionedTransactionResponse } from '@solana/web3.js';
import type { DemoAgentConfig } from './config.schema';
import { percentile } from './percentile.util';

// Varied lengths, so the example API's canned replies vary too and the output reads like a chat.
const QUESTIONS = ['What is x402?', 'Is my payment private?', 'Why sign only once?', 'Can I stop any time?', 'How many calls can I make?'];

/** What the demo proved, for the caller to judge. */
export interface DemoSummary {
  readonly callsPaid: number;
  readonly transactions: readonly string[];
  /** How many of `transactions` the chain reports as confirmed and successful. */
  readonly transactionsOnChain: number;
  readonly agentDelta: bigint;
  readonly merchantDelta: bigint;
  readonly expectedSpend: bigint;
  /** The session part's lines of the final summary. */
  readonly summaryLines: readonly string[];
}

/**
 * Opens a session with the agent wallet, pays `CALLS` chat messages, prints progress and returns
 * the summary lines (calls, transactions, latencies, decrypted balances before/after of both parties).
 */
export async function runDemoAgent(
  config: DemoAgentConfig,
  wallets: { readonly agent: Keypair; readonly merchant: Keypair },
  connection: Connection,
  say: (line: string) => void,
): Promise<DemoSummary> {
  const agent = keypairWallet(wallets.agent);
  const merchant = keypairWallet(wallets.merchant);
  const { extra } = await new FacilitatorClient(config.FACILITATOR_URL).sessionKind();
  const usdc = (v: bigint): string => `${formatUnits(v, extra.decimals)} USDC`;
  const balanceOf = (wallet: WalletSigner): Promise<bigint> =>
    decryptBalance({
      wallet,
      connection,
      covalidatorUrl: config.COVALIDATOR_URL,
      mint: extra.mint,
      incoTokenProgramId: extra.incoTokenProgramId,
      incoLightningProgramId: extra.incoLightningProgramId,
    });

  const before = { agent: await balanceOf(agent), merchant: await balanceOf(merchant) };
  say(`balances before: agent ${usdc(before.agent)}, merchant ${usdc(before.merchant)} (decrypted, attestation verified)`);

  const opened = Date.now();
  const session = await createSession({
    wallet: agent,
    facilitatorUrl: config.FACILITATOR_URL,
    connection,
    cap: config.CAP,
    expiresInSeconds: 3600,
    recipient: merchant.publicKey.toBase58(),
  });
  say(`session ${session.sessionId} opened: cap ${config.CAP} USDC, one wallet signature (${Date.now() - opened} ms)`);

  const latencies: number[] = [];
  const transactions: string[] = [];
  let paidAmount = 0n;
  const amounts: bigint[] = [];
  for (let i = 1; i <= config.CALLS; i += 1) {
    const started = Date.now();
    const res = await session.fetch(`${config.API_URL}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: QUESTIONS[(i - 1) % QUESTIONS.length] }),
    });
    const ms = Date.now() - started;
    const receipt = readPaymentReceipt(res);
    if (res.status !== 200 || !receipt?.success) {
      throw new Error(`call ${i}: HTTP ${res.status} ${receipt?.errorReason ?? ''} ${(await res.text()).slice(0, 200)}`);
    }
    const body = (await res.json()) as { reply?: string };
    latencies.push(ms);
    if (receipt.transaction !== '') transactions.push(receipt.transaction);
    paidAmount += BigInt(receipt.amount ?? '0');
    amounts.push(BigInt(receipt.amount ?? '0'));
    say(`  [${i}/${config.CALLS}] paid ✓ ${ms} ms  tx ${receipt.transaction.slice(0, 16)}…  "${body.reply ?? ''}"`);
  }
  const record = await session.getSession();
  say(`session spent ${usdc(BigInt(record.spent))} of ${usdc(BigInt(record.cap))}`);

  const charged = BigInt(record.spent);
  let after = { agent: await balanceOf(agent), merchant: await balanceOf(merchant) };
  // Batched settlement lands after /settle answered: give the flush a bounded time to show on chain.
  for (let waited = 0; after.merchant - before.merchant < charged && waited < 30_000; waited += 1_000) {
    await new Promise((r) => setTimeout(r, 1_000));
    after = { agent: await balanceOf(agent), merchant: await balanceOf(merchant) };
  }
  const unique = [...new Set(transactions)];
  // A receipt is the facilitator's word: count only signatures the chain reports as succeeded.
  const fetched = await Promise.all(
    unique.map((signature) => connection.getTransaction(signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 })),
  );
  const confirmed = fetched.filter((tx): tx is VersionedTransactionResponse => tx !== null && tx.meta?.err === null);
  const onChain = confirmed.length;
  const observed = await observeSession(connection, record.approveTxSignature, confirmed, {
    secrets: [...new Set([BigInt(record.cap), charged, ...amounts])],
    incoTokenProgram: new PublicKey(extra.incoTokenProgramId),
  });
  return {
    summaryLines: [
      `  calls paid     ${latencies.length}`,
      `  transactions   ${unique.length} settled, ${onChain} confirmed on chain`,
      `  latency        p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms (request → paid answer)`,
      `  agent          ${usdc(before.agent)} → ${usdc(after.agent)}`,
      `  merchant       ${usdc(before.merchant)} → ${usdc(after.merchant)}`,
      `  chain observer ${observed}`,
    ],
    callsPaid: latencies.length,
    transactions: unique,
    transactionsOnChain: onChain,
    agentDelta: after.agent - before.agent,
    merchantDelta: after.merchant - before.merchant,
    expectedSpend: paidAmount > 0n ? paidAmount : charged,
  };
}

/**
 * What a chain observer reading only the public RPC finds in the session's transactions (the
 * approve that set the cap, and the settlements): the cap and amounts in any plain encoding, and
 * the length of every encrypted amount (docs/privacy.md). One line for the summary.
 */
async function observeSession(
  connection: Connection,
  approveSignature: string | undefined,
  settlements: readonly VersionedTransactionResponse[],
  { secrets, incoTokenProgram }: { readonly secrets: readonly bigint[]; readonly incoTokenProgram: PublicKey },
): Promise<string> {
  const approve =
    approveSignature === undefined ? null : await connection.getTransaction(approveSignature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
  const txs = [...(approve === null ? [] : [approve]), ...settlements].map(visibleParts);
  const exposed = txs.filter((tx) => findAmountExposures(tx, secrets).length > 0).length;
  const lengths = Object.entries(lengthsByInstruction(txs.flatMap((tx) => incoCiphertexts(tx, incoTokenProgram))));
  const sizes = lengths.map(([instruction, bytes]) => `${instruction} ${bytes.join('/')} B`).join(', ');
  const oneLength = lengths.length > 0 && new Set(lengths.flatMap(([, bytes]) => bytes)).size === 1;
  const inspected = `${txs.length} transactions (${approve === null ? 'approve not found' : 'the approve'} + ${settlements.length} settlements)`;
  return [
    exposed === 0 ? `no cap or amount in plain form in ${inspected}` : `cap or amounts in plain form in ${exposed} of ${inspected}`,
    oneLength ? `every encrypted amount one length (${sizes}) whatever its value` : `encrypted amounts of several lengths (${sizes})`,
    'payer and merchant visible by design',
  ].join('; ');
}
