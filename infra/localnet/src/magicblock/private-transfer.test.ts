import { Connection, Keypair, PublicKey, Transaction, type VersionedTransactionResponse } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLocalnet, waitConfirmed, walletOf } from '../testing/localnet.fixture';
import type { RunningLocalnet } from '../index';
import { MAGICBLOCK_DEFAULTS } from './magicblock.config';
import { eventually, paymentsClient, type PaymentsClient } from './payments-api.client.fixture';

const SPL = MAGICBLOCK_DEFAULTS.privatePaymentsProgramId;
const DLG = MAGICBLOCK_DEFAULTS.delegationProgramId;

describe('MagicBlock private transfers through startLocalnet and a web3.js Connection', () => {
  let net: RunningLocalnet;
  let connection: Connection;
  let api: PaymentsClient;
  let usdc: PublicKey;
  let agent: Keypair;
  let queue: PublicKey;

  beforeAll(async () => {
    net = await startTestLocalnet({ modules: { inco: false, magicblock: true }, paymentsPort: 0, crankMs: 100 });
    connection = new Connection(net.endpoints.rpc, 'confirmed');
    api = paymentsClient(net.endpoints.payments ?? '');
    usdc = new PublicKey(net.mints.usdc);
    agent = walletOf(net, 'agent');
    queue = new PublicKey(String(net.modules.magicblock?.transferQueue));
  });

  afterAll(async () => {
    await net.stop();
  });

  async function payPrivately(to: PublicKey, amount: string, clientRefId: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await api.post('transfer', {
      from: agent.publicKey.toBase58(),
      to: to.toBase58(),
      mint: usdc.toBase58(),
      amount,
      visibility: 'private',
      fromBalance: 'base',
      toBalance: 'base',
      cluster: 'localnet',
      clientRefId,
      ...extra,
    });
    expect(res.status).toBe(200);
    expect(res.json.requiredSigners).toEqual([agent.publicKey.toBase58()]);
    const tx = Transaction.from(Buffer.from(String(res.json.transactionBase64), 'base64'));
    tx.partialSign(agent);
    const sig = await connection.sendRawTransaction(tx.serialize());
    await waitConfirmed(connection, sig);
    return sig;
  }

  async function balance(owner: PublicKey): Promise<bigint> {
    const info = await connection.getAccountInfo(getAssociatedTokenAddressSync(usdc, owner));
    return info ? Buffer.from(info.data).readBigUInt64LE(64) : 0n;
  }

  /**
   * Settlements found the way watchers find them: through the queue PDA's signatures. The balance
   * moves at `processed`, but signature listings show only `confirmed` transactions (as a
   * validator's do), so wait until the expected number of settlements is listed.
   */
  function confirmedSettlementsFor(clientRefId: string, count: number): Promise<VersionedTransactionResponse[]> {
    return eventually(async () => {
      const found = await settlementsFor(clientRefId);
      return found.length >= count ? found : undefined;
    });
  }

  async function settlementsFor(clientRefId: string): Promise<VersionedTransactionResponse[]> {
    const sigs = await connection.getSignaturesForAddress(queue, { limit: 1000 });
    const txs = await Promise.all(sigs.map((s) => connection.getTransaction(s.signature, { maxSupportedTransactionVersion: 0 })));
    return txs.filter((t): t is VersionedTransactionResponse => t?.meta?.logMessages?.includes(`Program log: client_ref_id: ${clientRefId}`) ?? false);
  }

  function tokenDelta(tx: VersionedTransactionResponse, owner: PublicKey): bigint {
    const pick = (list: typeof tx.meta extends null ? never : NonNullable<typeof tx.meta>['postTokenBalances']) =>
      BigInt(list?.find((b) => b.owner === owner.toBase58())?.uiTokenAmount.amount ?? '0');
    return pick(tx.meta?.postTokenBalances) - pick(tx.meta?.preTokenBalances);
  }

  it('credits the recipient from the vault after the crank, with client_ref_id inside the SPLxh1 frame', async () => {
    const recipient = Keypair.generate().publicKey;
    await payPrivately(recipient, '250000', '4242');
    await api.get(`is-mint-initialized?mint=${usdc.toBase58()}&cluster=localnet`);
    await eventually(async () => ((await balance(recipient)) === 250_000n ? true : undefined));

    const [settlement] = await confirmedSettlementsFor('4242', 1);
    if (!settlement?.meta) throw new Error('no settlement found through getSignaturesForAddress(queue)');
    expect(settlement.meta.err).toBeNull();
    const logs = settlement.meta.logMessages ?? [];
    const outer = logs.indexOf(`Program ${DLG} invoke [1]`);
    const inner = logs.indexOf(`Program ${SPL} invoke [2]`);
    const ref = logs.indexOf('Program log: client_ref_id: 4242');
    const innerEnd = logs.indexOf(`Program ${SPL} success`);
    expect([outer >= 0, outer < inner, inner < ref, ref < innerEnd]).toEqual([true, true, true, true]);
    expect(tokenDelta(settlement, recipient)).toBe(250_000n);

    const parsed = await connection.getParsedTransaction(settlement.transaction.signatures[0] ?? '', { maxSupportedTransactionVersion: 0 });
    const innerPrograms = parsed?.meta?.innerInstructions?.flatMap((i) => i.instructions.map((x) => x.programId.toBase58())) ?? [];
    expect(innerPrograms[0]).toBe(SPL);
    expect(innerPrograms).toContain('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA');
  });

  it('never lands a transaction that names both the agent and the recipient', async () => {
    const recipient = Keypair.generate().publicKey;
    await payPrivately(recipient, '1000', '777');
    await api.post('transfer-queue/ensure-crank', {});
    await eventually(async () => ((await balance(recipient)) === 1_000n ? true : undefined));
    const forRecipient = await eventually(async () => {
      const sigs = await connection.getSignaturesForAddress(recipient, { limit: 1000 });
      return sigs.length > 0 ? sigs : undefined;
    });
    const forAgent = new Set((await connection.getSignaturesForAddress(agent.publicKey, { limit: 1000 })).map((s) => s.signature));
    expect(forRecipient.length).toBeGreaterThan(0);
    expect(forRecipient.filter((s) => forAgent.has(s.signature))).toEqual([]);
  });

  it('splits a transfer into several settlements that sum to the amount', async () => {
    const merchant = walletOf(net, 'merchant').publicKey;
    const before = await balance(merchant);
    await payPrivately(merchant, '100001', '9001', { split: 3 });
    await api.post('transfer-queue/ensure-crank', {});
    await eventually(async () => ((await balance(merchant)) === before + 100_001n ? true : undefined));
    const parts = await confirmedSettlementsFor('9001', 3);
    expect(parts).toHaveLength(3);
    expect(parts.reduce((sum, t) => sum + tokenDelta(t, merchant), 0n)).toBe(100_001n);
  });

  it('refuses clientRefId 0 and non-u64 ids with a typed 400', async () => {
    for (const clientRefId of ['0', '18446744073709551616', '-1', '12a', '']) {
      const res = await api.post('transfer', {
        from: agent.publicKey.toBase58(),
        to: Keypair.generate().publicKey.toBase58(),
        mint: usdc.toBase58(),
        amount: '1000',
        visibility: 'private',
        fromBalance: 'base',
        toBalance: 'base',
        cluster: 'localnet',
        clientRefId,
      });
      expect({ clientRefId, status: res.status, error: res.json.error }).toEqual({ clientRefId, status: 400, error: 'invalid_client_ref_id' });
    }
  });

  it('answers is-mint-initialized with the queue the module reported', async () => {
    const res = await api.get(`is-mint-initialized?mint=${usdc.toBase58()}&cluster=localnet&validator=${MAGICBLOCK_DEFAULTS.validator}`);
    expect(res.json).toEqual({ mint: usdc.toBase58(), validator: MAGICBLOCK_DEFAULTS.validator, transferQueue: queue.toBase58(), initialized: true });
    const other = await api.get(`is-mint-initialized?mint=${Keypair.generate().publicKey.toBase58()}`);
    expect(other.json.initialized).toBe(false);
  });
});
