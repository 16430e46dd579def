import { Keypair, type Connection } from '@solana/web3.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalnet, type RunningLocalnet, type StartLocalnetOptions } from '../index';

/** A core-only localnet on ephemeral ports with fast slots, in a throwaway state dir. */
export function startTestLocalnet(extra: StartLocalnetOptions = {}): Promise<RunningLocalnet> {
  return startLocalnet({
    rpcPort: 0,
    slotMs: 50,
    finalizeDepth: 4,
    stateDir: mkdtempSync(join(tmpdir(), 'localnet-test-')),
    modules: { inco: false, magicblock: false },
    log: () => undefined,
    ...extra,
  });
}

export function walletOf(net: RunningLocalnet, role: string): Keypair {
  const info = net.wallets[role];
  if (info === undefined) throw new Error(`no wallet ${role}`);
  return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(info.keypairPath, 'utf8')) as number[]));
}

export async function rpc(
  url: string,
  method: string,
  params: unknown[] = [],
): Promise<{ result?: unknown; error?: { code: number; message: string; data?: unknown } }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return (await res.json()) as { result?: unknown; error?: { code: number; message: string } };
}

/** Waits (by polling, no timing assertions) until the connection reports `confirmed`. */
export async function waitConfirmed(connection: Connection, signature: string): Promise<void> {
  // Bounded by attempts, not time: a transaction that never lands fails the test instead of hanging.
  for (let attempt = 0; attempt < 2000; attempt++) {
    const { value } = await connection.getSignatureStatuses([signature]);
    const s = value[0]?.confirmationStatus;
    if (s === 'confirmed' || s === 'finalized') return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${signature} never reached confirmed`);
}
