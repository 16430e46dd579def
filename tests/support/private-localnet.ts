import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keypair } from '@solana/web3.js';
import { startLocalnet, type RunningLocalnet, type StartLocalnetOptions } from '@quietpay/infra-localnet';

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
