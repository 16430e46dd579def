import type { PublicKey } from '@solana/web3.js';
import type { WebSocket } from 'ws';
import type { CommitmentLevel } from '../chain/local-chain';
import type { TxRecord } from '../chain/tx-record';
import { renderAccount } from './methods/account.methods';
import type { Config } from './params.parser';
import type { RpcContext } from './rpc-context';

type Sub =
  | { kind: 'signature'; id: number; socket: WebSocket; signature: string; level: CommitmentLevel }
  | { kind: 'account'; id: number; socket: WebSocket; address: string; key: PublicKey; config: Config }
  | { kind: 'logs'; id: number; socket: WebSocket; mentions: string | null; level: CommitmentLevel }
  | { kind: 'slot'; id: number; socket: WebSocket };

export type SubKind = Sub['kind'];
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
export type NewSub = WithoutId<Sub>;

const RANK: Record<CommitmentLevel, number> = { processed: 0, confirmed: 1, finalized: 2 };

type LogsSub = Extract<Sub, { kind: 'logs' }>;

/**
 * Subscription bookkeeping and fan-out. Signature and logs notifications wait for the requested
 * commitment, as a validator's do (a `confirmed` logs subscriber hears of a transaction when its
 * slot is confirmed, not when it executes); account notifications are sent when the transaction is
 * processed.
 */
export class SubscriptionHub {
  private nextId = 1;
  private readonly subs = new Map<number, Sub>();
  private readonly unhook: (() => void)[] = [];
  /** Logs notifications owed once their transaction's slot reaches the subscriber's commitment. */
  private pendingLogs: { sub: LogsSub; record: TxRecord }[] = [];

  constructor(private readonly ctx: RpcContext) {
    const { events } = ctx.chain;
    this.unhook.push(events.transaction.on((r) => this.onTransaction(r)));
    this.unhook.push(events.accounts.on((keys) => this.onAccounts(keys)));
    this.unhook.push(events.slot.on((slot) => this.onSlot(slot)));
  }

  close(): void {
    for (const u of this.unhook) u();
    this.subs.clear();
    this.pendingLogs = [];
  }

  add(sub: NewSub): number {
    const id = this.nextId++;
    const full = { ...sub, id } as Sub;
    this.subs.set(id, full);
    if (full.kind === 'signature') {
      // A signature that already reached the commitment is answered at once, as validators do.
      const record = this.ctx.chain.history.get(full.signature);
      if (record !== undefined) queueMicrotask(() => this.maybeNotifySignature(full, record));
    }
    return id;
  }

  remove(id: number, kind: SubKind, socket: WebSocket): boolean {
    const s = this.subs.get(id);
    if (s === undefined || s.kind !== kind || s.socket !== socket) return false;
    this.subs.delete(id);
    return true;
  }

  dropSocket(socket: WebSocket): void {
    for (const [id, s] of this.subs) if (s.socket === socket) this.subs.delete(id);
  }

  private send(sub: Sub, method: string, result: unknown): void {
    if (sub.socket.readyState !== sub.socket.OPEN) return;
    sub.socket.send(JSON.stringify({ jsonrpc: '2.0', method, params: { result, subscription: sub.id } }));
  }

  private context(): { slot: number } {
    return { slot: Number(this.ctx.chain.slot()) };
  }

  private maybeNotifySignature(sub: Extract<Sub, { kind: 'signature' }>, record: TxRecord): void {
    if (!this.subs.has(sub.id)) return;
    if (RANK[this.ctx.chain.commitmentOf(record).level] < RANK[sub.level]) return;
    this.subs.delete(sub.id);
    this.send(sub, 'signatureNotification', { context: { slot: record.slot }, value: { err: record.err } });
  }

  private onTransaction(record: TxRecord): void {
    const keys = new Set([...record.accountKeys, ...record.loadedWritable, ...record.loadedReadonly]);
    for (const sub of this.subs.values()) {
      if (sub.kind === 'signature' && sub.signature === record.signature) this.maybeNotifySignature(sub, record);
      else if (sub.kind === 'logs' && (sub.mentions === null || keys.has(sub.mentions))) {
        if (sub.level === 'processed') this.sendLogs(sub, record);
        else this.pendingLogs.push({ sub, record });
      }
    }
  }

  private sendLogs(sub: LogsSub, record: TxRecord): void {
    this.send(sub, 'logsNotification', { context: { slot: record.slot }, value: { signature: record.signature, err: record.err, logs: record.logs } });
  }

  /** Sends the owed logs notifications whose slot reached their subscriber's commitment, in order. */
  private flushPendingLogs(): void {
    if (this.pendingLogs.length === 0) return;
    const owed: { sub: LogsSub; record: TxRecord }[] = [];
    for (const entry of this.pendingLogs) {
      if (!this.subs.has(entry.sub.id)) continue;
      if (RANK[this.ctx.chain.commitmentOf(entry.record).level] >= RANK[entry.sub.level]) this.sendLogs(entry.sub, entry.record);
      else owed.push(entry);
    }
    this.pendingLogs = owed;
  }

  private onAccounts(keys: PublicKey[]): void {
    const changed = new Set(keys.map((k) => k.toBase58()));
    for (const sub of this.subs.values()) {
      if (sub.kind !== 'account' || !changed.has(sub.address)) continue;
      const value = renderAccount(this.ctx, this.ctx.chain.getAccount(sub.key), sub.config);
      this.send(sub, 'accountNotification', { context: this.context(), value });
    }
  }

  private onSlot(slot: bigint): void {
    this.flushPendingLogs();
    for (const sub of this.subs.values()) {
      if (sub.kind === 'slot') {
        const s = Number(slot);
        this.send(sub, 'slotNotification', { parent: s - 1, root: Math.max(0, s - this.ctx.chain.finalizeDepth), slot: s });
      } else if (sub.kind === 'signature' && sub.level !== 'processed') {
        const record = this.ctx.chain.history.get(sub.signature);
        if (record !== undefined) this.maybeNotifySignature(sub, record);
      }
    }
  }
}
