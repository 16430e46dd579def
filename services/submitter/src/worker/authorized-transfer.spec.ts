import type { ChargeAuthorization } from '@quietpay/contracts';
import { QuietpayError } from '@quietpay/platform';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BatchGrant, BatchTransfer, LedgerTransfer, SettlementCollaborators } from '../ports/settlement-collaborators.port';
import { bindTransfer } from './authorized-transfer';

// bindTransfer is the one way a transfer's transaction is chosen, per call and per batch: only
// what the ledger bound as the transfer's one transaction is ever handed to the driver to send.
const AUTHORIZATION = { signature: new Uint8Array([1, 2, 3]) } as unknown as ChargeAuthorization;
const OWN: BatchTransfer = { signature: 'sig-own', signedTxBase64: 'b3du', lastValidBlockHeight: 150 };
const OTHER: BatchTransfer = { signature: 'sig-other', signedTxBase64: 'b3RoZXI=', lastValidBlockHeight: 160 };
const CHARGE: LedgerTransfer = { kind: 'charge', settlementId: 'sess.1', sessionId: 'sess' };

let calls: string[];
let grant: BatchGrant;
let bind: () => Promise<BatchTransfer>;

const peers = (): SettlementCollaborators =>
  ({
    authorizeTransfer: async (transfer: LedgerTransfer, expired: string) => {
      calls.push(`authorize:${transfer.kind}:${expired}`);
      return grant;
    },
    buildTransfer: async () => {
      calls.push('build');
      return { built: { unsignedTxBase64: 'AA==', lastValidBlockHeight: '150' }, opening: {} };
    },
    sign: async () => {
      calls.push('sign');
      return { signature: OWN.signature, signedTxBase64: OWN.signedTxBase64 };
    },
    bindTransaction: async () => {
      calls.push('bind');
      return bind();
    },
  }) as unknown as SettlementCollaborators;

const owned = async (): Promise<void> => void calls.push('owned');
const logger = pino({ level: 'silent' });

beforeEach(() => {
  calls = [];
  grant = { kind: 'authorization', authorization: AUTHORIZATION };
  bind = async () => OWN;
});

describe('bindTransfer', () => {
  it('signs, checks ownership, binds, and hands over its own transaction when the ledger bound it', async () => {
    expect(await bindTransfer(peers(), CHARGE, undefined, owned, logger)).toEqual({ ...OWN, mayBeInFlight: true });
    expect(calls).toEqual(['authorize:charge:', 'build', 'sign', 'owned', 'bind']);
  });

  it('adopts the transaction another attempt bound first: its own is never handed over', async () => {
    bind = async () => OTHER;
    expect(await bindTransfer(peers(), CHARGE, undefined, owned, logger)).toEqual({ ...OTHER, mayBeInFlight: true, adopted: true });
  });

  it('adopts a bound transaction the ledger answers instead of an authorization, signing nothing', async () => {
    grant = { kind: 'in_flight', transaction: OTHER };
    expect(await bindTransfer(peers(), CHARGE, undefined, owned, logger)).toMatchObject({ signature: 'sig-other', adopted: true });
    expect(calls).toEqual(['authorize:charge:']);
  });

  it('names the dead transaction, binds nothing once ownership is lost, and hands over nothing when the bind is refused', async () => {
    const dead = { ...OTHER, mayBeInFlight: true };
    const lost = async (): Promise<void> => {
      throw new QuietpayError('job_lock_lost', 'taken over', { retryable: true });
    };
    await expect(bindTransfer(peers(), CHARGE, dead, lost, logger)).rejects.toMatchObject({ code: 'job_lock_lost' });
    expect(calls).toEqual(['authorize:charge:sig-other', 'build', 'sign']);
    bind = async () => {
      throw new QuietpayError('batch_attempt_superseded', 'replaced', { retryable: true });
    };
    await expect(bindTransfer(peers(), CHARGE, undefined, owned, logger)).rejects.toMatchObject({ code: 'batch_attempt_superseded' });
  });
});
