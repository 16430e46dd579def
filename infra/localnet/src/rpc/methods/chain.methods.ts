import { VersionedMessage } from '@solana/web3.js';
import { Buffer } from 'node:buffer';
import { invalidParams } from '../rpc-error';
import { withContext, type RpcHandler } from '../rpc-context';

const SLOTS_PER_EPOCH = 432_000;
const LAMPORTS_PER_SIGNATURE = 5000;
const PRECOMPILES = new Set([
  'Ed25519SigVerify111111111111111111111111111',
  'KeccakSecp256k11111111111111111111111111111',
  'Secp256r1SigVerify1111111111111111111111111',
]);

export const chainMethods: Record<string, RpcHandler> = {
  getLatestBlockhash: (_p, ctx) => withContext(ctx, ctx.chain.latestBlockhash()),
  isBlockhashValid: (p, ctx) => withContext(ctx, ctx.chain.isBlockhashValid(p.string(0, 'a blockhash'))),
  getSlot: (_p, ctx) => Number(ctx.chain.slot()),
  getBlockHeight: (_p, ctx) => ctx.chain.blockHeight(),
  getEpochInfo: (_p, ctx) => {
    const slot = Number(ctx.chain.slot());
    return {
      absoluteSlot: slot,
      blockHeight: ctx.chain.blockHeight(),
      epoch: Math.floor(slot / SLOTS_PER_EPOCH),
      slotIndex: slot % SLOTS_PER_EPOCH,
      slotsInEpoch: SLOTS_PER_EPOCH,
      transactionCount: ctx.chain.history.count(),
    };
  },
  getVersion: () => ({ 'solana-core': '2.2.0', 'feature-set': 0 }),
  getGenesisHash: (_p, ctx) => ctx.genesisHash,
  getHealth: () => 'ok',
  getIdentity: (_p, ctx) => ({ identity: ctx.chain.faucetAddress().toBase58() }),
  getFirstAvailableBlock: () => 0,
  getTransactionCount: (_p, ctx) => ctx.chain.history.count(),
  getRecentPrioritizationFees: () => [],
  // Base fee only: 5000 lamports per transaction signature and per precompile signature.
  // Compute-budget priority fees are not included.
  getFeeForMessage: (p, ctx) => {
    const text = p.string(0, 'a base64 message');
    let message: VersionedMessage;
    try {
      message = VersionedMessage.deserialize(Buffer.from(text, 'base64'));
    } catch {
      throw invalidParams('invalid message');
    }
    let signatures = message.header.numRequiredSignatures;
    for (const ix of message.compiledInstructions) {
      const program = message.staticAccountKeys[ix.programIdIndex]?.toBase58();
      if (program !== undefined && PRECOMPILES.has(program)) signatures += ix.data[0] ?? 0;
    }
    const valid = ctx.chain.isBlockhashValid(message.recentBlockhash);
    return withContext(ctx, valid ? signatures * LAMPORTS_PER_SIGNATURE : null);
  },
};
