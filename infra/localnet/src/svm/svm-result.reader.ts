import { FailedTransactionMetadata } from 'litesvm/dist/internal';
import type { SimulatedTransactionInfo, TransactionMetadata, CompiledInstruction } from 'litesvm/dist/internal';
import { svmErrorToJson, type JsonTransactionError } from './tx-error.mapper';

export interface InnerInstructionRecord {
  programIdIndex: number;
  accounts: number[];
  data: Uint8Array;
  stackHeight: number;
}

/** A LiteSVM execution result reduced to plain values (BigInts stay BigInt until the RPC edge). */
export interface ExecutionOutcome {
  err: JsonTransactionError | null;
  logs: string[];
  /** Per top-level instruction index. */
  inner: InnerInstructionRecord[][];
  computeUnits: bigint;
  fee: bigint;
}

// The fee is not exposed as a getter in litesvm 1.5.0; it only appears in the Debug string form.
const FEE_RE = /fee: (\d+) \}/;

function compiledToRecord(ix: CompiledInstruction, stackHeight: number): InnerInstructionRecord {
  return { programIdIndex: ix.programIdIndex(), accounts: Array.from(ix.accounts()), data: ix.data(), stackHeight };
}

function metaToOutcome(meta: TransactionMetadata, err: JsonTransactionError | null, text: string): ExecutionOutcome {
  const fee = FEE_RE.exec(text);
  return {
    err,
    logs: meta.logs(),
    inner: meta.innerInstructions().map((list) => list.map((i) => compiledToRecord(i.instruction(), i.stackHeight()))),
    computeUnits: meta.computeUnitsConsumed(),
    fee: fee?.[1] !== undefined ? BigInt(fee[1]) : 0n,
  };
}

export function readSendResult(result: TransactionMetadata | FailedTransactionMetadata): ExecutionOutcome {
  if (result instanceof FailedTransactionMetadata) {
    return metaToOutcome(result.meta(), svmErrorToJson(result), result.toString());
  }
  return metaToOutcome(result, null, result.toString());
}

export function readSimulateResult(
  result: SimulatedTransactionInfo | FailedTransactionMetadata,
): ExecutionOutcome & { postAccounts: SimulatedTransactionInfo['postAccounts'] extends () => infer R ? R : never } {
  if (result instanceof FailedTransactionMetadata) {
    return { ...metaToOutcome(result.meta(), svmErrorToJson(result), result.toString()), postAccounts: [] };
  }
  return { ...metaToOutcome(result.meta(), null, result.toString()), postAccounts: result.postAccounts() };
}
