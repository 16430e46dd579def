import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { PublicKey, type Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import type { LocalChain, LocalnetModule } from '../emulation/types';
import { createCovalidatorApp, listenCovalidator } from './covalidator.server';
import { IncoKeys } from './covalidator.keys';
import { HandleStore } from './handle.store';
import { INCO_DEFAULTS } from './inco.config';
import { bootstrapInco } from './inco-bootstrap';
import { IncoLightningProgram } from './inco-lightning.program';
import { IncoLightningRuntime } from './inco-lightning.runtime';
import { IncoTokenProgram } from './inco-token.program';

export { INCO_DEFAULTS } from './inco.config';

export interface IncoModuleOptions {
  /** Default: the devnet IncoToken id (INCO_DEFAULTS). */
  incoTokenProgramId?: string;
  /** Default: the devnet Inco Lightning id (INCO_DEFAULTS). */
  incoLightningProgramId?: string;
  /** Port of the covalidator HTTP stand-in (0 = ephemeral). */
  covalidatorPort?: number;
  host?: string;
  /** 32-byte secp256k1 TEE private key (hex). Default: generated once and kept in stateDir. */
  teePrivateKeyHex?: string;
  /** 32-byte ed25519 seed of the attestation key (hex). Default: generated once and kept in stateDir. */
  attestationSeedHex?: string;
  /**
   * The IncoToken mint's keypair and its authority (e.g. derived from the localnet seed, so the
   * mint address is known before start). Default: generated once and kept in stateDir.
   */
  mint?: Keypair;
  mintAuthority?: Keypair;
  /** Base units minted to each role's token account when it is created (default 100 USDC to agent, agent2). */
  initialBalances?: Record<string, bigint>;
  /** Roles of env.wallets that get an IncoToken account at start. */
  accountRoles?: string[];
}

/**
 * The IncoToken + Inco Lightning emulation and the covalidator stand-in.
 * `start` returns endpoints `{covalidator}` and info `{incoMint, incoTokenProgramId,
 * incoLightningProgramId, incoMintDecimals, teePublicKey (hex), attestationPublicKey (base58),
 * covalidatorKeysPath}`.
 */
export function createIncoModule(options: IncoModuleOptions = {}): LocalnetModule {
  const incoToken = new PublicKey(options.incoTokenProgramId ?? INCO_DEFAULTS.incoTokenProgramId);
  const incoLightning = new PublicKey(options.incoLightningProgramId ?? INCO_DEFAULTS.incoLightningProgramId);
  const hex = (v: string | undefined): Uint8Array | undefined => (v ? Buffer.from(v, 'hex') : undefined);
  const keys = IncoKeys.generate(hex(options.teePrivateKeyHex), hex(options.attestationSeedHex), options.mint, options.mintAuthority);
  const explicitKeys = Boolean(options.teePrivateKeyHex || options.attestationSeedHex || options.mint || options.mintAuthority);
  const handles = new HandleStore();
  const lightning = new IncoLightningRuntime(incoLightning, handles, () => keys.teePrivateKey);
  let server: Server | null = null;
  let flushTimer: NodeJS.Timeout | null = null;

  return {
    name: 'inco',
    programs: [new IncoTokenProgram(incoToken, lightning), new IncoLightningProgram(incoLightning)],

    async start(chain: LocalChain, env) {
      const dir = join(env.stateDir, 'inco');
      mkdirSync(dir, { recursive: true });
      // Explicit keys win; otherwise a persisted chain keeps the keys its handles were made with.
      if (!explicitKeys) keys.loadOrSave(join(dir, 'keys.json'));
      handles.attach(join(dir, 'handles.log'));
      flushTimer = setInterval(() => handles.flush(), 250);
      flushTimer.unref();

      const app = createCovalidatorApp({
        handles,
        attestationSeed: () => keys.attestationSeed,
        lightningProgramId: incoLightning,
        getAccount: (address) => chain.getAccount(address),
        teePublicKey: () => keys.teePublicKey,
        attestationPublicKey: () => keys.attestationPublicKey,
        bodyLimit: INCO_DEFAULTS.covalidatorBodyLimit,
      });
      const listening = await listenCovalidator(app, options.host ?? INCO_DEFAULTS.host, options.covalidatorPort ?? INCO_DEFAULTS.covalidatorPort);
      server = listening.server;

      await bootstrapInco(
        chain,
        env,
        keys,
        { incoToken, incoLightning },
        {
          decimals: INCO_DEFAULTS.mintDecimals,
          accountRoles: options.accountRoles ?? INCO_DEFAULTS.accountRoles,
          initialBalances: options.initialBalances ?? INCO_DEFAULTS.initialBalances,
          authorityAirdropLamports: INCO_DEFAULTS.authorityAirdropLamports,
        },
      );
      handles.flush();

      return {
        endpoints: { covalidator: listening.url },
        info: {
          incoMint: keys.mint.publicKey.toBase58(),
          incoMintDecimals: INCO_DEFAULTS.mintDecimals,
          incoTokenProgramId: incoToken.toBase58(),
          incoLightningProgramId: incoLightning.toBase58(),
          teePublicKey: Buffer.from(keys.teePublicKey).toString('hex'),
          attestationPublicKey: bs58.encode(keys.attestationPublicKey),
          covalidatorKeysPath: '/keys',
        },
      };
    },

    async stop() {
      if (flushTimer) clearInterval(flushTimer);
      flushTimer = null;
      handles.flush();
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
