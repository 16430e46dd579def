import { VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { Buffer } from 'node:buffer';
import { uiTokenAmount } from '../chain/spl-token.layout';
import type { TokenBalanceRecord, TxRecord } from '../chain/tx-record';
import { invalidParams, RPC, RpcError } from './rpc-error';

export type TxEncoding = 'json' | 'jsonParsed' | 'base64' | 'base58';
export const TX_ENCODINGS = ['json', 'jsonParsed', 'base64', 'base58'] as const;

function tokenBalances(list: TokenBalanceRecord[]): unknown[] {
  return list.map((t) => ({
    accountIndex: t.accountIndex,
    mint: t.mint,
    owner: t.owner,
    programId: t.programId,
    uiTokenAmount: uiTokenAmount(BigInt(t.amount), t.decimals),
  }));
}

function meta(record: TxRecord, keys: string[], parsed: boolean): Record<string, unknown> {
  return {
    err: record.err,
    status: record.err === null ? { Ok: null } : { Err: record.err },
    fee: record.fee,
    preBalances: record.preBalances,
    postBalances: record.postBalances,
    innerInstructions: record.inner.map((group) => ({
      index: group.index,
      instructions: group.instructions.map((ix) =>
        parsed
          ? {
              programId: keys[ix.programIdIndex],
              accounts: ix.accounts.map((a) => keys[a]),
              data: bs58.encode(ix.data),
              stackHeight: ix.stackHeight,
            }
          : { programIdIndex: ix.programIdIndex, accounts: ix.accounts, data: bs58.encode(ix.data), stackHeight: ix.stackHeight },
      ),
    })),
    logMessages: record.logs,
    preTokenBalances: tokenBalances(record.preTokenBalances),
    postTokenBalances: tokenBalances(record.postTokenBalances),
    rewards: [],
    loadedAddresses: { writable: record.loadedWritable, readonly: record.loadedReadonly },
    computeUnitsConsumed: record.computeUnits,
  };
}

function message(tx: VersionedTransaction, record: TxRecord, parsed: boolean): Record<string, unknown> {
  const msg = tx.message;
  const allKeys = [...record.accountKeys, ...record.loadedWritable, ...record.loadedReadonly];
  const lookups = msg.addressTableLookups.map((l) => ({
    accountKey: l.accountKey.toBase58(),
    writableIndexes: l.writableIndexes,
    readonlyIndexes: l.readonlyIndexes,
  }));
  if (!parsed) {
    return {
      header: msg.header,
      accountKeys: record.accountKeys,
      recentBlockhash: msg.recentBlockhash,
      instructions: msg.compiledInstructions.map((ix) => ({
        programIdIndex: ix.programIdIndex,
        accounts: ix.accountKeyIndexes,
        data: bs58.encode(ix.data),
        stackHeight: null,
      })),
      ...(record.version === 0 ? { addressTableLookups: lookups } : {}),
    };
  }
  // jsonParsed: keys with signer/writable flags; instructions in the "partially decoded" form
  // a validator uses for programs it has no parser for.
  return {
    accountKeys: allKeys.map((pubkey, i) => ({
      pubkey,
      signer: msg.isAccountSigner(i),
      writable: msg.isAccountWritable(i),
      source: i < record.accountKeys.length ? 'transaction' : 'lookupTable',
    })),
    recentBlockhash: msg.recentBlockhash,
    instructions: msg.compiledInstructions.map((ix) => ({
      programId: allKeys[ix.programIdIndex],
      accounts: ix.accountKeyIndexes.map((a) => allKeys[a]),
      data: bs58.encode(ix.data),
      stackHeight: null,
    })),
    ...(record.version === 0 ? { addressTableLookups: lookups } : {}),
  };
}

/** getTransaction's result for a recorded transaction. */
export function encodeTransaction(record: TxRecord, encoding: TxEncoding, maxVersion: number | undefined, blockTime: number): unknown {
  if (record.version === 0 && maxVersion === undefined) {
    throw new RpcError(
      RPC.VERSION_UNSUPPORTED,
      'Transaction version (0) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": 0',
    );
  }
  if (maxVersion !== undefined && maxVersion !== 0) throw invalidParams('maxSupportedTransactionVersion must be 0');
  const wire = Buffer.from(record.wire, 'base64');
  const allKeys = [...record.accountKeys, ...record.loadedWritable, ...record.loadedReadonly];
  const parsed = encoding === 'jsonParsed';
  let transaction: unknown;
  if (encoding === 'base64') transaction = [record.wire, 'base64'];
  else if (encoding === 'base58') transaction = [bs58.encode(wire), 'base58'];
  else {
    const tx = VersionedTransaction.deserialize(wire);
    transaction = { signatures: tx.signatures.map((s) => bs58.encode(s)), message: message(tx, record, parsed) };
  }
  return {
    slot: record.slot,
    blockTime,
    ...(maxVersion !== undefined ? { version: record.version } : {}),
    transaction,
    meta: meta(record, allKeys, parsed),
  };
}
