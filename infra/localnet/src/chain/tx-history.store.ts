import type { TxRecord } from './tx-record';

/** Landed transactions by signature, and per address in landing order (getSignaturesForAddress). */
export class TxHistoryStore {
  private readonly bySignature = new Map<string, TxRecord>();
  private readonly byAddress = new Map<string, TxRecord[]>();
  private seq = 0;

  nextSeq(): number {
    return ++this.seq;
  }

  add(record: TxRecord): void {
    this.bySignature.set(record.signature, record);
    if (record.seq > this.seq) this.seq = record.seq;
    const keys = new Set([...record.accountKeys, ...record.loadedWritable, ...record.loadedReadonly]);
    for (const k of keys) {
      let list = this.byAddress.get(k);
      if (list === undefined) {
        list = [];
        this.byAddress.set(k, list);
      }
      list.push(record);
    }
  }

  get(signature: string): TxRecord | undefined {
    return this.bySignature.get(signature);
  }

  has(signature: string): boolean {
    return this.bySignature.has(signature);
  }

  /** Newest first, starting after `before` and stopping before `until` (both exclusive), at most `limit`. */
  forAddress(address: string, opts: { before?: string; until?: string; limit: number }): TxRecord[] {
    const list = this.byAddress.get(address) ?? [];
    let i = list.length - 1;
    if (opts.before !== undefined) {
      const b = this.bySignature.get(opts.before);
      if (b === undefined) return [];
      while (i >= 0 && (list[i]?.seq ?? 0) >= b.seq) i--;
    }
    const untilSeq = opts.until !== undefined ? (this.bySignature.get(opts.until)?.seq ?? -1) : -1;
    const out: TxRecord[] = [];
    for (; i >= 0 && out.length < opts.limit; i--) {
      const r = list[i];
      if (r === undefined || r.seq <= untilSeq) break;
      out.push(r);
    }
    return out;
  }

  all(): TxRecord[] {
    return [...this.bySignature.values()].sort((a, b) => a.seq - b.seq);
  }

  count(): number {
    return this.bySignature.size;
  }
}
