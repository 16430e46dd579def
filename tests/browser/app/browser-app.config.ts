/**
 * What the test's page server tells the page (GET /config.json): every URL is absolute. The
 * gateway is another origin (CORS); the paid API, the RPC and the covalidator are reached through
 * the page's own origin, as a web app reaches its own backend.
 */
export interface BrowserAppConfig {
  readonly gatewayUrl: string;
  readonly paidApiUrl: string;
  readonly rpcUrl: string;
  readonly covalidatorUrl: string;
  readonly merchant: string;
  readonly mint: string;
  readonly decimals: number;
  readonly incoTokenProgramId: string;
  readonly incoLightningProgramId: string;
  readonly attestationPublicKey: string;
  /** The in-page wallets' secret keys (64 bytes each), standing in for a wallet extension's. */
  readonly pageWalletSecret: readonly number[];
  readonly workerWalletSecret: readonly number[];
}

/** What the private-client page is told: the px402 API, RPC and payments API, all through its own origin. */
export interface PrivateAppConfig {
  readonly apiUrl: string;
  readonly rpcUrl: string;
  readonly paymentsApiUrl: string;
  readonly mint: string;
  readonly walletSecret: readonly number[];
}

/** The page server's GET /config.json (one shape per page: the test serves the one it drives). */
export async function loadConfig<T = BrowserAppConfig>(): Promise<T> {
  const res = await fetch('/config.json');
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return (await res.json()) as T;
}
