import { FacilitatorClient } from '@quietpay/sdk';
import { type RpcFaultProxy, startRpcFaultProxy } from './rpc-fault-proxy';
import { eventually } from './service.process';
import { openSessionPayer, type SessionPayer } from './session-payer';
import { type SessionStack, startSessionStack } from './session-stack';

// The stack the per-call crash tests share (settle-follows-settlement, submitter-outages): the
// submitter reaches the chain through an RPC fault proxy, so a test can hold its status reads and
// act while a transfer sits between "sent" and "confirmed"; one session payer (agent → merchant).

export interface ProxiedSubmitterStack {
  readonly stack: SessionStack;
  readonly proxy: RpcFaultProxy;
  readonly payer: SessionPayer;
  /** The payer's session's `spent`, asked again while the ledger cannot answer. */
  spent(): Promise<bigint>;
  /** The one transfer the proxy saw, once it landed on chain. */
  landedTransfer(): Promise<string>;
  stop(): Promise<void>;
}

/** `submitterEnv`: the submitter's variables besides its RPC URL (the proxy's, as `submitter`). */
export async function startProxiedSubmitterStack(submitterEnv: Record<string, string>, price: bigint): Promise<ProxiedSubmitterStack> {
  const proxy = await startRpcFaultProxy();
  const stack = await startSessionStack({
    serviceEnvFor: (name, chain): Record<string, string> | undefined => {
      proxy.setUpstream(chain.rpc);
      return name === 'submitter' ? { SOLANA_RPC_URL: proxy.urlFor(name), ...submitterEnv } : undefined;
    },
  });
  const kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
  const payer = await openSessionPayer(stack, kind, stack.wallets.agent, stack.wallets.merchant, price);

  const landed = async (signature: string): Promise<boolean> => {
    const { value } = await stack.connection.getSignatureStatuses([signature], { searchTransactionHistory: true });
    const status = value[0]?.confirmationStatus;
    return status === 'confirmed' || status === 'finalized';
  };

  return {
    stack,
    proxy,
    payer,
    spent: () =>
      eventually(async () => {
        const res = await fetch(`${stack.gatewayUrl}/sessions/${payer.sessionId}`);
        return res.ok ? BigInt(((await res.json()) as { spent: string }).spent) : undefined;
      }, 'the session record'),
    landedTransfer: () =>
      eventually(
        async () => {
          const first = proxy.sent[0];
          return first !== undefined && (await landed(first.signature)) ? first.signature : undefined;
        },
        'the transfer to land',
        600,
        100,
      ),
    async stop() {
      await stack.stop();
      await proxy.close();
    },
  };
}
