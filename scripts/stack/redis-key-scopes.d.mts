/** Types of redis-key-scopes.mjs, for the deploy tests. */
export declare const DEPLOYMENT_REDIS_KEYS: Readonly<Record<string, readonly string[]>>;
export declare function deploymentRedisKeys(service: string): readonly string[];
