// What the console remembers. The admin key lives in sessionStorage only (gone when the tab
// closes, never in localStorage or a cookie); the explorer URL template is not secret.

const KEY_SLOT = 'quietpay.console.adminKey';
const EXPLORER_SLOT = 'quietpay.console.explorer';

/** `{signature}` is replaced by the transaction signature. */
export const DEFAULT_EXPLORER = 'https://explorer.solana.com/tx/{signature}?cluster=devnet';

export const storedKey = (): string | null => sessionStorage.getItem(KEY_SLOT);
export const storeKey = (key: string): void => sessionStorage.setItem(KEY_SLOT, key);
export const forgetKey = (): void => sessionStorage.removeItem(KEY_SLOT);

export const explorerTemplate = (): string => localStorage.getItem(EXPLORER_SLOT) ?? DEFAULT_EXPLORER;
export const setExplorerTemplate = (template: string): void => localStorage.setItem(EXPLORER_SLOT, template);

export function explorerUrl(signature: string): string {
  return explorerTemplate().replaceAll('{signature}', encodeURIComponent(signature));
}
