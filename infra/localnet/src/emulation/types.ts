/**
 * The contract between the localnet core (LiteSVM + JSON-RPC) and the emulated third-party
 * programs (IncoToken, Inco Lightning, MagicBlock). A no-op ELF sits at each emulated program
 * id so LiteSVM executes the signed transaction for real (signatures, fees, precompiles, SPL
 * legs); the core then runs these handlers in instruction order against the simulated
 * post-state and commits their staged writes only if every handler succeeded.
 */
import type { Keypair, PublicKey, Transaction, VersionedTransaction } from '@solana/web3.js';

/** An account as the emulators see and write it. */
export interface EmulatedAccount {
  lamports: bigint;
  owner: PublicKey;
  data: Uint8Array;
  executable: boolean;
}

/** A staged view over chain state: reads see earlier writes of the same transaction. */
export interface AccountStore {
  get(address: PublicKey): EmulatedAccount | null;
  set(address: PublicKey, account: EmulatedAccount): void;
}

export interface InstructionAccount {
  pubkey: PublicKey;
  isSigner: boolean;
  isWritable: boolean;
}

/** One instruction of the transaction, decoded (used for Instructions-sysvar style checks). */
export interface DecodedInstruction {
  programId: PublicKey;
  accounts: InstructionAccount[];
  data: Uint8Array;
}

export interface InstructionContext {
  /** Index of this top-level instruction in the transaction. */
  readonly index: number;
  readonly programId: PublicKey;
  readonly accounts: InstructionAccount[];
  readonly data: Uint8Array;
  readonly store: AccountStore;
  /** Every top-level instruction of the transaction, in order. */
  readonly instructions: DecodedInstruction[];
  readonly clock: { slot: bigint; unixTimestamp: bigint };
  /** True when run by simulateTransaction: same checks, nothing will be committed. */
  readonly simulation: boolean;
  /** Adds `Program log: <message>` inside this program's log frame. */
  log(message: string): void;
  /**
   * Records a cross-program invocation: emits `Program <id> invoke [depth]` … `success`
   * frames around whatever `body` logs, and an entry in the transaction's inner instructions.
   */
  invoke(instruction: DecodedInstruction, body?: (inner: InstructionContext) => void): void;
}

/** A program failure; the transaction fails with InstructionError(index, Custom(code)). */
export class ProgramError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ProgramError';
  }
}

export interface EmulatedProgram {
  readonly programId: PublicKey;
  readonly name: string;
  /** Applies the instruction to `ctx.store`, or throws ProgramError. */
  execute(ctx: InstructionContext): void;
}

/** What modules (Inco, MagicBlock) get to drive the chain in-process. */
export interface LocalChain {
  getAccount(address: PublicKey): EmulatedAccount | null;
  setAccount(address: PublicKey, account: EmulatedAccount): void;
  /** Processes a signed transaction exactly as sendTransaction would; resolves to its signature. */
  sendTransaction(tx: Transaction | VersionedTransaction | Uint8Array): Promise<string>;
  latestBlockhash(): { blockhash: string; lastValidBlockHeight: number };
  airdrop(address: PublicKey, lamports: bigint): Promise<string>;
  slot(): bigint;
  unixTimestamp(): bigint;
  /** Called after each slot advance. Returns an unsubscribe function. */
  onSlot(listener: (slot: bigint) => void): () => void;
}

/** A pluggable part of localnet (Inco stack, MagicBlock stack). */
export interface LocalnetModule {
  readonly name: string;
  /** Programs to place (as no-op ELFs) and emulate. */
  readonly programs: EmulatedProgram[];
  /** Called once the chain is up; returns endpoints and facts to print in `localnet ready`. */
  start(chain: LocalChain, env: LocalnetEnv): Promise<LocalnetModuleInfo>;
  stop(): Promise<void>;
}

export interface LocalnetModuleInfo {
  endpoints?: Record<string, string>;
  info?: Record<string, unknown>;
}

/** What the core created before modules start: funded dev wallets and the SPL "USDC" mint. */
export interface LocalnetEnv {
  /** Funded dev wallets by role: facilitator, merchant, agent, agent2 (more may be added). */
  wallets: Record<string, Keypair>;
  /** The SPL "USDC" mint (6 decimals). Its mint authority is `wallets.mintAuthority`. */
  usdcMint: PublicKey;
  /** Directory for module state files (persisted with the chain when persistence is on). */
  stateDir: string;
}
