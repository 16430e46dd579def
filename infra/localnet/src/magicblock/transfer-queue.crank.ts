import type { LocalChain } from '../emulation/types';
import type { MintAddresses } from './magicblock.pda';
import type { MagicBlockRuntime } from './magicblock.runtime';
import { decodeQueueState, readyEntries } from './queue-account.codec';
import { crankIdleExpired } from './queue-entry.policy';
import { buildSettlementTx } from './settlement-tx.builder';

export interface CrankStatus {
  running: boolean;
  ticks: number;
  settled: number;
  failed: number;
  lastKickAtMs: number;
  lastError: string | null;
}

/**
 * Settles ready queue entries on a cadence. Like the real crank it only keeps running while
 * someone kicks it (is-mint-initialized / ensure-crank) within the idle window; entries enqueued
 * while it is stopped wait for the next kick.
 */
export class TransferQueueCrank {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<number> | null = null;
  private readonly state: CrankStatus = { running: false, ticks: 0, settled: 0, failed: 0, lastKickAtMs: 0, lastError: null };

  constructor(
    private readonly rt: MagicBlockRuntime,
    private readonly chain: LocalChain,
    private readonly queues: () => MintAddresses[],
  ) {}

  status(): CrankStatus {
    return { ...this.state };
  }

  /** Registers interest; (re)starts the cadence if the crank had gone idle. */
  kick(): void {
    this.state.lastKickAtMs = this.rt.nowMs();
    if (this.timer) return;
    this.state.running = true;
    this.timer = setInterval(() => this.onTick(), this.rt.config.crankIntervalMs);
    this.timer.unref();
  }

  /** A fresh pass over every queue (ensure-crank): waits for a pass under way, which may predate new entries. */
  async runOnce(): Promise<number> {
    while (this.inFlight) await this.inFlight;
    const pass = this.settleReady().finally(() => {
      this.inFlight = null;
    });
    this.inFlight = pass;
    return pass;
  }

  async stop(): Promise<void> {
    this.halt();
    await this.inFlight;
  }

  private halt(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.state.running = false;
  }

  private onTick(): void {
    if (crankIdleExpired(this.rt.nowMs(), this.state.lastKickAtMs, this.rt.config.crankIdleStopMs)) {
      this.halt();
      return;
    }
    // A slow pass (minutes-long cadence or a busy chain) is never overlapped by the next tick.
    if (this.inFlight) return;
    this.state.ticks += 1;
    this.inFlight = this.settleReady().finally(() => {
      this.inFlight = null;
    });
  }

  private async settleReady(): Promise<number> {
    let settled = 0;
    for (const addrs of this.queues()) {
      const account = this.chain.getAccount(addrs.queue);
      const queue = account ? decodeQueueState(account.data) : null;
      if (!queue) continue;
      for (const entry of readyEntries(queue, BigInt(this.rt.nowMs()))) {
        const plain = this.rt.sealer.open(entry.sealed);
        if (!plain) continue;
        try {
          const tx = buildSettlementTx({
            programId: this.rt.programId,
            delegationProgramId: this.rt.config.delegationProgramId,
            addrs,
            entry,
            plain,
            crank: this.rt.crank,
            recentBlockhash: this.chain.latestBlockhash().blockhash,
          });
          await this.chain.sendTransaction(tx);
          settled += 1;
        } catch (err: unknown) {
          // The entry stays queued and is retried next pass, as a failed real settlement would be.
          this.state.failed += 1;
          this.state.lastError = err instanceof Error ? err.message : String(err);
        }
      }
    }
    this.state.settled += settled;
    return settled;
  }
}
