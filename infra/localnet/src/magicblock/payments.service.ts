import { PublicKey, type Transaction } from '@solana/web3.js';
import { TOKEN_PROGRAM_ID, getAssociatedTokenAddressSync } from '@solana/spl-token';
import type { AccountStore, LocalChain } from '../emulation/types';
import { buildDepositTx, buildWithdrawTx } from './balance-tx.builder';
import { decodeEphemeralBalance } from './ephemeral-balance.codec';
import { ephemeralAtaPda, type MintAddresses } from './magicblock.pda';
import type { MagicBlockRuntime } from './magicblock.runtime';
import type { MintRegistry } from './mint-registry';
import { badRequest } from './payments-api.errors';
import type { MintQuery, TransferRequest } from './payments-api.validation';
import { tokenFee } from './queue-entry.policy';
import { TOKEN_ACCOUNT_RENT_LAMPORTS, isLive, readMintDecimals, readTokenAccount } from './token-account.util';
import type { TransferQueueCrank } from './transfer-queue.crank';
import { buildTransferTx } from './transfer-tx.builder';

export interface UnsignedTxResponse {
  kind: string;
  version: 'legacy';
  transactionBase64: string;
  sendTo: 'base';
  from: string;
  recentBlockhash: string;
  lastValidBlockHeight: number;
  instructionCount: number;
  requiredSigners: string[];
  validator: string;
}

export interface BalanceAnswer {
  address: string;
  mint: string;
  ata: string;
  location: 'base' | 'ephemeral';
  balance: string;
}

/** The payments API's use cases over the in-process chain; HTTP decoding lives in the server. */
export class PaymentsService {
  private readonly store: AccountStore;

  constructor(
    private readonly rt: MagicBlockRuntime,
    private readonly chain: LocalChain,
    private readonly registry: MintRegistry,
    private readonly crank: TransferQueueCrank,
  ) {
    this.store = { get: (a) => chain.getAccount(a), set: (a, acc) => chain.setAccount(a, acc) };
  }

  transfer(req: TransferRequest): UnsignedTxResponse & { fees: { lamports: string; tokens: string } } {
    const addrs = this.initialized(req.mint, req.validator);
    if (!PublicKey.isOnCurve(req.to.toBytes()) || this.isTokenOrProgram(req.to)) {
      throw badRequest('recipient_not_wallet', '`to` must be a wallet address, not a token account or PDA');
    }
    if (!PublicKey.isOnCurve(req.from.toBytes())) throw badRequest('invalid_request', '`from` must be a wallet that can sign');
    const decimals = this.decimals(addrs);
    const feeTokens = tokenFee(req.amount, this.rt.config.feeBps);
    // What the queue will deliver and what the sender moves into the vault (config FeeMode).
    const deducted = this.rt.config.feeMode === 'deducted';
    const delivered = deducted ? req.amount - feeTokens : req.amount;
    if (delivered < BigInt(req.split)) throw badRequest('invalid_request', 'amount after the fee is smaller than split');
    const source = readTokenAccount(this.store, getAssociatedTokenAddressSync(req.mint, req.from, true));
    if (!source || source.amount < delivered + feeTokens) {
      throw badRequest('insufficient_funds', `from needs ${delivered + feeTokens} base units in its ATA`);
    }
    const destinationAtaMissing = !isLive(this.store.get(getAssociatedTokenAddressSync(req.mint, req.to, true)));
    const feeLamports = BigInt(req.split * this.rt.config.setupLamportsPerPart) + (destinationAtaMissing ? TOKEN_ACCOUNT_RENT_LAMPORTS : 0n);
    const { blockhash, lastValidBlockHeight } = this.chain.latestBlockhash();
    const tx = buildTransferTx({
      programId: this.rt.programId,
      addrs,
      from: req.from,
      to: req.to,
      amount: delivered,
      feeTokens,
      feeLamports,
      decimals,
      clientRefId: req.clientRefId,
      split: req.split,
      minDelayMs: req.minDelayMs,
      maxDelayMs: req.maxDelayMs,
      sealer: this.rt.sealer,
      recentBlockhash: blockhash,
    });
    return {
      ...this.unsigned('transfer', tx, req.from, addrs, blockhash, lastValidBlockHeight),
      fees: { lamports: feeLamports.toString(), tokens: feeTokens.toString() },
    };
  }

  /** Also (re)registers interest in the crank, as the real endpoint does. */
  isMintInitialized(q: MintQuery): { mint: string; validator: string; transferQueue: string; initialized: boolean } {
    const validator = q.validator ?? this.rt.config.validator;
    const addrs = this.registry.get(q.mint, validator);
    const initialized = addrs !== undefined && this.chain.getAccount(addrs.queue) !== null;
    this.crank.kick();
    return {
      mint: q.mint.toBase58(),
      validator: validator.toBase58(),
      transferQueue: (addrs?.queue ?? this.registry.derive(q.mint, validator).queue).toBase58(),
      initialized,
    };
  }

