import type { Server } from 'node:http';
import { Keypair, PublicKey } from '@solana/web3.js';
import type { LocalChain, LocalnetEnv, LocalnetModule, LocalnetModuleInfo } from '../emulation/types';
import { AuthSessions } from './auth.sessions';
import { MAGICBLOCK_DEFAULTS, type FeeMode, type ResolvedMagicBlockConfig } from './magicblock.config';
import { delegationProgram, privatePaymentsProgram } from './magicblock.programs';
import { MagicBlockRuntime } from './magicblock.runtime';
import { CRANK_AIRDROP_LAMPORTS, loadOrCreateSealer, setUpMint } from './magicblock.setup';
import { MintRegistry } from './mint-registry';
import { createPaymentsApp, listen } from './payments-api.server';
import { PaymentsService } from './payments.service';
import { TransferQueueCrank } from './transfer-queue.crank';

export { MAGICBLOCK_DEFAULTS } from './magicblock.config';
export type { FeeMode } from './magicblock.config';
export type { CrankStatus } from './transfer-queue.crank';

export interface MagicBlockModuleOptions {
  privatePaymentsProgramId: string;
  delegationProgramId: string;
  validator: string;
  /** Port of the payments API stand-in (0 = ephemeral). */
  paymentsPort: number;
  host: string;
  /** Crank cadence in ms (default 500). */
  crankIntervalMs: number;
  /** The crank stops when nobody kicked it for this long (default 60 000). */
  crankIdleStopMs: number;
  /** Token fee in basis points (default 10 = 0.1 %). */
  feeBps?: number;
  /** Whether the fee is deducted from the delivered amount or added to what the sender pays (default `added`). */
  feeMode?: FeeMode;
  /** Lamports charged per settlement part (default 10 000). */
  setupLamportsPerPart?: number;
  /** Largest accepted JSON body (default 16 KiB). */
  maxBodyBytes?: number;
  /** Largest accepted maxDelayMs (default 24 h). */
  maxDelayMs?: number;
}

/** The options with every default from MAGICBLOCK_DEFAULTS (the real ids of PROTOCOLS.md §3). */
export function defaultMagicBlockOptions(): MagicBlockModuleOptions {
  const d = MAGICBLOCK_DEFAULTS;
  return {
    privatePaymentsProgramId: d.privatePaymentsProgramId,
    delegationProgramId: d.delegationProgramId,
    validator: d.validator,
    paymentsPort: d.paymentsPort,
    host: d.host,
    crankIntervalMs: d.crankIntervalMs,
    crankIdleStopMs: d.crankIdleStopMs,
  };
}

function resolve(o: MagicBlockModuleOptions): ResolvedMagicBlockConfig {
  const d = MAGICBLOCK_DEFAULTS;
  const positive = (v: number, name: string): number => {
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`MagicBlock option ${name} must be > 0`);
    return v;
  };
  return {
    privatePaymentsProgramId: new PublicKey(o.privatePaymentsProgramId),
    delegationProgramId: new PublicKey(o.delegationProgramId),
    validator: new PublicKey(o.validator),
    paymentsPort: o.paymentsPort,
    host: o.host,
    crankIntervalMs: positive(o.crankIntervalMs, 'crankIntervalMs'),
    crankIdleStopMs: positive(o.crankIdleStopMs, 'crankIdleStopMs'),
    feeBps: o.feeBps ?? d.feeBps,
    feeMode: o.feeMode ?? d.feeMode,
    setupLamportsPerPart: o.setupLamportsPerPart ?? d.setupLamportsPerPart,
    maxBodyBytes: o.maxBodyBytes ?? d.maxBodyBytes,
    maxDelayMs: o.maxDelayMs ?? d.maxDelayMs,
    authTokenTtlMs: d.authTokenTtlMs,
    challengeTtlMs: d.challengeTtlMs,
  };
}

/** The MagicBlock private-payments API, transfer queue and crank stand-in. */
export function createMagicBlockModule(options: MagicBlockModuleOptions): LocalnetModule {
  const config = resolve(options);
  const rt = new MagicBlockRuntime(config);
  const registry = new MintRegistry(config.privatePaymentsProgramId);
  let crank: TransferQueueCrank | null = null;
  let server: Server | null = null;

  return {
    name: 'magicblock',
    programs: [privatePaymentsProgram(rt), delegationProgram(rt)],
    async start(chain: LocalChain, env: LocalnetEnv): Promise<LocalnetModuleInfo> {
      const crankKey = Keypair.generate();
      rt.bind(await loadOrCreateSealer(env.stateDir), crankKey);
      await chain.airdrop(crankKey.publicKey, CRANK_AIRDROP_LAMPORTS);
      const addrs = registry.add(env.usdcMint, config.validator);
      await setUpMint(rt, chain, addrs, crankKey.publicKey);

      crank = new TransferQueueCrank(rt, chain, () => registry.all());
      const service = new PaymentsService(rt, chain, registry, crank);
      const auth = new AuthSessions(config.challengeTtlMs, config.authTokenTtlMs);
      const app = createPaymentsApp({ service, auth, crank, maxBodyBytes: config.maxBodyBytes, maxDelayMs: config.maxDelayMs });
      const bound = await listen(app, config.host, config.paymentsPort);
      server = bound.server;
      crank.kick();
      return {
        endpoints: { payments: bound.url },
        info: {
          privatePaymentsProgramId: config.privatePaymentsProgramId.toBase58(),
          delegationProgramId: config.delegationProgramId.toBase58(),
          validator: config.validator.toBase58(),
          transferQueue: addrs.queue.toBase58(),
          vault: addrs.vault.toBase58(),
          vaultTokenAccount: addrs.vaultToken.toBase58(),
          crank: crankKey.publicKey.toBase58(),
          crankIntervalMs: config.crankIntervalMs,
          crankIdleStopMs: config.crankIdleStopMs,
        },
      };
    },
    async stop(): Promise<void> {
      await crank?.stop();
      const s = server;
      server = null;
      if (s) {
        s.closeAllConnections();
        await new Promise<void>((done) => s.close(() => done()));
      }
    },
  };
}
