import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Connection, Keypair, Transaction } from '@solana/web3.js';
import { startLocalnet, type RunningLocalnet, type StartLocalnetOptions } from '@quietpay/infra-localnet';
import type { NatsAccess } from './nats-server.process';
import { serviceEnv } from './quietpay-stack';
import { eventually, startService } from './service.process';

/**
 * An in-process localnet with only the MagicBlock stand-in (chain, payments API, a 100 ms crank),
 * fast slots, ephemeral ports and a throwaway state dir: what every px402 test runs against.
 */
export function startPrivateLocalnet(extra: StartLocalnetOptions = {}): Promise<RunningLocalnet> {
  return startLocalnet({
    rpcPort: 0,
    paymentsPort: 0,
    slotMs: 50,
    finalizeDepth: 4,
    crankMs: 100,
    stateDir: mkdtempSync(join(tmpdir(), 'px402-localnet-')),
    modules: { inco: false, magicblock: true },
    log: () => undefined,
    ...extra,
  });
}

/** A dev wallet's keypair, read from the file localnet wrote. */
export function localnetWallet(net: RunningLocalnet, role: string): Keypair {
  const info = net.wallets[role];
  if (info === undefined) throw new Error(`no wallet ${role}`);
  return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(info.keypairPath, 'utf8')) as number[]));
}

/** The chain settings chain-poller and crank-keeper (and the gateway's private scheme) read from a private localnet. */
export function privateChainEnv(net: RunningLocalnet): Record<string, string> {
  return { SOLANA_RPC_URL: net.endpoints.rpc, PAYMENTS_API_URL: net.endpoints.payments ?? '', USDC_MINT: net.mints.usdc };
}

/** One private payment as `payPrivately` sends it. `split` > 1 asks the payments API for that many parts. */
export interface PrivatePayment {
  readonly to: string;
  readonly amount: string;
  readonly clientRefId: string;
  readonly split?: number;
}

/**
 * The agent's side of a private payment on `net`: the payments API builds the private transfer,
 * `agent` signs and sends it; resolves with its signature once the chain confirmed it.
 */
export async function payPrivately(net: RunningLocalnet, connection: Connection, agent: Keypair, payment: PrivatePayment): Promise<string> {
  const res = await fetch(`${net.endpoints.payments}/v1/spl/transfer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      from: agent.publicKey.toBase58(),
      to: payment.to,
      mint: net.mints.usdc,
      amount: payment.amount,
      visibility: 'private',
      fromBalance: 'base',
      toBalance: 'base',
      cluster: 'localnet',
      clientRefId: payment.clientRefId,
      ...(payment.split !== undefined ? { split: payment.split } : {}),
    }),
  });
  const body = (await res.json()) as { transactionBase64?: string };
  if (res.status !== 200 || body.transactionBase64 === undefined) throw new Error(`POST /v1/spl/transfer: HTTP ${res.status} ${JSON.stringify(body)}`);
  const tx = Transaction.from(Buffer.from(body.transactionBase64, 'base64'));
  tx.partialSign(agent);
  const signature = await connection.sendRawTransaction(tx.serialize());
  await eventually(async () => ((await connection.getSignatureStatus(signature)).value?.confirmationStatus ? true : undefined), `confirm ${signature}`);
  return signature;
}

/**
 * The facilitator side of the private scheme as processes: chain-poller (polling every 200 ms,
 * keys under `run:chain-poller`) and the gateway (`gatewayEnv` on top), each as its own user of
 * `nats`. Resolves with the gateway's URL once both are up.
 */
export async function startPrivateFacilitator(
  net: RunningLocalnet,
  nats: NatsAccess,
  run: string,
  gatewayEnv: Readonly<Record<string, string>> = {},
): Promise<string> {
  const poller = startService(
    'chain-poller',
    serviceEnv('chain-poller', nats, { ...privateChainEnv(net), POLL_INTERVAL_MS: '200', REDIS_KEY_PREFIX: `${run}:chain-poller` }),
  );
  const gateway = startService('gateway', serviceEnv('gateway', nats, { USDC_MINT: net.mints.usdc, ...gatewayEnv }));
  const [, port] = await Promise.all([poller.started(), gateway.started()]);
  return `http://127.0.0.1:${port}`;
}
