/** Types of the part of bus.mjs the TypeScript tests use (the NATS cluster block; tests start their own bus). */
export declare function natsClusterConfig(index: number, routePorts: readonly number[], name?: string): string;
