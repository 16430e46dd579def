import { FacilitatorClient, type SessionKind } from '@quietpay/sdk';
import { type RpcFaultProxy, startRpcFaultProxy } from './rpc-fault-proxy';
import { eventually } from './service.process';
import { openAgentPayer, type SessionPayer } from './session-payer';
import { type SessionStack, startSessionStack } from './session-stack';

// A session stack whose submitter reaches the chain through an RPC fault proxy (pass-through
// unless a test plans a fault), so a test can hold its status reads and act while a transfer sits
// between "sent" and "confirmed": the batched and coalesced end-to-end tests, and (with one session
// payer, agent → merchant) the per-call crash tests settle-follows-settlement and submitter-outages.

export interface ProxiedStack {
  readonly stack: SessionStack;
  readonly proxy: RpcFaultProxy;
  readonly kind: SessionKind;
  stop(): Promise<void>;
}

/**
 * `serviceEnv`: every service's variables (the settlement mode); `submitterEnv`: the submitter's
 * besides its RPC URL (the proxy's, as `submitter`); `redisUrl`: the Redis of every service
 * (default the shared one), e.g. a private redis-server a test restarts while a transfer is held.
 */
export async function startProxiedStack(
  options: { serviceEnv?: Record<string, string>; submitterEnv?: Record<string, string>; redisUrl?: string } = {},
): Promise<ProxiedStack> {
  const proxy = await startRpcFaultProxy();
  const stack = await startSessionStack({
    ...(options.redisUrl === undefined ? {} : { redisUrl: options.redisUrl }),
    ...(options.serviceEnv === undefined ? {} : { serviceEnv: options.serviceEnv }),
    serviceEnvFor: (name, chain): Record<string, string> | undefined => {
      proxy.setUpstream(chain.rpc);
      return name === 'submitter' ? { SOLANA_RPC_URL: proxy.urlFor(name), ...options.submitterEnv } : undefined;
    },
  });
  const kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
  return {
    stack,
    proxy,
    kind,
    async stop() {
      await stack.stop();
      await proxy.close();
    },
  };
}

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

/** A proxied stack (`submitterEnv` as in startProxiedStack) with one session payer open. */
export async function startProxiedSubmitterStack(submitterEnv: Record<string, string>, price: bigint): Promise<ProxiedSubmitterStack> {
  const { stack, proxy, stop } = await startProxiedStack({ submitterEnv });
  const { payer } = await openAgentPayer(stack, price);

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
    stop,
  };
}
