/**
 * px402's subscriber rule, played from its documented wire behaviour (PROTOCOLS.md §3–4): poll
 * `getSignaturesForAddress(queuePda, { until })`, fetch 16 transactions at a time, and count a
 * transaction as a settlement for `receiver` when its logs carry the marker line
 * `Program log: Instruction: ExecuteReadyQueuedTransfer` and a `Program log: client_ref_id: <u64>`
 * line, and the receiver's token balance for the mint grew. Like px402 it matches the lines
 * anywhere in the logs (its known weakness: quietpay's own parser checks the frame). The watermark
 * advances only after a chunk applied.
 */
export interface PeerSettlement {
  readonly clientRefId: string;
  readonly amount: bigint;
  readonly signature: string;
  readonly slot: number;
}

interface SignatureInfo {
  signature: string;
  slot: number;
  err: unknown;
}

interface TokenBalance {
  mint: string;
  owner?: string;
  uiTokenAmount: { amount: string };
}

interface TransactionResult {
  slot: number;
  meta: { err: unknown; logMessages?: string[]; preTokenBalances?: TokenBalance[]; postTokenBalances?: TokenBalance[] } | null;
}

export const MARKER = 'Program log: Instruction: ExecuteReadyQueuedTransfer';
const CLIENT_REF = /^Program log: client_ref_id: (\d+)$/;
const CHUNK = 16;

export class PeerSubscriber {
  private watermark: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly index = new Map<string, PeerSettlement>();
  private rpcId = 0;

  constructor(
    private readonly rpcUrl: string,
    private readonly queuePda: string,
    private readonly mint: string,
    private readonly receiver: string,
  ) {}

  /** Seeds the watermark at the current tip (only new settlements count), then polls every `intervalMs`. */
  async start(intervalMs: number): Promise<void> {
    const tip = await this.rpc<SignatureInfo[]>('getSignaturesForAddress', [this.queuePda, { limit: 1 }]);
    this.watermark = tip[0]?.signature;
    const loop = (): void => {
      this.timer = setTimeout(
        () =>
          void this.pollOnce()
            .catch(() => undefined)
            .finally(loop),
        intervalMs,
      );
    };
    loop();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  lookup(clientRefId: string): PeerSettlement | undefined {
    return this.index.get(clientRefId);
  }

  get settlements(): readonly PeerSettlement[] {
    return [...this.index.values()];
  }

  async pollOnce(): Promise<void> {
    const opts: Record<string, unknown> = { limit: 1000, commitment: 'confirmed' };
    if (this.watermark) opts['until'] = this.watermark;
    const sigs = await this.rpc<SignatureInfo[]>('getSignaturesForAddress', [this.queuePda, opts]);
    if (sigs.length === 0) return;
    const fresh = sigs.filter((s) => s.err === null).reverse();
    for (let i = 0; i < fresh.length; i += CHUNK) {
      const chunk = fresh.slice(i, i + CHUNK);
      const txs = await Promise.all(
        chunk.map((s) =>
          this.rpc<TransactionResult | null>('getTransaction', [s.signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0, encoding: 'json' }]),
        ),
      );
      const found = txs.flatMap((tx, order) => {
        const sig = chunk[order];
        const settlement = tx && sig ? this.settlementOf(tx, sig.signature) : undefined;
        return settlement ? [{ settlement, order }] : [];
      });
      found.sort((a, b) => a.settlement.slot - b.settlement.slot || a.order - b.order);
      for (const { settlement } of found) this.index.set(settlement.clientRefId, settlement);
    }
    this.watermark = sigs[0]?.signature;
  }

  private settlementOf(tx: TransactionResult, signature: string): PeerSettlement | undefined {
    const meta = tx.meta;
    const logs = meta?.logMessages ?? [];
    if (!meta || meta.err !== null || !logs.includes(MARKER)) return undefined;
    const ref = logs.map((l) => CLIENT_REF.exec(l)?.[1]).find((v) => v !== undefined);
    if (ref === undefined) return undefined;
    const balance = (list: TokenBalance[] | undefined): bigint =>
      BigInt(list?.find((b) => b.owner === this.receiver && b.mint === this.mint)?.uiTokenAmount.amount ?? '0');
    const delta = balance(meta.postTokenBalances) - balance(meta.preTokenBalances);
    return delta > 0n ? { clientRefId: ref, amount: delta, signature, slot: tx.slot } : undefined;
  }

  private async rpc<T>(method: string, params: unknown[]): Promise<T> {
    const res = await fetch(this.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++this.rpcId, method, params }),
    });
    const body = (await res.json()) as { result?: T; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result as T;
  }
}
