import { SettlementStatus } from '@quietpay/contracts';
import type { Connection, Keypair } from '@solana/web3.js';
import type { Redis } from 'ioredis';
import type { CallOutcome } from './paid-load';

/** A payer's session and its wallet's decrypted balance before any charge. */
export interface PayerAccount {
  readonly payer: string;
  readonly sessionId: string;
  readonly wallet: Keypair;
  readonly cap: bigint;
  readonly balanceBefore: bigint;
}

/** Where the four sources live. */
export interface Sources {
  /** The stack's Redis, read as the admin (ledger and submitter keys). */
  readonly redis: Redis;
  readonly ledgerPrefix: string;
  readonly submitterPrefix: string;
  readonly connection: Connection;
  balanceOf(wallet: Keypair): Promise<bigint>;
  readonly merchant: Keypair;
  readonly merchantBefore: bigint;
  readonly price: bigint;
}

export interface LedgerCharge {
  readonly chargeId: string;
  readonly sessionId: string;
  readonly state: string;
  readonly amount: bigint;
  readonly signature: string;
  /** Why a released charge was released. */
  readonly reason: string;
}

export interface PayerFigures {
  readonly payer: string;
  readonly cap: string;
  readonly spent: string;
  readonly settled: string;
  readonly chainDebit: string;
}

/** The four sources side by side, and every way they disagree. */
export interface Reconciliation {
  readonly calls: number;
  readonly served: number;
  /** Calls not served, by the client-visible reason. */
  readonly refused: Readonly<Record<string, number>>;
  readonly charges: number;
  readonly settled: number;
  readonly released: number;
  /** Released charges by the ledger's recorded reason. */
  readonly releasedReasons: Readonly<Record<string, number>>;
  /** Charges still `reserved` in the ledger. */
  readonly open: number;
  /** Settled in the ledger but not (or not fully) moved on chain. */
  readonly lost: number;
  /** Moved on chain more than the ledger settled. */
  readonly paidTwice: number;
  /** Served (200) without a settled charge of its own. */
  readonly servedWithoutCharge: number;
  /** Sessions whose ledger spent or on-chain debit passed the cap. */
  readonly capExceeded: number;
  /** Charged (settled) with no served call to show for it: reported, not a money fault. */
  readonly chargedNotServed: number;
  /** Submitter records that disagree with the ledger, and other cross-source faults, described. */
  readonly mismatches: readonly string[];
  readonly submitterOpen: number;
  readonly merchantCredit: string;
  readonly payers: readonly PayerFigures[];
}

async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

/** Every charge the ledger holds for a session (the `{sessionId}`-tagged charge hashes). */
export async function ledgerCharges(redis: Redis, ledgerPrefix: string, sessionId: string): Promise<LedgerCharge[]> {
  const keys = await scanKeys(redis, `${ledgerPrefix}s:{${sessionId}}:c:*`);
  const charges: LedgerCharge[] = [];
  for (const key of keys) {
    const h = await redis.hgetall(key);
    if (h['chargeId'] === undefined) continue;
    charges.push({
      chargeId: h['chargeId'],
      sessionId,
      state: h['state'] ?? '',
      amount: BigInt(h['amount'] ?? '0'),
      signature: h['signature'] ?? '',
      reason: h['reason'] ?? '',
    });
  }
  return charges;
}

/** Charges of these sessions still reserved (not yet settled or released). */
export async function openReservations(redis: Redis, ledgerPrefix: string, sessionIds: readonly string[]): Promise<number> {
  let open = 0;
  for (const id of sessionIds) open += (await ledgerCharges(redis, ledgerPrefix, id)).filter((c) => c.state === 'reserved').length;
  return open;
}

async function landedSignatures(connection: Connection, signatures: readonly string[]): Promise<Set<string>> {
  const landed = new Set<string>();
  for (let i = 0; i < signatures.length; i += 100) {
    const batch = signatures.slice(i, i + 100);
    const { value } = await connection.getSignatureStatuses(batch, { searchTransactionHistory: true });
    value.forEach((status, j) => {
      const ok = status !== null && status.err === null && (status.confirmationStatus === 'confirmed' || status.confirmationStatus === 'finalized');
      if (ok) landed.add(batch[j]!);
    });
  }
  return landed;
}

const ceilDiv = (a: bigint, b: bigint): number => Number((a + b - 1n) / b);

/**
 * Compares what clients were told (served calls and their receipts), the ledger (spent, charges),
 * the submitter's records and the chain (decrypted balances, confirmed signatures). Call it once
 * the load has stopped and every fault has healed.
 */