  async ensureCrank(): Promise<{ ok: true; settled: number; crank: ReturnType<TransferQueueCrank['status']> }> {
    this.crank.kick();
    const settled = await this.crank.runOnce();
    return { ok: true, settled, crank: this.crank.status() };
  }

  deposit(owner: PublicKey, mint: PublicKey, amount: bigint): UnsignedTxResponse {
    const addrs = this.initialized(mint, undefined);
    const source = readTokenAccount(this.store, getAssociatedTokenAddressSync(mint, owner, true));
    if (!source || source.amount < amount) throw badRequest('insufficient_funds', 'base balance too low for the deposit');
    const { blockhash, lastValidBlockHeight } = this.chain.latestBlockhash();
    const params = { programId: this.rt.programId, addrs, owner, amount, decimals: this.decimals(addrs), recentBlockhash: blockhash };
    return this.unsigned('deposit', buildDepositTx(params), owner, addrs, blockhash, lastValidBlockHeight);
  }

  withdraw(owner: PublicKey, mint: PublicKey, amount: bigint): UnsignedTxResponse {
    const addrs = this.initialized(mint, undefined);
    if (this.privateAmount(owner, mint) < amount) throw badRequest('insufficient_funds', 'private balance too low for the withdrawal');
    const { blockhash, lastValidBlockHeight } = this.chain.latestBlockhash();
    const params = { programId: this.rt.programId, addrs, owner, amount, decimals: this.decimals(addrs), recentBlockhash: blockhash };
    return this.unsigned('withdraw', buildWithdrawTx(params), owner, addrs, blockhash, lastValidBlockHeight);
  }

  /** The real API's answer: `{address, mint, ata, location: "base", balance}` (base units as a string). */
  balance(owner: PublicKey, mint: PublicKey): BalanceAnswer {
    const ata = getAssociatedTokenAddressSync(mint, owner, true);
    const view = readTokenAccount(this.store, ata);
    return { address: owner.toBase58(), mint: mint.toBase58(), ata: ata.toBase58(), location: 'base', balance: (view?.amount ?? 0n).toString() };
  }

  privateBalance(owner: PublicKey, mint: PublicKey): BalanceAnswer {
    return {
      address: owner.toBase58(),
      mint: mint.toBase58(),
      ata: ephemeralAtaPda(this.rt.programId, owner, mint).toBase58(),
      location: 'ephemeral',
      balance: this.privateAmount(owner, mint).toString(),
    };
  }

  /** A request without `mint` means the cluster's USDC, as on the real API: here, the only registered mint. */
  mintOrDefault(mint: PublicKey | undefined): PublicKey {
    if (mint) return mint;
    const only = this.registry.all();
    if (only.length !== 1 || !only[0]) throw badRequest('invalid_request', 'mint: required');
    return only[0].mint;
  }

  private privateAmount(owner: PublicKey, mint: PublicKey): bigint {
    const account = this.chain.getAccount(ephemeralAtaPda(this.rt.programId, owner, mint));
    return (account ? decodeEphemeralBalance(account.data)?.amount : undefined) ?? 0n;
  }

  private initialized(mint: PublicKey, validator: PublicKey | undefined): MintAddresses {
    const v = validator ?? this.rt.config.validator;
    const addrs = this.registry.get(mint, v);
    if (!addrs) throw badRequest('mint_not_initialized', `no transfer queue for mint ${mint.toBase58()} on validator ${v.toBase58()}`);
    return addrs;
  }

  private decimals(addrs: MintAddresses): number {
    const decimals = readMintDecimals(this.store, addrs.mint);
    if (decimals === null) throw badRequest('mint_not_initialized', 'mint account not found on chain');
    return decimals;
  }

  private isTokenOrProgram(address: PublicKey): boolean {
    const account = this.chain.getAccount(address);
    return account !== null && (account.executable || account.owner.equals(TOKEN_PROGRAM_ID));
  }

  private unsigned(
    kind: string,
    tx: Transaction,
    from: PublicKey,
    addrs: MintAddresses,
    recentBlockhash: string,
    lastValidBlockHeight: number,
  ): UnsignedTxResponse {
    return {
      kind,
      version: 'legacy',
      transactionBase64: tx.serialize({ requireAllSignatures: false, verifySignatures: false }).toString('base64'),
      sendTo: 'base',
      from: from.toBase58(),
      recentBlockhash,
      lastValidBlockHeight,
      instructionCount: tx.instructions.length,
      requiredSigners: [from.toBase58()],
      validator: addrs.validator.toBase58(),
    };
  }
}
