import type { Keypair } from '@solana/web3.js';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import bs58 from 'bs58';
import { LocalChainCore } from '../chain/local-chain';
import type { EmulatedProgram, LocalnetModule } from '../emulation/types';
import { createIncoModule } from '../inco/index';
import { createMagicBlockModule, defaultMagicBlockOptions, type FeeMode } from '../magicblock/index';
import { RpcDispatcher } from '../rpc/rpc-dispatcher';
import { attachWsServer } from '../rpc/ws.server';
import { loadChainState, saveChainState } from './chain-state.file';
import { adoptKeypair, loadOrCreateKeypair, WALLET_ROLES } from './dev-wallets';
import { listenRpcPair } from './listen-pair';
import { deriveLocalnetKeys, type SeededLocalnetKeys } from './seeded-keys';
import { setUpUsdc } from './usdc-mint.setup';

export interface StartLocalnetOptions {
  /** Bind address (default 127.0.0.1). */
  host?: string;
  /** JSON-RPC HTTP port (default 8899; 0 = ephemeral). The WebSocket port is always this + 1. */
  rpcPort?: number;
  /** Covalidator port (default: the Inco module's; 0 = ephemeral). */
  covalidatorPort?: number;
  /** Payments API port (default: the MagicBlock module's; 0 = ephemeral). */
  paymentsPort?: number;
  /** Slot length in ms (default 400). */
  slotMs?: number;
  /** Slots until finalized (default 32). */
  finalizeDepth?: number;
  /** MagicBlock crank cadence in ms (default 500). */
  crankMs?: number;
  /**
   * The payments API's 0.1 % token fee: `deducted` from what the recipient receives (devnet's
   * behaviour per px402's fixtures) or `added` to what the sender pays (default).
   */
  feeMode?: FeeMode;
  /** Keypairs and module state (default `<repo>/.localnet`). */
  stateDir?: string;
  /** Chain snapshot loaded at start and written at stop; unset = no persistence. */
  stateFile?: string;
  /**
   * Derive every key (dev wallets, USDC and Inco mints, covalidator keys) from this seed instead
   * of generating them (compose/seeded-keys.ts), so addresses are known before start. Keypair
   * files are still written to stateDir for the services that read them. LOCAL DEVELOPMENT ONLY:
   * whoever knows the seed holds the keys. Unset = random keys kept in stateDir (the default).
   */
  seed?: string;
  /** Which modules to start (default both). */
  modules?: { inco?: boolean; magicblock?: boolean };
  /** Extra emulated programs (tests). */
  programs?: EmulatedProgram[];
  /** Diagnostic lines (default stderr). */
  log?: (line: string) => void;
}

export interface WalletInfo {
  publicKey: string;
  keypairPath: string;
}

export interface RunningLocalnet {
  endpoints: { rpc: string; ws: string; covalidator?: string; payments?: string } & Record<string, string>;
  mints: { usdc: string; inco?: string };
  wallets: Record<string, WalletInfo>;
  /** What each started module reported (program ids, keys, queue addresses…). */
  modules: Record<string, Record<string, unknown>>;
  /** The chain itself, for in-process tests and benchmarks. */
  chain: LocalChainCore;
  stop(): Promise<void>;
}

export const DEFAULT_STATE_DIR = resolve(__dirname, '../../../../.localnet');

