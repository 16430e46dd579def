/** A payment into the private transfer queue, as the chain shows it: who paid how much, when. */
export interface ObservedSend {
  readonly signature: string;
  readonly sender: string;
  /** Tokens the sender moved into the queue's vault (fee included when the fee is added). */
  readonly amount: bigint;
  readonly slot: number;
}

/** A settlement out of the queue's vault: who received how much, when. */
export interface ObservedReceipt {
  readonly signature: string;
  readonly recipient: string;
  readonly amount: bigint;
  readonly slot: number;
}

export interface LinkerOptions {
  /** A receipt may be this much smaller than its send (the transfer fee), in basis points. Default 20. */
  readonly feeToleranceBps?: number;
  /** A receipt may come this many slots after its send at most (covers the delays). Default 10_000. */
  readonly windowSlots?: number;
}

/** A sender the linker ties to a recipient, and the receipt it did it with. */
export interface Link {
  readonly sender: string;
  readonly recipient: string;
  readonly receipt: string;
}

export interface LinkerResult {
  readonly links: readonly Link[];
  /** For each receipt, how many distinct senders could have paid it (its anonymity set). */
  readonly anonymitySets: readonly number[];
}

function amountsMatch(send: bigint, receipt: bigint, toleranceBps: number): boolean {
  if (receipt > send) return false;
  return (send - receipt) * 10_000n <= send * BigInt(toleranceBps) + 10_000n;
}

/**
 * The amount-and-time linker a chain observer can run on public data: a receipt is matched to
 * the sends before it (within the window) whose amount it equals, fee aside. When all its
 * candidates are one sender, that sender is linked to the receipt's recipient. Each send explains
 * one receipt at most, taken in order (earliest first), as a greedy observer would.
 *
 * @example
 * const { links } = linkByAmountAndTime(sends, receipts);
 * links.length; // 0 when every receipt has ≥ 2 candidate senders
 */
export function linkByAmountAndTime(sends: readonly ObservedSend[], receipts: readonly ObservedReceipt[], options: LinkerOptions = {}): LinkerResult {
  const tolerance = options.feeToleranceBps ?? 20;
  const window = options.windowSlots ?? 10_000;
  const links: Link[] = [];
  const anonymitySets: number[] = [];
  const used = new Set<string>();
  for (const receipt of [...receipts].sort((a, b) => a.slot - b.slot)) {
    const candidates = sends.filter(
      (s) => !used.has(s.signature) && s.slot <= receipt.slot && receipt.slot - s.slot <= window && amountsMatch(s.amount, receipt.amount, tolerance),
    );
    const senders = new Set(candidates.map((c) => c.sender));
    anonymitySets.push(senders.size);
    const only = candidates[0];
    if (senders.size === 1 && only) {
      used.add(only.signature);
      links.push({ sender: only.sender, recipient: receipt.recipient, receipt: receipt.signature });
    }
  }
  return { links, anonymitySets };
}

/** A payment the test or bench made: the truth the linker's guesses are scored against. */
export interface TruePayment {
  readonly sender: string;
  readonly recipient: string;
}

/**
 * How many of `payments` the linker exposed: a payment counts once when some link names exactly its
 * sender and recipient. Wrong links do not count (they mislead the observer).
 */
export function countLinkedPayments(payments: readonly TruePayment[], links: readonly Link[]): number {
  const linked = new Set(links.map((l) => `${l.sender}→${l.recipient}`));
  return payments.filter((p) => linked.has(`${p.sender}→${p.recipient}`)).length;
}
