import { Inject, Injectable } from '@nestjs/common';
import {
  type AuthorizedTransfer,
  type BuildAuthorizedTransferRequest,
  type BuildTransferRequest,
  type BuiltTransfer,
  type EncryptionOpening,
  HandleRole,
} from '@quietpay/contracts';
import { decodeChargeAuthorization } from '@quietpay/platform';
import { allowanceAddress, createIdempotentInstruction, encryptAmountWithOpening, incoTokenAccountAddress, transferInstruction } from '@quietpay/solana';
import type { Connection, PublicKey, TransactionInstruction } from '@solana/web3.js';
import { CHAIN_PARAMS, type ChainParams, SOLANA_CONNECTION } from '../chain/chain-params';
import { compileUnsigned, toBase64 } from '../chain/compile-unsigned';
import { parseAddress } from '../chain/parse-address';
import { simulateIncoAccounts } from '../chain/simulate-accounts';
import { TeeKeyCache } from '../chain/tee-key.cache';
import { txBuilderError } from '../tx-builder.errors';

const invalid = (detail: string, context: Record<string, string>) => txBuilderError('transfer_terms_invalid', `transfer terms invalid: ${detail}`, { context });

/**
 * Builds one settlement transfer (facilitator = fee payer and delegate authority): encrypt the
 * amount to the TEE, simulate to learn the new balance handles, derive their allowance PDAs for the
 * two owners, rebuild with them. A missing destination account is created in the same transaction
 * (paid by the facilitator), as BuildTransferRequest promises; the signer's transfer policy allows
 * exactly that one create_idempotent.
 */
@Injectable()
export class BuildTransferUseCase {
  constructor(
    @Inject(CHAIN_PARAMS) private readonly params: ChainParams,
    @Inject(SOLANA_CONNECTION) private readonly connection: Connection,
    private readonly teeKey: TeeKeyCache,
  ) {}

  /**
   * The transfer a ledger charge authorization describes: amount, parties and mint from its signed
   * payload (the signer verifies the signature; a forged one only wastes this build), with the
   * encryption opening the signer needs to check the ciphertext.
   */
  async executeAuthorized(request: BuildAuthorizedTransferRequest): Promise<AuthorizedTransfer> {
    const terms = decodeChargeAuthorization(request.authorization?.payload ?? new Uint8Array());
    const p = this.params;
    const sourceOwner = parseAddress(terms.user, 'user');
    const destinationOwner = parseAddress(terms.recipient, 'recipient');
    const { built, opening } = await this.build({
      settlementId: terms.id,
      sessionId: terms.sessionId,
      sourceOwner: terms.user,
      source: incoTokenAccountAddress(p, sourceOwner, p.mint).toBase58(),
      destinationOwner: terms.recipient,
      destination: incoTokenAccountAddress(p, destinationOwner, p.mint).toBase58(),
      asset: terms.mint,
      network: terms.network,
      amount: terms.amount.toString(),
    });
    return { built, opening };
  }

  async execute(request: BuildTransferRequest): Promise<BuiltTransfer> {
    return (await this.build(request)).built;
  }

  private async build(request: BuildTransferRequest): Promise<{ built: BuiltTransfer; opening: EncryptionOpening }> {
    const p = this.params;
    const context = { settlementId: request.settlementId, sessionId: request.sessionId };
    const sourceOwner = parseAddress(request.sourceOwner, 'sourceOwner');
    const destinationOwner = parseAddress(request.destinationOwner, 'destinationOwner');
    if (!parseAddress(request.asset, 'asset').equals(p.mint)) throw invalid('asset is not the configured mint', context);
    const source = incoTokenAccountAddress(p, sourceOwner, p.mint);
    const destination = incoTokenAccountAddress(p, destinationOwner, p.mint);
    if (source.toBase58() !== request.source) throw invalid('source is not the source owner token account', context);
    if (destination.toBase58() !== request.destination) throw invalid('destination is not the destination owner token account', context);
    const amount = BigInt(request.amount);
    if (amount <= 0n) throw invalid('amount must be positive', context);

    const { ciphertext, opening } = encryptAmountWithOpening(amount, await this.teeKey.get());
    const prefix: TransactionInstruction[] = [];
    if (!(await this.connection.getAccountInfo(destination))) {
      prefix.push(createIdempotentInstruction(p, { payer: p.facilitator, associatedToken: destination, wallet: destinationOwner, mint: p.mint }));
    }
    const { blockhash, lastValidBlockHeight } = await this.connection.getLatestBlockhash();
    const transfer = (grants?: Parameters<typeof transferInstruction>[1]['grants']) =>
      transferInstruction(p, { source, destination, authority: p.facilitator, ciphertext, ...(grants ? { grants } : {}) });

    const simulated = await simulateIncoAccounts(this.connection, compileUnsigned(p.facilitator, blockhash, [...prefix, transfer()]), [source, destination]);
    if (!simulated.ok) throw txBuilderError('transfer_simulation_failed', `transfer simulation failed: ${simulated.error}`, { context });
    const [sourceAfter, destinationAfter] = simulated.accounts;
    if (!sourceAfter || !destinationAfter) throw txBuilderError('internal', 'simulation returned too few accounts', { context });

    const handles = [
      this.newHandle(HandleRole.SOURCE, source, sourceAfter.amountHandle, sourceOwner),
      this.newHandle(HandleRole.DESTINATION, destination, destinationAfter.amountHandle, destinationOwner),
    ] as const;
    const grants = [
      { allowance: handles[0].pda, allowed: sourceOwner },
      { allowance: handles[1].pda, allowed: destinationOwner },
    ] as const;
    const tx = compileUnsigned(p.facilitator, blockhash, [...prefix, transfer(grants)]);
    const built = {
      settlementId: request.settlementId,
      unsignedTxBase64: toBase64(tx),
      recentBlockhash: blockhash,
      lastValidBlockHeight: String(lastValidBlockHeight),
      newHandles: handles.map((h) => h.wire),
      createsDestination: prefix.length > 0,
    };
    return { built, opening: { ephemeralSecret: opening.ephemeralSecret, iv: opening.iv } };
  }

  private newHandle(role: HandleRole, account: PublicKey, handle: bigint, owner: PublicKey) {
    const pda = allowanceAddress(this.params, handle, owner);
    return {
      pda,
      wire: { role, account: account.toBase58(), handle: handle.toString(), allowancePda: pda.toBase58(), allowedAddress: owner.toBase58() },
    };
  }
}
