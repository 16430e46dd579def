/** Types of run-keys.mjs (deleting one run's Redis keys), for the TypeScript tests. */

/**
 * Deletes every key under `${namespace}:` on each of `redisUrls` (every master of a Redis
 * Cluster), one UNLINK per key; rejects when a node cannot be read.
 */
export declare function deleteRunKeys(redisUrls: string | readonly string[], namespace: string): Promise<void>;
