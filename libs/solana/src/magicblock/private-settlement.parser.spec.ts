import { Keypair, PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import { describe, expect, it } from 'vitest';
import { writeUintLE } from '../codec/little-endian.codec';
import { resolveProgramIds } from '../config/program-ids.config';
import { parsePrivateSettlements } from './private-settlement.parser';

const ids = resolveProgramIds();
const k = (n: number): string => Keypair.fromSeed(new Uint8Array(32).fill(n)).publicKey.toBase58();
const TOKEN = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
const SPL = ids.ephemeralSpl.toBase58();
const DLG = ids.delegation.toBase58();
const DECOY = k(99);
// Indexes:          0 fee   1 vault 2 mint 3 vaultTA 4 owner 5 ata  6 rent 7 token 8 ata-prog 9 sys  10 SPL 11 DLG 12 queue 13 decoy
const KEYS = [k(1), k(2), k(3), k(4), k(5), k(6), k(7), TOKEN, k(8), '11111111111111111111111111111111', SPL, DLG, k(9), DECOY];
const settleData = (refId: bigint | undefined): string =>
  bs58.encode(new Uint8Array([202, 0, ...writeUintLE(500n, 8), 0, ...(refId === undefined ? [] : writeUintLE(refId, 8))]));

const frameLogs = (inner: string[]): string[] => [
  `Program ${DLG} invoke [1]`,
  `Program ${SPL} invoke [2]`,
  ...inner,
  `Program ${TOKEN} invoke [3]`,
  'Program log: client_ref_id: 7',
  `Program ${TOKEN} success`,
  `Program ${SPL} consumed 9000 of 200000 compute units`,
  `Program ${SPL} success`,
  `Program ${DLG} success`,
  `Program ${DECOY} invoke [1]`,
  'Program log: client_ref_id: 1',
  `Program ${DECOY} success`,
];

function jsonTx(opts: { logs?: string[] | null; refIdInData?: bigint; err?: unknown } = {}): unknown {
  const logs = opts.logs === undefined ? frameLogs(['Program log: client_ref_id: 42']) : opts.logs;
  const balance = (index: number, amount: string, owner: string): object => ({
    accountIndex: index,
    mint: KEYS[2],
    owner,
    uiTokenAmount: { amount, decimals: 6 },
  });
  return {
    slot: 1234,
    transaction: {
      signatures: ['5sig'],
      message: {
        accountKeys: KEYS,
        instructions: [
          { programIdIndex: 11, accounts: [10, 1, 12, 0], data: '' },
          { programIdIndex: 13, accounts: [], data: '' },
        ],
      },
    },
    meta: {
      err: opts.err ?? null,
      logMessages: logs,
      innerInstructions: [
        {
          index: 0,
          instructions: [
            { programIdIndex: 10, accounts: [1, 2, 3, 4, 5, 6, 7, 8, 9], data: settleData(opts.refIdInData ?? 42n), stackHeight: 2 },
            { programIdIndex: 7, accounts: [3, 2, 5, 1], data: '', stackHeight: 3 },
          ],
        },
      ],
      preTokenBalances: [balance(3, '1000', KEYS[1]!), balance(5, '100', KEYS[4]!)],
      postTokenBalances: [balance(3, '500', KEYS[1]!), balance(5, '600', KEYS[4]!)],
    },
  };
}

const expected = { clientRefId: 42n, recipientOwner: KEYS[4], recipientAta: KEYS[5], mint: KEYS[2], amount: 500n, signature: '5sig', slot: 1234 };

describe('private settlement parser', () => {
  it('reads the settlement from the json form and ignores a decoy program logging client_ref_id: 1', () => {
    expect(parsePrivateSettlements(jsonTx(), ids)).toEqual({ ok: true, settlements: [expected] });
  });

  it("does not depend on devnet's `Instruction: ExecuteReadyQueuedTransfer` marker line (present or not, same result)", () => {
    const marked = frameLogs(['Program log: Instruction: ExecuteReadyQueuedTransfer', 'Program log: client_ref_id: 42']);
    expect(parsePrivateSettlements(jsonTx({ logs: marked }), ids)).toEqual({ ok: true, settlements: [expected] });
    expect(parsePrivateSettlements(jsonTx({ logs: frameLogs(['Program log: client_ref_id: 42']) }), ids)).toEqual({ ok: true, settlements: [expected] });
  });

  it('reads the same settlement from the web3.js parsed form', () => {
    const json = jsonTx() as {
      transaction: { message: { accountKeys: string[] } };
      meta: { innerInstructions: { instructions: { programIdIndex: number; accounts: number[]; data: string; stackHeight: number }[] }[] };
    };
    const pk = (i: number): PublicKey => new PublicKey(KEYS[i]!);
    const parsed = {
      ...json,
      transaction: {
        signatures: ['5sig'],
        message: {
          accountKeys: KEYS.map((key) => ({ pubkey: new PublicKey(key), signer: false, writable: true })),
          instructions: [
            { programId: pk(11), accounts: [10, 1, 12, 0].map(pk), data: '' },
            { programId: pk(13), accounts: [], data: '' },
          ],
        },
      },
      meta: {
        ...json.meta,
        innerInstructions: [
          {
            index: 0,
            instructions: [
              { programId: pk(10), accounts: [1, 2, 3, 4, 5, 6, 7, 8, 9].map(pk), data: settleData(42n), stackHeight: 2 },
              { programId: pk(7), program: 'spl-token', parsed: { type: 'transferChecked' }, stackHeight: 3 },
            ],
          },
        ],
      },
    };
    expect(parsePrivateSettlements(parsed, ids)).toEqual({ ok: true, settlements: [expected] });
  });

  it('refuses truncated logs', () => {
    expect(parsePrivateSettlements(jsonTx({ logs: [...frameLogs(['Program log: client_ref_id: 42']).slice(0, 3), 'Log truncated'] }), ids)).toEqual({
      ok: false,
      reason: 'logs_truncated',
    });
  });

  it('requires exactly one client_ref_id in the SPLxh1 frame', () => {
    expect(parsePrivateSettlements(jsonTx({ logs: frameLogs([]) }), ids)).toEqual({ ok: false, reason: 'client_ref_id_missing' });
    expect(parsePrivateSettlements(jsonTx({ logs: frameLogs(['Program log: client_ref_id: 42', 'Program log: client_ref_id: 43']) }), ids)).toEqual({
      ok: false,
      reason: 'client_ref_id_ambiguous',
    });
    expect(parsePrivateSettlements(jsonTx({ logs: frameLogs(['Program log: client_ref_id: 0']), refIdInData: 0n }), ids)).toEqual({
      ok: false,
      reason: 'client_ref_id_missing',
    });
  });

  it('ignores an SPLxh1 frame not invoked by the delegation program', () => {
    const logs = [`Program ${SPL} invoke [1]`, 'Program log: client_ref_id: 42', `Program ${SPL} success`];
    const tx = jsonTx({ logs }) as { meta: { innerInstructions: unknown[] } };
    tx.meta.innerInstructions = [];
    expect(parsePrivateSettlements(tx, ids)).toEqual({ ok: false, reason: 'not_a_settlement' });
  });

  it('rejects a log id that disagrees with the instruction data, failed transactions and missing logs', () => {
    expect(parsePrivateSettlements(jsonTx({ refIdInData: 41n }), ids)).toEqual({ ok: false, reason: 'client_ref_id_mismatch' });
    expect(parsePrivateSettlements(jsonTx({ err: { InstructionError: [0, { Custom: 1 }] } }), ids)).toEqual({ ok: false, reason: 'transaction_failed' });
    expect(parsePrivateSettlements(jsonTx({ logs: null }), ids)).toEqual({ ok: false, reason: 'logs_missing' });
    expect(parsePrivateSettlements(null, ids)).toEqual({ ok: false, reason: 'malformed_transaction' });
  });

  it('takes the amount from the balance delta and refuses a settlement that paid nothing', () => {
    const tx = jsonTx() as { meta: { postTokenBalances: { uiTokenAmount: { amount: string } }[] } };
    tx.meta.postTokenBalances[1]!.uiTokenAmount.amount = '100';
    expect(parsePrivateSettlements(tx, ids)).toEqual({ ok: false, reason: 'no_balance_increase' });
  });

  it('refuses logs whose frames do not nest', () => {
    expect(parsePrivateSettlements(jsonTx({ logs: [`Program ${DLG} invoke [1]`, `Program ${SPL} invoke [3]`] }), ids)).toEqual({
      ok: false,
      reason: 'unbalanced_logs',
    });
  });
});
