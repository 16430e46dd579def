/** Types of redis-servers.mjs (private redis-servers and a Redis Cluster), for the TypeScript tests. */
import type { LaunchedProcess } from './processes.mjs';

/** How a redis-server is launched: `launch` by default, or a ProcessGroup's `startBinary`. */
export type StartBinary = (name: string, file: string, args: readonly string[]) => LaunchedProcess;

export declare function spawnRedisServer(port: number, dir: string, extra: readonly string[], start?: StartBinary): LaunchedProcess;
export declare function waitForRedis(port: number, proc: LaunchedProcess): Promise<void>;

export interface StartedRedisCluster {
  readonly ports: readonly number[];
  /** `host:port` of every master, comma-separated, as REDIS_CLUSTER_NODES takes them. */
  readonly nodes: string;
  /** `redis://host:port` of every master. */
  readonly urls: readonly string[];
  readonly pids: readonly (number | undefined)[];
  stop(): Promise<void>;
}

export declare function startRedisCluster(masters?: number, options?: { start?: StartBinary }): Promise<StartedRedisCluster>;
