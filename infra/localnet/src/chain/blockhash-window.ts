/**
 * The validator's recent-blockhash queue: a blockhash is usable for `maxAge` blocks after the one
 * that produced it. LiteSVM only accepts its latest blockhash, so its own check is off and this
 * window decides instead.
 */
export class BlockhashWindow {
  private readonly heights = new Map<string, number>();
  private readonly order: string[] = [];

  constructor(private readonly maxAge = 150) {}

  push(blockhash: string, blockHeight: number): void {
    if (this.heights.has(blockhash)) return;
    this.heights.set(blockhash, blockHeight);
    this.order.push(blockhash);
    while (this.order.length > this.maxAge + 1) {
      const old = this.order.shift();
      if (old !== undefined) this.heights.delete(old);
    }
  }

  isValid(blockhash: string, currentHeight: number): boolean {
    const h = this.heights.get(blockhash);
    return h !== undefined && currentHeight - h <= this.maxAge;
  }

  lastValidBlockHeight(blockhash: string): number | null {
    const h = this.heights.get(blockhash);
    return h === undefined ? null : h + this.maxAge;
  }

  entries(): [string, number][] {
    return this.order.map((b) => [b, this.heights.get(b) ?? 0]);
  }
}
