import { Connection, PublicKey } from '@solana/web3.js';

/**
 * Reads what a confirmed transaction cost the facilitator: its balance before minus after, from
 * the transaction's own meta (fee and any rent it paid, net of rent it got back). This is what the
 * chain charged, not an estimate, so a fee market or an account the program created is included.
 */
export class FacilitatorSpendReader {
  private readonly facilitator: PublicKey;

  constructor(
    private readonly rpc: Connection,
    facilitator: string,
  ) {
    this.facilitator = new PublicKey(facilitator);
  }

  /** Lamports `signature` took from the facilitator (≥ 0), or undefined when the chain has no meta for it. */
  async lamportsSpentBy(signature: string): Promise<bigint | undefined> {
    const tx = await this.rpc.getTransaction(signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    if (!tx?.meta) return undefined;
    const index = tx.transaction.message.staticAccountKeys.findIndex((key) => key.equals(this.facilitator));
    const before = tx.meta.preBalances[index];
    const after = tx.meta.postBalances[index];
    if (index < 0 || before === undefined || after === undefined) return 0n;
    return before > after ? BigInt(before - after) : 0n;
  }

  /** The facilitator's balance in lamports. */
  async balance(): Promise<number> {
    return this.rpc.getBalance(this.facilitator, 'confirmed');
  }
}
