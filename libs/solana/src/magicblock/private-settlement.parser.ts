import type { SolanaProgramIds } from '../config/program-ids.config';
import { LogFrameError, parseLogFrames } from './program-log-frames.parser';
import { decodeSettlementInstructionData } from './settlement-instruction.decoder';
import { type InstructionView, toTransactionView, type TransactionView } from './transaction-view.normalizer';

/** One private transfer the crank settled on the base chain. */
export interface PrivateSettlement {
  readonly clientRefId: bigint;
  readonly recipientOwner: string;
  readonly recipientAta: string;
  readonly mint: string;
  /** From the recipient ATA's pre/post token-balance delta (what actually arrived). */
  readonly amount: bigint;
  readonly signature: string;
  readonly slot: number;
}

/** Why a transaction yielded no settlement. */
export type SettlementRejection =
  | 'malformed_transaction'
  | 'transaction_failed'
  | 'logs_missing'
  | 'logs_truncated'
  | 'unbalanced_logs'
  | 'not_a_settlement'
  | 'client_ref_id_missing'
  | 'client_ref_id_ambiguous'
  | 'client_ref_id_mismatch'
  | 'instruction_mismatch'
  | 'no_balance_increase'
  | 'ambiguous_recipient';

export type SettlementParseResult =
  { readonly ok: true; readonly settlements: readonly PrivateSettlement[] } | { readonly ok: false; readonly reason: SettlementRejection };

type Ids = Pick<SolanaProgramIds, 'ephemeralSpl' | 'delegation'>;

// Indexes into the SPLxh1 settlement instruction's accounts (PROTOCOLS.md §3).
const ACCOUNT_MINT = 1;
const ACCOUNT_DESTINATION_OWNER = 3;
const ACCOUNT_DESTINATION_ATA = 4;
const CLIENT_REF_ID = /^client_ref_id: (\d+)$/;
const U64_MAX = (1n << 64n) - 1n;

const fail = (reason: SettlementRejection): SettlementParseResult => ({ ok: false, reason });

/** SPLxh1 instructions invoked directly (stack height 2) by a top-level delegation-program instruction, in order. */
function settlementInstructions(view: TransactionView, ids: Ids): InstructionView[] {
  const spl = ids.ephemeralSpl.toBase58();
  const delegation = ids.delegation.toBase58();
  return view.instructions.flatMap((top, index) =>
    top.programId !== delegation
      ? []
      : (view.inner.get(index) ?? []).filter((i) => i.programId === spl && (i.stackHeight === undefined || i.stackHeight === 2)),
  );
}

function balanceDelta(view: TransactionView, account: string, mint: string): bigint {
  const find = (list: TransactionView['preTokenBalances']): bigint => list.find((b) => b.account === account && b.mint === mint)?.amount ?? 0n;
  return find(view.postTokenBalances) - find(view.preTokenBalances);
}

/**
 * Extracts MagicBlock private-transfer settlements from a `getTransaction` result (web3.js parsed or
 * json form). Only `client_ref_id: <u64>` lines printed inside an SPLxh1 frame invoked by the
 * delegation program at depth 1 count; each such frame must print exactly one. The amount is the
 * recipient ATA's balance delta for the mint, never a logged or instruction value.
 *
 * @example
 * const res = parsePrivateSettlements(await connection.getParsedTransaction(sig, { maxSupportedTransactionVersion: 0 }), ids);
 * if (res.ok) for (const s of res.settlements) await markPaid(s.clientRefId, s.amount, s.signature);
 */
export function parsePrivateSettlements(getTransactionResult: unknown, ids: Ids): SettlementParseResult {
  const view = toTransactionView(getTransactionResult);
  if (!view) return fail('malformed_transaction');
  if (view.failed) return fail('transaction_failed');
  if (!view.logs) return fail('logs_missing');
  let frames;
  try {
    frames = parseLogFrames(view.logs);
  } catch (err) {
    if (err instanceof LogFrameError) return fail(err.reason);
    throw err;
  }
  const spl = ids.ephemeralSpl.toBase58();
  const delegation = ids.delegation.toBase58();
  const settlementFrames = frames.filter((f) => f.programId === spl && f.depth === 2 && f.parent?.programId === delegation);
  const instructions = settlementInstructions(view, ids);
  if (settlementFrames.length === 0 && instructions.length === 0) return fail('not_a_settlement');
  if (settlementFrames.length !== instructions.length) return fail('instruction_mismatch');

  const settlements: PrivateSettlement[] = [];
  for (const [i, frame] of settlementFrames.entries()) {
    const refIds = frame.logs.map((l) => CLIENT_REF_ID.exec(l)?.[1]).filter((v): v is string => v !== undefined);
    if (refIds.length === 0) return fail('client_ref_id_missing');
    if (refIds.length > 1) return fail('client_ref_id_ambiguous');
    const clientRefId = BigInt(refIds[0] ?? '0');
    if (clientRefId === 0n || clientRefId > U64_MAX) return fail('client_ref_id_missing');
    const ix = instructions[i];
    const mint = ix?.accounts[ACCOUNT_MINT];
    const recipientOwner = ix?.accounts[ACCOUNT_DESTINATION_OWNER];
    const recipientAta = ix?.accounts[ACCOUNT_DESTINATION_ATA];
    if (!mint || !recipientOwner || !recipientAta) return fail('instruction_mismatch');
    const args = ix.data ? decodeSettlementInstructionData(ix.data) : undefined;
    if (args?.clientRefId !== undefined && args.clientRefId !== clientRefId) return fail('client_ref_id_mismatch');
    const amount = balanceDelta(view, recipientAta, mint);
    if (amount <= 0n) return fail('no_balance_increase');
    settlements.push({ clientRefId, recipientOwner, recipientAta, mint, amount, signature: view.signature, slot: view.slot });
  }
  // One delta cannot be split between two settlements paying the same ATA.
  const atas = new Set(settlements.map((s) => `${s.recipientAta}/${s.mint}`));
  if (atas.size !== settlements.length) return fail('ambiguous_recipient');
  return { ok: true, settlements };
}
