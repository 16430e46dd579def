import { PublicKey, type VersionedTransaction } from '@solana/web3.js';
import type { LiteSvm } from 'litesvm/dist/internal';
import { Buffer } from 'node:buffer';
import { runEmulation } from '../emulation/emulation.runner';
import type { EmulatedFrame } from '../emulation/emulation-trace';
import { failureLogs, spliceLogs } from '../emulation/log-splicer';
import { StagedAccountStore } from '../emulation/staged-account.store';
import type { DecodedInstruction, EmulatedAccount, EmulatedProgram } from '../emulation/types';
import { readSendResult, readSimulateResult, type ExecutionOutcome, type InnerInstructionRecord } from '../svm/svm-result.reader';
import { describeTxError, type JsonTransactionError } from '../svm/tx-error.mapper';
import { snapshotBalances } from './balance-snapshot';
import type { BlockhashWindow } from './blockhash-window';
import { PreflightFailedError, TxRejectedError } from './chain-errors';
import { fromSvmAccount, toSvmAccount } from './svm-account.adapter';
import type { TxHistoryStore } from './tx-history.store';
import type { TxRecord } from './tx-record';
import { decodeWireTx, resolveAccountKeys, type DecodedWireTx } from './wire-tx.decoder';

export type ProcessMode = 'simulate' | 'preflight' | 'skip-preflight';

export interface ProcessOptions {
  mode: ProcessMode;
  /** Simulation only: verify signatures (validator default: false). */
  sigVerify?: boolean;
  /** Simulation only: run against the latest blockhash instead of the transaction's. */
  replaceRecentBlockhash?: boolean;
}

export interface ProcessResult {
  signature: string;
  err: JsonTransactionError | null;
  logs: string[];
  unitsConsumed: number;
  fee: number;
  /** Post-state reader (simulation: staged emulated writes included). */
  postAccount: (address: PublicKey) => EmulatedAccount | null;
  replacementBlockhash?: { blockhash: string; lastValidBlockHeight: number };
  /** Set when the transaction landed (committed, success or failure). */
  record?: TxRecord;
  /** Accounts whose state the transaction changed (for accountSubscribe). */
  touched: PublicKey[];
}

export interface PipelineDeps {
  svm: LiteSvm;
  window: BlockhashWindow;
  history: TxHistoryStore;
  programs: ReadonlyMap<string, EmulatedProgram>;
  slot: () => bigint;
  blockHeight: () => number;
  unixTimestamp: () => bigint;
  onUnexpected: (program: string, error: unknown) => void;
}

// Errors after which a validator has charged the fee and recorded the transaction.
function landedWithError(err: JsonTransactionError): boolean {
  return typeof err === 'object';
}

