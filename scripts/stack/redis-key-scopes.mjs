// The Redis keys each service may touch in a deployment that keeps the services' default key
// prefixes (docker compose, k8s): the ACL users `node scripts/stack/credentials.mjs <dir>` writes
// get these patterns instead of `~*`, so one service's credentials cannot read or rewrite another
// service's state (the gateway cannot touch the ledger's spent counters, the submitter's jobs...).
// Each entry follows the defaults in that service's config schema; tests/deploy checks that the
// defaults and this table agree. `npm run stack`, bench and tests use one namespace per run instead
// (scripts/stack/services.mjs). A service with no entry (tx-builder, signer) may touch no key.
export const DEPLOYMENT_REDIS_KEYS = {
  // LEDGER_KEY_PREFIX `qp:`: sessions with their charges, nonces, indexes and counters under
  // `qp:s:{id}`, used open nonces under `qp:open:{user}`, the index of open reservations
  // (`qp:open-charges`) and the registered recipients (`qp:recipients`).
  'session-ledger': ['qp:s:*', 'qp:open:*', 'qp:open-charges', 'qp:recipients'],
  // SUBMITTER_KEY_PREFIX `qp:submitter`, BULLMQ_PREFIX `{bull}` (hash-tagged for Redis Cluster).
  submitter: ['qp:submitter:*', '{bull}:*'],
  // DECRYPT_KEY_PREFIX `qp:decrypt`.
  'decrypt-proxy': ['qp:decrypt:*'],
  // REDIS_KEY_PREFIX of each.
  'chain-poller': ['quietpay:chain-poller:*'],
  'crank-keeper': ['quietpay:crank-keeper:*'],
  // RATE_LIMIT_KEY_PREFIX `quietpay:gateway:rl:`, PRIVATE_CLAIM_KEY_PREFIX `quietpay:gateway`,
  // ADMIN_AUDIT_KEY `quietpay:gateway:admin:audit`.
  gateway: ['quietpay:gateway:*'],
  'tx-builder': [],
  signer: [],
  // examples/private-api's REDIS_PREFIX.
  'private-api': ['private-api:*'],
};

/** The key patterns of `service` (none for an unknown one: a user without keys, never `*`). */
export function deploymentRedisKeys(service) {
  return DEPLOYMENT_REDIS_KEYS[service] ?? [];
}
