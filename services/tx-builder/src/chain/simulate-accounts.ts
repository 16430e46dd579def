import { decodeIncoAccount, type IncoAccount } from '@quietpay/solana';
import type { Connection, PublicKey, VersionedTransaction } from '@solana/web3.js';
import { txBuilderError } from '../tx-builder.errors';

/**
 * Simulates without signatures and returns the IncoToken accounts as they would be afterwards:
 * the only way to learn the handles an instruction creates before sending it. Against the node's
 * latest (`processed`) state: a coalesced submitter pipelines a session's transfers, building the
 * next on the handle the previous one left before that one is confirmed (with only one transfer in
 * flight, the latest state is the confirmed one, so nothing changes).
 */
export async function simulateIncoAccounts(
  connection: Connection,
  tx: VersionedTransaction,
  accounts: readonly PublicKey[],
): Promise<{ ok: true; accounts: IncoAccount[] } | { ok: false; error: string }> {
  const result = await connection
    .simulateTransaction(tx, {
      sigVerify: false,
      replaceRecentBlockhash: true,
      commitment: 'processed',
      accounts: { encoding: 'base64', addresses: accounts.map((a) => a.toBase58()) },
    })
    .catch((cause: unknown) => {
      throw txBuilderError('dependency_unavailable', 'simulateTransaction failed', { cause });
    });
  if (result.value.err) {
    const logs = (result.value.logs ?? []).slice(-3).join(' | ');
    return { ok: false, error: `${JSON.stringify(result.value.err)} ${logs}`.trim() };
  }
  const decoded = (result.value.accounts ?? []).map((account, i) => {
    if (!account) throw txBuilderError('internal', `simulation returned no data for ${accounts[i]?.toBase58() ?? '?'}`);
    return decodeIncoAccount(Buffer.from(account.data[0] ?? '', 'base64'));
  });
  return { ok: true, accounts: decoded };
}
