import type { PublicKey } from '@solana/web3.js';
import type { InstructionAccount } from './types';

/** An inner instruction recorded by ctx.invoke, with pubkeys (indexes are resolved when rendering). */
export interface EmulatedInnerInstruction {
  programId: PublicKey;
  accounts: InstructionAccount[];
  data: Uint8Array;
  stackHeight: number;
}

/** What the handlers of one top-level instruction produced. */
export interface EmulatedFrame {
  index: number;
  programId: PublicKey;
  /** Lines to splice inside the program's `invoke [1]` frame. */
  logs: string[];
  inner: EmulatedInnerInstruction[];
}
