import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519';
import { secp256k1 } from '@noble/curves/secp256k1';
import bs58 from 'bs58';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveLocalnetKeys } from './seeded-keys';
import { startLocalnet, type RunningLocalnet, type StartLocalnetOptions } from './start-localnet';

// Real localnets (ephemeral ports, own state dirs). MagicBlock is left out: the seed does not
// reach it, and the Inco module is the one whose mint and keys the seed must fix.
const dirs: string[] = [];
const freshDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'localnet-seed-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function facts(options: StartLocalnetOptions): Promise<Pick<RunningLocalnet, 'mints' | 'wallets' | 'modules'>> {
  const net = await startLocalnet({ rpcPort: 0, covalidatorPort: 0, slotMs: 50, modules: { magicblock: false }, log: () => undefined, ...options });
  try {
    return { mints: net.mints, wallets: net.wallets, modules: net.modules };
  } finally {
    await net.stop();
  }
}

describe('startLocalnet with a seed', () => {
  it('derives the wallets, both mints and the covalidator keys from the seed, whatever the state dir', async () => {
    const keys = deriveLocalnetKeys('seeded-test');
    const first = await facts({ seed: 'seeded-test', stateDir: freshDir() });
    const second = await facts({ seed: 'seeded-test', stateDir: freshDir() });
    for (const net of [first, second]) {
      expect(net.mints.usdc).toBe(keys.usdcMint.publicKey.toBase58());
      expect(net.mints.inco).toBe(keys.inco.mint.publicKey.toBase58());
      for (const [role, kp] of Object.entries(keys.wallets)) expect(net.wallets[role]?.publicKey, role).toBe(kp.publicKey.toBase58());
      expect(net.modules['inco']?.['attestationPublicKey']).toBe(bs58.encode(ed25519.getPublicKey(keys.inco.attestationSeed)));
      expect(net.modules['inco']?.['teePublicKey']).toBe(Buffer.from(secp256k1.getPublicKey(keys.inco.teePrivateKey, false)).toString('hex'));
    }
    // The signer reads the facilitator key from this file: it must be the seeded secret key.
    const file = first.wallets['facilitator']!.keypairPath;
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(Array.from(keys.wallets.facilitator.secretKey));
  });

  it('restarts on its own state dir, and refuses one made with another seed', async () => {
    const dir = freshDir();
    const before = await facts({ seed: 'seeded-a', stateDir: dir });
    expect((await facts({ seed: 'seeded-a', stateDir: dir })).mints).toEqual(before.mints);
    await expect(facts({ seed: 'seeded-b', stateDir: dir })).rejects.toThrow(/not the seeded/);
  });

  it('without a seed keeps random keys per state dir (the default)', async () => {
    const keys = deriveLocalnetKeys('seeded-test');
    const a = await facts({ stateDir: freshDir() });
    const b = await facts({ stateDir: freshDir() });
    expect(a.mints.usdc).not.toBe(b.mints.usdc);
    expect(a.mints.inco).not.toBe(b.mints.inco);
    expect(a.wallets['facilitator']?.publicKey).not.toBe(keys.wallets.facilitator.publicKey.toBase58());
  });
});
