import type { BrowserAppConfig } from './browser-app.config';

/** What the page posts to the worker. */
export interface WorkerRequest {
  readonly config: BrowserAppConfig;
}

/** What the worker posts back: the one paid call's receipt, or why it failed. */
export type WorkerAnswer = { readonly ok: true; readonly amount: string; readonly transaction: string } | { readonly ok: false; readonly error: string };