export async function reconcile(sources: Sources, payers: readonly PayerAccount[], outcomes: readonly CallOutcome[]): Promise<Reconciliation> {
  const { redis, price } = sources;
  const mismatches: string[] = [];
  const charges: LedgerCharge[] = [];
  const payerFigures: PayerFigures[] = [];
  let lost = 0;
  let paidTwice = 0;
  let capExceeded = 0;
  let totalDebit = 0n;

  const settledSignatures = new Set<string>();
  for (const p of payers) {
    const own = await ledgerCharges(redis, sources.ledgerPrefix, p.sessionId);
    charges.push(...own);
    for (const c of own) if (c.state === 'settled' && c.signature !== '') settledSignatures.add(c.signature);
  }
  const landed = await landedSignatures(sources.connection, [...settledSignatures]);

  for (const p of payers) {
    const own = charges.filter((c) => c.sessionId === p.sessionId);
    const session = await redis.hgetall(`${sources.ledgerPrefix}s:{${p.sessionId}}`);
    const spent = BigInt(session['spent'] ?? '0');
    const settled = own.filter((c) => c.state === 'settled').reduce((sum, c) => sum + c.amount, 0n);
    const reserved = own.filter((c) => c.state === 'reserved').reduce((sum, c) => sum + c.amount, 0n);
    if (spent !== settled + reserved) mismatches.push(`${p.payer}: ledger spent ${spent} but its charges add up to ${settled} settled + ${reserved} reserved`);
    const chainDebit = p.balanceBefore - (await sources.balanceOf(p.wallet));
    totalDebit += chainDebit;
    if (settled > chainDebit) lost += ceilDiv(settled - chainDebit, price);
    if (chainDebit > settled) paidTwice += ceilDiv(chainDebit - settled, price);
    if (spent > p.cap || chainDebit > p.cap) capExceeded += 1;
    payerFigures.push({ payer: p.payer, cap: p.cap.toString(), spent: spent.toString(), settled: settled.toString(), chainDebit: chainDebit.toString() });
  }

  for (const c of charges) {
    if (c.state === 'settled' && !landed.has(c.signature)) {
      lost += 1;
      mismatches.push(`charge ${c.chargeId} settled with signature '${c.signature}' that is not confirmed on chain`);
    }
    const record = await redis.hgetall(`${sources.submitterPrefix}:settlement:{${c.sessionId}}:${c.chargeId}`);
    const status = Number(record['status'] ?? 0);
    if (c.state === 'settled' && record['settlementId'] !== undefined && (status !== SettlementStatus.SETTLED || record['signature'] !== c.signature)) {
      mismatches.push(`charge ${c.chargeId}: ledger settled ${c.signature}, submitter status ${status} signature ${record['signature'] ?? ''}`);
    }
    if (c.state === 'reserved')
      mismatches.push(
        `charge ${c.chargeId} still reserved; submitter record: ${record['settlementId'] === undefined ? 'none (never submitted)' : `status ${status}`}`,
      );
    if (c.state === 'released' && status === SettlementStatus.SETTLED)
      mismatches.push(`charge ${c.chargeId}: ledger released, submitter settled ${record['signature'] ?? ''}`);
  }

  const merchantCredit = (await sources.balanceOf(sources.merchant)) - sources.merchantBefore;
  if (merchantCredit !== totalDebit) mismatches.push(`merchant credited ${merchantCredit}, payers debited ${totalDebit}`);

  const byId = new Map(charges.map((c) => [c.chargeId, c]));
  const servedIds = new Map<string, number>();
  let servedWithoutCharge = 0;
  const refused: Record<string, number> = {};
  for (const o of outcomes) {
    if (o.status !== 200) {
      const reason = o.error ?? `http_${o.status}`;
      refused[reason] = (refused[reason] ?? 0) + 1;
      continue;
    }
    const charge = o.settlementId === undefined ? undefined : byId.get(o.settlementId);
    const seen = servedIds.get(o.settlementId ?? '') ?? 0;
    if (charge === undefined || charge.state !== 'settled' || seen > 0) {
      servedWithoutCharge += 1;
      mismatches.push(
        `served call (${o.payer}) with settlement ${o.settlementId ?? 'none'}: ledger ${charge?.state ?? 'no charge'}${charge?.reason ? ` (${charge.reason})` : ''}${seen > 0 ? ', served before' : ''}`,
      );
    }
    if (o.settlementId !== undefined) servedIds.set(o.settlementId, seen + 1);
    if (charge !== undefined && charge.signature !== '' && o.transaction !== undefined && o.transaction !== charge.signature) {
      mismatches.push(`served call told ${o.transaction}, ledger ${charge.chargeId} settled ${charge.signature}`);
    }
  }
  const settledCharges = charges.filter((c) => c.state === 'settled');
  return {
    calls: outcomes.length,
    served: outcomes.filter((o) => o.status === 200).length,
    refused,
    charges: charges.length,
    settled: settledCharges.length,
    released: charges.filter((c) => c.state === 'released').length,
    releasedReasons: charges
      .filter((c) => c.state === 'released')
      .reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.reason || 'unknown']: (acc[c.reason || 'unknown'] ?? 0) + 1 }), {}),
    open: charges.filter((c) => c.state === 'reserved').length,
    lost,
    paidTwice,
    servedWithoutCharge,
    capExceeded,
    chargedNotServed: settledCharges.filter((c) => !servedIds.has(c.chargeId)).length,
    mismatches,
    submitterOpen: await redis.zcard(`${sources.submitterPrefix}:settlements:open`),
    merchantCredit: merchantCredit.toString(),
    payers: payerFigures,
  };
}
