import { Inject, Injectable } from '@nestjs/common';
import type { PrepareApproveRequest, PreparedApprove } from '@quietpay/contracts';
import { allowanceAddress, createIdempotentInstruction, incoTokenAccountAddress } from '@quietpay/solana';
import type { Connection, PublicKey } from '@solana/web3.js';
import { CHAIN_PARAMS, type ChainParams, SOLANA_CONNECTION } from '../chain/chain-params';
import { compileUnsigned, toBase64 } from '../chain/compile-unsigned';
import { parseAddress } from '../chain/parse-address';
import { simulateIncoAccounts } from '../chain/simulate-accounts';
import { ApproveRejection, validateApproveTx } from './approve-tx.rules';
import { txBuilderError } from '../tx-builder.errors';

const rejected = (reason: string, detail: string) =>
  txBuilderError('approve_tx_rejected', `approve transaction rejected: ${reason}: ${detail}`, { context: { reason, detail } });

/**
 * Validates the user's approve (pure rules, then a simulation proving the allowance PDA grants the
 * facilitator the new delegated_amount handle) and makes sure the recipient can be paid: its
 * account exists, or the approve creates it (user-paid), or, only when the ledger says the
 * recipient is registered, an unsigned facilitator-paid create_idempotent is returned (tx-builder
 * never signs or sends: the ledger has it signed, purpose CREATE_ACCOUNT with its account-creation
 * authorization, and submitted). Otherwise the approve is refused with recipient_account_missing.
 */
@Injectable()
export class PrepareApproveUseCase {
  constructor(
    @Inject(CHAIN_PARAMS) private readonly params: ChainParams,
    @Inject(SOLANA_CONNECTION) private readonly connection: Connection,
  ) {}

  async execute(request: PrepareApproveRequest): Promise<PreparedApprove> {
    const recipientWallet = request.recipient ? parseAddress(request.recipient, 'recipient') : undefined;
    const terms = {
      user: parseAddress(request.user, 'user'),
      mint: parseAddress(request.asset, 'asset'),
      ...(recipientWallet ? { recipient: recipientWallet } : {}),
      // Set by session-ledger only for a legacy (seed-shaped) open, from its own bound.
      maxTopUpLamports: BigInt(request.maxTopUpLamports || '0'),
      legacy: request.legacy,
    };
    let validated: ReturnType<typeof validateApproveTx>;
    try {
      validated = validateApproveTx(request.approveTxBase64, terms, this.params);
    } catch (error) {
      if (error instanceof ApproveRejection) throw rejected(error.reason, error.detail);
      throw error;
    }
    const simulated = await simulateIncoAccounts(this.connection, validated.tx, [validated.source]);
    if (!simulated.ok) throw rejected('simulation_failed', simulated.error);
    const handle = simulated.accounts[0]?.delegatedAmountHandle ?? 0n;
    if (!allowanceAddress(this.params, handle, this.params.facilitator).equals(validated.allowance)) {
      throw rejected('allowance_mismatch', 'the allowance account is not [delegated_amount handle, facilitator]');
    }
    const { value: fresh } = await this.connection.isBlockhashValid(validated.recentBlockhash);
    if (!fresh) throw rejected('blockhash_expired', 'rebuild the approve with a recent blockhash');
    const recipient = recipientWallet
      ? await this.recipientAccount(recipientWallet, {
          createdByApprove: validated.createsRecipient,
          facilitatorMayCreate: request.facilitatorCreatesRecipient,
        })
      : undefined;
    return {
      txBase64: request.approveTxBase64,
      sourceTokenAccount: validated.source.toBase58(),
      delegatedAmountHandle: handle.toString(),
      allowancePda: validated.allowance.toBase58(),
      recentBlockhash: validated.recentBlockhash,
      lastValidBlockHeight: '0',
      recipientTokenAccount: recipient?.account.toBase58() ?? '',
      createRecipientTxBase64: recipient?.createTxBase64 ?? '',
    };
  }

  private async recipientAccount(
    wallet: PublicKey,
    how: { readonly createdByApprove: boolean; readonly facilitatorMayCreate: boolean },
  ): Promise<{ account: PublicKey; createTxBase64: string }> {
    const account = incoTokenAccountAddress(this.params, wallet, this.params.mint);
    if (how.createdByApprove || (await this.connection.getAccountInfo(account))) return { account, createTxBase64: '' };
    if (!how.facilitatorMayCreate) {
      throw rejected(
        'recipient_account_missing',
        'the recipient has no token account and is not registered: the approve must create it (create_idempotent paid by the user)',
      );
    }
    const { blockhash } = await this.connection.getLatestBlockhash();
    const create = createIdempotentInstruction(this.params, { payer: this.params.facilitator, associatedToken: account, wallet, mint: this.params.mint });
    return { account, createTxBase64: toBase64(compileUnsigned(this.params.facilitator, blockhash, [create])) };
  }
}
