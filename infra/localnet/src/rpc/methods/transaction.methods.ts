import bs58 from 'bs58';
import { Buffer } from 'node:buffer';
import { PreflightFailedError, TxRejectedError } from '../../chain/chain-errors';
import { TxDecodeError } from '../../chain/wire-tx.decoder';
import { describeTxError } from '../../svm/tx-error.mapper';
import { encodeAccount, ACCOUNT_ENCODINGS } from '../account.encoder';
import { Params, type Config } from '../params.parser';
import { invalidParams, RPC, RpcError } from '../rpc-error';
import { withContext, type RpcContext, type RpcHandler } from '../rpc-context';
import { encodeTransaction, TX_ENCODINGS } from '../tx.encoder';
import { mintDecimalsReader } from './account.methods';

function wireBytes(p: Params, config: Config): Uint8Array {
  const text = p.string(0, 'an encoded transaction');
  const encoding = config.oneOf('encoding', ['base58', 'base64'] as const, 'base58');
  if (text.length > 2000) throw invalidParams('encoded transaction too large');
  try {
    if (encoding === 'base64') {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Error('not base64');
      return Buffer.from(text, 'base64');
    }
    return bs58.decode(text);
  } catch {
    throw invalidParams(`invalid ${encoding} encoding`);
  }
}

function simulationFailure(err: unknown, logs: string[], unitsConsumed: number, message: string): RpcError {
  return new RpcError(RPC.PREFLIGHT_FAILED, message, {
    accounts: null,
    err,
    innerInstructions: null,
    logs,
    replacementBlockhash: null,
    returnData: null,
    unitsConsumed,
  });
}

function mapDecode(e: unknown): never {
  if (e instanceof TxDecodeError) throw invalidParams(`invalid transaction: ${e.message}`);
  throw e;
}

const sendTransaction: RpcHandler = (p, ctx) => {
  const config = p.config(1);
  const bytes = wireBytes(p, config);
  const skipPreflight = config.bool('skipPreflight', false);
  try {
    return ctx.chain.process(bytes, { mode: skipPreflight ? 'skip-preflight' : 'preflight' }).signature;
  } catch (e) {
    if (e instanceof TxRejectedError) {
      if (e.err === 'SignatureFailure') throw new RpcError(RPC.SIGNATURE_FAILURE, 'Transaction signature verification failure');
      // Without preflight a validator accepts the bytes and silently drops what cannot land;
      // a rebroadcast of a landed transaction just returns its signature again.
      if (skipPreflight && (e.err === 'BlockhashNotFound' || e.err === 'AlreadyProcessed')) {
        const first = bytes.subarray(1, 65);
        return bs58.encode(first);
      }
      throw simulationFailure(e.err, [], 0, `Transaction simulation failed: ${describeTxError(e.err)}`);
    }
    if (e instanceof PreflightFailedError) throw simulationFailure(e.err, e.logs, e.unitsConsumed, e.message);
    return mapDecode(e);
  }
};

const simulateTransaction: RpcHandler = (p, ctx) => {
  const config = p.config(1);
  const bytes = wireBytes(p, config);
  const sigVerify = config.bool('sigVerify', false);
  const replaceRecentBlockhash = config.bool('replaceRecentBlockhash', false);
  if (sigVerify && replaceRecentBlockhash) throw invalidParams('sigVerify may not be used with replaceRecentBlockhash');
  const accountsOpt = config.raw('accounts');
  try {
    const r = ctx.chain.process(bytes, { mode: 'simulate', sigVerify, replaceRecentBlockhash });
    if (sigVerify && r.err === 'SignatureFailure') throw new RpcError(RPC.SIGNATURE_FAILURE, 'Transaction signature verification failure');
    let accounts: unknown = null;
    if (accountsOpt !== undefined && accountsOpt !== null) {
      if (typeof accountsOpt !== 'object') throw invalidParams('accounts must be an object');
      const { addresses, encoding } = accountsOpt as Record<string, unknown>;
      if (!Array.isArray(addresses)) throw invalidParams('accounts.addresses must be an array');
      const enc = encoding === undefined ? 'base64' : encoding;
      if (typeof enc !== 'string' || !(ACCOUNT_ENCODINGS as readonly string[]).includes(enc) || enc === 'base58') {
        throw invalidParams('accounts.encoding must be base64 or jsonParsed');
      }
      const keys = new Params(addresses);
      accounts = addresses.map((_, i) => {
        const acc = r.postAccount(keys.pubkey(i));
        return acc === null ? null : encodeAccount(acc, enc as 'base64' | 'jsonParsed', mintDecimalsReader(ctx));
      });
    }
    return withContext(ctx, {
      err: r.err,
      logs: r.logs,
      accounts,
      unitsConsumed: r.unitsConsumed,
      returnData: null,
      innerInstructions: null,
      ...(r.replacementBlockhash !== undefined ? { replacementBlockhash: r.replacementBlockhash } : {}),
    });
  } catch (e) {
    if (e instanceof TxRejectedError) {
      return withContext(ctx, { err: e.err, logs: [], accounts: null, unitsConsumed: 0, returnData: null });
    }
    return mapDecode(e);
  }
};