export class TxPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  readAccount = (address: PublicKey): EmulatedAccount | null => {
    const a = this.deps.svm.getAccount(address.toBytes());
    return a === null ? null : fromSvmAccount(a);
  };

  private readMint = (mint: string): EmulatedAccount | null => this.readAccount(new PublicKey(mint));

  process(bytes: Uint8Array, opts: ProcessOptions): ProcessResult {
    const { svm, window, history } = this.deps;
    let decoded = decodeWireTx(bytes);
    let replacementBlockhash: ProcessResult['replacementBlockhash'];
    if (opts.mode === 'simulate' && opts.replaceRecentBlockhash === true) {
      const latest = svm.latestBlockhash();
      decoded.tx.message.recentBlockhash = latest;
      decoded = { ...decoded, bytes: decoded.tx.serialize(), recentBlockhash: latest };
      replacementBlockhash = { blockhash: latest, lastValidBlockHeight: window.lastValidBlockHeight(latest) ?? 0 };
    } else if (!window.isValid(decoded.recentBlockhash, this.deps.blockHeight())) {
      throw new TxRejectedError('BlockhashNotFound', 'Blockhash not found');
    }
    if (opts.mode !== 'simulate' && history.has(decoded.signature)) {
      throw new TxRejectedError('AlreadyProcessed', 'This transaction has already been processed');
    }

    const resolved = resolveAccountKeys(decoded.tx, (addr) => this.lookupTable(addr));
    if (resolved === null) throw new TxRejectedError('AddressLookupTableNotFound', "Transaction loads an address table account that doesn't exist");
    const { keys } = resolved;
    const instructions = decodeInstructions(decoded.tx, keys);
    const programOrder = instructions.map((i) => i.programId.toBase58());
    const emulated = programOrder.some((p) => this.deps.programs.has(p));
    const clock = { slot: this.deps.slot(), unixTimestamp: this.deps.unixTimestamp() };

    if (opts.mode === 'simulate') return this.simulateOnly(decoded, opts, instructions, programOrder, emulated, clock, replacementBlockhash);

    const pre = snapshotBalances(keys, this.readAccount, this.readMint);
    let frames: EmulatedFrame[] = [];
    let staged: StagedAccountStore | null = null;
    let outcome: ExecutionOutcome;

    if (opts.mode === 'preflight' || emulated) {
      const sim = this.simulate(decoded, true);
      this.rejectIfNotLanding(sim.err);
      if (sim.err !== null && opts.mode === 'preflight') {
        throw new PreflightFailedError(sim.err, sim.logs, Number(sim.computeUnits), `Transaction simulation failed: ${describeTxError(sim.err)}`);
      }
      if (sim.err === null && emulated) {
        const simPost = postStateMap(sim.postAccounts);
        staged = new StagedAccountStore((addr) => {
          const k = addr.toBase58();
          return simPost.has(k) ? (simPost.get(k) ?? null) : this.readAccount(addr);
        });
        const run = runEmulation({ instructions, programs: this.deps.programs, store: staged, clock, simulation: false, onUnexpected: this.deps.onUnexpected });
        frames = run.frames;
        if (!run.ok) {
          const err: JsonTransactionError = { InstructionError: [run.failed.index, run.error] };
          const logs = failureLogs(sim.logs, run.frames, programOrder, run.failed, run.message);
          if (opts.mode === 'preflight') {
            throw new PreflightFailedError(err, logs, Number(sim.computeUnits), `Transaction simulation failed: ${describeTxError(err)}`);
          }
          // The real program would have failed inside the runtime: only the fee is committed. LiteSVM
          // cannot fail a no-op on our behalf, so the fee is debited here and the signature recorded.
          this.chargeFeeOnly(keys[0] as PublicKey, sim.fee);
          const failedOutcome: ExecutionOutcome = { ...sim, err, logs, inner: sim.inner };
          return this.land(decoded, resolved, instructions, pre, failedOutcome, run.frames, [keys[0] as PublicKey]);
        }
      }
    }

    outcome = readSendResult(decoded.version === 'legacy' ? svm.sendLegacyTransaction(decoded.bytes) : svm.sendVersionedTransaction(decoded.bytes));
    this.rejectIfNotLanding(outcome.err);
    const touched = writableKeys(decoded.tx, keys);
    if (outcome.err === null && staged !== null) {
      for (const w of staged.writes()) {
        svm.setAccount(w.address.toBytes(), toSvmAccount(w.account));
        touched.push(w.address);
      }
      outcome = { ...outcome, logs: spliceLogs(outcome.logs, frames, programOrder) };
    } else {
      frames = [];
    }
    return this.land(decoded, resolved, instructions, pre, outcome, frames, touched);
  }

  private simulateOnly(
    decoded: DecodedWireTx,
    opts: ProcessOptions,
    instructions: DecodedInstruction[],
    programOrder: string[],
    emulated: boolean,
    clock: { slot: bigint; unixTimestamp: bigint },
    replacementBlockhash: ProcessResult['replacementBlockhash'],
  ): ProcessResult {
    const sim = this.simulate(decoded, opts.sigVerify === true);
    const simPost = postStateMap(sim.postAccounts);
    const base = (addr: PublicKey): EmulatedAccount | null => {
      const k = addr.toBase58();
      return simPost.has(k) ? (simPost.get(k) ?? null) : this.readAccount(addr);
    };
    const result: ProcessResult = {
      signature: decoded.signature,
      err: sim.err,
      logs: sim.logs,
      unitsConsumed: Number(sim.computeUnits),
      fee: Number(sim.fee),
      postAccount: base,
      touched: [],
      ...(replacementBlockhash !== undefined ? { replacementBlockhash } : {}),
    };
    if (sim.err !== null || !emulated) return result;
    const staged = new StagedAccountStore(base);
    const run = runEmulation({ instructions, programs: this.deps.programs, store: staged, clock, simulation: true, onUnexpected: this.deps.onUnexpected });
    if (!run.ok) {
      return {
        ...result,
        err: { InstructionError: [run.failed.index, run.error] },
        logs: failureLogs(sim.logs, run.frames, programOrder, run.failed, run.message),
      };
    }
    return { ...result, logs: spliceLogs(sim.logs, run.frames, programOrder), postAccount: (a) => staged.get(a) };
  }

  private simulate(decoded: DecodedWireTx, sigVerify: boolean): ReturnType<typeof readSimulateResult> {
    const { svm } = this.deps;
    // Native calls are synchronous and Node is single-threaded: toggling around one call is safe.
    if (!sigVerify) svm.setSigverify(false);
    try {
      return readSimulateResult(decoded.version === 'legacy' ? svm.simulateLegacyTransaction(decoded.bytes) : svm.simulateVersionedTransaction(decoded.bytes));
    } finally {
      if (!sigVerify) svm.setSigverify(true);
    }
  }

  private rejectIfNotLanding(err: JsonTransactionError | null): void {
    if (err === null || landedWithError(err)) return;
    throw new TxRejectedError(err, describeTxError(err));
  }

  private chargeFeeOnly(payer: PublicKey, fee: bigint): void {
    const acc = this.readAccount(payer);
    if (acc === null) return;
    this.deps.svm.setAccount(payer.toBytes(), toSvmAccount({ ...acc, lamports: acc.lamports - fee }));
  }

  private lookupTable(address: PublicKey): PublicKey[] | null {
    const acc = this.readAccount(address);
    // Address lookup table layout: 56-byte header, then 32-byte addresses.
    if (acc === null || acc.owner.toBase58() !== 'AddressLookupTab1e1111111111111111111111111' || acc.data.length < 56) return null;
    const out: PublicKey[] = [];
    for (let at = 56; at + 32 <= acc.data.length; at += 32) out.push(new PublicKey(acc.data.subarray(at, at + 32)));
    return out;
  }

  private land(
    decoded: DecodedWireTx,
    resolved: { keys: PublicKey[]; loadedWritable: PublicKey[]; loadedReadonly: PublicKey[] },
    instructions: DecodedInstruction[],
    pre: ReturnType<typeof snapshotBalances>,
    outcome: ExecutionOutcome,
    frames: EmulatedFrame[],
    touched: PublicKey[],
  ): ProcessResult {
    const { keys } = resolved;
    const post = snapshotBalances(keys, this.readAccount, this.readMint);
    const record: TxRecord = {
      signature: decoded.signature,
      slot: Number(this.deps.slot()),
      blockTime: Number(this.deps.unixTimestamp()),
      seq: this.deps.history.nextSeq(),
      wire: Buffer.from(decoded.bytes).toString('base64'),
      version: decoded.version,
      accountKeys: keys.slice(0, decoded.tx.message.staticAccountKeys.length).map((k) => k.toBase58()),
      loadedWritable: resolved.loadedWritable.map((k) => k.toBase58()),
      loadedReadonly: resolved.loadedReadonly.map((k) => k.toBase58()),
      err: outcome.err,
      fee: Number(outcome.fee),
      computeUnits: Number(outcome.computeUnits),
      logs: outcome.logs,
      inner: mergeInner(outcome.inner, frames, keys, instructions.length),
      preBalances: pre.lamports,
      postBalances: post.lamports,
      preTokenBalances: pre.tokens,
      postTokenBalances: post.tokens,
    };
    this.deps.history.add(record);
    return {
      signature: decoded.signature,
      err: outcome.err,
      logs: outcome.logs,
      unitsConsumed: record.computeUnits,
      fee: record.fee,
      postAccount: this.readAccount,
      record,
      touched,
    };
  }
}

