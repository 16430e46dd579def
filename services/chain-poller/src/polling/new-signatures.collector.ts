import type { ChainReader, SignatureRef } from '../solana/chain-reader.port';

/**
 * Every signature under `address` newer than `until`, newest first: pages backwards with
 * `before` until a short page says the watermark (or the address's first transaction) is reached.
 * Collecting everything before applying keeps apply order oldest-first across pages.
 */
export async function collectNewSignatures(reader: ChainReader, address: string, until: string | undefined, pageLimit: number): Promise<SignatureRef[]> {
  const all: SignatureRef[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await reader.signaturesPage(address, {
      limit: pageLimit,
      ...(until !== undefined ? { until } : {}),
      ...(before !== undefined ? { before } : {}),
    });
    all.push(...page);
    const last = page[page.length - 1];
    if (page.length < pageLimit || last === undefined) return all;
    before = last.signature;
  }
}
