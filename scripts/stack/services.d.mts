/** Types of services.mjs (the one service-environment builder), for the TypeScript tests. */

export declare const SERVICES: readonly string[];
export declare const GATEWAY_PORT: number;
export declare const ADMIN_PORT: number;
export declare const METRICS_SOURCES: readonly string[];

/** What serviceEnv reads of a localnet: its `localnet ready` line, or an in-process RunningLocalnet. */
export interface LocalnetFacts {
  readonly endpoints: { readonly rpc: string; readonly ws?: string; readonly covalidator?: string; readonly payments?: string };
  readonly mints?: { readonly usdc?: string; readonly inco?: string };
  readonly modules?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly wallets?: Readonly<Record<string, { readonly publicKey?: string; readonly keypairPath?: string } | undefined>>;
}

/** A run's NATS access: NATS_URL and one service's bus user and credential files. */
export interface BusAccess {
  envFor(name: string): Record<string, string>;
}

export interface ServiceEnvOptions {
  readonly bus?: BusAccess;
  readonly namespace?: string;
  readonly namespaced?: readonly string[];
  readonly ports?: 'ephemeral';
  readonly placeholder?: boolean;
  readonly ledgerAuthority?: { readonly keyFile: string; readonly publicKey: string };
  readonly registeredRecipients?: readonly string[];
  readonly privateScheme?: boolean;
  readonly redisUrl?: string;
}

export declare function serviceScript(root: string, name: string): string;
export declare function redisKeyPrefixes(name: string, namespace: string): Record<string, string>;
export declare function redisNamespace(runId: string): string;
export declare function fixedHealthPort(name: string): number | undefined;
export declare function gatewayAdminEnv(root: string, portOf: (name: string) => number | undefined): Record<string, string>;
export declare function serviceEnv(name: string, localnet: LocalnetFacts, options?: ServiceEnvOptions): Record<string, string>;
