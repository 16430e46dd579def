import type { PublicKey } from '@solana/web3.js';
import type { EmulatedProgram, InstructionContext } from '../emulation/types';
import { failWith } from './inco-token.errors';

/**
 * Inco Lightning at its program id. Its operations run as CPIs from IncoToken (see
 * IncoLightningRuntime); direct top-level calls are not emulated and fail as an unknown
 * instruction would, rather than silently succeeding.
 */
export class IncoLightningProgram implements EmulatedProgram {
  readonly name = 'IncoLightning';

  constructor(readonly programId: PublicKey) {}

  execute(ctx: InstructionContext): void {
    failWith((m) => ctx.log(m), ctx.data.length < 8 ? 'InstructionMissing' : 'InstructionFallbackNotFound');
  }
}
