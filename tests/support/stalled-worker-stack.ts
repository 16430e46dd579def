import { FacilitatorClient, type SessionKind } from '@quietpay/sdk';
import { Redis } from 'ioredis';
import { type RpcFaultProxy, startRpcFaultProxy } from './rpc-fault-proxy';
import type { ServiceProcess } from './service.process';
import { type SessionStack, startSessionStack } from './session-stack';

// The stack the stalled-worker tests (batched and per-call) share: every submitter reaches the chain
// through an RPC fault proxy that names it (so a test can hold one replica's status reads and see
// which replica sent what), with stall detection in seconds so a second replica takes a stalled
// job over quickly, and the ledger's Redis open to read which transfer claimed each charge.

export interface StalledWorkerStack {
  readonly stack: SessionStack;
  readonly proxy: RpcFaultProxy;
  readonly kind: SessionKind;
  /** A submitter's environment: its RPC through the proxy as `client`, and its NATS request timeout. */
  submitterEnv(client: string, natsTimeoutMs: number): Record<string, string>;
  /** The running process of a service (the first, for a replicated one). */
  running(name: string): ServiceProcess;
  /** The ledger's charges of a session: state and which transfer claimed them. */
  ledgerCharges(sessionId: string): Promise<{ state: string; authorizedBy: string; signature: string }[]>;
  /** True once the signature is confirmed on chain without error. */
  landed(signature: string): Promise<boolean>;
  /** A signature's final word on chain: landed, failed, or (undefined) nothing yet. */
  onChain(signature: string): Promise<'landed' | 'failed' | undefined>;
  stop(): Promise<void>;
}

/** Starts the stack with `serviceEnv` (the settlement mode under test); the first submitter is `submitter-a`. */
export async function startStalledWorkerStack(serviceEnv: Record<string, string>): Promise<StalledWorkerStack> {
  const proxy = await startRpcFaultProxy();
  const submitterEnv = (client: string, natsTimeoutMs: number): Record<string, string> => ({
    SOLANA_RPC_URL: proxy.urlFor(client),
    NATS_REQUEST_TIMEOUT_MS: String(natsTimeoutMs),
    CONFIRM_POLL_MS: '100',
    SETTLEMENT_BACKOFF_MS: '100',
    SETTLEMENT_BACKOFF_MAX_MS: '500',
    // Stall detection in seconds, so the second replica takes the stalled job over quickly.
    SETTLEMENT_JOB_LOCK_MS: '2000',
    SETTLEMENT_STALLED_INTERVAL_MS: '500',
    SOURCE_LOCK_TTL_MS: '2000',
  });
  const stack = await startSessionStack({
    serviceEnv,
    serviceEnvFor: (name, chain): Record<string, string> | undefined => {
      proxy.setUpstream(chain.rpc);
      // The first worker's build request must outlive its stall (else it wakes to a timeout).
      return name === 'submitter' ? submitterEnv('submitter-a', 240_000) : undefined;
    },
  });
  const kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
  const admin = new Redis('redis://127.0.0.1:6379');

  const statusOf = async (signature: string) => (await stack.connection.getSignatureStatuses([signature], { searchTransactionHistory: true })).value[0] ?? null;
  const confirmed = (status: { confirmationStatus?: string } | null): boolean =>
    status !== null && (status.confirmationStatus === 'confirmed' || status.confirmationStatus === 'finalized');

  return {
    stack,
    proxy,
    kind,
    submitterEnv,
    running(name) {
      const proc = stack.processes.find((p) => p.name === name && p.pid !== undefined);
      if (!proc) throw new Error(`no running ${name}`);
      return proc;
    },
    async ledgerCharges(sessionId) {
      const keys = await admin.keys(`${stack.ledgerKeyPrefix}s:{${sessionId}}:c:*`);
      return Promise.all(
        keys.map(async (key) => {
          const [state, authorizedBy, signature] = await admin.hmget(key, 'state', 'authorizedBy', 'signature');
          return { state: state ?? '', authorizedBy: authorizedBy ?? '', signature: signature ?? '' };
        }),
      );
    },
    async landed(signature) {
      const status = await statusOf(signature);
      return confirmed(status) && status!.err === null;
    },
    async onChain(signature) {
      const status = await statusOf(signature);
      if (!confirmed(status)) return undefined;
      return status!.err === null ? 'landed' : 'failed';
    },
    async stop() {
      admin.disconnect();
      await stack.stop();
      await proxy.close();
    },
  };
}
