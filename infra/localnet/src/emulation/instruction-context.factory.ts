import type { AccountStore, DecodedInstruction, InstructionContext } from './types';
import type { EmulatedFrame } from './emulation-trace';

interface ContextInput {
  index: number;
  instruction: DecodedInstruction;
  store: AccountStore;
  instructions: DecodedInstruction[];
  clock: { slot: bigint; unixTimestamp: bigint };
  simulation: boolean;
  frame: EmulatedFrame;
  depth: number;
}

// Agave's limit on nested invocations (top level is depth 1).
const MAX_DEPTH = 5;

export function createInstructionContext(input: ContextInput): InstructionContext {
  const { frame, depth } = input;
  return {
    index: input.index,
    programId: input.instruction.programId,
    accounts: input.instruction.accounts,
    data: input.instruction.data,
    store: input.store,
    instructions: input.instructions,
    clock: input.clock,
    simulation: input.simulation,
    log(message: string): void {
      frame.logs.push(`Program log: ${message}`);
    },
    invoke(instruction: DecodedInstruction, body?: (inner: InstructionContext) => void): void {
      const innerDepth = depth + 1;
      if (innerDepth > MAX_DEPTH) throw new Error('CallDepth: emulated invoke nested too deep');
      const id = instruction.programId.toBase58();
      frame.logs.push(`Program ${id} invoke [${innerDepth}]`);
      frame.inner.push({
        programId: instruction.programId,
        accounts: instruction.accounts,
        data: instruction.data,
        stackHeight: innerDepth,
      });
      body?.(createInstructionContext({ ...input, instruction, depth: innerDepth }));
      frame.logs.push(`Program ${id} success`);
    },
  };
}
