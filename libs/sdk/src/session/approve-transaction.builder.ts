import { allowanceAddress, approveCheckedInstruction, decodeIncoAccount, incoTokenAccountAddress } from '@quietpay/solana';
import { type Connection, type PublicKey, Transaction, type TransactionInstruction, VersionedTransaction } from '@solana/web3.js';
import { QuietpaySdkError } from '../errors/sdk.error';

/** What it takes to build the session's approve_checked transaction. */
export interface ApproveTransactionInput {
  readonly connection: Connection;
  readonly programIds: { readonly incoToken: PublicKey; readonly incoLightning: PublicKey };
  readonly mint: PublicKey;
  /** The user: token owner and signer. */
  readonly owner: PublicKey;
  /** The facilitator's delegate key. */
  readonly spender: PublicKey;
  /** The facilitator pays the fee and the allowance rent; the user spends no SOL. */
  readonly feePayer: PublicKey;
  /** The cap, ECIES-encrypted to the TEE. */
  readonly ciphertext: Uint8Array;
  readonly decimals: number;
  /**
   * Instructions placed before approve_checked, e.g. the recipient's create_idempotent paid by the
   * user (see `recipientAccountInstructions`).
   */
  readonly before?: readonly TransactionInstruction[];
}

/** The unsigned approve transaction and the handle it will set as the encrypted cap. */
export interface BuiltApproveTransaction {
  readonly transaction: Transaction;
  readonly sourceAccount: PublicKey;
  readonly delegatedAmountHandle: bigint;
  readonly allowance: PublicKey;
}

/**
 * Builds `[approve_checked]` the way Inco requires: the new `delegated_amount` handle exists only
 * after execution, so the instruction is simulated first (no signatures needed: `sigVerify` off),
 * the handle read from the simulated source account, and the instruction rebuilt with the
 * allowance PDA `[handle, spender]` that grants the facilitator decrypt rights on the cap.
 *
 * @example
 * const built = await buildApproveTransaction({ connection, programIds, mint, owner: wallet.publicKey,
 *   spender, feePayer: facilitator, ciphertext, decimals: 6 });
 * await wallet.signTransaction(built.transaction);
 */
export async function buildApproveTransaction(input: ApproveTransactionInput): Promise<BuiltApproveTransaction> {
  const { connection, programIds, mint, owner, spender, feePayer, ciphertext, decimals } = input;
  const before = input.before ?? [];
  const source = incoTokenAccountAddress(programIds, owner, mint);
  const base = { source, mint, delegate: spender, owner, ciphertext, decimals };

  const { blockhash: simBlockhash } = await connection.getLatestBlockhash('confirmed');
  const probe = new Transaction({ feePayer, recentBlockhash: simBlockhash }).add(...before, approveCheckedInstruction(programIds, base));
  const sim = await connection.simulateTransaction(new VersionedTransaction(probe.compileMessage()), {
    sigVerify: false,
    commitment: 'confirmed',
    accounts: { encoding: 'base64', addresses: [source.toBase58()] },
  });
  if (sim.value.err) {
    throw new QuietpaySdkError('simulation_failed', `approve_checked simulation failed: ${JSON.stringify(sim.value.err)}`, {
      logs: sim.value.logs ?? [],
      source: source.toBase58(),
    });
  }
  const data = sim.value.accounts?.[0]?.data[0];
  if (data === undefined) throw new QuietpaySdkError('simulation_failed', 'simulation returned no source account', { source: source.toBase58() });
  const delegatedAmountHandle = decodeIncoAccount(Buffer.from(data, 'base64')).delegatedAmountHandle;
  if (delegatedAmountHandle === 0n) throw new QuietpaySdkError('simulation_failed', 'simulated approve left no delegated_amount handle');

  const allowance = allowanceAddress(programIds, delegatedAmountHandle, spender);
  const { blockhash } = await connection.getLatestBlockhash('confirmed');
  const transaction = new Transaction({ feePayer, recentBlockhash: blockhash }).add(
    ...before,
    approveCheckedInstruction(programIds, { ...base, grant: { allowance, allowed: spender } }),
  );
  return { transaction, sourceAccount: source, delegatedAmountHandle, allowance };
}
