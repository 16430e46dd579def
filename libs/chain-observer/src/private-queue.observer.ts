import type { Connection, PublicKey, VersionedTransactionResponse } from '@solana/web3.js';
import type { ObservedReceipt, ObservedSend } from './amount-time.linker';

type TokenBalance = NonNullable<NonNullable<VersionedTransactionResponse['meta']>['postTokenBalances']>[number];

function raw(balance: TokenBalance | undefined): bigint {
  return BigInt(balance?.uiTokenAmount.amount ?? '0');
}

/** Per token account (by account index) of `mint`: owner and post − pre balance. */
function tokenDeltas(tx: VersionedTransactionResponse, mint: string): { owner: string; accountIndex: number; delta: bigint }[] {
  const pre = tx.meta?.preTokenBalances ?? [];
  const post = tx.meta?.postTokenBalances ?? [];
  const indices = new Set([...pre, ...post].filter((b) => b.mint === mint).map((b) => b.accountIndex));
  return [...indices].map((accountIndex) => {
    const before = pre.find((b) => b.accountIndex === accountIndex && b.mint === mint);
    const after = post.find((b) => b.accountIndex === accountIndex && b.mint === mint);
    return { owner: after?.owner ?? before?.owner ?? '', accountIndex, delta: raw(after) - raw(before) };
  });
}

/**
 * Classifies one queue transaction from its public token-balance changes: tokens into the vault
 * are a send (the payer is the owner whose balance fell), tokens out of the vault a receipt (the
 * recipient is the owner whose balance rose). Anything else is not a payment.
 */
export function classifyQueueTransaction(
  tx: VersionedTransactionResponse,
  signature: string,
  mint: string,
  vaultOwner: string,
): ObservedSend | ObservedReceipt | undefined {
  if (tx.meta?.err) return undefined;
  const deltas = tokenDeltas(tx, mint);
  const vault = deltas.find((d) => d.owner === vaultOwner);
  if (!vault || vault.delta === 0n) return undefined;
  if (vault.delta > 0n) {
    const payer = deltas.find((d) => d.owner !== vaultOwner && d.delta < 0n);
    return payer ? { signature, sender: payer.owner, amount: -payer.delta, slot: tx.slot } : undefined;
  }
  const payee = deltas.find((d) => d.owner !== vaultOwner && d.delta > 0n);
  return payee ? { signature, recipient: payee.owner, amount: payee.delta, slot: tx.slot } : undefined;
}

export interface QueueObservation {
  readonly sends: ObservedSend[];
  readonly receipts: ObservedReceipt[];
}

/**
 * Everything a public RPC shows about private payments through one MagicBlock queue: every
 * transaction that mentions the queue PDA, classified into sends and receipts by token-balance
 * deltas (the data px402's own subscriber relies on). `until` bounds the history (a signature).
 *
 * @example
 * const seen = await observePrivateQueue(connection, queuePda, mint, vaultPda);
 * linkByAmountAndTime(seen.sends, seen.receipts);
 */
export async function observePrivateQueue(
  connection: Connection,
  queue: PublicKey,
  mint: PublicKey,
  vaultOwner: PublicKey,
  until?: string,
): Promise<QueueObservation> {
  const signatures: string[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await connection.getSignaturesForAddress(queue, { limit: 1000, ...(before ? { before } : {}), ...(until ? { until } : {}) }, 'confirmed');
    signatures.push(...page.filter((s) => s.err === null).map((s) => s.signature));
    if (page.length < 1000) break;
    before = page[page.length - 1]?.signature;
  }
  const sends: ObservedSend[] = [];
  const receipts: ObservedReceipt[] = [];
  for (let i = 0; i < signatures.length; i += 16) {
    const chunk = signatures.slice(i, i + 16);
    const txs = await Promise.all(chunk.map((s) => connection.getTransaction(s, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 })));
    txs.forEach((tx, j) => {
      const signature = chunk[j];
      if (!tx || !signature) return;
      const seen = classifyQueueTransaction(tx, signature, mint.toBase58(), vaultOwner.toBase58());
      if (seen && 'sender' in seen) sends.push(seen);
      else if (seen) receipts.push(seen);
    });
  }
  return { sends, receipts };
}
