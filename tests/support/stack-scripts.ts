// The one launcher and the one service-environment builder of scripts/stack, shared with
// `npm run stack` and bench: tests reach them only through this file. scripts/ belongs to no
// project (plain Node tooling), so the boundary rule calls it external.
// eslint-disable-next-line @nx/enforce-module-boundaries
export { freePort, launch, type LaunchedProcess } from '../../scripts/stack/processes.mjs';
// eslint-disable-next-line @nx/enforce-module-boundaries
export { GATEWAY_PORT, type LocalnetFacts, redisKeyPrefixes, serviceEnv as stackServiceEnv } from '../../scripts/stack/services.mjs';
// eslint-disable-next-line @nx/enforce-module-boundaries
export { spawnRedisServer, startRedisCluster, waitForRedis } from '../../scripts/stack/redis-servers.mjs';
// eslint-disable-next-line @nx/enforce-module-boundaries
export { natsClusterConfig } from '../../scripts/stack/bus.mjs';
// eslint-disable-next-line @nx/enforce-module-boundaries
export { deleteRunKeys } from '../../scripts/stack/run-keys.mjs';
