import { Keypair, PublicKey, SystemProgram, Transaction, VersionedTransaction } from '@solana/web3.js';
import { LiteSvm } from 'litesvm/dist/internal';
import type { EmulatedAccount, EmulatedProgram, LocalChain } from '../emulation/types';
import { buildNoopElf } from '../svm/noop-elf.builder';
import { BlockhashWindow } from './blockhash-window';
import { Signal, type ChainEvents } from './chain-events';
import { TxRejectedError } from './chain-errors';
import { fromSvmAccount, toSvmAccount } from './svm-account.adapter';
import { TxHistoryStore } from './tx-history.store';
import { TxPipeline, type ProcessOptions, type ProcessResult } from './tx-pipeline';
import type { TxRecord } from './tx-record';

export interface LocalChainOptions {
  /** Slot length in ms (default 400). 0 disables the timer (advance with `advanceSlot`). */
  slotMs?: number;
  /** Slots after which a transaction is finalized (default 32). */
  finalizeDepth?: number;
  /** Blocks a blockhash stays valid (default 150). */
  blockhashWindow?: number;
  /** State written by `saveState` to restore. */
  restore?: PersistedChain;
}

export interface PersistedChain {
  svm: Uint8Array;
  slot: string;
  blockHeight: number;
  window: [string, number][];
  history: TxRecord[];
  faucetSecret: number[];
}

export type CommitmentLevel = 'processed' | 'confirmed' | 'finalized';

const FAUCET_LAMPORTS = 500_000_000n * 1_000_000_000n;

/**
 * The chain: LiteSVM plus what a validator adds around it (slots on a timer, a real-time clock,
 * a blockhash window, history, commitment levels) and the emulation pipeline.
 * Implements LocalChain for the modules.
 */
