import type { LocalChainCore } from '../chain/local-chain';
import type { Params } from './params.parser';

export interface RpcContext {
  chain: LocalChainCore;
  genesisHash: string;
}

export type RpcHandler = (params: Params, ctx: RpcContext) => unknown;

export function withContext(ctx: RpcContext, value: unknown): { context: { apiVersion: string; slot: number }; value: unknown } {
  return { context: { apiVersion: '2.2.0', slot: Number(ctx.chain.slot()) }, value };
}
