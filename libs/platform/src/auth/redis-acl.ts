import { createHash } from 'node:crypto';

export interface RedisAclUser {
  readonly user: string;
  readonly password: string;
  /** Key patterns the user may touch (`qp:run-1:*`); `*` when keys are not partitioned. */
  readonly keyPatterns: readonly string[];
}

// What a service's connection needs and nothing an intruder wants: every data command, minus the
// dangerous ones (FLUSHALL, KEYS, CONFIG, ACL, DEBUG, MONITOR, SHUTDOWN, replication...), plus
// INFO, which ioredis' ready check and BullMQ's version check send.
const COMMANDS = ['+@all', '-@dangerous', '+info'];

/**
 * `ACL SETUSER <user> ...` arguments for a service's Redis user: enabled, only this password
 * (stored as its SHA-256, so an ACL listing or file shows no password), only its key patterns.
 *
 * @example
 * await redis.call('ACL', 'SETUSER', user.user, ...redisAclRules(user));
 */
export function redisAclRules(user: RedisAclUser): string[] {
  const hash = createHash('sha256').update(user.password, 'utf8').digest('hex');
  return ['reset', 'on', `#${hash}`, ...user.keyPatterns.map((p) => `~${p}`), 'resetchannels', '&*', ...COMMANDS];
}

/** The user container health checks authenticate as: it may PING and nothing else. */
export const REDIS_HEALTH_USER = 'health';

/**
 * A Redis ACL file (`--aclfile`): the default user off, so a client without credentials is
 * refused; one line per service user; and a PING-only user for health checks, which have no
 * secret to hold.
 */
export function renderRedisAclFile(users: readonly RedisAclUser[]): string {
  const lines = ['user default off', `user ${REDIS_HEALTH_USER} on nopass -@all +ping`, ...users.map((u) => `user ${u.user} ${redisAclRules(u).join(' ')}`)];
  return lines.join('\n') + '\n';
}
