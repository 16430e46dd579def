import { randomUUID } from 'node:crypto';
import { findAmountExposures, incoCiphertexts, lengthsByInstruction, visibleParts, type VisibleTransaction } from '@quietpay/chain-observer';
import { buildSessionPaymentPayload, createSession, FacilitatorClient, keypairWallet, memorySessionStorage, type SessionKind } from '@quietpay/sdk';
import { AMOUNT_CIPHERTEXT_BYTES, incoTokenAccountAddress } from '@quietpay/solana';
import type { PaymentRequirements } from '@quietpay/x402';
import { PublicKey } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SessionStack, startSessionStack } from '../support/session-stack';

// Issue 15: what a chain observer learns of session payments from a public RPC alone. The cap and
// the prices are distinctive numbers, so finding none of them in any plain encoding means they
// are really only inside ciphertexts, and all transfers having one length means the ciphertext
// length does not give the amount away either.

const CAP = '0.987654';
const CAP_UNITS = 987_654n;
const PRICES = [12_347n, 31_415n, 271_828n];
let stack: SessionStack;
let kind: SessionKind;

async function transactionsOf(addresses: readonly PublicKey[]): Promise<VisibleTransaction[]> {
  const signatures = new Set<string>();
  for (const address of addresses) {
    for (const s of await stack.connection.getSignaturesForAddress(address, { limit: 1000 }, 'confirmed')) if (s.err === null) signatures.add(s.signature);
  }
  const txs = await Promise.all([...signatures].map((s) => stack.connection.getTransaction(s, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 })));
  return txs.filter((t) => t !== null).map(visibleParts);
}

beforeAll(async () => {
  stack = await startSessionStack();
  kind = await new FacilitatorClient(stack.gatewayUrl).sessionKind();
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe('a chain observer watching session payments', () => {
  it('finds no cap or amount in any plain encoding, and every transfer instruction has one length whatever its amount', async () => {
    const { agent, merchant } = stack.wallets;
    const storage = memorySessionStorage();
    const handle = await createSession({
      wallet: keypairWallet(agent),
      facilitatorUrl: stack.gatewayUrl,
      connection: stack.connection,
      cap: CAP,
      expiresInSeconds: 3600,
      recipient: merchant.publicKey.toBase58(),
      storage,
    });
    const secretKey = Uint8Array.from(Buffer.from((await storage.get(handle.sessionId))!.sessionSecretKey, 'base64'));
    for (const price of PRICES) {
      const requirements: PaymentRequirements = {
        scheme: 'session',
        network: kind.network as PaymentRequirements['network'],
        asset: kind.extra.mint,
        amount: price.toString(),
        payTo: merchant.publicKey.toBase58(),
        maxTimeoutSeconds: 60,
        extra: { ...kind.extra },
      };
      const paymentPayload = buildSessionPaymentPayload(
        { x402Version: 2, resource: { url: `https://observer.test/${randomUUID()}` }, accepts: [requirements] },
        requirements,
        handle.sessionId,
        secretKey,
      );
      const res = await fetch(`${stack.gatewayUrl}/settle`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ x402Version: 2, paymentPayload, paymentRequirements: requirements }),
      });
      expect(((await res.json()) as { success: boolean }).success).toBe(true);
    }

    const mint = new PublicKey(stack.inco.mint);
    const incoToken = new PublicKey(stack.inco.incoTokenProgramId);
    const ids = { incoToken, incoLightning: new PublicKey(stack.inco.incoLightningProgramId) };
    const txs = await transactionsOf([incoTokenAccountAddress(ids, agent.publicKey, mint), incoTokenAccountAddress(ids, merchant.publicKey, mint)]);
    const secrets = [CAP_UNITS, ...PRICES, PRICES.reduce((a, b) => a + b, 0n)];
    expect(txs.length).toBeGreaterThanOrEqual(1 + PRICES.length);
    expect(txs.flatMap((tx) => findAmountExposures(tx, secrets))).toEqual([]);

    // Every encrypted amount, the cap's (approve_checked) and each charge's (transfer), has the one
    // fixed length: unpadded, the 6-digit cap and the 5- and 6-digit prices would differ by a byte.
    // (The agent's history also holds localnet's initial mint_to: the same rule holds for it.)
    const byInstruction = lengthsByInstruction(txs.flatMap((tx) => incoCiphertexts(tx, incoToken)));
    expect(Object.keys(byInstruction)).toEqual(expect.arrayContaining(['approve_checked', 'transfer']));
    for (const [instruction, lengths] of Object.entries(byInstruction))
      expect({ instruction, lengths }).toEqual({ instruction, lengths: [AMOUNT_CIPHERTEXT_BYTES] });
    // And so every IncoToken instruction of one kind (8-byte discriminator) has one data length.
    const lengths = new Map<string, Set<number>>();
    for (const ix of txs.flatMap((tx) => tx.instructions).filter((i) => i.programId.equals(incoToken) && i.data.length >= 8)) {
      const kindKey = Buffer.from(ix.data.subarray(0, 8)).toString('hex');
      lengths.set(kindKey, (lengths.get(kindKey) ?? new Set()).add(ix.data.length));
    }
    expect(lengths.size).toBeGreaterThanOrEqual(2); // approve and transfer at least
    for (const [discriminator, set] of lengths) expect({ discriminator, lengths: [...set] }).toEqual({ discriminator, lengths: [[...set][0]] });
  }, 180_000);
});
