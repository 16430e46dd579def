import type { PublicKey } from '@solana/web3.js';
import { createInstructionContext } from './instruction-context.factory';
import type { EmulatedFrame } from './emulation-trace';
import type { StagedAccountStore } from './staged-account.store';
import { ProgramError, type DecodedInstruction, type EmulatedProgram } from './types';
import type { JsonInstructionError } from '../svm/tx-error.mapper';

export type EmulationResult =
  { ok: true; frames: EmulatedFrame[] } | { ok: false; frames: EmulatedFrame[]; failed: EmulatedFrame; error: JsonInstructionError; message: string };

interface RunInput {
  instructions: DecodedInstruction[];
  programs: ReadonlyMap<string, EmulatedProgram>;
  store: StagedAccountStore;
  clock: { slot: bigint; unixTimestamp: bigint };
  simulation: boolean;
  onUnexpected: (program: string, error: unknown) => void;
}

/** Runs the emulated handlers in instruction order; stops at the first failure (the runtime does too). */
export function runEmulation(input: RunInput): EmulationResult {
  const frames: EmulatedFrame[] = [];
  for (let index = 0; index < input.instructions.length; index++) {
    const instruction = input.instructions[index];
    if (instruction === undefined) continue;
    const program = input.programs.get(instruction.programId.toBase58());
    if (program === undefined) continue;
    const frame: EmulatedFrame = { index, programId: instruction.programId as PublicKey, logs: [], inner: [] };
    frames.push(frame);
    const ctx = createInstructionContext({
      index,
      instruction,
      store: input.store,
      instructions: input.instructions,
      clock: input.clock,
      simulation: input.simulation,
      frame,
      depth: 1,
    });
    try {
      program.execute(ctx);
    } catch (e) {
      if (e instanceof ProgramError) {
        frame.logs.push(`Program log: ${e.message}`);
        return {
          ok: false,
          frames,
          failed: frame,
          error: { Custom: e.code },
          message: `custom program error: 0x${e.code.toString(16)}`,
        };
      }
      // A handler bug, not a program failure: fail the transaction the way a crashing program would.
      input.onUnexpected(program.name, e);
      return { ok: false, frames, failed: frame, error: 'ProgramFailedToComplete', message: 'Program failed to complete' };
    }
  }
  return { ok: true, frames };
}
