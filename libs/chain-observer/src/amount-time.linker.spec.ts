import { describe, expect, it } from 'vitest';
import { countLinkedPayments, linkByAmountAndTime, type ObservedReceipt, type ObservedSend } from './amount-time.linker';

const send = (sender: string, amount: bigint, slot: number): ObservedSend => ({ signature: `s-${sender}-${amount}-${slot}`, sender, amount, slot });
const receipt = (recipient: string, amount: bigint, slot: number): ObservedReceipt => ({
  signature: `r-${recipient}-${amount}-${slot}`,
  recipient,
  amount,
  slot,
});

describe('linkByAmountAndTime', () => {
  it('links every payment when prices are distinct and there is no delay', () => {
    const sends = [send('A', 10_010n, 1), send('B', 25_025n, 1), send('C', 70_070n, 2)];
    const receipts = [receipt('X', 10_000n, 3), receipt('Y', 25_000n, 3), receipt('Z', 70_000n, 4)];
    const { links, anonymitySets } = linkByAmountAndTime(sends, receipts);
    expect(anonymitySets).toEqual([1, 1, 1]);
    expect(
      countLinkedPayments(
        [
          { sender: 'A', recipient: 'X' },
          { sender: 'B', recipient: 'Y' },
          { sender: 'C', recipient: 'Z' },
        ],
        links,
      ),
    ).toBe(3);
  });

  it('links nobody when every receipt has two candidate senders', () => {
    const sends = [send('A', 10_000n, 1), send('B', 10_000n, 1)];
    const receipts = [receipt('X', 9_990n, 5), receipt('Y', 9_990n, 6)];
    const { links, anonymitySets } = linkByAmountAndTime(sends, receipts);
    expect(links).toEqual([]);
    expect(anonymitySets).toEqual([2, 2]);
  });

  it('ignores sends after the receipt, outside the window, or smaller than it', () => {
    const { anonymitySets } = linkByAmountAndTime([send('A', 10_000n, 9), send('B', 10_000n, 1), send('C', 9_000n, 4)], [receipt('X', 10_000n, 8)], {
      windowSlots: 5,
    });
    expect(anonymitySets).toEqual([0]);
  });

  it('uses each send once, so a second equal receipt is tied to the remaining sender', () => {
    const sends = [send('A', 5_000n, 1), send('B', 5_000n, 2)];
    const first = linkByAmountAndTime(sends, [receipt('X', 5_000n, 2)]);
    expect(first.links).toEqual([]);
    const { links } = linkByAmountAndTime([send('A', 5_000n, 1)], [receipt('X', 5_000n, 2), receipt('Y', 5_000n, 3)]);
    expect(links.map((l) => l.recipient)).toEqual(['X']);
  });

  it('counts a wrong link as not linking the true payment', () => {
    const links = [{ sender: 'A', recipient: 'Y', receipt: 'r' }];
    expect(countLinkedPayments([{ sender: 'A', recipient: 'X' }], links)).toBe(0);
  });
});