export class LocalChainCore implements LocalChain {
  readonly svm: LiteSvm;
  readonly history: TxHistoryStore;
  readonly events: ChainEvents = { slot: new Signal(), transaction: new Signal(), accounts: new Signal() };
  readonly finalizeDepth: number;
  private readonly window: BlockhashWindow;
  private readonly programs = new Map<string, EmulatedProgram>();
  private readonly pipeline: TxPipeline;
  private readonly faucet: Keypair;
  private currentSlot: bigint;
  private height: number;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: LocalChainOptions = {}) {
    const restore = options.restore;
    this.svm = restore !== undefined ? LiteSvm.fromBytes(restore.svm) : new LiteSvm();
    // Our window decides blockhash validity; LiteSVM only knows its latest one.
    this.svm.setBlockhashCheck(false);
    this.svm.setSigverify(true);
    this.finalizeDepth = options.finalizeDepth ?? 32;
    this.window = new BlockhashWindow(options.blockhashWindow ?? 150);
    this.history = new TxHistoryStore();
    if (restore !== undefined) {
      this.currentSlot = BigInt(restore.slot);
      this.height = restore.blockHeight;
      for (const [b, h] of restore.window) this.window.push(b, h);
      for (const r of restore.history) this.history.add(r);
      this.faucet = Keypair.fromSecretKey(Uint8Array.from(restore.faucetSecret));
    } else {
      this.currentSlot = 0n;
      this.height = 0;
      this.faucet = Keypair.generate();
      this.svm.setAccount(
        this.faucet.publicKey.toBytes(),
        toSvmAccount({ lamports: FAUCET_LAMPORTS, owner: SystemProgram.programId, data: new Uint8Array(), executable: false }),
      );
    }
    this.pipeline = new TxPipeline({
      svm: this.svm,
      window: this.window,
      history: this.history,
      programs: this.programs,
      slot: () => this.currentSlot,
      blockHeight: () => this.height,
      unixTimestamp: () => this.svm.getClock().unixTimestamp,
      onUnexpected: (program, error) => process.stderr.write(`localnet: emulated program ${program} crashed: ${String(error)}\n`),
    });
    this.advanceSlot();
  }

  start(): void {
    const ms = this.options.slotMs ?? 400;
    if (ms > 0 && this.timer === null) {
      this.timer = setInterval(() => this.advanceSlot(), ms);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Places the no-op ELF at the program id and routes its instructions to `program`. */
  registerProgram(program: EmulatedProgram): void {
    this.svm.addProgram(program.programId.toBytes(), buildNoopElf());
    this.programs.set(program.programId.toBase58(), program);
  }

  advanceSlot(): void {
    this.currentSlot += 1n;
    this.height += 1;
    this.svm.warpToSlot(this.currentSlot);
    const clock = this.svm.getClock();
    clock.unixTimestamp = BigInt(Math.floor(Date.now() / 1000));
    this.svm.setClock(clock);
    this.svm.expireBlockhash();
    this.window.push(this.svm.latestBlockhash(), this.height);
    this.events.slot.emit(this.currentSlot);
  }

  process(bytes: Uint8Array, opts: ProcessOptions): ProcessResult {
    const result = this.pipeline.process(bytes, opts);
    if (result.record !== undefined) {
      if (result.touched.length > 0) this.events.accounts.emit(result.touched);
      this.events.transaction.emit(result.record);
    }
    return result;
  }

  commitmentOf(record: TxRecord): { level: CommitmentLevel; confirmations: number | null } {
    const depth = Number(this.currentSlot) - record.slot;
    if (depth >= this.finalizeDepth) return { level: 'finalized', confirmations: null };
    return { level: depth >= 1 ? 'confirmed' : 'processed', confirmations: depth };
  }

  blockHeight(): number {
    return this.height;
  }

  isBlockhashValid(blockhash: string): boolean {
    return this.window.isValid(blockhash, this.height);
  }

  faucetAddress(): PublicKey {
    return this.faucet.publicKey;
  }

  // ---- LocalChain ----

  getAccount(address: PublicKey): EmulatedAccount | null {
    const a = this.svm.getAccount(address.toBytes());
    return a === null ? null : fromSvmAccount(a);
  }

  setAccount(address: PublicKey, account: EmulatedAccount): void {
    this.svm.setAccount(address.toBytes(), toSvmAccount(account));
    this.events.accounts.emit([address]);
  }

  sendTransaction(tx: Transaction | VersionedTransaction | Uint8Array): Promise<string> {
    try {
      const bytes = tx instanceof Uint8Array ? tx : tx.serialize();
      const result = this.process(bytes, { mode: 'preflight' });
      return Promise.resolve(result.signature);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  latestBlockhash(): { blockhash: string; lastValidBlockHeight: number } {
    const blockhash = this.svm.latestBlockhash();
    return { blockhash, lastValidBlockHeight: this.window.lastValidBlockHeight(blockhash) ?? this.height };
  }

  /** A real, recorded SystemProgram transfer from the faucet (so getTransaction and confirmations work). */
  airdrop(address: PublicKey, lamports: bigint): Promise<string> {
    const tx = new Transaction({ feePayer: this.faucet.publicKey, ...this.latestBlockhash() }).add(
      SystemProgram.transfer({ fromPubkey: this.faucet.publicKey, toPubkey: address, lamports }),
    );
    tx.sign(this.faucet);
    return this.sendTransaction(tx);
  }

  slot(): bigint {
    return this.currentSlot;
  }

  unixTimestamp(): bigint {
    return this.svm.getClock().unixTimestamp;
  }

  onSlot(listener: (slot: bigint) => void): () => void {
    return this.events.slot.on(listener);
  }

  saveState(): PersistedChain {
    return {
      svm: this.svm.toBytes(),
      slot: this.currentSlot.toString(),
      blockHeight: this.height,
      window: this.window.entries(),
      history: this.history.all(),
      faucetSecret: Array.from(this.faucet.secretKey),
    };
  }
}

export { TxRejectedError };
