import type { PublicKey } from '@solana/web3.js';
import type { EmulatedProgram, InstructionContext } from '../emulation/types';
import { bytesEqual } from './anchor-discriminator.util';
import { approve, approveChecked } from './approve.handler';
import { createIdempotent } from './create-idempotent.handler';
import { initializeMint } from './initialize-mint.handler';
import type { IncoTokenDeps, IncoTokenHandler } from './inco-token.deps';
import type { IncoTokenInstructionName } from './inco-token.discriminators';
import { INCO_TOKEN_DISCRIMINATORS, INCO_TOKEN_INSTRUCTIONS, anchorLogName } from './inco-token.discriminators';
import { failWith } from './inco-token.errors';
import type { IncoLightningRuntime } from './inco-lightning.runtime';
import { mintTo } from './mint-to.handler';
import { revoke } from './revoke.handler';
import { transfer, transferWithAuthorization } from './transfer.handler';

const HANDLERS: Record<IncoTokenInstructionName, IncoTokenHandler> = {
  create_idempotent: createIdempotent,
  initialize_mint: initializeMint,
  mint_to: mintTo,
  approve,
  approve_checked: approveChecked,
  transfer,
  transfer_with_authorization: transferWithAuthorization,
  revoke,
};

/** IncoToken, dispatched on the Anchor discriminator like the real program's entrypoint. */
export class IncoTokenProgram implements EmulatedProgram {
  readonly name = 'IncoToken';
  private readonly deps: IncoTokenDeps;

  constructor(
    readonly programId: PublicKey,
    lightning: IncoLightningRuntime,
  ) {
    this.deps = { programId, lightning };
  }

  execute(ctx: InstructionContext): void {
    const log = (m: string): void => ctx.log(m);
    if (ctx.data.length < 8) failWith(log, 'InstructionMissing');
    const head = ctx.data.subarray(0, 8);
    const name = INCO_TOKEN_INSTRUCTIONS.find((n) => bytesEqual(INCO_TOKEN_DISCRIMINATORS[n], head));
    if (!name) failWith(log, 'InstructionFallbackNotFound');
    ctx.log(`Instruction: ${anchorLogName(name)}`);
    HANDLERS[name](ctx, this.deps);
  }
}