function buildModules(o: StartLocalnetOptions, host: string, seeded: SeededLocalnetKeys | undefined, log: (l: string) => void): LocalnetModule[] {
  const out: LocalnetModule[] = [];
  const tryCreate = (name: string, create: () => LocalnetModule): void => {
    try {
      out.push(create());
    } catch (e) {
      log(`localnet: module ${name} unavailable: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  if (o.modules?.inco !== false) {
    const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
    const keys = seeded?.inco;
    tryCreate('inco', () =>
      createIncoModule({
        host,
        ...(o.covalidatorPort !== undefined ? { covalidatorPort: o.covalidatorPort } : {}),
        ...(keys !== undefined
          ? { mint: keys.mint, mintAuthority: keys.mintAuthority, teePrivateKeyHex: hex(keys.teePrivateKey), attestationSeedHex: hex(keys.attestationSeed) }
          : {}),
      }),
    );
  }
  if (o.modules?.magicblock !== false) {
    tryCreate('magicblock', () => {
      const d = defaultMagicBlockOptions();
      return createMagicBlockModule({
        ...d,
        host,
        paymentsPort: o.paymentsPort ?? d.paymentsPort,
        crankIntervalMs: o.crankMs ?? d.crankIntervalMs,
        ...(o.feeMode ? { feeMode: o.feeMode } : {}),
      });
    });
  }
  return out;
}

/**
 * Starts the offline chain: JSON-RPC + WebSocket, dev wallets, the SPL "USDC" mint, then the
 * Inco and MagicBlock modules (a module that fails to construct or start is logged and left out).
 *
 * @example
 * const net = await startLocalnet({ rpcPort: 0 });
 * const connection = new Connection(net.endpoints.rpc, 'confirmed');
 * await net.stop();
 */
export async function startLocalnet(options: StartLocalnetOptions = {}): Promise<RunningLocalnet> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const stateDir = options.stateDir ?? DEFAULT_STATE_DIR;
  const restore = options.stateFile !== undefined ? loadChainState(options.stateFile) : undefined;
  const chain = new LocalChainCore({
    ...(options.slotMs !== undefined ? { slotMs: options.slotMs } : {}),
    ...(options.finalizeDepth !== undefined ? { finalizeDepth: options.finalizeDepth } : {}),
    ...(restore !== undefined ? { restore } : {}),
  });

  const seeded = options.seed !== undefined ? deriveLocalnetKeys(options.seed) : undefined;
  if (seeded !== undefined) log('localnet: keys derived from the seed (public, local development only: never fund them elsewhere)');
  const modules = buildModules(options, host, seeded, log);
  for (const program of [...(options.programs ?? []), ...modules.flatMap((m) => m.programs)]) chain.registerProgram(program);

  const walletDir = join(stateDir, 'wallets');
  const wallets: Record<string, Keypair> = {};
  const walletInfo: Record<string, WalletInfo> = {};
  for (const role of WALLET_ROLES) {
    const { keypair, path } = seeded !== undefined ? adoptKeypair(walletDir, role, seeded.wallets[role]) : loadOrCreateKeypair(walletDir, role);
    wallets[role] = keypair;
    walletInfo[role] = { publicKey: keypair.publicKey.toBase58(), keypairPath: path };
  }
  const usdcMint = (seeded !== undefined ? adoptKeypair(walletDir, 'usdc-mint', seeded.usdcMint) : loadOrCreateKeypair(walletDir, 'usdc-mint')).keypair;
  await setUpUsdc(chain, wallets, usdcMint);

  const genesisHash = bs58.encode(createHash('sha256').update(`quietpay-localnet:${usdcMint.publicKey.toBase58()}`).digest());
  const ctx = { chain, genesisHash };
  const dispatcher = new RpcDispatcher(ctx);
  const servers = await listenRpcPair(dispatcher, host, options.rpcPort ?? 8899);
  const { hub, wss } = attachWsServer(servers.ws, ctx);
  chain.start();

  const endpoints: RunningLocalnet['endpoints'] = { rpc: `http://${host}:${servers.port}`, ws: `ws://${host}:${servers.port + 1}` };
  const mints: RunningLocalnet['mints'] = { usdc: usdcMint.publicKey.toBase58() };
  const moduleInfo: Record<string, Record<string, unknown>> = {};
  const started: LocalnetModule[] = [];
  const env = { wallets, usdcMint: usdcMint.publicKey, stateDir };
  for (const m of modules) {
    try {
      const info = await m.start(chain, env);
      started.push(m);
      Object.assign(endpoints, info.endpoints ?? {});
      moduleInfo[m.name] = info.info ?? {};
      const incoMint = info.info?.['incoMint'];
      if (typeof incoMint === 'string') mints.inco = incoMint;
    } catch (e) {
      log(`localnet: module ${m.name} failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      await m.stop().catch(() => undefined);
    }
  }

  let stopped = false;
  return {
    endpoints,
    mints,
    wallets: walletInfo,
    modules: moduleInfo,
    chain,
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      for (const m of started.reverse()) await m.stop().catch((e: unknown) => log(`localnet: module ${m.name} stop failed: ${String(e)}`));
      chain.stop();
      hub.close();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      servers.http.closeAllConnections();
      servers.ws.closeAllConnections();
      await Promise.all([servers.http, servers.ws].map((s) => new Promise<void>((r) => s.close(() => r()))));
      if (options.stateFile !== undefined) saveChainState(options.stateFile, chain.saveState());
    },
  };
}
