import { Connection, Keypair, PublicKey, Transaction } from '@solana/web3.js';
import { getAssociatedTokenAddressSync } from '@solana/spl-token';
import bs58 from 'bs58';
import nacl from 'tweetnacl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLocalnet, waitConfirmed, walletOf } from '../testing/localnet.fixture';
import type { RunningLocalnet } from '../index';
import { paymentsClient, type PaymentsClient } from './payments-api.client.fixture';

describe('payments API routes: auth, balances and typed 4xx errors', () => {
  let net: RunningLocalnet;
  let connection: Connection;
  let api: PaymentsClient;
  let usdc: string;
  let agent2: Keypair;
  let token: string;

  beforeAll(async () => {
    net = await startTestLocalnet({ modules: { inco: false, magicblock: true }, paymentsPort: 0, crankMs: 100 });
    connection = new Connection(net.endpoints.rpc, 'confirmed');
    api = paymentsClient(net.endpoints.payments ?? '');
    usdc = net.mints.usdc;
    agent2 = walletOf(net, 'agent2');
    const { json } = await api.get(`challenge?pubkey=${agent2.publicKey.toBase58()}`);
    const challenge = String(json.challenge);
    const signature = bs58.encode(nacl.sign.detached(Buffer.from(challenge, 'utf8'), agent2.secretKey));
    const login = await api.post('login', { pubkey: agent2.publicKey.toBase58(), challenge, signature });
    expect(login.status).toBe(200);
    token = String(login.json.token);
  });

  afterAll(async () => {
    await net.stop();
  });

  const auth = () => ({ authorization: `Bearer ${token}` });

  async function signAndSend(base64: unknown): Promise<void> {
    const tx = Transaction.from(Buffer.from(String(base64), 'base64'));
    tx.partialSign(agent2);
    await waitConfirmed(connection, await connection.sendRawTransaction(tx.serialize()));
  }

  it('moves tokens base → private → base with deposit and withdraw', async () => {
    const me = agent2.publicKey.toBase58();
    const base0 = BigInt(String((await api.get(`balance?address=${me}&mint=${usdc}`)).json.balance));
    const deposit = await api.post('deposit', { owner: me, mint: usdc, amount: '40000' });
    expect(deposit.status).toBe(200);
    await signAndSend(deposit.json.transactionBase64);
    expect((await api.get(`private-balance?address=${me}&mint=${usdc}`, auth())).json.balance).toBe('40000');

    const withdraw = await api.post('withdraw', { mint: usdc, amount: '15000' }, auth());
    expect(withdraw.status).toBe(200);
    await signAndSend(withdraw.json.transactionBase64);
    expect((await api.get(`private-balance?mint=${usdc}`, auth())).json.balance).toBe('25000');
    expect(BigInt(String((await api.get(`balance?address=${me}&mint=${usdc}`)).json.balance))).toBe(base0 - 25_000n);
  });

  it('answers each call @px402/client makes as the real API does (point 7 of issue 11)', async () => {
    const me = agent2.publicKey.toBase58();
    // GET balance: no bearer, the wallet as `address`, the real answer's shape.
    const balance = await api.get(`balance?address=${me}&mint=${usdc}&cluster=localnet`);
    expect([balance.status, balance.json]).toEqual([
      200,
      { address: me, mint: usdc, ata: expect.any(String), location: 'base', balance: expect.stringMatching(/^\d+$/) },
    ]);
    // POST deposit: owner in the body, amount as a JSON number, the init switches, no bearer.
    const deposit = await api.post('deposit', { owner: me, amount: 5000, mint: usdc, cluster: 'localnet', initIfMissing: true, initVaultIfMissing: true });
    expect([deposit.status, deposit.json.kind, deposit.json.requiredSigners]).toEqual([200, 'deposit', [me]]);
    await signAndSend(deposit.json.transactionBase64);
    // challenge + login with `cluster`, base64 signature; private-balance with the bearer and `address`.
    const { json: c } = await api.get(`challenge?pubkey=${me}&cluster=localnet`);
    const challenge = String(c.challenge);
    const signature = Buffer.from(nacl.sign.detached(Buffer.from(challenge, 'utf8'), agent2.secretKey)).toString('base64');
    const login = await api.post('login', { pubkey: me, challenge, signature, cluster: 'localnet' });
    expect(login.status).toBe(200);
    const priv = await api.get(`private-balance?address=${me}&mint=${usdc}&cluster=localnet`, { authorization: `Bearer ${String(login.json.token)}` });
    expect([priv.status, priv.json.location, BigInt(String(priv.json.balance)) >= 5000n]).toEqual([200, 'ephemeral', true]);
    // POST transfer: the init switches, numeric amount, no clientRefId; it settles without a client_ref_id line.
    const receiver = Keypair.generate().publicKey;
    const transfer = await api.post('transfer', {
      from: me,
      to: receiver.toBase58(),
      amount: 3000,
      mint: usdc,
      cluster: 'localnet',
      visibility: 'private',
      fromBalance: 'base',
      toBalance: 'base',
      initIfMissing: true,
      initAtasIfMissing: true,
      initVaultIfMissing: true,
    });
    expect([transfer.status, transfer.json.kind]).toEqual([200, 'transfer']);
    await signAndSend(transfer.json.transactionBase64);
    await api.post('transfer-queue/ensure-crank', {});
    const ata = getAssociatedTokenAddressSync(new PublicKey(usdc), receiver);
    const credited = await connection.getTokenAccountBalance(ata);
    expect(BigInt(credited.value.amount)).toBeGreaterThan(0n);
    // The balance can show the credit a moment before the settlement is in the address history.
    let sig: { signature: string } | undefined;
    for (let tries = 0; sig === undefined && tries < 100; tries += 1) {
      [sig] = await connection.getSignaturesForAddress(ata, { limit: 1 }, 'confirmed');
      if (sig === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const settlement = await connection.getTransaction(sig!.signature, { maxSupportedTransactionVersion: 0, commitment: 'confirmed' });
    expect(settlement?.meta?.logMessages).toContain('Program log: Instruction: ExecuteReadyQueuedTransfer');
    expect(settlement?.meta?.logMessages?.some((l) => l.includes('client_ref_id'))).toBe(false);
  });

  it('refuses a login with a wrong signature or a reused challenge', async () => {
    const { json } = await api.get('challenge');
    const challenge = String(json.challenge);
    const other = Keypair.generate();
    const badSig = bs58.encode(nacl.sign.detached(Buffer.from(challenge, 'utf8'), other.secretKey));
    const bad = await api.post('login', { pubkey: agent2.publicKey.toBase58(), challenge, signature: badSig });
    expect([bad.status, bad.json.error]).toEqual([401, 'invalid_signature']);
    const reused = await api.post('login', { pubkey: agent2.publicKey.toBase58(), challenge, signature: badSig });
    expect([reused.status, reused.json.error]).toEqual([401, 'unauthorized']);
  });

  it('answers bad input on every route with a typed 4xx JSON error', async () => {
    const agent = walletOf(net, 'agent').publicKey.toBase58();
    const wallet = Keypair.generate().publicKey.toBase58();
    const good = {
      from: agent,
      to: wallet,
      mint: usdc,
      amount: '1000',
      visibility: 'private',
      fromBalance: 'base',
      toBalance: 'base',
      cluster: 'localnet',
      clientRefId: '5',
    };
    const ata = PublicKey.findProgramAddressSync([Buffer.from('x')], new PublicKey(usdc))[0].toBase58();
    const cases: [string, () => Promise<{ status: number; json: Record<string, unknown> }>, number, string][] = [
      ['transfer: public visibility', () => api.post('transfer', { ...good, visibility: 'public' }), 400, 'unsupported_visibility'],
      [
        'transfer: ephemeral → ephemeral',
        () => api.post('transfer', { ...good, fromBalance: 'ephemeral', toBalance: 'ephemeral' }),
        400,
        'unsupported_balance_route',
      ],
      ['transfer: to is off-curve (an ATA/PDA)', () => api.post('transfer', { ...good, to: ata }), 400, 'recipient_not_wallet'],
      ['transfer: split 16', () => api.post('transfer', { ...good, split: 16 }), 400, 'invalid_request'],
      ['transfer: min > max delay', () => api.post('transfer', { ...good, minDelayMs: 10, maxDelayMs: 5 }), 400, 'invalid_request'],
      ['transfer: bad pubkey', () => api.post('transfer', { ...good, from: 'nope' }), 400, 'invalid_request'],
      ['transfer: amount 0', () => api.post('transfer', { ...good, amount: '0' }), 400, 'invalid_request'],
      ['transfer: unknown field', () => api.post('transfer', { ...good, extra: 1 }), 400, 'invalid_request'],
      ['transfer: unknown mint', () => api.post('transfer', { ...good, mint: wallet }), 400, 'mint_not_initialized'],
      ['transfer: more than the balance', () => api.post('transfer', { ...good, amount: '999999999999999' }), 400, 'insufficient_funds'],
      ['transfer: malformed JSON', () => api.post('transfer', '{"from":'), 400, 'invalid_request'],
      ['transfer: JSON array', () => api.post('transfer', '[]'), 400, 'invalid_request'],
      ['transfer: oversized body', () => api.post('transfer', { ...good, memo: 'x'.repeat(64 * 1024) }), 413, 'payload_too_large'],
      ['is-mint-initialized: no mint', () => api.get('is-mint-initialized'), 400, 'invalid_request'],
      ['is-mint-initialized: repeated mint', () => api.get(`is-mint-initialized?mint=${usdc}&mint=${usdc}`), 400, 'invalid_request'],
      ['ensure-crank: bad mint', () => api.post('transfer-queue/ensure-crank', { mint: 'x' }), 400, 'invalid_request'],
      ['challenge: bad pubkey', () => api.get('challenge?pubkey=zz'), 400, 'invalid_request'],
      ['login: missing fields', () => api.post('login', {}), 400, 'invalid_request'],
      ['login: unknown challenge', () => api.post('login', { pubkey: agent, challenge: 'c', signature: 's' }), 401, 'unauthorized'],
      ['deposit: no owner, no token', () => api.post('deposit', { mint: usdc, amount: '1' }), 400, 'invalid_request'],
      ['deposit: no owner, bad token', () => api.post('deposit', { mint: usdc, amount: '1' }, { authorization: 'Bearer nope' }), 401, 'unauthorized'],
      ['deposit: bad amount', () => api.post('deposit', { owner: agent, mint: usdc, amount: 'x' }), 400, 'invalid_request'],
      ['deposit: bad owner', () => api.post('deposit', { owner: 'x', mint: usdc, amount: '1' }), 400, 'invalid_request'],
      ['withdraw: someone else as owner', () => api.post('withdraw', { mint: usdc, amount: '1', owner: agent }, auth()), 403, 'unauthorized'],
      ['withdraw: no token', () => api.post('withdraw', { mint: usdc, amount: '1' }), 401, 'unauthorized'],
      ['withdraw: more than the private balance', () => api.post('withdraw', { mint: usdc, amount: '999999999' }, auth()), 400, 'insufficient_funds'],
      ['balance: no address, no token', () => api.get(`balance?mint=${usdc}`), 400, 'invalid_request'],
      ['balance: no mint', () => api.get(`balance?address=${agent}`), 400, 'invalid_request'],
      ['private-balance: no token', () => api.get(`private-balance?mint=${usdc}`), 401, 'unauthorized'],
      ['private-balance: another address', () => api.get(`private-balance?address=${agent}&mint=${usdc}`, auth()), 403, 'unauthorized'],
      ['unknown route', () => api.get('nope'), 404, 'not_found'],
    ];
    const results = [];
    for (const [name, call, status, error] of cases) {
      const res = await call();
      results.push({ name, status: res.status, error: res.json.error, ok: status === res.status && error === res.json.error });
    }
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });
});