function statusOf(ctx: RpcContext, signature: string): unknown {
  const r = ctx.chain.history.get(signature);
  if (r === undefined) return null;
  const c = ctx.chain.commitmentOf(r);
  return {
    slot: r.slot,
    confirmations: c.confirmations,
    err: r.err,
    status: r.err === null ? { Ok: null } : { Err: r.err },
    confirmationStatus: c.level,
  };
}

export const transactionMethods: Record<string, RpcHandler> = {
  sendTransaction,
  simulateTransaction,
  getSignatureStatuses: (p, ctx) => {
    const sigs = p.array(0, 'an array of signatures');
    if (sigs.length > 256) throw invalidParams('Too many inputs provided; max 256');
    return withContext(
      ctx,
      sigs.map((s) => {
        if (typeof s !== 'string') throw invalidParams('signatures must be strings');
        return statusOf(ctx, s);
      }),
    );
  },
  getTransaction: (p, ctx) => {
    const signature = p.signature(0);
    const raw = p.raw(1);
    const config = typeof raw === 'string' ? p.config(99) : p.config(1);
    const encoding = typeof raw === 'string' ? (TX_ENCODINGS.find((e) => e === raw) ?? 'json') : config.oneOf('encoding', TX_ENCODINGS, 'json');
    const commitment = config.oneOf('commitment', ['processed', 'confirmed', 'finalized'] as const, 'finalized');
    if (commitment === 'processed') throw invalidParams('Method does not support commitment below `confirmed`');
    const record = ctx.chain.history.get(signature);
    if (record === undefined) return null;
    const level = ctx.chain.commitmentOf(record).level;
    if (commitment === 'finalized' && level !== 'finalized') return null;
    if (level === 'processed') return null;
    return encodeTransaction(record, encoding, config.optUint('maxSupportedTransactionVersion'), record.blockTime);
  },
  getSignaturesForAddress: (p, ctx) => {
    const address = p.pubkey(0).toBase58();
    const config = p.config(1);
    const limit = config.optUint('limit') ?? 1000;
    if (limit < 1 || limit > 1000) throw invalidParams('Invalid limit; max 1000');
    const before = config.optString('before');
    const until = config.optString('until');
    const commitment = config.oneOf('commitment', ['processed', 'confirmed', 'finalized'] as const, 'finalized');
    if (commitment === 'processed') throw invalidParams('Method does not support commitment below `confirmed`');
    const list = ctx.chain.history.forAddress(address, { ...(before !== undefined ? { before } : {}), ...(until !== undefined ? { until } : {}), limit: 1000 });
    return list
      .filter((r) => {
        const level = ctx.chain.commitmentOf(r).level;
        return commitment === 'finalized' ? level === 'finalized' : level !== 'processed';
      })
      .slice(0, limit)
      .map((r) => ({
        signature: r.signature,
        slot: r.slot,
        err: r.err,
        memo: null,
        blockTime: r.blockTime,
        confirmationStatus: ctx.chain.commitmentOf(r).level,
      }));
  },
  requestAirdrop: async (p, ctx) => {
    const to = p.pubkey(0);
    const lamports = p.uint(1, 'lamports');
    if (lamports > 1_000_000 * 1_000_000_000) throw invalidParams('airdrop too large');
    return ctx.chain.airdrop(to, BigInt(lamports));
  },
};
