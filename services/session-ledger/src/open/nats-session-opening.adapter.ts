import { Connection, PublicKey } from '@solana/web3.js';
import {
  DecryptAttestedV1,
  SettlementTransactionSendV1,
  SignerDecryptAuthSignV1,
  SignerSignV1,
  SignPurpose,
  TxBuilderApprovePrepareV1,
  type PreparedApprove,
} from '@quietpay/contracts';
import { BusClient, signedOrRefused, unwrapReply } from '@quietpay/platform';
import { decodeIncoAccount } from '@quietpay/solana';
import type { ApproveToPrepare, CoSignPurpose, Delegation, SessionOpeningPort, SignedTransaction, TransactionToCoSign } from './session-opening.port';
import { ledgerError } from '../shared/ledger.errors';

const SIGN_PURPOSES: Readonly<Record<CoSignPurpose, SignPurpose>> = {
  approve: SignPurpose.SESSION_APPROVE,
  legacy_approve: SignPurpose.LEGACY_SESSION_APPROVE,
  create_account: SignPurpose.CREATE_ACCOUNT,
};

// Sending and confirming takes a confirmation round; the default bus timeout suits quick commands.
const CONFIRM_TIMEOUT_MS = 60_000;

/** SessionOpeningPort over NATS (tx-builder, signer, submitter, decrypt-proxy) and Solana RPC. */
export class NatsSessionOpeningAdapter implements SessionOpeningPort {
  constructor(
    private readonly bus: BusClient,
    private readonly rpc: Connection,
  ) {}

  async prepareApprove(input: ApproveToPrepare): Promise<PreparedApprove> {
    return unwrapReply(await this.bus.request(TxBuilderApprovePrepareV1, input), TxBuilderApprovePrepareV1.subject);
  }

  async coSign(purpose: CoSignPurpose, input: TransactionToCoSign): Promise<SignedTransaction> {
    const reply = await this.bus.request(SignerSignV1, {
      purpose: SIGN_PURPOSES[purpose],
      unsignedTxBase64: input.txBase64,
      policy: {
        sessionId: input.sessionId,
        settlementId: '',
        user: input.user,
        recipient: input.recipient,
        asset: input.asset,
        amount: '0',
        network: input.network,
      },
      ...(input.accountCreation ? { accountCreation: input.accountCreation } : {}),
    });
    const signed = signedOrRefused(unwrapReply(reply, SignerSignV1.subject).outcome, `the ${purpose} transaction`, { sessionId: input.sessionId });
    return { signedTxBase64: signed.signedTxBase64 };
  }

  async sendAndConfirm(signedTxBase64: string, network: string, purpose: string, lastValidBlockHeight: string): Promise<string> {
    const reply = await this.bus.request(
      SettlementTransactionSendV1,
      { signedTxBase64, network, purpose, lastValidBlockHeight },
      { timeoutMs: CONFIRM_TIMEOUT_MS },
    );
    return unwrapReply(reply, SettlementTransactionSendV1.subject).signature;
  }

  async readDelegation(sourceAccount: string): Promise<Delegation> {
    const info = await this.rpc.getAccountInfo(new PublicKey(sourceAccount), 'confirmed').catch((cause: unknown) => {
      throw ledgerError('rpc_error', 'reading the user token account failed', { cause, context: { sourceAccount } });
    });
    if (!info) throw ledgerError('source_account_missing', 'the user token account does not exist', { context: { sourceAccount } });
    const account = decodeIncoAccount(info.data);
    return { delegate: account.delegate?.toBase58() ?? null, delegatedAmountHandle: account.delegatedAmountHandle };
  }

  async decryptHandle(handle: string, network: string): Promise<bigint> {
    const auth = unwrapReply(await this.bus.request(SignerDecryptAuthSignV1, { handle, network }), SignerDecryptAuthSignV1.subject);
    const signed = signedOrRefused(auth.outcome, 'the decrypt request', { handle });
    const reply = await this.bus.request(DecryptAttestedV1, { address: signed.address, handles: [{ handle, signature: signed.signature }] });
    const plaintext = unwrapReply(reply, DecryptAttestedV1.subject).plaintexts[0]?.plaintext;
    if (plaintext === undefined || !/^\d+$/.test(plaintext)) throw ledgerError('bus_bad_reply', 'decrypt-proxy answered without a plaintext');
    return BigInt(plaintext);
  }
}