/**
 * LiteSVM lists every account the transaction named, including ones that do not exist (zero
 * lamports). The runtime treats those as absent, so handlers see null for them.
 */
function postStateMap(list: ReturnType<typeof readSimulateResult>['postAccounts']): Map<string, EmulatedAccount | null> {
  return new Map(
    list.map((a) => {
      const acc = fromSvmAccount(a.account());
      return [new PublicKey(a.address).toBase58(), acc.lamports === 0n ? null : acc];
    }),
  );
}

function decodeInstructions(tx: VersionedTransaction, keys: PublicKey[]): DecodedInstruction[] {
  const msg = tx.message;
  return msg.compiledInstructions.map((ix) => ({
    programId: keys[ix.programIdIndex] as PublicKey,
    accounts: ix.accountKeyIndexes.map((i) => ({
      pubkey: keys[i] as PublicKey,
      isSigner: msg.isAccountSigner(i),
      isWritable: msg.isAccountWritable(i),
    })),
    data: ix.data,
  }));
}

function writableKeys(tx: VersionedTransaction, keys: PublicKey[]): PublicKey[] {
  return keys.filter((_, i) => tx.message.isAccountWritable(i));
}

/** LiteSVM's inner instructions plus the ones the emulators recorded through ctx.invoke. */
function mergeInner(
  native: InnerInstructionRecord[][],
  frames: EmulatedFrame[],
  keys: PublicKey[],
  count: number,
): { index: number; instructions: InnerInstructionRecord[] }[] {
  const indexOf = new Map(keys.map((k, i) => [k.toBase58(), i]));
  const out: { index: number; instructions: InnerInstructionRecord[] }[] = [];
  for (let index = 0; index < count; index++) {
    const list = [...(native[index] ?? [])];
    const frame = frames.find((f) => f.index === index);
    for (const ix of frame?.inner ?? []) {
      const programIdIndex = indexOf.get(ix.programId.toBase58());
      const accounts = ix.accounts.map((a) => indexOf.get(a.pubkey.toBase58()));
      // A real CPI can only name accounts the transaction passed in; anything else cannot be rendered.
      if (programIdIndex === undefined || accounts.some((a) => a === undefined)) continue;
      list.push({ programIdIndex, accounts: accounts as number[], data: ix.data, stackHeight: ix.stackHeight });
    }
    if (list.length > 0) out.push({ index, instructions: list });
  }
  return out;
}
