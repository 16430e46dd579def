import type { PrivateClient } from '@quietpay/sdk';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

const usdc = (micro: bigint): string => `${micro / 1_000_000n}.${(micro % 1_000_000n).toString().padStart(6, '0')}`;

/** The `px402_balance` tool: the agent wallet's base-chain and private USDC balances. */
export function px402BalanceTool(client: PrivateClient) {
  return async (): Promise<CallToolResult> => {
    const [base, priv] = await Promise.all([client.balance(), client.privateBalance()]);
    const value = {
      wallet: client.publicKey.toBase58(),
      base: { micro: base.toString(), usdc: usdc(base) },
      private: { micro: priv.toString(), usdc: usdc(priv) },
    };
    return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }] };
  };
}
