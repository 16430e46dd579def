import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCliOptions, startLocalnet, type RunningLocalnet, type StartLocalnetOptions } from '@quietpay/infra-localnet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asArray, composeEnvironment, composeServices, containerEnvironment, findKind, get, kustomize, SERVICES, type JsonObject } from './deploy-files';

// The local overlay and compose name the seeded localnet's addresses and carry its facilitator
// key. Rather than trust a formula, this reads each file's localnet environment the way the
// localnet CLI does, starts a real localnet with it (ephemeral ports, a fresh state dir), and
// compares what that chain reports with what the files say: a changed seed, derivation or file
// fails here.

const tmp = mkdtempSync(join(tmpdir(), 'quietpay-seed-'));
const overlay = kustomize('overlays/local');
const localnetDeployment = findKind(overlay, 'Deployment', 'localnet')!;
const overlayOptions = readCliOptions([], containerEnvironment(overlay, localnetDeployment));
const common = containerEnvironment(overlay, findKind(overlay, 'Deployment', 'gateway')!);

let compose: JsonObject = {};
let composeOptions: StartLocalnetOptions = {};
let net: RunningLocalnet;
let facilitatorFile: number[] = [];

/** The chain's facts as the files name them: variable → value. */
function expectedFacts(): Record<string, string> {
  const inco = net.modules['inco'] ?? {};
  return {
    FACILITATOR_PUBKEY: net.wallets['facilitator']!.publicKey,
    INCO_MINT: net.mints.inco ?? 'no inco mint',
    USDC_MINT: net.mints.usdc,
    ATTESTATION_PUBLIC_KEY: String(inco['attestationPublicKey']),
    TEE_PUBLIC_KEY: String(inco['teePublicKey']),
  };
}

beforeAll(async () => {
  compose = composeServices(tmp);
  composeOptions = readCliOptions([], composeEnvironment(compose, 'localnet'));
  expect(overlayOptions.seed, 'the overlay localnet has LOCALNET_SEED').toBeDefined();
  expect(composeOptions.seed, 'one seed for compose and the overlay').toBe(overlayOptions.seed);
  net = await startLocalnet({
    seed: overlayOptions.seed!,
    rpcPort: 0,
    covalidatorPort: 0,
    paymentsPort: 0,
    stateDir: join(tmp, 'state'),
    log: () => undefined,
  });
  facilitatorFile = JSON.parse(readFileSync(net.wallets['facilitator']!.keypairPath, 'utf8')) as number[];
}, 60_000);

afterAll(async () => {
  await net?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('k8s local overlay names the seeded localnet', () => {
  it('has the chain facts of the seed in quietpay-common', () => {
    for (const [name, value] of Object.entries(expectedFacts())) expect(common[name], name).toBe(value);
  });

  it('carries the seed’s facilitator keypair in Secret quietpay-facilitator-key', () => {
    const data = get(findKind(overlay, 'Secret', 'quietpay-facilitator-key'), 'data', 'facilitator.json');
    const bytes: unknown = JSON.parse(Buffer.from(String(data).replace(/\s/g, ''), 'base64').toString('utf8'));
    expect(bytes).toEqual(facilitatorFile);
  });

  it('fixes the localnet ports the chain URLs and the localnet Service use', () => {
    expect(overlayOptions).toMatchObject({ host: '0.0.0.0', rpcPort: 8899, covalidatorPort: 8910, paymentsPort: 8920 });
    const servicePorts = asArray(get(findKind(overlay, 'Service', 'localnet'), 'spec', 'ports')).map((p) => get(p, 'port'));
    const urls = chainUrls(common);
    for (const [name, url] of Object.entries(urls)) {
      expect(url.hostname, name).toBe('localnet');
      expect(servicePorts, name).toContain(Number(url.port));
    }
    expectPortsMatch(urls, overlayOptions);
  });
});

describe('docker-compose.yml names the seeded localnet', () => {
  it.each(SERVICES)('%s gets the chain facts of the seed', (service) => {
    const env = composeEnvironment(compose, service);
    for (const [name, value] of Object.entries(expectedFacts())) expect(env[name], name).toBe(value);
  });

  it('pays the seed’s merchant in both examples, the private one in the seed’s USDC', () => {
    expect(composeEnvironment(compose, 'paid-api')['MERCHANT']).toBe(net.wallets['merchant']!.publicKey);
    expect(composeEnvironment(compose, 'private-api')['MERCHANT_WALLET']).toBe(net.wallets['merchant']!.publicKey);
    expect(composeEnvironment(compose, 'private-api')['USDC_MINT']).toBe(net.mints.usdc);
  });

  it('has the signer read the facilitator key the seeded localnet writes to its state volume', () => {
    const stateDir = composeOptions.stateDir ?? 'unset';
    const inState = net.wallets['facilitator']!.keypairPath.slice(join(tmp, 'state').length);
    expect(composeEnvironment(compose, 'signer')['FACILITATOR_KEYPAIR_PATH']).toBe(`${stateDir}${inState}`);
  });

  it('fixes the localnet ports the chain URLs use, and publishes them', () => {
    expect(composeOptions).toMatchObject({ host: '0.0.0.0', rpcPort: 8899, covalidatorPort: 8910, paymentsPort: 8920 });
    for (const service of SERVICES) {
      const urls = chainUrls(composeEnvironment(compose, service));
      for (const [name, url] of Object.entries(urls)) expect(url.hostname, `${service} ${name}`).toBe('localnet');
      expectPortsMatch(urls, composeOptions);
    }
  });
});

describe('the comparison can fail', () => {
  it('a localnet with another seed disagrees with the files', async () => {
    const other = await startLocalnet({
      seed: `${overlayOptions.seed!}-other`,
      rpcPort: 0,
      covalidatorPort: 0,
      modules: { magicblock: false },
      stateDir: join(tmp, 'other'),
      log: () => undefined,
    });
    try {
      expect(other.mints.usdc).not.toBe(common['USDC_MINT']);
      expect(other.mints.inco).not.toBe(common['INCO_MINT']);
      expect(other.wallets['facilitator']!.publicKey).not.toBe(common['FACILITATOR_PUBKEY']);
    } finally {
      await other.stop();
    }
  });
});

function chainUrls(env: Record<string, string>): Record<string, URL> {
  const names = ['SOLANA_RPC_URL', 'SOLANA_WS_URL', 'COVALIDATOR_URL', 'PAYMENTS_API_URL'];
  return Object.fromEntries(names.map((n) => [n, new URL(env[n] ?? 'http://missing.invalid')]));
}

/** The URLs' ports are the ones the localnet listens on (its WebSocket is always RPC + 1). */
function expectPortsMatch(urls: Record<string, URL>, o: StartLocalnetOptions): void {
  expect(Number(urls['SOLANA_RPC_URL']!.port)).toBe(o.rpcPort);
  expect(Number(urls['SOLANA_WS_URL']!.port)).toBe((o.rpcPort ?? -2) + 1);
  expect(Number(urls['COVALIDATOR_URL']!.port)).toBe(o.covalidatorPort);
  expect(Number(urls['PAYMENTS_API_URL']!.port)).toBe(o.paymentsPort);
}
