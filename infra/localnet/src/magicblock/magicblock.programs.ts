import { ProgramError, type EmulatedProgram, type InstructionContext } from '../emulation/types';
import { MB_ERR, SPL_IX } from './magicblock.config';
import { enqueueTransfer } from './enqueue-transfer.handler';
import { moveEphemeralBalance } from './ephemeral-balance.handler';
import { executeScheduled } from './execute-queued-transfer.handler';
import type { MagicBlockRuntime } from './magicblock.runtime';

/** SPLxh1: top-level entry points callable by users (settlement only runs inside the delegation program). */
export function privatePaymentsProgram(rt: MagicBlockRuntime): EmulatedProgram {
  return {
    programId: rt.config.privatePaymentsProgramId,
    name: 'magicblock-private-payments',
    execute(ctx: InstructionContext): void {
      const discriminator = ctx.data[0];
      if (discriminator === SPL_IX.enqueuePrivateTransfer) return enqueueTransfer(rt, ctx);
      if (discriminator === SPL_IX.deposit || discriminator === SPL_IX.withdraw) return moveEphemeralBalance(rt, ctx);
      if (discriminator === SPL_IX.executeReadyQueuedTransfer) {
        throw new ProgramError(MB_ERR.unauthorized, 'settlements only run through the delegation program');
      }
      throw new ProgramError(MB_ERR.invalidInstruction, `unknown instruction ${discriminator ?? 'none'}`);
    },
  };
}

/** DELeGG: only the scheduled-action path the crank uses is emulated. */
export function delegationProgram(rt: MagicBlockRuntime): EmulatedProgram {
  return {
    programId: rt.config.delegationProgramId,
    name: 'magicblock-delegation',
    execute(ctx: InstructionContext): void {
      executeScheduled(rt, ctx);
    },
  };
}
