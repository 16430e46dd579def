import {
  type AddressLike,
  type Address,
  allowanceAddressOf,
  approveCheckedParts,
  compileLegacyMessage,
  incoTokenAccountAddressOf,
  type InstructionParts,
  readIncoAccountHandles,
  unsignedWireTransaction,
  serializeWireTransaction,
} from '@quietpay/solana';
import { decodeUntrusted } from '../errors/chain-data.decode';
import { QuietpaySdkError } from '../errors/sdk.error';
import type { FetchLike } from '../facilitator/facilitator.client';
import { type RpcEndpoint, SolanaRpc } from '../solana/solana-rpc.client';
import { SolanaTransaction } from '../solana/solana-transaction';

/** What it takes to build the session's approve_checked transaction. */
export interface ApproveTransactionInput {
  /** The RPC: a URL, or a web3.js `Connection` (its endpoint is used). */
  readonly connection: RpcEndpoint | string;
  readonly programIds: { readonly incoToken: AddressLike; readonly incoLightning: AddressLike };
  readonly mint: AddressLike;
  /** The user: token owner and signer. */
  readonly owner: AddressLike;
  /** The facilitator's delegate key. */
  readonly spender: AddressLike;
  /** The facilitator pays the fee and the allowance rent; the user spends no SOL. */
  readonly feePayer: AddressLike;
  /** The cap, ECIES-encrypted to the TEE. */
  readonly ciphertext: Uint8Array;
  readonly decimals: number;
  /**
   * Instructions placed before approve_checked, e.g. the recipient's create_idempotent paid by the
   * user (see `recipientAccountInstructions`).
   */
  readonly before?: readonly InstructionParts[];
  readonly fetch?: FetchLike;
}

/** The unsigned approve transaction and the handle it will set as the encrypted cap. */
export interface BuiltApproveTransaction {
  readonly transaction: SolanaTransaction;
  readonly sourceAccount: Address;
  readonly delegatedAmountHandle: bigint;
  readonly allowance: Address;
}

/**
 * Builds `[approve_checked]` the way Inco requires: the new `delegated_amount` handle exists only
 * after execution, so the instruction is simulated first (no signatures needed: `sigVerify` off),
 * the handle read from the simulated source account, and the instruction rebuilt with the
 * allowance PDA `[handle, spender]` that grants the facilitator decrypt rights on the cap.
 *
 * @example
 * const built = await buildApproveTransaction({ connection: rpcUrl, programIds, mint, owner: wallet.publicKey,
 *   spender, feePayer: facilitator, ciphertext, decimals: 6 });
 * await wallet.signTransaction(built.transaction);
 */
export async function buildApproveTransaction(input: ApproveTransactionInput): Promise<BuiltApproveTransaction> {
  const { programIds, mint, owner, spender, feePayer, ciphertext, decimals } = input;
  const rpc = SolanaRpc.of(input.connection, input.fetch);
  const before = input.before ?? [];
  const source = incoTokenAccountAddressOf(programIds, owner, mint);
  const base = { source, mint, delegate: spender, owner, ciphertext, decimals };

  const { blockhash: simBlockhash } = await rpc.getLatestBlockhash('confirmed');
  const probe = compileLegacyMessage({ feePayer, recentBlockhash: simBlockhash, instructions: [...before, approveCheckedParts(programIds, base)] });
  const sim = await rpc.simulate(serializeWireTransaction(unsignedWireTransaction(probe.bytes)), [source.toBase58()], 'confirmed');
  if (sim.err !== null) {
    throw new QuietpaySdkError('simulation_failed', `approve_checked simulation failed: ${JSON.stringify(sim.err)}`, {
      logs: sim.logs,
      source: source.toBase58(),
    });
  }
  const data = sim.accounts[0];
  if (!data) throw new QuietpaySdkError('simulation_failed', 'simulation returned no source account', { source: source.toBase58() });
  // Bytes the RPC returned: an account that does not decode is a typed simulation_failed, not a RangeError.
  const delegatedAmountHandle = decodeUntrusted('simulation_failed', 'approve-simulation', `simulated source account ${source.toBase58()}`, () =>
    readIncoAccountHandles(data),
  ).delegatedAmountHandle;
  if (delegatedAmountHandle === 0n) throw new QuietpaySdkError('simulation_failed', 'simulated approve left no delegated_amount handle');

  const allowance = allowanceAddressOf(programIds, delegatedAmountHandle, spender);
  const { blockhash } = await rpc.getLatestBlockhash('confirmed');
  const message = compileLegacyMessage({
    feePayer,
    recentBlockhash: blockhash,
    instructions: [...before, approveCheckedParts(programIds, { ...base, grant: { allowance, allowed: spender } })],
  });
  const transaction = new SolanaTransaction(serializeWireTransaction(unsignedWireTransaction(message.bytes)));
  return { transaction, sourceAccount: source, delegatedAmountHandle, allowance };
}
